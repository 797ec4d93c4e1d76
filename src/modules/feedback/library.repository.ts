/** The results library: closed consultations across the partnership, and "use what we already know" notes. */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { organisations } from '../accounts/index.ts';
import { consultations, consultationWards } from '../consultations/index.ts';
import { decisionConsultations, feedbackThemes, libraryRelations } from './feedback.tables.ts';
import { rows } from './sql-rows.ts';

export const LIBRARY_STATES = ['closed', 'feedback_published', 'archived'];

export interface LibraryFilter {
  q?: string;
  topic?: string;
  ward?: string;
  organisation?: string;
}

export interface LibraryRow {
  id: string;
  slug: string;
  title: string;
  summary: string;
  state: string;
  closes_at: Date | null;
  organisation_name: string;
  feedback_summary: string;
  theme_count: number;
  decision_count: number;
}

/** Closed consultations matching the filters, newest first, with counts of themes and decisions. */
export async function searchLibrary(db: Db, filter: LibraryFilter, limit: number, offset: number) {
  const where = [sql`c.state IN ('closed', 'feedback_published', 'archived')`];
  if (filter.q) {
    // What people said and what we did are searchable too, not only the consultation's own text.
    where.push(sql`(c.search @@ websearch_to_tsquery('english', ${filter.q})
      OR to_tsvector('english', c.feedback_summary) @@ websearch_to_tsquery('english', ${filter.q})
      OR EXISTS (SELECT 1 FROM ${feedbackThemes} t WHERE t.consultation_id = c.id
        AND to_tsvector('english', t.title || ' ' || t.response_text) @@ websearch_to_tsquery('english', ${filter.q})))`);
  }
  if (filter.topic) where.push(sql`${filter.topic} = ANY (c.topics)`);
  if (filter.organisation) where.push(sql`o.slug = ${filter.organisation}`);
  if (filter.ward) {
    where.push(sql`(c.borough_wide OR EXISTS (SELECT 1 FROM ${consultationWards} w
      WHERE w.consultation_id = c.id AND w.ward_code = ${filter.ward}))`);
  }
  const clause = sql.join(where, sql` AND `);
  const [count] = await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM ${consultations} c JOIN ${organisations} o ON o.id = c.lead_organisation_id WHERE ${clause}`,
  );
  const found = await rows<LibraryRow>(
    db,
    sql`SELECT c.id, c.slug, c.title, c.summary, c.state, c.closes_at, o.name AS organisation_name, c.feedback_summary,
          (SELECT count(*)::int FROM ${feedbackThemes} t WHERE t.consultation_id = c.id) AS theme_count,
          (SELECT count(*)::int FROM ${decisionConsultations} d WHERE d.consultation_id = c.id) AS decision_count
        FROM ${consultations} c JOIN ${organisations} o ON o.id = c.lead_organisation_id
        WHERE ${clause}
        ORDER BY c.closes_at DESC NULLS LAST, c.title
        LIMIT ${limit} OFFSET ${offset}`,
  );
  return { total: Number(count?.n ?? 0), rows: found };
}

/** Past consultations (closed in the last two years) sharing a topic or a ward with this one. */
export async function relatedPast(db: Db, consultationId: string, since: Date) {
  return rows<{
    id: string;
    slug: string;
    title: string;
    closes_at: Date | null;
    note: string | null;
    organisation_name: string;
  }>(
    db,
    sql`SELECT p.id, p.slug, p.title, p.closes_at, o.name AS organisation_name, r.note
        FROM ${consultations} c
        JOIN ${consultations} p ON p.id <> c.id
        JOIN ${organisations} o ON o.id = p.lead_organisation_id
        LEFT JOIN ${libraryRelations} r ON r.consultation_id = c.id AND r.past_consultation_id = p.id
        WHERE c.id = ${consultationId}
          AND p.state IN ('closed', 'feedback_published', 'archived')
          AND p.closes_at >= ${since}
          AND (p.topics && c.topics
            OR (p.borough_wide AND c.borough_wide)
            OR EXISTS (SELECT 1 FROM ${consultationWards} a JOIN ${consultationWards} b ON a.ward_code = b.ward_code
                       WHERE a.consultation_id = c.id AND b.consultation_id = p.id))
        ORDER BY p.closes_at DESC
        LIMIT 20`,
  );
}

export async function upsertRelation(db: Db, values: typeof libraryRelations.$inferInsert) {
  await db
    .insert(libraryRelations)
    .values(values)
    .onConflictDoUpdate({
      target: [libraryRelations.consultationId, libraryRelations.pastConsultationId],
      set: { note: values.note, notedBy: values.notedBy, updatedAt: values.updatedAt },
    });
}

export async function findRelation(db: Db, consultationId: string, pastId: string) {
  const [row] = await db
    .select()
    .from(libraryRelations)
    .where(and(eq(libraryRelations.consultationId, consultationId), eq(libraryRelations.pastConsultationId, pastId)));
  return row;
}
