import { boolean, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const councilSettings = pgTable('council_settings', {
  id: integer('id').primaryKey().default(1),
  authorityCode: text('authority_code').notNull(),
  councilName: text('council_name').notNull(),
  serviceName: text('service_name').notNull().default('Have your say'),
  leadOrganisationId: uuid('lead_organisation_id'),
  brandColour: text('brand_colour'),
  logoKey: text('logo_key'),
  logoContentType: text('logo_content_type'),
  logoAlt: text('logo_alt'),
  privacyUrl: text('privacy_url'),
  accessibilityUrl: text('accessibility_url'),
  contactUrl: text('contact_url'),
  cookiesUrl: text('cookies_url'),
  contactEmail: text('contact_email'),
  accessibilityStatement: text('accessibility_statement'),
  privacyNotice: text('privacy_notice'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const setupCodes = pgTable('setup_codes', {
  codeHash: text('code_hash').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

export const organisationSso = pgTable('organisation_sso', {
  organisationId: uuid('organisation_id').primaryKey(),
  issuer: text('issuer').notNull(),
  clientId: text('client_id').notNull(),
  clientSecretSealed: text('client_secret_sealed').notNull(),
  allowedDomains: text('allowed_domains').array().notNull().default([]),
  required: boolean('required').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const staffIdentities = pgTable(
  'staff_identities',
  {
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    staffUserId: uuid('staff_user_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] })],
);

export type CouncilSettings = typeof councilSettings.$inferSelect;
