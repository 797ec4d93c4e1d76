/** Staff use-cases on panels and member records. Every view of a member record is audited. */
import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { recordAudit } from '../audit/index.ts';
import { listWardNames } from '../geography/index.ts';
import { erasePerson } from './erasure.service.ts';
import { loadMember, type MemberView } from './membership.service.ts';
import { canSeeEquality, canSeePerson } from './people.policy.ts';
import * as repo from './people.repository.ts';

export const MEMBERS_PAGE_SIZE = 50;
export const STATUSES = ['invited', 'active', 'paused', 'left'] as const;
export type MembershipStatus = (typeof STATUSES)[number];
export const STATUS_LABELS: Record<MembershipStatus, string> = {
  invited: 'Invited',
  active: 'Active',
  paused: 'Paused',
  left: 'Left',
};

export async function wardNames(deps: Deps) {
  return new Map((await listWardNames(deps.db)).map((w) => [w.code, w.name]));
}

/** Every panel with its member counts per status. */
export async function panelsOverview(deps: Deps) {
  const [panels, counts] = await Promise.all([repo.listPanels(deps.db), repo.membershipCounts(deps.db)]);
  return panels.map((panel) => {
    const byStatus = Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<MembershipStatus, number>;
    for (const c of counts) if (c.panelId === panel.id) byStatus[c.status as MembershipStatus] = Number(c.total);
    return { ...panel, counts: byStatus };
  });
}

export const findPanel = (deps: Deps, slug: string) => repo.findPanelBySlug(deps.db, slug);

/**
 * A page of a panel's members. Names show only to those who may see that person; the others see
 * a row without a name (the count stays true).
 */
export async function listMembers(
  deps: Deps,
  user: CurrentUser,
  panelId: string,
  status: string | undefined,
  page: number,
) {
  const { rows, total } = await repo.panelMembers(
    deps.db,
    panelId,
    status,
    MEMBERS_PAGE_SIZE,
    (page - 1) * MEMBERS_PAGE_SIZE,
  );
  return {
    total,
    pageCount: Math.max(1, Math.ceil(total / MEMBERS_PAGE_SIZE)),
    rows: rows.map((row) => ({ ...row, visible: canSeePerson(user, row) })),
  };
}

export type RecordOutcome = { ok: true; view: MemberView; showEquality: boolean } | { ok: false; reason: 'not-found' };

/**
 * Opens a member record for a member of staff: only if they may see this person (else not-found,
 * so IDs reveal nothing), and the view is written to the audit trail.
 */
export async function viewMemberRecord(
  deps: Deps,
  user: CurrentUser,
  actor: Actor,
  personId: string,
): Promise<RecordOutcome> {
  const view = await loadMember(deps, personId);
  if (!view || !canSeePerson(user, view.person)) return { ok: false, reason: 'not-found' };
  const showEquality = canSeeEquality(user);
  await deps.db.transaction(async (tx) => {
    await recordAudit(tx, actor, {
      action: 'person.viewed',
      entityType: 'person',
      entityId: personId,
      after: { equalityShown: showEquality },
    });
  });
  return { ok: true, view, showEquality };
}

export type StatusOutcome = { ok: true } | { ok: false; reason: 'not-found' | 'not-member' | 'unconfirmed' };

/** Staff change one membership's status (e.g. pause someone who asked by phone). */
export async function changeMembershipStatus(
  deps: Deps,
  actor: Actor,
  personId: string,
  panelId: string,
  status: MembershipStatus,
): Promise<StatusOutcome> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const person = await repo.findPerson(tx, personId);
    if (!person || person.erasedAt) return { ok: false, reason: 'not-found' } as const;
    // Only the person can confirm by their emailed link: staff cannot make an unconfirmed person active.
    if (status === 'active' && !person.confirmedAt) return { ok: false, reason: 'unconfirmed' } as const;
    const before = (await repo.personMemberships(tx, personId)).find((m) => m.panelId === panelId);
    if (!before) return { ok: false, reason: 'not-member' } as const;
    await repo.setMembershipStatus(tx, personId, status, now, { panelId });
    await repo.addEvent(tx, {
      personId,
      panelId,
      kind: `status-${status}`,
      detail: 'changed by staff',
      occurredAt: now,
    });
    await recordAudit(tx, actor, {
      action: 'membership.status-changed',
      entityType: 'person',
      entityId: personId,
      before: { panelId, status: before.status },
      after: { panelId, status },
    });
    return { ok: true } as const;
  });
}

/** Staff erase a person (a request received by phone or letter). */
export async function eraseByStaff(deps: Deps, user: CurrentUser, actor: Actor, personId: string) {
  const person = await repo.findPerson(deps.db, personId);
  if (!person || !canSeePerson(user, person)) return { ok: false, reason: 'not-found' } as const;
  return erasePerson(deps, personId, actor, 'erased-on-request-by-staff');
}
