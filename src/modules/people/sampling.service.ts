/**
 * Population targets, panel health, drawing representative samples and inviting them. The drawing
 * itself is the pure `drawSample` (sampling.ts); this file loads the pool and records the result.
 */
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Actor, Deps } from '../../deps.ts';
import { recordAudit } from '../audit/index.ts';
import { consultations } from '../consultations/index.ts';
import { listWardNames } from '../geography/index.ts';
import { ABOUT_YOU_PAGE, issueInvitation, questionnaires, responses } from '../questionnaires/index.ts';
import { parseCsv } from './contact-details.ts';
import * as people from './people.repository.ts';
import { sampleMembers } from './people.tables.ts';
import * as repo from './sampling.repository.ts';
import { drawSample, newSeed, UNKNOWN, type SamplingMember, type Targets } from './sampling.ts';

/** The characteristics a target or a sample can use: ward, and the "About you" questions. */
export async function characteristicCatalogue(deps: Deps) {
  const wards = await listWardNames(deps.db);
  const catalogue: Record<string, { label: string; categories: Map<string, string> }> = {
    ward: { label: 'Ward', categories: new Map(wards.map((w) => [w.code, w.name])) },
  };
  for (const q of ABOUT_YOU_PAGE.questions) {
    const label = q.key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
    catalogue[q.key] = {
      label,
      categories: new Map(
        (q.options ?? []).filter((o) => o.value !== 'prefer_not_to_say').map((o) => [o.value, o.label]),
      ),
    };
  }
  return catalogue;
}

export async function loadTargets(deps: Deps): Promise<{ targets: Targets; demo: boolean; sources: string[] }> {
  const rows = await repo.listTargets(deps.db);
  const targets: Targets = {};
  for (const row of rows) (targets[row.characteristic] ??= {})[row.category] = Number(row.proportion);
  return { targets, demo: rows.some((r) => r.isDemo), sources: [...new Set(rows.map((r) => r.source))] };
}

export interface TargetImport {
  rows: { characteristic: string; category: string; proportion: number }[];
  errors: { line: number; message: string }[];
}

/**
 * Reads a census-style CSV: `characteristic,category,count` (or `proportion`), one row per category.
 * Counts are turned into shares within each characteristic, so an ONS table of residents by ward
 * or by age band can be pasted in as it is.
 */
export async function parseTargets(deps: Deps, csv: string): Promise<TargetImport> {
  const catalogue = await characteristicCatalogue(deps);
  const table = parseCsv(csv);
  const errors: TargetImport['errors'] = [];
  if (table.length < 2)
    return { rows: [], errors: [{ line: 1, message: 'The file must have a header row and at least one row' }] };
  const header = table[0]!.map((h) => h.trim().toLowerCase());
  const ci = header.indexOf('characteristic');
  const ca = header.indexOf('category');
  const vi = header.findIndex((h) => h === 'count' || h === 'proportion' || h === 'observation');
  if (ci < 0 || ca < 0 || vi < 0) {
    return {
      rows: [],
      errors: [{ line: 1, message: 'The header row must have characteristic, category and count columns' }],
    };
  }
  const totals = new Map<string, number>();
  const raw: { characteristic: string; category: string; value: number }[] = [];
  table.slice(1).forEach((cells, index) => {
    const line = index + 2;
    const characteristic = (cells[ci] ?? '').trim();
    const category = (cells[ca] ?? '').trim();
    const value = Number((cells[vi] ?? '').replace(/,/g, '').trim());
    const known = catalogue[characteristic];
    if (!known)
      return errors.push({
        line,
        message: `Row ${line}: "${characteristic.slice(0, 40)}" is not a characteristic we hold`,
      });
    if (!known.categories.has(category))
      return errors.push({
        line,
        message: `Row ${line}: "${category.slice(0, 40)}" is not a category of ${characteristic}`,
      });
    if (!Number.isFinite(value) || value < 0)
      return errors.push({ line, message: `Row ${line}: the count must be a number of 0 or more` });
    raw.push({ characteristic, category, value });
    totals.set(characteristic, (totals.get(characteristic) ?? 0) + value);
  });
  const rows = raw
    .filter((r) => totals.get(r.characteristic)! > 0)
    .map((r) => ({
      characteristic: r.characteristic,
      category: r.category,
      proportion: r.value / totals.get(r.characteristic)!,
    }));
  return { rows, errors };
}

