/** Drizzle mirrors of 0080_wards.sql. */
import {
  boolean,
  date,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export const wardCensus = pgTable(
  'ward_census',
  {
    wardCode: text('ward_code').notNull(),
    dataset: text('dataset').notNull(),
    datasetTitle: text('dataset_title').notNull(),
    category: text('category').notNull(),
    position: integer('position').notNull().default(0),
    value: numeric('value', { mode: 'number' }).notNull(),
    isTotal: boolean('is_total').notNull().default(false),
    source: text('source').notNull(),
    isDemo: boolean('is_demo').notNull().default(false),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.wardCode, t.dataset, t.category] })],
);

export const councillorWards = pgTable(
  'councillor_wards',
  {
    staffUserId: uuid('staff_user_id').notNull(),
    wardCode: text('ward_code').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.staffUserId, t.wardCode] })],
);

export const intelligenceItems = pgTable('intelligence_items', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull(),
  recordedBy: uuid('recorded_by'),
  channel: text('channel').notNull(),
  wardCode: text('ward_code'),
  topics: text('topics').array().notNull().default([]),
  summary: text('summary').notNull(),
  sentiment: text('sentiment').notNull(),
  needsAction: boolean('needs_action').notNull().default(false),
  actionBy: text('action_by').notNull().default(''),
  heardOn: date('heard_on', { mode: 'string' }).notNull(),
  activityId: uuid('activity_id'),
  consultationId: uuid('consultation_id'),
  sourceRef: text('source_ref'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const actionPlanAims = pgTable('action_plan_aims', {
  id: uuid('id').primaryKey().defaultRandom(),
  position: integer('position').notNull(),
  title: text('title').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const actionPlanActions = pgTable('action_plan_actions', {
  id: uuid('id').primaryKey().defaultRandom(),
  aimId: uuid('aim_id').notNull(),
  position: integer('position').notNull(),
  priority: text('priority').notNull().default(''),
  title: text('title').notNull(),
  leadRole: text('lead_role').notNull().default(''),
  leadOfficerId: uuid('lead_officer_id'),
  organisationId: uuid('organisation_id').notNull(),
  status: text('status').notNull().default('not_started'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const actionPlanMilestones = pgTable('action_plan_milestones', {
  id: uuid('id').primaryKey().defaultRandom(),
  actionId: uuid('action_id').notNull(),
  position: integer('position').notNull(),
  title: text('title').notNull(),
  dueOn: date('due_on', { mode: 'string' }),
  ongoing: boolean('ongoing').notNull().default(false),
  doneOn: date('done_on', { mode: 'string' }),
});

export const actionPlanUpdates = pgTable('action_plan_updates', {
  id: uuid('id').primaryKey().defaultRandom(),
  actionId: uuid('action_id').notNull(),
  status: text('status').notNull(),
  note: text('note').notNull(),
  evidence: text('evidence').notNull().default(''),
  writtenOn: date('written_on', { mode: 'string' }).notNull(),
  authorId: uuid('author_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const actionPlanReports = pgTable('action_plan_reports', {
  quarter: text('quarter').primaryKey(),
  snapshot: jsonb('snapshot').notNull(),
  publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  publishedBy: uuid('published_by'),
});

export type IntelligenceItem = typeof intelligenceItems.$inferSelect;
export type ActionPlanAction = typeof actionPlanActions.$inferSelect;
export type ActionPlanMilestone = typeof actionPlanMilestones.$inferSelect;
export type ActionPlanUpdate = typeof actionPlanUpdates.$inferSelect;
