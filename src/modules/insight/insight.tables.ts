/** Drizzle mirrors of this module's tables (0070). Most queries are plain SQL in insight.repository.ts. */
import { bigint, boolean, integer, jsonb, pgTable, primaryKey, real, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const insightRuns = pgTable('insight_runs', {
  id: uuid('id').primaryKey().defaultRandom(),
  consultationId: uuid('consultation_id').notNull(),
  questionKey: text('question_key').notNull(),
  status: text('status').notNull().default('queued'),
  progress: integer('progress').notNull().default(0),
  stage: text('stage').notNull().default('Waiting to start'),
  method: text('method').notNull(),
  methodVersion: text('method_version').notNull(),
  seed: bigint('seed', { mode: 'number' }).notNull(),
  answerCount: integer('answer_count').notNull().default(0),
  themeCount: integer('theme_count').notNull().default(0),
  details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  error: text('error'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});
export type InsightRun = typeof insightRuns.$inferSelect;

export const insightClusters = pgTable('insight_clusters', {
  id: uuid('id').primaryKey().defaultRandom(),
  runId: uuid('run_id').notNull(),
  position: integer('position').notNull(),
  label: text('label').notNull(),
  words: text('words').array().notNull(),
  phrases: text('phrases').array().notNull(),
  answerCount: integer('answer_count').notNull(),
  quotes: jsonb('quotes').$type<{ responseId: string; text: string }[]>().notNull(),
  stances: jsonb('stances').$type<Record<string, number>>().notNull(),
  themeId: uuid('theme_id'),
});
export type InsightCluster = typeof insightClusters.$inferSelect;

export const insightSuggestions = pgTable(
  'insight_suggestions',
  {
    runId: uuid('run_id').notNull(),
    responseId: uuid('response_id').notNull(),
    clusterId: uuid('cluster_id').notNull(),
    rank: smallint('rank').notNull(),
    confidence: real('confidence').notNull(),
    stance: text('stance'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.responseId, t.clusterId] })],
);

export const insightDecisions = pgTable(
  'insight_decisions',
  {
    consultationId: uuid('consultation_id').notNull(),
    questionKey: text('question_key').notNull(),
    responseId: uuid('response_id').notNull(),
    themeId: uuid('theme_id').notNull(),
    decision: text('decision').notNull(),
    stance: text('stance'),
    decidedBy: uuid('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.responseId, t.questionKey, t.themeId] })],
);

export const insightCampaigns = pgTable('insight_campaigns', {
  id: uuid('id').primaryKey().defaultRandom(),
  consultationId: uuid('consultation_id').notNull(),
  kind: text('kind').notNull(),
  signature: text('signature').notNull(),
  label: text('label').notNull(),
  example: text('example').notNull().default(''),
  memberCount: integer('member_count').notNull(),
  firstAt: timestamp('first_at', { withTimezone: true }),
  lastAt: timestamp('last_at', { withTimezone: true }),
  counting: text('counting').notNull().default('undecided'),
  decidedBy: uuid('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  detectedAt: timestamp('detected_at', { withTimezone: true }).notNull().defaultNow(),
  current: boolean('current').notNull().default(true),
});
export type InsightCampaign = typeof insightCampaigns.$inferSelect;

export const insightCampaignMembers = pgTable(
  'insight_campaign_members',
  { campaignId: uuid('campaign_id').notNull(), responseId: uuid('response_id').notNull() },
  (t) => [primaryKey({ columns: [t.campaignId, t.responseId] })],
);
