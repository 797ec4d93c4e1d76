import { date, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** One pending record per (purpose, scope, contact): see message-claims.ts. */
export const messageClaims = pgTable(
  'message_claims',
  {
    purpose: text('purpose').notNull(),
    scope: text('scope').notNull().default(''),
    contactHash: text('contact_hash').notNull(),
    firstSentAt: timestamp('first_sent_at', { withTimezone: true }).notNull(),
    lastSentAt: timestamp('last_sent_at', { withTimezone: true }).notNull(),
    sends: integer('sends').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.purpose, t.scope, t.contactHash] })],
);

/** Messages written to one contact on one (UTC) day, for the per-recipient daily cap. */
export const messageRecipientDays = pgTable(
  'message_recipient_days',
  {
    contactHash: text('contact_hash').notNull(),
    day: date('day').notNull(),
    sends: integer('sends').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.contactHash, t.day] })],
);
