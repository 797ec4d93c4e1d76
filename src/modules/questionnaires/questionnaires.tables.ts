import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Answers, QuestionnaireDefinition } from './questionnaire.types.ts';

export type Redactions = Record<string, string | Record<string, string>>;

export const questionnaires = pgTable('questionnaires', {
  id: uuid('id').primaryKey().defaultRandom(),
  ownerType: text('owner_type').notNull().default('consultation'),
  ownerId: uuid('owner_id').notNull(),
  title: text('title').notNull().default(''),
  currentVersion: integer('current_version').notNull().default(1),
  mode: text('mode').notNull().default('open'),
  private: boolean('private').notNull().default(false),
  includeAboutYou: boolean('include_about_you').notNull().default(true),
  askRespondentType: boolean('ask_respondent_type').notNull().default(true),
  askPublicationConsent: boolean('ask_publication_consent').notNull().default(true),
  resultsPublishedAt: timestamp('results_published_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const questionnaireVersions = pgTable(
  'questionnaire_versions',
  {
    questionnaireId: uuid('questionnaire_id').notNull(),
    version: integer('version').notNull(),
    definition: jsonb('definition').$type<QuestionnaireDefinition>().notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.questionnaireId, t.version] })],
);

export const responses = pgTable('responses', {
  id: uuid('id').primaryKey().defaultRandom(),
  questionnaireId: uuid('questionnaire_id').notNull(),
  version: integer('version').notNull(),
  reference: text('reference').notNull(),
  idempotencyKey: text('idempotency_key').notNull(),
  channel: text('channel').notNull().default('online'),
  respondentType: text('respondent_type').notNull().default('individual'),
  organisationName: text('organisation_name'),
  publicationConsent: text('publication_consent').notNull().default('do_not_publish'),
  respondentName: text('respondent_name'),
  respondentEmail: text('respondent_email'),
  verifiedEmail: text('verified_email'),
  wantsUpdates: boolean('wants_updates').notNull().default(false),
  postcode: text('postcode'),
  wardCode: text('ward_code'),
  answers: jsonb('answers').$type<Answers>().notNull(),
  /**
   * Officers' redactions, question key → the answer as it may be published, in the answer's own
   * shape (text, or section → text for document comments). Quote `redactions[key] ?? answers[key]`.
   */
  redactions: jsonb('redactions').$type<Redactions>().notNull(),
  enteredBy: uuid('entered_by'),
  submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  /** A keyed hash of the network and browser a response came from (0070, insight's burst detection); never the IP. */
  sourceMarker: text('source_marker'),
});

export const responseEqualities = pgTable('response_equalities', {
  responseId: uuid('response_id').primaryKey(),
  questionnaireId: uuid('questionnaire_id').notNull(),
  answers: jsonb('answers').$type<Answers>().notNull(),
});

export const responseDrafts = pgTable('response_drafts', {
  id: uuid('id').primaryKey().defaultRandom(),
  questionnaireId: uuid('questionnaire_id').notNull(),
  version: integer('version').notNull(),
  answers: jsonb('answers').$type<Answers>().notNull(),
  email: text('email'),
  resumeTokenHash: text('resume_token_hash'),
  verifiedEmail: text('verified_email'),
  idempotencyKey: text('idempotency_key').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  submittedResponseId: uuid('submitted_response_id'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const questionnaireInvitations = pgTable('questionnaire_invitations', {
  id: uuid('id').primaryKey().defaultRandom(),
  questionnaireId: uuid('questionnaire_id').notNull(),
  email: text('email').notNull(),
  tokenHash: text('token_hash').notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const postcodes = pgTable('postcodes', {
  postcode: text('postcode').primaryKey(),
  wardCode: text('ward_code').notNull(),
  authorityCode: text('authority_code').notNull(),
});

export type QuestionnaireRow = typeof questionnaires.$inferSelect;
export type ResponseRow = typeof responses.$inferSelect;
