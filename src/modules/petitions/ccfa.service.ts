/**
 * Councillor calls for action: a councillor raises a local issue in a ward that other routes have
 * not resolved; the scrutiny officer records acceptance or refusal with reasons, the meeting, the
 * committee's recommendations and the responses to them. Every step is audited and shown publicly.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Actor, Deps } from '../../deps.ts';
import { invalidatePages } from '../../web/page-cache.ts';
import { recordAudit } from '../audit/index.ts';
import { findCcfa } from './ccfa.repository.ts';
import { ccfaRecommendations, ccfas, type Ccfa } from './petitions.tables.ts';

export { findCcfa, findCcfaByNumber, listCcfas, recommendationsOf } from './ccfa.repository.ts';

export interface RaiseInput {
  wardCode: string;
  title: string;
  issue: string;
  stepsTaken: string;
}

/** A councillor raises a call for action for the council they belong to. */
export async function raiseCcfa(
  deps: Deps,
  actor: Actor,
  councillor: { id: string; name: string; organisationId: string },
  input: RaiseInput,
): Promise<Ccfa> {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(ccfas)
      .values({
        organisationId: councillor.organisationId,
        councillorId: councillor.id,
        councillorName: councillor.name,
        ...input,
        createdAt: deps.clock.now(),
      })
      .returning();
    await invalidatePages(tx, 'petitions');
    await recordAudit(tx, actor, { action: 'ccfa.raised', entityType: 'ccfa', entityId: row!.id, after: input });
    return row!;
  });
}

export type CcfaOutcome =
  { ok: true; ccfa: Ccfa } | { ok: false; reason: 'not-found' | 'already-decided' | 'not-accepted' };

/** Records the scrutiny officer's decision once: a decided call keeps its decision. */
export async function decideCcfa(
  deps: Deps,
  actor: Actor & { id: string },
  id: string,
  decision: { status: 'accepted' | 'refused'; reasons: string; meetingDate: string | null },
): Promise<CcfaOutcome> {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(ccfas)
      .set({
        status: decision.status,
        decisionReasons: decision.reasons,
        meetingDate: decision.status === 'accepted' ? decision.meetingDate : null,
        decidedBy: actor.id,
        decidedAt: deps.clock.now(),
      })
      .where(and(eq(ccfas.id, id), eq(ccfas.status, 'submitted')))
      .returning();
    if (!row) return { ok: false, reason: (await findCcfa(tx, id)) ? 'already-decided' : 'not-found' } as const;
    await invalidatePages(tx, 'petitions');
    await recordAudit(tx, actor, {
      action: `ccfa.${decision.status}`,
      entityType: 'ccfa',
      entityId: id,
      after: decision,
    });
    return { ok: true, ccfa: row } as const;
  });
}

/** Adds one of the committee's recommendations, numbered in order. */
export async function addRecommendation(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { body: string; addressedTo: string },
): Promise<CcfaOutcome> {
  return deps.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT id FROM ccfas WHERE id = ${id} FOR UPDATE`);
    const ccfa = await findCcfa(tx, id);
    if (!ccfa) return { ok: false, reason: 'not-found' } as const;
    if (ccfa.status !== 'accepted') return { ok: false, reason: 'not-accepted' } as const;
    const [{ next } = { next: 1 }] = await tx
      .select({ next: sql<number>`coalesce(max(${ccfaRecommendations.position}), 0)::int + 1` })
      .from(ccfaRecommendations)
      .where(eq(ccfaRecommendations.ccfaId, id));
    const [row] = await tx
      .insert(ccfaRecommendations)
      .values({ ccfaId: id, position: next, ...input, createdAt: deps.clock.now() })
      .returning();
    await invalidatePages(tx, 'petitions');
    await recordAudit(tx, actor, { action: 'ccfa.recommendation-added', entityType: 'ccfa', entityId: id, after: row });
    return { ok: true, ccfa } as const;
  });
}

/** Records the response to a recommendation (from the cabinet, an officer or a partner). */
export async function respondToRecommendation(
  deps: Deps,
  actor: Actor,
  id: string,
  recommendationId: string,
  response: string,
): Promise<CcfaOutcome> {
  return deps.db.transaction(async (tx) => {
    const ccfa = await findCcfa(tx, id);
    if (!ccfa) return { ok: false, reason: 'not-found' } as const;
    const [before] = await tx
      .select()
      .from(ccfaRecommendations)
      .where(and(eq(ccfaRecommendations.id, recommendationId), eq(ccfaRecommendations.ccfaId, id)));
    if (!before) return { ok: false, reason: 'not-found' } as const;
    await tx
      .update(ccfaRecommendations)
      .set({ response, respondedAt: deps.clock.now() })
      .where(eq(ccfaRecommendations.id, recommendationId));
    await invalidatePages(tx, 'petitions');
    await recordAudit(tx, actor, {
      action: 'ccfa.response-recorded',
      entityType: 'ccfa',
      entityId: id,
      before: { recommendationId, response: before.response },
      after: { recommendationId, response },
    });
    return { ok: true, ccfa } as const;
  });
}
