/**
 * Messages are written to outbox_messages inside the caller's transaction (so a message exists
 * exactly when the thing it announces does) and delivered afterwards by a job. The row's
 * reference is the idempotency key, so retries and double submits never queue twice; a worker
 * claims rows before calling the transport, so two workers never send the same row.
 */
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { outboxMessages } from './outbox.tables.ts';
import { renderTemplate, type TemplateKey } from './templates.ts';
import { retryDecision, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.ts';

export interface QueuedMessage {
  reference: string;
  template: TemplateKey;
  recipient: string;
  personalisation: Record<string, string>;
  /** One-click unsubscribe address (RFC 8058), passed to Notify for emails about subscriptions. */
  unsubscribeUrl?: string;
}

export interface OutgoingMessage {
  channel: string;
  recipient: string;
  subject: string;
  body: string;
  reference: string;
  unsubscribeUrl?: string;
}

/** Where delivery goes: GOV.UK Notify, or nowhere further (the outbox is the destination). */
export interface Transport {
  name: 'notify' | 'outbox';
  /** Throws a DeliveryError (with the HTTP status when there was one) when the message was not accepted. */
  deliver(message: OutgoingMessage): Promise<void>;
}

/** A transport's refusal; status is the HTTP status, undefined for a network failure. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export interface Notifier {
  transport: Transport['name'];
  /** Queues a message in the given transaction; a repeated reference is ignored. */
  queue(tx: Db, message: QueuedMessage): Promise<void>;
  /**
   * Delivers queued messages that are due (run by the notifications job): claims them, sends
   * each once, and reschedules rate-limited (429) and server (5xx) failures with exponential
   * backoff until the policy's last attempt, when the message is marked failed.
   */
  deliverQueued(db: Db, now?: Date): Promise<number>;
  /**
   * Erasure: blanks the recipient and content of every message to these addresses (a panel
   * member leaving), keeping the row so delivery statistics stay true.
   */
  forgetRecipients(tx: Db, recipients: string[]): Promise<number>;
  /** Cancels queued (not yet claimed) messages whose reference starts with this prefix: an unsubscribe. */
  cancelQueued(tx: Db, referencePrefix: string): Promise<number>;
  /** Most recent messages, for the staff outbox page and tests. */
  recent(db: Db, limit?: number): Promise<(typeof outboxMessages.$inferSelect)[]>;
}

export const DELIVER_JOB = 'notifications-deliver';

/** How long a worker may hold a claimed message before it counts as interrupted. */
const CLAIM_MS = 5 * 60_000;
const BATCH = 100;

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

