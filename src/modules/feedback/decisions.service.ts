/**
 * The decision log: who decided what and when, which consultations it drew on, how it considered
 * each theme people raised, and what has happened since.
 */
import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { recordAudit } from '../audit/index.ts';
import { announceDecision } from '../channels/index.ts';
import { findConsultation } from '../consultations/index.ts';
import * as repo from './decisions.repository.ts';
import type { Decision } from './feedback.tables.ts';
import { canCiteInDecision, canEditDecision, canRecordDecisions, isReviewer } from './feedback.policy.ts';

type User = Pick<CurrentUser, 'id' | 'role' | 'organisationId'>;

export interface DecisionInput {
  title: string;
  makerKind: string;
  makerName: string;
  decidedOn: string;
  decision: string;
  reportUrl: string;
  minutesUrl: string;
  consultations: string[];
}

/** Consultations this user may cite in a decision (reviewers: the partnership's; officers: their organisation's). */
export function citableConsultations(deps: Deps, user: User) {
  return repo.citableConsultations(deps.db, isReviewer(user) ? null : user.organisationId);
}

/**
 * Records a decision drawing on one or more closed consultations, and tells their respondents
 * (who asked to hear back) and subscribers, in the same transaction.
 */
export async function recordDecision(
  deps: Deps,
  actor: Actor,
  user: User,
  input: DecisionInput,
): Promise<{ ok: true; decision: Decision } | { ok: false; reason: 'not-allowed' | 'bad-consultation' }> {
  if (!canRecordDecisions(user)) return { ok: false, reason: 'not-allowed' };
  const ids = [...new Set(input.consultations)];
  const found = await Promise.all(ids.map((id) => findConsultation(deps.db, id)));
  if (found.some((c) => !c || !canCiteInDecision(user, c))) return { ok: false, reason: 'bad-consultation' };
  const organisationId = isReviewer(user) ? found[0]!.leadOrganisationId : user.organisationId;
  return deps.db.transaction(async (tx) => {
    const { consultations: _ids, ...values } = input;
    const decision = await repo.insertDecision(tx, {
      ...values,
      organisationId,
      createdBy: user.id,
      createdAt: deps.clock.now(),
    });
    await repo.linkConsultations(tx, decision.id, ids);
    await recordAudit(tx, actor, {
      action: 'decision.recorded',
      entityType: 'decision',
      entityId: decision.id,
      after: { ...decision, consultations: ids },
    });
    await announceDecision(deps, tx, decision, ids);
    return { ok: true, decision };
  });
}

export async function decisionForUser(deps: Deps, id: string) {
  return /^[0-9a-f-]{36}$/i.test(id) ? repo.findDecision(deps.db, id) : undefined;
}

/** The decision page: its consultations, their themes with how each was considered, and progress. */
export async function decisionView(deps: Deps, decision: Decision) {
  const consultations = await repo.consultationsOf(deps.db, decision.id);
  const [themes, citations, updates] = await Promise.all([
    repo.themesOfConsultations(
      deps.db,
      consultations.map((c) => c.id),
    ),
    repo.citedThemes(deps.db, decision.id),
    repo.updatesOf(deps.db, [decision.id]),
  ]);
  const how = new Map(citations.map((c) => [c.themeId, c.howConsidered]));
  return {
    decision,
    consultations: consultations.map((c) => ({
      ...c,
      themes: themes.filter((t) => t.consultationId === c.id).map((t) => ({ ...t, how: how.get(t.id) ?? '' })),
    })),
    updates,
  };
}

/**
 * Saves how the decision considered each theme of its consultations; a theme left blank is not
 * cited (the consideration report then flags it if nothing else considered it).
 */
export async function saveCitations(
  deps: Deps,
  actor: Actor,
  user: User,
  decisionId: string,
  how: Record<string, string>,
): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'not-allowed' | 'too-long' }> {
  const decision = await decisionForUser(deps, decisionId);
  if (!decision) return { ok: false, reason: 'not-found' };
  if (!canEditDecision(user, decision)) return { ok: false, reason: 'not-allowed' };
  if (Object.values(how).some((v) => v.length > 2000)) return { ok: false, reason: 'too-long' };
  const consultations = await repo.consultationsOf(deps.db, decisionId);
  const themes = await repo.themesOfConsultations(
    deps.db,
    consultations.map((c) => c.id),
  );
  const citations = themes
    .map((t) => ({ themeId: t.id, howConsidered: (how[t.id] ?? '').trim() }))
    .filter((c) => c.howConsidered);
  return deps.db.transaction(async (tx) => {
    const before = await repo.citedThemes(tx, decisionId);
    await repo.replaceCitations(tx, decisionId, citations);
    await recordAudit(tx, actor, {
      action: 'decision.themes-cited',
      entityType: 'decision',
      entityId: decisionId,
      before,
      after: citations,
    });
    return { ok: true };
  });
}

/** Adds an implementation update (planned, in progress, done, or not going ahead with the reason). */
export async function addUpdate(
  deps: Deps,
  actor: Actor,
  user: User,
  decisionId: string,
  input: { status: string; note: string; occurredOn: string },
): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'not-allowed' }> {
  const decision = await decisionForUser(deps, decisionId);
  if (!decision) return { ok: false, reason: 'not-found' };
  if (!canEditDecision(user, decision)) return { ok: false, reason: 'not-allowed' };
  return deps.db.transaction(async (tx) => {
    const update = await repo.insertUpdate(tx, {
      decisionId,
      ...input,
      createdBy: user.id,
      createdAt: deps.clock.now(),
    });
    await recordAudit(tx, actor, {
      action: 'decision.update-added',
      entityType: 'decision',
      entityId: decisionId,
      after: update,
    });
    return { ok: true };
  });
}

export const listDecisions = (deps: Deps) => repo.listDecisions(deps.db);

/** Decisions a consultation fed, with their progress: for the timeline and the consideration report. */
export async function decisionsForConsultation(deps: Deps, consultationId: string) {
  const decisions = await repo.decisionsOfConsultation(deps.db, consultationId);
  const updates = await repo.updatesOf(
    deps.db,
    decisions.map((d) => d.id),
  );
  return decisions.map((d) => ({ ...d, updates: updates.filter((u) => u.decisionId === d.id) }));
}
