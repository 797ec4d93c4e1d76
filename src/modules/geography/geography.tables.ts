import { doublePrecision, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const wards = pgTable('wards', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  authorityCode: text('authority_code').notNull(),
  authorityName: text('authority_name').notNull(),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  geometry: jsonb('geometry').notNull(),
  nameCy: text('name_cy'),
  /** Set when a newer boundary file no longer has the ward; its code stays resolvable for history. */
  retiredAt: timestamp('retired_at', { withTimezone: true }),
  boundarySet: text('boundary_set'),
});

export const wardSuccessors = pgTable(
  'ward_successors',
  { oldCode: text('old_code').notNull(), newCode: text('new_code').notNull() },
  (t) => [primaryKey({ columns: [t.oldCode, t.newCode] })],
);

export const wardChangeFlags = pgTable('ward_change_flags', {
  id: uuid('id').primaryKey().defaultRandom(),
  subject: text('subject').notNull(),
  subjectId: text('subject_id').notNull(),
  oldCode: text('old_code').notNull(),
  reason: text('reason').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
});

export type Ward = typeof wards.$inferSelect;
