/**
 * Drizzle mirrors of the channels module's tables. subscriptions, announcements and digest_items
 * were created by 0020 (as part of feedback) and moved here unchanged with the code that uses them.
 */
import { sql } from 'drizzle-orm';
import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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

/** 0110: the e-bulletin. */
export const bulletins = pgTable('bulletins', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull(),
  title: text('title').notNull(),
  intro: text('intro').notNull().default(''),
  periodStart: timestamp('period_start', { withTimezone: true }).notNull(),
  periodEnd: timestamp('period_end', { withTimezone: true }).notNull(),
  status: text('status').notNull().default('draft'),
  recipientsTotal: integer('recipients_total'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  sendStartedAt: timestamp('send_started_at', { withTimezone: true }),
  sentAt: timestamp('sent_at', { withTimezone: true }),
});

export const bulletinItems = pgTable('bulletin_items', {
  id: uuid('id').primaryKey().defaultRandom(),
  bulletinId: uuid('bulletin_id').notNull(),
  position: integer('position').notNull(),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  body: text('body').notNull().default(''),
  link: text('link').notNull().default(''),
  wards: text('wards')
    .array()
    .notNull()
    .default(sql`'{}'`),
  topics: text('topics')
    .array()
    .notNull()
    .default(sql`'{}'`),
});

export const bulletinRecipients = pgTable(
  'bulletin_recipients',
  {
    bulletinId: uuid('bulletin_id').notNull(),
    recipientKey: text('recipient_key').notNull(),
    subscriptionId: uuid('subscription_id').notNull(),
    reference: text('reference').notNull(),
    itemCount: integer('item_count').notNull(),
    queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.bulletinId, t.recipientKey] })],
);

/** 0110: share links and the responses they brought. */
export const shareLinks = pgTable('share_links', {
  id: uuid('id').primaryKey().defaultRandom(),
  code: text('code').notNull(),
  targetPath: text('target_path').notNull(),
  channel: text('channel').notNull(),
  consultationId: uuid('consultation_id'),
  clicks: integer('clicks').notNull().default(0),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const shareLinkResponses = pgTable('share_link_responses', {
  responseId: uuid('response_id').primaryKey(),
  shareLinkId: uuid('share_link_id').notNull(),
});

/** 0110: two-way text messages. */
export const smsConsultations = pgTable('sms_consultations', {
  consultationId: uuid('consultation_id').primaryKey(),
  keyword: text('keyword').notNull(),
  questionKey: text('question_key').notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const smsInbound = pgTable('sms_inbound', {
  id: uuid('id').primaryKey().defaultRandom(),
  notifyId: text('notify_id').notNull(),
  fromNumber: text('from_number').notNull(),
  body: text('body').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  outcome: text('outcome').notNull(),
  consultationId: uuid('consultation_id'),
  responseId: uuid('response_id'),
  handledAt: timestamp('handled_at', { withTimezone: true }),
  handledBy: uuid('handled_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type Subscription = typeof subscriptions.$inferSelect;
export type Bulletin = typeof bulletins.$inferSelect;
export type BulletinItem = typeof bulletinItems.$inferSelect;
export type ShareLink = typeof shareLinks.$inferSelect;
export type SmsInbound = typeof smsInbound.$inferSelect;
