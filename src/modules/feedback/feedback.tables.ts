/**
 * Drizzle mirrors of this module's tables (0020; its feedback_settings moved onto organisations in 0021).
 * subscriptions, announcements and digest_items (also 0020) are declared by ../channels.
 */
import { date, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const feedbackThemes = pgTable('feedback_themes', {
  id: uuid('id').primaryKey().defaultRandom(),
  consultationId: uuid('consultation_id').notNull(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  /** we_did, we_will or cannot; null until an officer answers the theme. */
  responseKind: text('response_kind'),
  responseText: text('response_text').notNull().default(''),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const feedbackCodings = pgTable(
  'feedback_codings',
  {
    themeId: uuid('theme_id').notNull(),
    responseId: uuid('response_id').notNull(),
    /** The answer quoted from this response for this theme, when chosen as a quote. */
    quoteKey: text('quote_key'),
  },
  (t) => [primaryKey({ columns: [t.themeId, t.responseId] })],
);

export const decisions = pgTable('decisions', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull(),
  makerKind: text('maker_kind').notNull(),
  makerName: text('maker_name').notNull(),
  decidedOn: date('decided_on', { mode: 'string' }).notNull(),
  title: text('title').notNull(),
  decision: text('decision').notNull(),
  reportUrl: text('report_url').notNull().default(''),
  minutesUrl: text('minutes_url').notNull().default(''),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const decisionConsultations = pgTable(
  'decision_consultations',
  { decisionId: uuid('decision_id').notNull(), consultationId: uuid('consultation_id').notNull() },
  (t) => [primaryKey({ columns: [t.decisionId, t.consultationId] })],
);

export const decisionThemes = pgTable(
  'decision_themes',
  {
    decisionId: uuid('decision_id').notNull(),
    themeId: uuid('theme_id').notNull(),
    howConsidered: text('how_considered').notNull(),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.themeId] })],
);

export const implementationUpdates = pgTable('implementation_updates', {
  id: uuid('id').primaryKey().defaultRandom(),
  decisionId: uuid('decision_id').notNull(),
  status: text('status').notNull(),
  note: text('note').notNull(),
  occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const participationSurveys = pgTable('participation_surveys', {
  id: uuid('id').primaryKey().defaultRandom(),
  consultationId: uuid('consultation_id').notNull(),
  answers: jsonb('answers').$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const engagementEvaluations = pgTable('engagement_evaluations', {
  consultationId: uuid('consultation_id').primaryKey(),
  ratings: jsonb('ratings').$type<Record<string, { rating: string; evidence: string }>>().notNull(),
  lessons: text('lessons').notNull().default(''),
  evaluatedBy: uuid('evaluated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const challenges = pgTable('challenges', {
  id: uuid('id').primaryKey().defaultRandom(),
  reference: text('reference').notNull(),
  consultationId: uuid('consultation_id').notNull(),
  kind: text('kind').notNull(),
  name: text('name').notNull(),
  email: text('email').notNull(),
  body: text('body').notNull(),
  respondBy: timestamp('respond_by', { withTimezone: true }).notNull(),
  answer: text('answer'),
  answeredBy: uuid('answered_by'),
  answeredAt: timestamp('answered_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const libraryRelations = pgTable(
  'library_relations',
  {
    consultationId: uuid('consultation_id').notNull(),
    pastConsultationId: uuid('past_consultation_id').notNull(),
    note: text('note').notNull(),
    notedBy: uuid('noted_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.consultationId, t.pastConsultationId] })],
);

export type Theme = typeof feedbackThemes.$inferSelect;
export type Decision = typeof decisions.$inferSelect;
export type Challenge = typeof challenges.$inferSelect;
