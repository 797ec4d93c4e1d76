/** Petitions, signatures, thresholds reached and councillor calls for action (0100_petitions.sql). */
import { boolean, date, integer, pgTable, primaryKey, serial, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true });

export const petitionSettings = pgTable('petition_settings', {
  organisationId: uuid('organisation_id').primaryKey(),
  openDays: integer('open_days').notNull().default(182),
  responseThreshold: integer('response_threshold').notNull().default(500),
  debateThreshold: integer('debate_threshold').notNull().default(1500),
  supportersNeeded: integer('supporters_needed').notNull().default(5),
  updatedBy: uuid('updated_by'),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const petitions = pgTable('petitions', {
  id: uuid('id').primaryKey().defaultRandom(),
  number: serial('number').notNull(),
  organisationId: uuid('organisation_id').notNull(),
  title: text('title').notNull(),
  action: text('action').notNull(),
  background: text('background').notNull().default(''),
  creatorName: text('creator_name').notNull(),
  status: text('status').notNull().default('draft'),
  rejectionCode: text('rejection_code'),
  rejectionDetails: text('rejection_details'),
  duplicateOf: uuid('duplicate_of'),
  moderatedBy: uuid('moderated_by'),
  moderatedAt: at('moderated_at'),
  leadOfficerId: uuid('lead_officer_id'),
  openedAt: at('opened_at'),
  closesAt: at('closes_at'),
  response: text('response'),
  responsePublishedAt: at('response_published_at'),
  debateDate: date('debate_date'),
  debateOutcome: text('debate_outcome'),
  debatePublishedAt: at('debate_published_at'),
  createdAt: at('created_at').notNull().defaultNow(),
});

export const petitionSignatures = pgTable('petition_signatures', {
  id: uuid('id').primaryKey().defaultRandom(),
  petitionId: uuid('petition_id').notNull(),
  name: text('name').notNull(),
  email: text('email').notNull(),
  emailKey: text('email_key').notNull(),
  emailDomain: text('email_domain').notNull(),
  postcode: text('postcode').notNull(),
  wardCode: text('ward_code'),
  inBorough: boolean('in_borough').notNull(),
  notifyMe: boolean('notify_me').notNull().default(false),
  isCreator: boolean('is_creator').notNull().default(false),
  status: text('status').notNull().default('pending'),
  tokenHash: text('token_hash'),
  tokenExpiresAt: at('token_expires_at'),
  tokenSentAt: at('token_sent_at'),
  sends: integer('sends').notNull().default(1),
  addressHash: text('address_hash').notNull(),
  networkHash: text('network_hash').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  confirmedAt: at('confirmed_at'),
  invalidatedAt: at('invalidated_at'),
  invalidatedBy: uuid('invalidated_by'),
  invalidatedReason: text('invalidated_reason'),
});

export const petitionThresholdsReached = pgTable(
  'petition_thresholds_reached',
  {
    petitionId: uuid('petition_id').notNull(),
    kind: text('kind').notNull(),
    threshold: integer('threshold').notNull(),
    signatures: integer('signatures').notNull(),
    reachedAt: at('reached_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.petitionId, t.kind] })],
);

export const ccfas = pgTable('ccfas', {
  id: uuid('id').primaryKey().defaultRandom(),
  number: serial('number').notNull(),
  organisationId: uuid('organisation_id').notNull(),
  councillorId: uuid('councillor_id').notNull(),
  councillorName: text('councillor_name').notNull(),
  wardCode: text('ward_code').notNull(),
  title: text('title').notNull(),
  issue: text('issue').notNull(),
  stepsTaken: text('steps_taken').notNull(),
  status: text('status').notNull().default('submitted'),
  decisionReasons: text('decision_reasons'),
  decidedBy: uuid('decided_by'),
  decidedAt: at('decided_at'),
  meetingDate: date('meeting_date'),
  createdAt: at('created_at').notNull().defaultNow(),
});

export const ccfaRecommendations = pgTable('ccfa_recommendations', {
  id: uuid('id').primaryKey().defaultRandom(),
  ccfaId: uuid('ccfa_id').notNull(),
  position: integer('position').notNull(),
  body: text('body').notNull(),
  addressedTo: text('addressed_to').notNull(),
  response: text('response'),
  respondedAt: at('responded_at'),
  createdAt: at('created_at').notNull().defaultNow(),
});

export type Petition = typeof petitions.$inferSelect;
export type Signature = typeof petitionSignatures.$inferSelect;
export type PetitionSettings = typeof petitionSettings.$inferSelect;
export type Ccfa = typeof ccfas.$inferSelect;
export type CcfaRecommendation = typeof ccfaRecommendations.$inferSelect;
