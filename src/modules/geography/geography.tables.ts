import { doublePrecision, jsonb, pgTable, text } from 'drizzle-orm/pg-core';

export const wards = pgTable('wards', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  authorityCode: text('authority_code').notNull(),
  authorityName: text('authority_name').notNull(),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  geometry: jsonb('geometry').notNull(),
});

export type Ward = typeof wards.$inferSelect;
