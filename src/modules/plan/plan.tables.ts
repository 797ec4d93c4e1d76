import { sql } from 'drizzle-orm';
import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const textArray = (name: string) =>
  text(name)
    .array()
    .notNull()
    .default(sql`'{}'`);

/** A forward plan entry. The window is half-open: endsAt is the first instant after the last day. */
export const planActivities = pgTable('plan_activities', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull(),
  consultationId: uuid('consultation_id'),
  title: text('title').notNull(),
  purpose: text('purpose').notNull().default(''),
  ladderRung: text('ladder_rung').notNull(),
  audiences: textArray('audiences'),
  topics: textArray('topics'),
  wardCodes: textArray('ward_codes'),
  boroughWide: boolean('borough_wide').notNull().default(false),
  usesPanel: boolean('uses_panel').notNull().default(false),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  status: text('status').notNull().default('planned'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const planComments = pgTable('plan_comments', {
  id: uuid('id').primaryKey().defaultRandom(),
  activityId: uuid('activity_id').notNull(),
  authorId: uuid('author_id').notNull(),
  body: text('body').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const planLinks = pgTable(
  'plan_links',
  {
    activityA: uuid('activity_a').notNull(),
    activityB: uuid('activity_b').notNull(),
    note: text('note').notNull().default(''),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.activityA, t.activityB] })],
);

export const planSettings = pgTable('plan_settings', {
  id: boolean('id').primaryKey().default(true),
  fatigueLimit: integer('fatigue_limit').notNull().default(3),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const planEvents = pgTable('plan_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull(),
  consultationId: uuid('consultation_id'),
  activityId: uuid('activity_id'),
  title: text('title').notNull(),
  kind: text('kind').notNull(),
  description: text('description').notNull().default(''),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  venueName: text('venue_name').notNull().default(''),
  venueAddress: text('venue_address').notNull().default(''),
  wardCode: text('ward_code'),
  stepFree: boolean('step_free').notNull().default(false),
  accessInfo: text('access_info').notNull().default(''),
  onlineUrl: text('online_url').notNull().default(''),
  capacity: integer('capacity').notNull(),
  registrationDefinition: jsonb('registration_definition').notNull(),
  status: text('status').notNull().default('scheduled'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const planRegistrations = pgTable('plan_registrations', {
  id: uuid('id').primaryKey().defaultRandom(),
  eventId: uuid('event_id').notNull(),
  reference: text('reference').notNull(),
  idempotencyKey: text('idempotency_key').notNull(),
  name: text('name').notNull(),
  email: text('email').notNull(),
  answers: jsonb('answers').notNull().default({}),
  status: text('status').notNull(),
  cancelTokenHash: text('cancel_token_hash').notNull(),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  promotedAt: timestamp('promoted_at', { withTimezone: true }),
  reminderSentAt: timestamp('reminder_sent_at', { withTimezone: true }),
  attended: boolean('attended'),
  attendanceRecordedBy: uuid('attendance_recorded_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const planRota = pgTable(
  'plan_rota',
  {
    eventId: uuid('event_id').notNull(),
    staffUserId: uuid('staff_user_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    note: text('note').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.staffUserId] })],
);

export const planMethods = pgTable('plan_methods', {
  slug: text('slug').primaryKey(),
  name: text('name').notNull(),
  summary: text('summary').notNull(),
  guidance: text('guidance').notNull(),
  purposes: textArray('purposes'),
  rungs: textArray('rungs'),
  audiences: textArray('audiences'),
  cost: text('cost').notNull(),
  weeks: integer('weeks').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export type Activity = typeof planActivities.$inferSelect;
export type PlanEvent = typeof planEvents.$inferSelect;
export type Registration = typeof planRegistrations.$inferSelect;
export type Method = typeof planMethods.$inferSelect;