/** The council's brand as an email footer, read in the queuing transaction (one small row). */
async function emailFooter(db: Db): Promise<string> {
  try {
    const [b] = await rows<{
      council_name: string;
      service_name: string;
      privacy_url: string | null;
      contact_url: string | null;
      contact_email: string | null;
    }>(
      db,
      sql`SELECT council_name, service_name, privacy_url, contact_url, contact_email FROM council_settings WHERE id = 1`,
    );
    if (!b) return '';
    const absolute = (url: string | null) => (url && /^https?:\/\//.test(url) ? url : null);
    const privacy = absolute(b.privacy_url);
    const contact = absolute(b.contact_url) ?? (b.contact_email ? `email ${b.contact_email}` : null);
    return (
      `\n\n---\n${b.service_name} is run by ${b.council_name}.` +
      (privacy ? `\nPrivacy notice: ${privacy}` : '') +
      (contact ? `\nContact: ${contact}` : '')
    );
  } catch {
    return '';
  }
}

export function createNotifier(transport: Transport, policy: RetryPolicy = DEFAULT_RETRY_POLICY): Notifier {
  return {
    transport: transport.name,
    async queue(tx, message) {
      const rendered = renderTemplate(message.template, message.personalisation);
      // Every email says whose service it is and links the council's legal pages (issue 18).
      if (rendered.channel === 'email') rendered.body += await emailFooter(tx);
      await tx
        .insert(outboxMessages)
        .values({
          reference: message.reference,
          channel: rendered.channel,
          template: message.template,
          recipient: message.recipient,
          personalisation: {
            ...message.personalisation,
            subject: rendered.subject,
            body: rendered.body,
            ...(message.unsubscribeUrl ? { unsubscribeUrl: message.unsubscribeUrl } : {}),
          },
        })
        .onConflictDoNothing({ target: outboxMessages.reference });
    },
    async deliverQueued(db, now = new Date()) {
      // A claim that outlived its lease means a worker died mid-send: Notify may or may not have
      // accepted it, and sending again could send twice, so it is failed for a person to check.
      await db
        .update(outboxMessages)
        .set({
          status: 'failed',
          claimedUntil: null,
          error: 'Delivery was interrupted and its outcome is unknown. Check GOV.UK Notify before sending again.',
        })
        .where(and(eq(outboxMessages.status, 'sending'), sql`${outboxMessages.claimedUntil} < ${now}`));
      const claimed = await rows<{ id: string }>(
        db,
        sql`UPDATE outbox_messages SET status = 'sending', attempts = attempts + 1,
              claimed_until = ${new Date(now.getTime() + CLAIM_MS)}
            WHERE id IN (
              SELECT id FROM outbox_messages
              WHERE status = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ${now})
              ORDER BY created_at LIMIT ${BATCH}
              FOR UPDATE SKIP LOCKED)
            RETURNING id`,
      );
      if (!claimed.length) return 0;
      const messages = await db
        .select()
        .from(outboxMessages)
        .where(
          inArray(
            outboxMessages.id,
            claimed.map((c) => c.id),
          ),
        )
        .orderBy(outboxMessages.createdAt);
      for (const message of messages) {
        const p = message.personalisation as Record<string, string>;
        const mine = and(eq(outboxMessages.id, message.id), eq(outboxMessages.status, 'sending'));
        try {
          await transport.deliver({
            channel: message.channel,
            recipient: message.recipient,
            subject: p.subject ?? '',
            body: p.body ?? '',
            reference: message.reference,
            ...(p.unsubscribeUrl ? { unsubscribeUrl: p.unsubscribeUrl } : {}),
          });
          await db
            .update(outboxMessages)
            .set({ status: 'sent', sentAt: now, claimedUntil: null, error: null })
            .where(mine);
        } catch (error) {
          const status = error instanceof DeliveryError ? error.status : undefined;
          const decision = retryDecision(policy, status, message.attempts, now);
          await db
            .update(outboxMessages)
            .set({
              status: decision.retry ? 'queued' : 'failed',
              nextAttemptAt: decision.retry ? decision.at : null,
              claimedUntil: null,
              error: describe(error),
            })
            .where(mine);
        }
      }
      return messages.length;
    },
    async forgetRecipients(tx, recipients) {
      if (!recipients.length) return 0;
      const erased = await tx
        .update(outboxMessages)
        .set({
          recipient: 'erased',
          personalisation: { subject: 'erased', body: 'erased' },
          // A message not yet sent to someone who has left must never go.
          status: sql`case when ${outboxMessages.status} = 'queued' then 'cancelled' else ${outboxMessages.status} end`,
        })
        .where(inArray(outboxMessages.recipient, recipients))
        .returning({ id: outboxMessages.id });
      return erased.length;
    },
    async cancelQueued(tx, referencePrefix) {
      const escaped = referencePrefix.replace(/[\\%_]/g, (c) => `\\${c}`);
      const cancelled = await tx
        .update(outboxMessages)
        .set({ status: 'cancelled', error: 'Cancelled: the recipient unsubscribed' })
        .where(and(eq(outboxMessages.status, 'queued'), sql`${outboxMessages.reference} LIKE ${`${escaped}%`}`))
        .returning({ id: outboxMessages.id });
      return cancelled.length;
    },
    recent: (db, limit = 50) => db.select().from(outboxMessages).orderBy(desc(outboxMessages.createdAt)).limit(limit),
  };
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.slice(0, 500);
}

/** The dev and test transport: the outbox table is the destination, shown at /staff/outbox. */
export const outboxTransport: Transport = { name: 'outbox', deliver: async () => undefined };