/** Replaces the targets of the characteristics in the file; audited with the shares (not personal data). */
export async function importTargets(deps: Deps, actor: Actor, parsed: TargetImport, source: string, isDemo = false) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await repo.replaceTargets(
      tx,
      parsed.rows.map((r) => ({
        ...r,
        proportion: Math.round(r.proportion * 1e6) / 1e6,
        source,
        isDemo,
        importedAt: now,
      })),
    );
    await recordAudit(tx, actor, {
      action: 'targets.imported',
      entityType: 'targets',
      after: { source, isDemo, rows: parsed.rows },
    });
  });
}

export interface HealthRow {
  category: string;
  label: string;
  count: number;
  share: number;
  target: number;
  gap: number;
  underRepresented: boolean;
}

/** A group is under-represented when its share falls short of the target by a fifth or more (and 1 point). */
export const isUnderRepresented = (share: number, target: number) =>
  target > 0 && share < target * 0.8 && target - share >= 0.01;

/** The panel's active members beside the targets, one section per characteristic with targets. */
export async function panelHealth(deps: Deps, panelId: string) {
  const [profile, { targets, demo, sources }, catalogue] = await Promise.all([
    people.panelProfile(deps.db, panelId),
    loadTargets(deps),
    characteristicCatalogue(deps),
  ]);
  const total = profile.length;
  const sections = Object.entries(targets).map(([characteristic, shares]) => {
    const counts = new Map<string, number>();
    for (const member of profile) {
      const value = characteristic === 'ward' ? member.ward_code : member.answers?.[characteristic];
      const category = value && value in shares ? value : UNKNOWN;
      counts.set(category, (counts.get(category) ?? 0) + 1);
    }
    const rows: HealthRow[] = Object.entries(shares).map(([category, target]) => {
      const count = counts.get(category) ?? 0;
      const share = total ? count / total : 0;
      return {
        category,
        label: catalogue[characteristic]?.categories.get(category) ?? category,
        count,
        share,
        target,
        gap: share - target,
        underRepresented: isUnderRepresented(share, target),
      };
    });
    return {
      characteristic,
      label: catalogue[characteristic]?.label ?? characteristic,
      rows,
      unknown: counts.get(UNKNOWN) ?? 0,
    };
  });
  return { total, sections, demo, sources };
}

/** The sampling pool as the pure sampler wants it. */
export async function loadPool(deps: Deps, panelId: string): Promise<SamplingMember[]> {
  const rows = await people.samplingPool(deps.db, panelId);
  return rows.map((row) => ({
    id: row.id,
    profile: { ward: row.ward_code, ...(row.answers ?? {}) },
    lastContactedAt: row.last_invited ? new Date(row.last_invited) : null,
  }));
}

export type DrawOutcome = { ok: true; sampleId: string } | { ok: false; reason: 'no-targets' | 'empty-pool' };

/**
 * Draws and records a sample: the seed (given, or new and recorded) replays the same draw on the
 * same pool; every target's achieved share is stored with it.
 */
export async function drawPanelSample(
  deps: Deps,
  actor: Actor,
  panelId: string,
  input: { size: number; characteristics: string[]; excludeDays: number; seed: number | null },
): Promise<DrawOutcome> {
  const { targets } = await loadTargets(deps);
  const chosen: Targets = Object.fromEntries(
    input.characteristics.filter((c) => targets[c]).map((c) => [c, targets[c]!]),
  );
  if (!Object.keys(chosen).length) return { ok: false, reason: 'no-targets' };
  const pool = await loadPool(deps, panelId);
  if (!pool.length) return { ok: false, reason: 'empty-pool' };
  const now = deps.clock.now();
  const seed = input.seed ?? newSeed();
  const result = drawSample(pool, {
    size: input.size,
    seed,
    targets: chosen,
    excludeContactedSince: input.excludeDays > 0 ? new Date(now.getTime() - input.excludeDays * 86_400_000) : null,
  });
  if (!result.selected.length) return { ok: false, reason: 'empty-pool' };
  return deps.db.transaction(async (tx) => {
    const sample = await repo.insertSample(tx, {
      panelId,
      requested: input.size,
      drawn: result.selected.length,
      seed,
      excludeDays: input.excludeDays,
      characteristics: Object.keys(chosen),
      deviations: result.deviations,
      createdBy: actor.id,
      createdAt: now,
    });
    await repo.insertSampleMembers(
      tx,
      result.selected.map((m) => ({
        sampleId: sample.id,
        personId: m.id,
        profile: Object.fromEntries(
          Object.keys(chosen).map((c) => {
            const value = m.profile[c];
            return [c, value && value in chosen[c]! ? value : UNKNOWN];
          }),
        ),
      })),
    );
    await recordAudit(tx, actor, {
      action: 'sample.drawn',
      entityType: 'sample',
      entityId: sample.id,
      after: {
        panelId,
        requested: input.size,
        drawn: result.selected.length,
        seed,
        excludeDays: input.excludeDays,
        characteristics: Object.keys(chosen),
        worstDeviation: result.worstDeviation,
        excluded: result.excluded,
      },
    });
    return { ok: true, sampleId: sample.id } as const;
  });
}

