/** Use-cases for preparing consultations: create, edit, read, list, documents, standards check. */
import { randomBytes } from 'node:crypto';
import type { Actor, Deps } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { listActiveOfficers, listOrganisations } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { listWardNames } from '../geography/index.ts';
import { PUBLIC_STATES, STATES } from './catalogue.ts';
import { canChooseLeadOrganisation, canEdit, canRead } from './consultations.policy.ts';
import * as repo from './consultations.repository.ts';
import type { ConsultationInput, FormOptions } from './consultations.schema.ts';
import type { Consultation } from './consultations.tables.ts';
import { runStandardsCheck, type CheckRun } from './standards-check.ts';

type User = Pick<CurrentUser, 'id' | 'role' | 'organisationId'>;

/** What the form offers this user: every organisation and ward; staff of the organisations they may lead for. */
export async function loadFormOptions(deps: Deps, user: User): Promise<FormOptions> {
  const [organisations, wards, staff] = await Promise.all([
    listOrganisations(deps.db),
    listWardNames(deps.db),
    listActiveOfficers(deps.db),
  ]);
  const chooses = canChooseLeadOrganisation(user);
  return {
    organisations: organisations.map((o) => ({ id: o.id, name: o.name })),
    wards,
    staff: chooses ? staff : staff.filter((s) => s.organisationId === user.organisationId),
    fixedLeadOrganisationId: chooses ? null : user.organisationId,
  };
}

export function slugify(title: string): string {
  const base = title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return base || 'consultation';
}

/** A readable slug from the title with a short random suffix, so two consultations never share an address. */
export async function uniqueSlug(db: Db, title: string): Promise<string> {
  for (;;) {
    const slug = `${slugify(title)}-${randomBytes(3).toString('hex')}`;
    if (!(await repo.slugExists(db, slug))) return slug;
  }
}

function columnsOf(input: ConsultationInput) {
  const { wards: _wards, partnerOrganisationIds: _partners, ...columns } = input;
  return columns;
}

/** Audit snapshots: the consultation columns plus its partners and wards, without the search vector. */
function snapshot(c: Consultation, partnerIds: string[], wardCodes: string[]) {
  const { search: _search, ...rest } = c;
  return { ...rest, partnerOrganisationIds: partnerIds, wards: wardCodes };
}

/** Creates a draft with its partners and wards in one transaction, audited. */
export async function createConsultation(deps: Deps, actor: Actor, input: ConsultationInput) {
  const now = deps.clock.now();
  const consultation = await deps.db.transaction(async (tx) => {
    const row = await repo.insertConsultation(tx, {
      ...columnsOf(input),
      boroughWide: input.boroughWide,
      slug: await uniqueSlug(tx, input.title),
      state: 'draft',
      createdBy: actor.id,
      createdAt: now,
      updatedAt: now,
      stateChangedAt: now,
    });
    await repo.replacePartners(tx, row.id, input.partnerOrganisationIds);
    await repo.replaceWards(tx, row.id, input.wards);
    await recordAudit(tx, actor, {
      action: 'consultation.created',
      entityType: 'consultation',
      entityId: row.id,
      after: snapshot(row, input.partnerOrganisationIds, input.wards),
    });
    return row;
  });
  return { ok: true as const, consultation };
}

/** Saves changes to a draft; refuses once it has left draft, even if the page was opened before. */
export async function updateConsultation(deps: Deps, actor: Actor, user: User, id: string, input: ConsultationInput) {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const before = await repo.findConsultation(tx, id);
    if (!before) return { ok: false as const, reason: 'not-found' as const };
    if (!canEdit(user, before)) return { ok: false as const, reason: 'not-editable' as const };
    const [partnersBefore, wardsBefore] = await Promise.all([repo.listPartnerIds(tx, id), repo.listWardCodes(tx, id)]);
    const after = await repo.changeState(tx, id, ['draft'], { ...columnsOf(input), state: 'draft', updatedAt: now });
    if (!after) return { ok: false as const, reason: 'not-editable' as const };
    await repo.replacePartners(tx, id, input.partnerOrganisationIds);
    await repo.replaceWards(tx, id, input.wards);
    await recordAudit(tx, actor, {
      action: 'consultation.updated',
      entityType: 'consultation',
      entityId: id,
      before: snapshot(before, partnersBefore, wardsBefore),
      after: snapshot(after, input.partnerOrganisationIds, input.wards),
    });
    return { ok: true as const, consultation: after };
  });
}

/** The consultation if this user may know it exists; undefined otherwise (answer 404). */
export async function findReadable(deps: Deps, user: User, id: string) {
  const consultation = await repo.findConsultation(deps.db, id);
  if (!consultation) return undefined;
  const partnerIds = await repo.listPartnerIds(deps.db, id);
  if (!canRead(user, consultation, partnerIds)) return undefined;
  return { consultation, partnerIds };
}

/** Everything the staff summary page shows. */
export async function loadDetails(deps: Deps, consultationId: string) {
  const [wardCodes, transitions, documents, latestCheck, organisations, wards, staff] = await Promise.all([
    repo.listWardCodes(deps.db, consultationId),
    repo.listTransitions(deps.db, consultationId),
    repo.listDocuments(deps.db, consultationId),
    repo.latestStandardsCheck(deps.db, consultationId),
    listOrganisations(deps.db),
    listWardNames(deps.db),
    listActiveOfficers(deps.db),
  ]);
  return { wardCodes, transitions, documents, latestCheck, organisations, wards, staff };
}

