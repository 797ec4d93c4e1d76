/** Feedback deadlines: what is due, due soon and overdue per organisation, and reminders to lead officers. */
import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { formatDate } from '../../web/format.ts';
import { recordAudit } from '../audit/index.ts';
import { feedbackDueDate } from '../consultations/index.ts';
import * as repo from './due.repository.ts';
import { dueStatus } from './feedback-due.ts';
import { canSetFeedbackWeeks, dueScope } from './feedback.policy.ts';

type User = Pick<CurrentUser, 'id' | 'role' | 'organisationId'>;

async function withDates(deps: Deps, organisationId: string | null) {
  const now = deps.clock.now();
  return (await repo.awaitingFeedback(deps.db, organisationId)).map((row) => {
    const due = feedbackDueDate(row.closesAt!, row.weeks);
    return { ...row, due, status: dueStatus(due, now) };
  });
}

/** The feedback-due page, grouped by organisation, as far as this user may see. */
export async function feedbackDue(deps: Deps, user: User) {
  const scope = dueScope(user);
  const rows = await withDates(deps, scope.all ? null : scope.organisationId);
  const groups = new Map<string, { name: string; items: typeof rows }>();
  for (const row of rows) {
    const group = groups.get(row.organisationId) ?? { name: row.organisationName, items: [] };
    group.items.push(row);
    groups.set(row.organisationId, group);
  }
  return [...groups.values()];
}

/** Every organisation's weeks between close and feedback, for the form. */
export const feedbackSettings = (deps: Deps) => repo.listSettings(deps.db);

/**
 * Sets an organisation's weeks between close and feedback: the one promise both the public
 * consultation page and the feedback-due lists read.
 */
export async function setFeedbackWeeks(
  deps: Deps,
  actor: Actor,
  user: User,
  organisationId: string,
  weeks: number,
): Promise<{ ok: true } | { ok: false; reason: 'not-allowed' | 'not-found' }> {
  if (!canSetFeedbackWeeks(user)) return { ok: false, reason: 'not-allowed' };
  const organisations = await repo.listSettings(deps.db);
  const before = organisations.find((o) => o.id === organisationId);
  if (!before) return { ok: false, reason: 'not-found' };
  await deps.db.transaction(async (tx) => {
    await repo.setWeeks(tx, organisationId, weeks);
    await recordAudit(tx, actor, {
      action: 'feedback.weeks-set',
      entityType: 'organisation',
      entityId: organisationId,
      before: { weeks: before.weeks },
      after: { weeks },
    });
  });
  return { ok: true };
}

/**
 * The reminder job: the lead officer hears once when feedback becomes due soon and once when it
 * is overdue. The reference names the consultation and the reminder, so each goes once.
 */
export async function sendFeedbackReminders(deps: Deps): Promise<number> {
  let queued = 0;
  for (const row of await withDates(deps, null)) {
    if (row.status === 'due' || !row.officerEmail || !row.officerActive) continue;
    await deps.db.transaction(async (tx) => {
      await deps.notifier.queue(tx, {
        reference: `feedback-reminder-${row.id}-${row.status}`,
        template: 'feedback-reminder',
        recipient: row.officerEmail!,
        personalisation: {
          name: row.officerName ?? '',
          title: row.title,
          due: formatDate(row.due),
          overdue: row.status === 'overdue' ? 'yes' : 'no',
          link: `${deps.config.baseUrl}/staff/consultations/${row.id}/feedback`,
        },
      });
    });
    queued++;
  }
  return queued;
}
