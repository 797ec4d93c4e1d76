import type { Deps } from '../../deps.ts';
import type { Role } from '../../web/auth.ts';
import { canSeeBody } from './messages.policy.ts';

export const OUTBOX_PAGE_SIZE = 100;

export interface OutboxEntry {
  reference: string;
  channel: string;
  recipient: string;
  template: string;
  subject: string;
  /** null when this viewer may not see it (it holds a sign-in link). */
  body: string | null;
  status: string;
  attempts: number;
  error: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** When a message waiting after a temporary failure will be tried again. */
  nextAttemptAt: Date | null;
}

/** The most recent messages, newest first, as the given role may see them. */
export async function recentMessages(deps: Deps, viewerRole: Role): Promise<OutboxEntry[]> {
  const rows = await deps.notifier.recent(deps.db, OUTBOX_PAGE_SIZE);
  return rows.map((row) => {
    const rendered = row.personalisation as Record<string, string>;
    return {
      reference: row.reference,
      channel: row.channel,
      recipient: row.recipient,
      template: row.template,
      subject: rendered.subject ?? '',
      body: canSeeBody(viewerRole, row.template) ? (rendered.body ?? '') : null,
      status: row.status,
      attempts: row.attempts,
      error: row.error,
      createdAt: row.createdAt,
      sentAt: row.sentAt,
      nextAttemptAt: row.status === 'queued' ? row.nextAttemptAt : null,
    };
  });
}
