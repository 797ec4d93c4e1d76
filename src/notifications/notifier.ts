/**
 * Messages are written to outbox_messages inside the caller's transaction (so a message exists
 * exactly when the thing it announces does) and delivered afterwards by a job. The row's
 * reference is the idempotency key, so retries and double submits never send twice.
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { outboxMessages } from './outbox.tables.ts';
import { renderTemplate, type TemplateKey } from './templates.ts';

export interface QueuedMessage {
  reference: string;
  template: TemplateKey;
  recipient: string;
  personalisation: Record<string, string>;
}

/** Where delivery goes: GOV.UK Notify, or nowhere further (the outbox is the destination). */
export interface Transport {
  name: 'notify' | 'outbox';
  deliver(message: {
    channel: string;
    recipient: string;
    subject: string;
    body: string;
    reference: string;
  }): Promise<void>;
}

export interface Notifier {
  transport: Transport['name'];
  /** Queues a message in the given transaction; a repeated reference is ignored. */
  queue(tx: Db, message: QueuedMessage): Promise<void>;
  /** Delivers queued messages; run by the notifications job. */
  deliverQueued(db: Db): Promise<number>;
  /**
   * Erasure: blanks the recipient and content of every message to these addresses (a panel
   * member leaving), keeping the row so delivery statistics stay true.
   */
  forgetRecipients(tx: Db, recipients: string[]): Promise<number>;
  /** Most recent messages, for the staff outbox page and tests. */
  recent(db: Db, limit?: number): Promise<(typeof outboxMessages.$inferSelect)[]>;
}

export const DELIVER_JOB = 'notifications-deliver';

export function createNotifier(transport: Transport): Notifier {
  return {
    transport: transport.name,
    async queue(tx, message) {
      const rendered = renderTemplate(message.template, message.personalisation);
      await tx
        .insert(outboxMessages)
        .values({
          reference: message.reference,
          channel: rendered.channel,
          template: message.template,
          recipient: message.recipient,
          personalisation: { ...message.personalisation, subject: rendered.subject, body: rendered.body },
        })
        .onConflictDoNothing({ target: outboxMessages.reference });
    },
    async deliverQueued(db) {
      const queued = await db
        .select()
        .from(outboxMessages)
        .where(eq(outboxMessages.status, 'queued'))
        .orderBy(outboxMessages.createdAt)
        .limit(100);
      for (const message of queued) {
        const p = message.personalisation as Record<string, string>;
        try {
          await transport.deliver({
            channel: message.channel,
            recipient: message.recipient,
            subject: p.subject ?? '',
            body: p.body ?? '',
            reference: message.reference,
          });
          await db
            .update(outboxMessages)
            .set({ status: 'sent', sentAt: new Date(), attempts: sql`${outboxMessages.attempts} + 1` })
            .where(and(eq(outboxMessages.id, message.id), eq(outboxMessages.status, 'queued')));
        } catch (error) {
          await db
            .update(outboxMessages)
            .set({ attempts: sql`${outboxMessages.attempts} + 1`, error: String(error) })
            .where(eq(outboxMessages.id, message.id));
        }
      }
      return queued.length;
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
    recent: (db, limit = 50) => db.select().from(outboxMessages).orderBy(desc(outboxMessages.createdAt)).limit(limit),
  };
}

/** The dev and test transport: the outbox table is the destination, shown at /staff/outbox. */
export const outboxTransport: Transport = { name: 'outbox', deliver: async () => undefined };
