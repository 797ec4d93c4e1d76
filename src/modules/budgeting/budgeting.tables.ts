import { integer, jsonb, numeric, pgTable, text, timestamp, uuid, date } from 'drizzle-orm/pg-core';

/** A participatory budgeting round: a ward's or the borough's budget, its phases and its voting rules. */
export const pbProcesses = pgTable('pb_processes', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull(),
  slug: text('slug').notNull(),
  title: text('title').notNull(),
  description: text('description').notNull().default(''),
  wardCode: text('ward_code'),
  budgetMode: text('budget_mode').notNull(),
  perHeadPounds: numeric('per_head_pounds', { precision: 10, scale: 2 }),
  population: integer('population'),
  budget: integer('budget').notNull(),
  ballotType: text('ballot_type').notNull(),
  maxProjects: integer('max_projects'),
  maxPoints: integer('max_points'),
  rule: text('rule').notNull(),
  minAge: integer('min_age').notNull().default(16),
  ideasFrom: timestamp('ideas_from', { withTimezone: true }).notNull(),
  feasibilityFrom: timestamp('feasibility_from', { withTimezone: true }).notNull(),
  votingFrom: timestamp('voting_from', { withTimezone: true }).notNull(),
  votingUntil: timestamp('voting_until', { withTimezone: true }).notNull(),
  deliveryFrom: timestamp('delivery_from', { withTimezone: true }).notNull(),
  countedAt: timestamp('counted_at', { withTimezone: true }),
  countResult: jsonb('count_result'),
  resultsPublishedAt: timestamp('results_published_at', { withTimezone: true }),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const pbProjects = pgTable('pb_projects', {
  id: uuid('id').primaryKey().defaultRandom(),
  processId: uuid('process_id').notNull(),
  title: text('title').notNull(),
  description: text('description').notNull(),
  wardCode: text('ward_code'),
  estimatedCost: integer('estimated_cost').notNull(),
  proposerName: text('proposer_name').notNull().default(''),
  proposerEmail: text('proposer_email').notNull().default(''),
  status: text('status').notNull().default('proposed'),
  assessedCost: integer('assessed_cost'),
  feasibilityReason: text('feasibility_reason').notNull().default(''),
  assessedBy: uuid('assessed_by'),
  assessedAt: timestamp('assessed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const pbProjectPhotos = pgTable('pb_project_photos', {
  id: uuid('id').primaryKey().defaultRandom(),
  projectId: uuid('project_id').notNull(),
  storageKey: text('storage_key').notNull(),
  contentType: text('content_type').notNull(),
  filename: text('filename').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const pbVoters = pgTable('pb_voters', {
  id: uuid('id').primaryKey().defaultRandom(),
  processId: uuid('process_id').notNull(),
  contact: text('contact').notNull(),
  contactKind: text('contact_kind').notNull(),
  postcode: text('postcode').notNull(),
  wardCode: text('ward_code'),
  codeHash: text('code_hash'),
  codeExpiresAt: timestamp('code_expires_at', { withTimezone: true }),
  codeAttempts: integer('code_attempts').notNull().default(0),
  lastSentAt: timestamp('last_sent_at', { withTimezone: true }),
  sentDay: date('sent_day'),
  sentToday: integer('sent_today').notNull().default(0),
  verifiedAt: timestamp('verified_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export interface Selection {
  projectId: string;
  points: number;
}

export const pbBallots = pgTable('pb_ballots', {
  id: uuid('id').primaryKey().defaultRandom(),
  processId: uuid('process_id').notNull(),
  voterKey: text('voter_key').notNull(),
  channel: text('channel').notNull(),
  selections: jsonb('selections').$type<Selection[]>().notNull(),
  wardCode: text('ward_code'),
  enteredBy: uuid('entered_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const pbDeliveryUpdates = pgTable('pb_delivery_updates', {
  id: uuid('id').primaryKey().defaultRandom(),
  projectId: uuid('project_id').notNull(),
  stage: text('stage').notNull(),
  body: text('body').notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export type PbProcess = typeof pbProcesses.$inferSelect;
export type PbProject = typeof pbProjects.$inferSelect;
export type PbBallot = typeof pbBallots.$inferSelect;
