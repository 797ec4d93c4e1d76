/**
 * Drizzle mirrors of the channels module's tables. subscriptions, announcements and digest_items
 * were created by 0020 (as part of feedback) and moved here unchanged with the code that uses them.
 */
import { sql } from 'drizzle-orm';
import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const subscriptions = pgTable('subscriptions', {
  id: uuid('id').primaryKey().defaultRandom(),
  channel: text('channel').notNull(),
  contact: text('contact').notNull(),
  consultationId: uuid('consultation_id'),
  wards: text('wards')
    .array()
    .notNull()
    .default(sql`'{}'`),
  topics: text('topics')
    .array()
    .notNull()
    .default(sql`'{}'`),
  organisationIds: uuid('organisation_ids')
    .array()
    .notNull()
    .default(sql`'{}'`),
  frequency: text('frequency').notNull().default('immediate'),
  confirmTokenHash: text('confirm_token_hash'),
  confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
  unsubscribedAt: timestamp('unsubscribed_at', { withTimezone: true }),
  lastDigestAt: timestamp('last_digest_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const announcements = pgTable(
  'announcements',
  {
    consultationId: uuid('consultation_id').notNull(),
    kind: text('kind').notNull(),
    announcedAt: timestamp('announced_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.consultationId, t.kind] })],
);

export const digestItems = pgTable(
  'digest_items',
  {
    subscriptionId: uuid('subscription_id').notNull(),
    consultationId: uuid('consultation_id').notNull(),
    kind: text('kind').notNull(),
    line: text('line').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.subscriptionId, t.consultationId, t.kind] })],
);

export type Subscription = typeof subscriptions.$inferSelect;
