import { integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const outboxMessages = pgTable('outbox_messages', {
  id: uuid('id').primaryKey().defaultRandom(),
  reference: text('reference').notNull(),
  channel: text('channel').notNull(),
  template: text('template').notNull(),
  recipient: text('recipient').notNull(),
  personalisation: jsonb('personalisation').notNull(),
  /** queued → sending (claimed by one worker) → sent | queued again (retry later) | failed; or cancelled. */
  status: text('status').notNull().default('queued'),
  attempts: integer('attempts').notNull().default(0),
  error: text('error'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  /** A retry waits until then; null means as soon as possible. */
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }),
  /** While status is sending: the claiming worker's lease. */
  claimedUntil: timestamp('claimed_until', { withTimezone: true }),
});