/** Questionnaires of open consultations, to invite a sample to. */
export async function invitableQuestionnaires(deps: Deps) {
  return deps.db
    .select({ id: questionnaires.id, title: consultations.title, slug: consultations.slug })
    .from(questionnaires)
    .innerJoin(consultations, eq(consultations.id, questionnaires.ownerId))
    .where(and(eq(questionnaires.ownerType, 'consultation'), inArray(consultations.state, ['open', 'scheduled'])))
    .orderBy(consultations.title);
}

export type InviteSampleOutcome =
  { ok: true; invited: number; skipped: number } | { ok: false; reason: 'not-found' | 'already-invited' };

/**
 * Invites a drawn sample to a private consultation questionnaire or a focus group. Each member is
 * checked again at sending: still active, reachable, and under the contact limit (no more than
 * PEOPLE_CONTACT_LIMIT invitations per PEOPLE_CONTACT_PERIOD_DAYS); otherwise skipped with a reason.
 * Everything happens in one transaction: the claim, each member marked invited, their history and
 * their message (or private link and its email) — so a failure part-way leaves nobody marked
 * invited and nothing queued, and the sample can be invited again.
 */
export async function inviteSample(
  deps: Deps,
  actor: Actor,
  sampleId: string,
  input: { purpose: 'consultation' | 'focus_group'; questionnaire: string; focusGroup: string },
): Promise<InviteSampleOutcome> {
  const now = deps.clock.now();
  const { contactLimit, contactPeriodDays } = deps.config.people;
  const target =
    input.purpose === 'consultation'
      ? (await invitableQuestionnaires(deps)).find((q) => q.id === input.questionnaire)
      : undefined;
  if (input.purpose === 'consultation' && !target) return { ok: false, reason: 'not-found' };
  const title = target?.title ?? input.focusGroup;
  return deps.db.transaction(async (tx): Promise<InviteSampleOutcome> => {
    const sample = await repo.claimSampleInvite(tx, sampleId, {
      invitedAt: now,
      purpose: input.purpose,
      questionnaireId: input.purpose === 'consultation' ? input.questionnaire : null,
      focusGroup: input.purpose === 'focus_group' ? input.focusGroup : null,
    });
    if (!sample)
      return (await repo.findSample(tx, sampleId))
        ? { ok: false, reason: 'already-invited' }
        : { ok: false, reason: 'not-found' };
    const panel = (await people.listPanels(tx)).find((p) => p.id === sample.panelId);
    const rows = await repo.sampleRows(tx, sampleId);
    const personIds = rows.map((r) => r.personId);
    // Two samples invited at once may share members: locking them before counting makes the
    // second wait, so it counts the first one's invitations and the limit holds.
    await people.lockPeople(tx, personIds);
    const recent = await people.invitationCounts(
      tx,
      personIds,
      new Date(now.getTime() - contactPeriodDays * 86_400_000),
    );
    let invited = 0;
    for (const row of rows) {
      const memberships = await people.personMemberships(tx, row.personId);
      const active = memberships.some((m) => m.panelId === sample.panelId && m.status === 'active');
      const reason =
        row.erasedAt || !active
          ? 'no longer an active member'
          : !row.email
            ? 'no email address'
            : (recent.get(row.personId) ?? 0) >= contactLimit
              ? `contact limit reached (${contactLimit} invitations in ${contactPeriodDays} days)`
              : null;
      if (reason) {
        await repo.markSampleMember(tx, sampleId, row.personId, { skippedReason: reason });
        continue;
      }
      await repo.markSampleMember(tx, sampleId, row.personId, { invitedAt: now });
      await people.addEvent(tx, {
        personId: row.personId,
        panelId: sample.panelId,
        kind: 'invited',
        detail: title,
        sampleId,
        occurredAt: now,
      });
      if (target) {
        await issueInvitation(
          deps,
          tx,
          { questionnaireId: target.id, slug: target.slug, title: target.title },
          row.email!,
        );
      } else {
        await deps.notifier.queue(tx, {
          reference: `people-focus-group:${sampleId}:${row.personId}`,
          template: 'people-focus-group',
          recipient: row.email!,
          personalisation: {
            name: row.fullName ?? '',
            panel: panel?.name ?? 'the residents’ panel',
            focusGroup: title,
          },
        });
      }
      invited++;
    }
    await recordAudit(tx, actor, {
      action: 'sample.invited',
      entityType: 'sample',
      entityId: sampleId,
      after: {
        purpose: input.purpose,
        questionnaireId: sample.questionnaireId,
        focusGroup: sample.focusGroup,
        invited,
        skipped: rows.length - invited,
      },
    });
    return { ok: true, invited, skipped: rows.length - invited };
  });
}

