/** The results library and "use what we already know" notes. */
import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { recordAudit } from '../audit/index.ts';
import { findConsultation } from '../consultations/index.ts';
import { canNoteRelations } from './feedback.policy.ts';
import * as repo from './library.repository.ts';

type User = Pick<CurrentUser, 'id' | 'role' | 'organisationId'>;
export const LIBRARY_PAGE_SIZE = 20;

/** One page of the public library of closed consultations. */
export async function searchLibrary(deps: Deps, filter: repo.LibraryFilter, page: number) {
  const { total, rows } = await repo.searchLibrary(deps.db, filter, LIBRARY_PAGE_SIZE, (page - 1) * LIBRARY_PAGE_SIZE);
  return { total, rows, page, pageCount: Math.max(1, Math.ceil(total / LIBRARY_PAGE_SIZE)) };
}

/** Notes how a draft consultation relates to a past one the library suggested. */
export async function noteRelation(
  deps: Deps,
  actor: Actor,
  user: User,
  consultationId: string,
  pastId: string,
  note: string,
): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'not-allowed' | 'not-related' }> {
  const c = await findConsultation(deps.db, consultationId);
  if (!c) return { ok: false, reason: 'not-found' };
  if (!canNoteRelations(user, c)) return { ok: false, reason: 'not-allowed' };
  const since = new Date(deps.clock.now().getTime() - 2 * 365.25 * 86_400_000);
  const related = await repo.relatedPast(deps.db, consultationId, since);
  if (!related.some((r) => r.id === pastId)) return { ok: false, reason: 'not-related' };
  await deps.db.transaction(async (tx) => {
    const before = await repo.findRelation(tx, consultationId, pastId);
    await repo.upsertRelation(tx, {
      consultationId,
      pastConsultationId: pastId,
      note,
      notedBy: user.id,
      updatedAt: deps.clock.now(),
    });
    await recordAudit(tx, actor, {
      action: 'consultation.related-noted',
      entityType: 'consultation',
      entityId: consultationId,
      before: before ?? null,
      after: { pastConsultationId: pastId, note },
    });
  });
  return { ok: true };
}
