import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });
const textArray = (name: string) =>
  text(name)
    .array()
    .notNull()
    .default(sql`'{}'`);

export const panels = pgTable('people_panels', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  description: text('description').notNull().default(''),
  openToJoin: boolean('open_to_join').notNull().default(true),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const people = pgTable('people', {
  id: uuid('id').primaryKey().defaultRandom(),
  fullName: text('full_name'),
  email: text('email'),
  phone: text('phone'),
  postcode: text('postcode'),
  address: text('address'),
  wardCode: text('ward_code'),
  topics: textArray('topics'),
  channels: textArray('channels'),
  language: text('language'),
  accessNeeds: text('access_needs'),
  consentAt: ts('consent_at'),
  privacyNoticeVersion: text('privacy_notice_version'),
  confirmedAt: ts('confirmed_at'),
  source: text('source').notNull().default('self'),
  organisationIds: uuid('organisation_ids')
    .array()
    .notNull()
    .default(sql`'{}'`),
  lastActiveAt: ts('last_active_at').notNull().defaultNow(),
  remindedAt: ts('reminded_at'),
  erasedAt: ts('erased_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const equality = pgTable('people_equality', {
  personId: uuid('person_id').primaryKey(),
  answers: jsonb('answers').$type<Record<string, string>>().notNull().default({}),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const memberships = pgTable('people_memberships', {
  id: uuid('id').primaryKey().defaultRandom(),
  panelId: uuid('panel_id').notNull(),
  personId: uuid('person_id').notNull(),
  status: text('status').notNull(),
  statusChangedAt: ts('status_changed_at').notNull().defaultNow(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const events = pgTable('people_events', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  personId: uuid('person_id').notNull(),
  panelId: uuid('panel_id'),
  kind: text('kind').notNull(),
  detail: text('detail').notNull().default(''),
  sampleId: uuid('sample_id'),
  occurredAt: ts('occurred_at').notNull().defaultNow(),
});

export const tokens = pgTable('people_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  personId: uuid('person_id').notNull(),
  purpose: text('purpose').notNull(),
  tokenHash: text('token_hash').notNull(),
  /** The address a change-email link will switch to; blanked once the link is used. */
  newEmail: text('new_email'),
  /** A share invitation (purpose 'share'): the organisation asking to hold the person, and its panel. */
  organisationId: uuid('organisation_id'),
  panelId: uuid('panel_id'),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const groups = pgTable('people_groups', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  description: text('description').notNull().default(''),
  organisationId: uuid('organisation_id').notNull(),
  communities: textArray('communities'),
  wardCodes: textArray('ward_codes'),
  boroughWide: boolean('borough_wide').notNull().default(false),
  email: text('email'),
  website: text('website'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const groupContacts = pgTable('people_group_contacts', {
  id: uuid('id').primaryKey().defaultRandom(),
  groupId: uuid('group_id').notNull(),
  name: text('name').notNull(),
  role: text('role').notNull().default(''),
  email: text('email'),
  phone: text('phone'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const targets = pgTable(
  'people_targets',
  {
    characteristic: text('characteristic').notNull(),
    category: text('category').notNull(),
    proportion: numeric('proportion', { mode: 'number' }).notNull(),
    source: text('source').notNull(),
    isDemo: boolean('is_demo').notNull().default(false),
    importedAt: ts('imported_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.characteristic, t.category] })],
);

export const samples = pgTable('people_samples', {
  id: uuid('id').primaryKey().defaultRandom(),
  panelId: uuid('panel_id').notNull(),
  requested: integer('requested').notNull(),
  drawn: integer('drawn').notNull(),
  seed: bigint('seed', { mode: 'number' }).notNull(),
  excludeDays: integer('exclude_days').notNull(),
  characteristics: text('characteristics').array().notNull(),
  deviations: jsonb('deviations').$type<TargetDeviation[]>().notNull(),
  purpose: text('purpose'),
  consultationId: uuid('consultation_id'),
  questionnaireId: uuid('questionnaire_id'),
  focusGroup: text('focus_group'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  invitedAt: ts('invited_at'),
});

export const sampleMembers = pgTable(
  'people_sample_members',
  {
    sampleId: uuid('sample_id').notNull(),
    personId: uuid('person_id').notNull(),
    profile: jsonb('profile').$type<Record<string, string>>().notNull().default({}),
    invitedAt: ts('invited_at'),
    skippedReason: text('skipped_reason'),
    respondedAt: ts('responded_at'),
  },
  (t) => [primaryKey({ columns: [t.sampleId, t.personId] })],
);

export interface TargetDeviation {
  characteristic: string;
  category: string;
  target: number;
  achieved: number;
  count: number;
}

export type Person = typeof people.$inferSelect;
export type Panel = typeof panels.$inferSelect;
export type Group = typeof groups.$inferSelect;
export type GroupContact = typeof groupContacts.$inferSelect;
export type Sample = typeof samples.$inferSelect;