export const PAGE_SIZE = 20;

/** Staff lists: reviewers see everything; officers their own and partner organisations' work plus public ones; councillors public ones. */
export async function listForUser(
  deps: Deps,
  user: User,
  filter: { states?: string[]; organisationId?: string; page?: number; limit?: number },
) {
  const reviewer = user.role === 'administrator' || user.role === 'engagement_officer';
  const limit = filter.limit ?? PAGE_SIZE;
  const page = Math.max(1, filter.page ?? 1);
  const visibleTo = reviewer
    ? undefined
    : {
        organisationId: user.role === 'councillor' ? null : user.organisationId,
        publicStates: PUBLIC_STATES as string[],
      };
  const { rows, total } = await repo.listConsultations(deps.db, {
    states: filter.states,
    organisationId: filter.organisationId,
    visibleTo,
    limit,
    offset: (page - 1) * limit,
  });
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / limit)) };
}

/** The staff home: this user's consultations grouped by state, "Waiting for review" first for reviewers. */
export async function staffHome(deps: Deps, user: User) {
  const reviewer = user.role === 'administrator' || user.role === 'engagement_officer';
  const { rows } = await listForUser(deps, user, {
    limit: 500,
    // Officers see their own organisation's work here; the full list shows the rest.
    organisationId: reviewer || user.role === 'councillor' ? undefined : user.organisationId,
  });
  const order = reviewer ? ['in_review', ...STATES.filter((s) => s !== 'in_review')] : [...STATES];
  return order
    .map((state) => ({ state, rows: rows.filter((r) => r.state === state) }))
    .filter((group) => group.rows.length > 0);
}

/** Runs the pure check over the stored consultation and its justifications. */
export async function computeCheck(deps: Deps, db: Db, c: Consultation): Promise<CheckRun> {
  const [documentsCount, wardCodes, partnerIds, justifications, feedbackWeeks] = await Promise.all([
    repo.countDocuments(db, c.id),
    repo.listWardCodes(db, c.id),
    repo.listPartnerIds(db, c.id),
    repo.listJustifications(db, c.id),
    repo.feedbackWeeksOf(db, c.leadOrganisationId),
  ]);
  return runStandardsCheck(
    c,
    {
      documentsCount,
      now: deps.clock.now(),
      thresholds: deps.config.standards,
      wardsCount: wardCodes.length,
      partnerCount: partnerIds.length,
      feedbackWeeks,
    },
    justifications,
  );
}

/** Runs and stores a standards check inside the caller's transaction, audited. */
export async function storeCheck(deps: Deps, tx: Db, actor: Actor, c: Consultation): Promise<CheckRun> {
  const run = await computeCheck(deps, tx, c);
  await repo.insertStandardsCheck(tx, {
    consultationId: c.id,
    outcome: run.outcome,
    results: run.results,
    runBy: actor.id,
    runAt: deps.clock.now(),
  });
  await recordAudit(tx, actor, {
    action: 'consultation.standards-checked',
    entityType: 'consultation',
    entityId: c.id,
    after: {
      outcome: run.outcome,
      results: run.results.filter((r) => r.status !== 'pass').map((r) => ({ key: r.key, status: r.status })),
    },
  });
  return run;
}

/** Runs the standards check now and keeps the result. */
export async function runCheck(deps: Deps, actor: Actor, id: string) {
  return deps.db.transaction(async (tx) => {
    const c = await repo.findConsultation(tx, id);
    if (!c) return { ok: false as const, reason: 'not-found' as const };
    return { ok: true as const, run: await storeCheck(deps, tx, actor, c) };
  });
}

/**
 * Saves written justifications for warnings (an empty box removes one), then re-runs the check
 * so the stored result reflects them.
 */
export async function saveJustifications(deps: Deps, actor: Actor, id: string, entries: Record<string, string>) {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const c = await repo.findConsultation(tx, id);
    if (!c) return { ok: false as const, reason: 'not-found' as const };
    const current = await computeCheck(deps, tx, c);
    const warningKeys = new Set(current.results.filter((r) => r.status === 'warning').map((r) => r.key));
    const before = await repo.listJustifications(tx, id);
    for (const [key, raw] of Object.entries(entries)) {
      // Only warnings on this run can be justified; anything else posted is ignored.
      if (!warningKeys.has(key)) continue;
      const text = raw.trim();
      if (text) await repo.upsertJustification(tx, id, key, text, actor.id, now);
      else await repo.deleteJustification(tx, id, key);
    }
    const after = await repo.listJustifications(tx, id);
    await recordAudit(tx, actor, {
      action: 'consultation.justifications-saved',
      entityType: 'consultation',
      entityId: id,
      before,
      after,
    });
    return { ok: true as const, run: await storeCheck(deps, tx, actor, c) };
  });
}

/** The latest stored standards check, for the staff pages and the public hub. */
export async function latestStandardsCheck(db: Db, consultationId: string) {
  return repo.latestStandardsCheck(db, consultationId);
}