/**
 * Marks sample members who have responded to the questionnaire they were invited to (matched on
 * the verified email of their private link) and adds "responded" to their history.
 */
export async function refreshResponses(deps: Deps, sampleId: string) {
  const sample = await repo.findSample(deps.db, sampleId);
  if (!sample?.questionnaireId) return;
  const waiting = await repo.invitedSampleMembers(deps.db, sampleId);
  const emails = waiting.map((w) => w.email).filter((e): e is string => !!e);
  if (!emails.length) return;
  const answered = await deps.db
    .select({ email: responses.verifiedEmail, submittedAt: responses.submittedAt })
    .from(responses)
    .where(
      and(
        eq(responses.questionnaireId, sample.questionnaireId),
        isNotNull(responses.verifiedEmail),
        inArray(responses.verifiedEmail, emails),
      ),
    );
  const byEmail = new Map(answered.map((a) => [a.email, a.submittedAt]));
  for (const member of waiting) {
    const at = member.email ? byEmail.get(member.email) : undefined;
    if (!at) continue;
    await deps.db.transaction(async (tx) => {
      await repo.markSampleMember(tx, sampleId, member.personId, { respondedAt: at });
      await people.addEvent(tx, {
        personId: member.personId,
        panelId: sample.panelId,
        kind: 'responded',
        sampleId,
        occurredAt: at,
      });
      await people.updatePerson(tx, member.personId, { lastActiveAt: at });
    });
  }
}

/** Response rate per category of each characteristic the sample was drawn on. */
export async function sampleReport(deps: Deps, sampleId: string) {
  await refreshResponses(deps, sampleId);
  const sample = await repo.findSample(deps.db, sampleId);
  if (!sample) return undefined;
  const rows = await deps.db.select().from(sampleMembers).where(eq(sampleMembers.sampleId, sampleId));
  const catalogue = await characteristicCatalogue(deps);
  const groups = sample.characteristics.map((characteristic) => {
    const byCategory = new Map<string, { invited: number; responded: number; drawn: number }>();
    for (const row of rows) {
      const category = row.profile[characteristic] ?? UNKNOWN;
      const entry = byCategory.get(category) ?? { invited: 0, responded: 0, drawn: 0 };
      entry.drawn++;
      if (row.invitedAt) entry.invited++;
      if (row.respondedAt) entry.responded++;
      byCategory.set(category, entry);
    }
    return {
      characteristic,
      label: catalogue[characteristic]?.label ?? characteristic,
      rows: [...byCategory].map(([category, e]) => ({
        category,
        label: category === UNKNOWN ? 'Not stated' : (catalogue[characteristic]?.categories.get(category) ?? category),
        ...e,
        rate: e.invited ? e.responded / e.invited : null,
      })),
    };
  });
  const labelOf = (characteristic: string, category: string) =>
    catalogue[characteristic]?.categories.get(category) ?? category;
  return {
    sample,
    deviations: sample.deviations.map((d) => ({
      ...d,
      characteristicLabel: catalogue[d.characteristic]?.label ?? d.characteristic,
      label: labelOf(d.characteristic, d.category),
    })),
    worst: Math.max(0, ...sample.deviations.map((d) => Math.abs(d.achieved - d.target))),
    groups,
    totals: {
      drawn: rows.length,
      invited: rows.filter((r) => r.invitedAt).length,
      skipped: rows.filter((r) => r.skippedReason).length,
      responded: rows.filter((r) => r.respondedAt).length,
    },
    skipped: [...new Set(rows.filter((r) => r.skippedReason).map((r) => r.skippedReason!))],
  };
}

export const listPanelSamples = (deps: Deps, panelId: string) => repo.listSamples(deps.db, panelId);
export const findSample = (deps: Deps, id: string) =>
  /^[0-9a-f-]{36}$/i.test(id) ? repo.findSample(deps.db, id) : undefined;
