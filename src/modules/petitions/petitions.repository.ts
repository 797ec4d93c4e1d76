/** SQL for petitions, signatures, thresholds and their fraud signals. */
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { prepared } from '../../db/prepared.ts';
import { organisations, staffUsers } from '../accounts/index.ts';
import { DISPOSABLE_DOMAINS } from './disposable-domains.ts';
import {
  petitions,
  petitionSettings,
  petitionSignatures,
  petitionThresholdsReached,
  type Petition,
  type PetitionSettings,
  type Signature,
} from './petitions.tables.ts';

export async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}
const ts = (value: Date) => sql`${value.toISOString()}::timestamptz`;
const textArray = (values: readonly string[]) =>
  values.length
    ? sql`ARRAY[${sql.join(
        values.map((v) => sql`${v}`),
        sql`, `,
      )}]::text[]`
    : sql`'{}'::text[]`;

/** The council that runs petitions here: the first council organisation. */
export async function councilOrganisation(db: Db) {
  const [row] = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.kind, 'council'))
    .orderBy(asc(organisations.createdAt))
    .limit(1);
  return row;
}

export const DEFAULT_SETTINGS = { openDays: 182, responseThreshold: 500, debateThreshold: 1500, supportersNeeded: 5 };

export async function getSettings(
  db: Db,
  organisationId: string,
): Promise<Omit<PetitionSettings, 'updatedBy' | 'updatedAt'>> {
  const [row] = await db.select().from(petitionSettings).where(eq(petitionSettings.organisationId, organisationId));
  return row ?? { organisationId, ...DEFAULT_SETTINGS };
}

export async function saveSettings(db: Db, values: typeof petitionSettings.$inferInsert) {
  const [row] = await db
    .insert(petitionSettings)
    .values(values)
    .onConflictDoUpdate({ target: petitionSettings.organisationId, set: { ...values } })
    .returning();
  return row!;
}

export async function insertPetition(db: Db, values: typeof petitions.$inferInsert) {
  const [row] = await db.insert(petitions).values(values).returning();
  return row!;
}

export async function findPetition(db: Db, id: string) {
  const [row] = await db.select().from(petitions).where(eq(petitions.id, id));
  return row;
}

export async function findPetitionByNumber(db: Db, number: number) {
  const [row] = await db.select().from(petitions).where(eq(petitions.number, number));
  return row;
}

export async function lockPetition(db: Db, id: string) {
  const [row] = await rows<{ id: string }>(db, sql`SELECT id FROM petitions WHERE id = ${id} FOR UPDATE`);
  return row ? findPetition(db, id) : undefined;
}

export async function updatePetition(
  db: Db,
  id: string,
  values: Partial<typeof petitions.$inferInsert>,
  fromStatus?: string[],
) {
  const [row] = await db
    .update(petitions)
    .set(values)
    .where(fromStatus ? and(eq(petitions.id, id), inArray(petitions.status, fromStatus)) : eq(petitions.id, id))
    .returning();
  return row;
}

export interface PetitionListRow {
  petition: Petition;
  signatures: number;
}

/** Public lists: open (not yet closed), closed, rejected, or with a response; newest first. */
export async function listPetitions(
  db: Db,
  organisationId: string,
  filter: 'open' | 'closed' | 'rejected' | 'responded' | 'moderation' | 'all',
  now: Date,
  limit = 100,
): Promise<PetitionListRow[]> {
  const where: Record<typeof filter, SQL> = {
    open: sql`p.status = 'open' AND p.closes_at > ${ts(now)}`,
    closed: sql`p.status = 'open' AND p.closes_at <= ${ts(now)}`,
    rejected: sql`p.status = 'rejected'`,
    responded: sql`p.response_published_at IS NOT NULL`,
    moderation: sql`p.status IN ('collecting', 'moderation')`,
    all: sql`p.status <> 'draft'`,
  };
  const found = await rows<{ id: string; signatures: number }>(
    db,
    sql`SELECT p.id, (SELECT count(*)::int FROM petition_signatures s
                      WHERE s.petition_id = p.id AND s.status = 'confirmed') AS signatures
        FROM petitions p
        WHERE p.organisation_id = ${organisationId} AND ${where[filter]}
        ORDER BY coalesce(p.opened_at, p.created_at) DESC LIMIT ${limit}`,
  );
  if (!found.length) return [];
  const byId = new Map(
    (
      await db
        .select()
        .from(petitions)
        .where(
          inArray(
            petitions.id,
            found.map((f) => f.id),
          ),
        )
    ).map((p) => [p.id, p]),
  );
  return found.map((f) => ({ petition: byId.get(f.id)!, signatures: f.signatures }));
}

/** Open petitions whose title shares words with this one: offered to moderators as possible duplicates. */
export async function similarOpenPetitions(db: Db, petition: Petition, now: Date) {
  return rows<{ id: string; number: number; title: string }>(
    db,
    sql`SELECT id, number, title FROM petitions
        WHERE organisation_id = ${petition.organisationId} AND id <> ${petition.id}
          AND status = 'open' AND closes_at > ${ts(now)}
          AND to_tsvector('english', title || ' ' || action) @@ plainto_tsquery('english', ${petition.title})
        ORDER BY opened_at DESC LIMIT 5`,
  );
}

export async function openPetitionsForDuplicate(db: Db, organisationId: string, excludeId: string, now: Date) {
  return rows<{ id: string; number: number; title: string }>(
    db,
    sql`SELECT id, number, title FROM petitions WHERE organisation_id = ${organisationId} AND id <> ${excludeId}
        AND status = 'open' AND closes_at > ${ts(now)} ORDER BY title LIMIT 500`,
  );
}

// Signatures.

export type SignatureValues = typeof petitionSignatures.$inferInsert;

/** Inserts, or returns undefined when this person (email key) already has a row on this petition. */
export async function insertSignature(db: Db, values: SignatureValues): Promise<Signature | undefined> {
  const [row] = await db
    .insert(petitionSignatures)
    .values(values)
    .onConflictDoNothing({ target: [petitionSignatures.petitionId, petitionSignatures.emailKey] })
    .returning();
  return row;
}

export async function findSignatureByEmailKey(db: Db, petitionId: string, key: string) {
  const [row] = await db
    .select()
    .from(petitionSignatures)
    .where(and(eq(petitionSignatures.petitionId, petitionId), eq(petitionSignatures.emailKey, key)));
  return row;
}

export async function findSignatureByTokenHash(db: Db, tokenHash: string) {
  const [row] = await db.select().from(petitionSignatures).where(eq(petitionSignatures.tokenHash, tokenHash));
  return row;
}

/** The signature behind a link with its petition: one prepared read, on every link page and press. */
export async function findByTokenHash(db: Db, tokenHash: string) {
  const query = prepared(db, 'petitions:by-token', (name) =>
    db
      .select({ signature: petitionSignatures, petition: petitions })
      .from(petitionSignatures)
      .innerJoin(petitions, eq(petitions.id, petitionSignatures.petitionId))
      .where(eq(petitionSignatures.tokenHash, sql.placeholder('hash')))
      .prepare(name),
  );
  const [row] = await query.execute({ hash: tokenHash });
  return row;
}

/**
 * A new link for a pending signature, at most once per quiet period: the conditional UPDATE lets
 * exactly one of several parallel repeats through.
 */
export async function renewToken(
  db: Db,
  id: string,
  values: {
    tokenHash: string;
    tokenExpiresAt: Date;
    name: string;
    postcode: string;
    wardCode: string | null;
    notifyMe: boolean;
  },
  now: Date,
  quietMs: number,
) {
  const [row] = await rows<{ id: string }>(
    db,
    sql`UPDATE petition_signatures SET token_hash = ${values.tokenHash}, token_expires_at = ${ts(values.tokenExpiresAt)},
          token_sent_at = ${ts(now)}, sends = sends + 1, name = ${values.name}, postcode = ${values.postcode},
          ward_code = ${values.wardCode}, notify_me = ${values.notifyMe}
        WHERE id = ${id} AND status = 'pending' AND token_sent_at <= ${ts(new Date(now.getTime() - quietMs))}
        RETURNING id`,
  );
  return Boolean(row);
}

/**
 * Confirms a pending signature: the one UPDATE that makes a signature count. Replays and parallel
 * clicks find it no longer pending and change nothing. The petition must still take signatures.
 */
export async function confirmSignature(db: Db, id: string, now: Date) {
  // One statement, prepared once: on its own it is atomic, so the common case needs no transaction.
  const query = prepared(db, 'petitions:confirm', (name) =>
    db
      .update(petitionSignatures)
      .set({ status: 'confirmed', confirmedAt: sql`${sql.placeholder('now')}::timestamptz` })
      .where(
        and(
          eq(petitionSignatures.id, sql.placeholder('id')),
          eq(petitionSignatures.status, 'pending'),
          sql`${petitionSignatures.tokenExpiresAt} > ${sql.placeholder('now')}::timestamptz`,
          sql`EXISTS (SELECT 1 FROM petitions p WHERE p.id = ${petitionSignatures.petitionId}
                AND (p.status IN ('draft', 'collecting', 'moderation')
                     OR (p.status = 'open' AND p.closes_at > ${sql.placeholder('now')}::timestamptz)))`,
        ),
      )
      .returning({ id: petitionSignatures.id })
      .prepare(name),
  );
  const [row] = await query.execute({ id, now: now.toISOString() });
  return Boolean(row);
}

export async function countConfirmed(db: Db, petitionId: string): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM petition_signatures WHERE petition_id = ${petitionId} AND status = 'confirmed'`,
  );
  return row?.n ?? 0;
}

export async function countSupporters(db: Db, petitionId: string): Promise<number> {
  const [row] = await rows<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM petition_signatures
        WHERE petition_id = ${petitionId} AND status = 'confirmed' AND NOT is_creator`,
  );
  return row?.n ?? 0;
}

export async function countByWard(db: Db, petitionId: string) {
  return rows<{ wardCode: string | null; n: number }>(
    db,
    sql`SELECT ward_code AS "wardCode", count(*)::int AS n FROM petition_signatures
        WHERE petition_id = ${petitionId} AND status = 'confirmed' GROUP BY ward_code ORDER BY n DESC`,
  );
}

/** Confirmed counts for many petitions at once (the thresholds job). */
export async function countsForOpenPetitions(db: Db, now: Date) {
  return rows<{ id: string; organisationId: string; n: number }>(
    db,
    sql`SELECT p.id, p.organisation_id AS "organisationId", count(s.id)::int AS n
        FROM petitions p JOIN petition_signatures s ON s.petition_id = p.id AND s.status = 'confirmed'
        WHERE p.status = 'open' AND p.closes_at > ${ts(new Date(now.getTime() - 86_400_000))}
          AND (SELECT count(*) FROM petition_thresholds_reached r WHERE r.petition_id = p.id) < 2
        GROUP BY p.id`,
  );
}

/** Records a threshold once: the primary key keeps a second attempt (parallel or later) out. */
export async function recordThreshold(db: Db, values: typeof petitionThresholdsReached.$inferInsert) {
  const [row] = await db.insert(petitionThresholdsReached).values(values).onConflictDoNothing().returning();
  return row;
}

export async function thresholdsReached(db: Db, petitionId: string) {
  return db
    .select()
    .from(petitionThresholdsReached)
    .where(eq(petitionThresholdsReached.petitionId, petitionId))
    .orderBy(asc(petitionThresholdsReached.reachedAt));
}

/** Who asked to be told: confirmed signers who ticked the box, and the creator. */
export async function signersToTell(db: Db, petitionId: string) {
  return db
    .select({ id: petitionSignatures.id, name: petitionSignatures.name, email: petitionSignatures.email })
    .from(petitionSignatures)
    .where(
      and(
        eq(petitionSignatures.petitionId, petitionId),
        eq(petitionSignatures.status, 'confirmed'),
        sql`(${petitionSignatures.notifyMe} OR ${petitionSignatures.isCreator})`,
      ),
    );
}

export async function creatorOf(db: Db, petitionId: string) {
  const [row] = await db
    .select()
    .from(petitionSignatures)
    .where(and(eq(petitionSignatures.petitionId, petitionId), eq(petitionSignatures.isCreator, true)));
  return row;
}

export async function staffUser(db: Db, id: string) {
  const [row] = await db
    .select({
      id: staffUsers.id,
      name: staffUsers.name,
      email: staffUsers.email,
      organisationId: staffUsers.organisationId,
    })
    .from(staffUsers)
    .where(eq(staffUsers.id, id));
  return row;
}

/** Council officers who may lead on a petition: active, not councillors, of the petition's organisation. */
export async function leadOfficerChoices(db: Db, organisationId: string) {
  return db
    .select({ id: staffUsers.id, name: staffUsers.name, email: staffUsers.email })
    .from(staffUsers)
    .where(
      and(
        eq(staffUsers.organisationId, organisationId),
        eq(staffUsers.active, true),
        sql`${staffUsers.role} <> 'councillor'`,
      ),
    )
    .orderBy(asc(staffUsers.name));
}

export async function reviewersOf(db: Db, organisationId: string) {
  return db
    .select({ id: staffUsers.id, name: staffUsers.name, email: staffUsers.email })
    .from(staffUsers)
    .where(
      and(
        eq(staffUsers.organisationId, organisationId),
        eq(staffUsers.active, true),
        inArray(staffUsers.role, ['engagement_officer', 'administrator']),
      ),
    );
}

// Fraud signals.

export interface NetworkSignal {
  networkHash: string;
  signatures: number;
  busiestMinute: number;
  firstAt: Date;
  lastAt: Date;
}

/** Networks by signatures (any status but already invalidated), with their busiest minute. */
export async function networkSignals(db: Db, petitionId: string, limit = 10): Promise<NetworkSignal[]> {
  const found = await rows<{
    networkHash: string;
    signatures: number;
    busiestMinute: number;
    firstAt: string;
    lastAt: string;
  }>(
    db,
    sql`SELECT network_hash AS "networkHash", sum(c)::int AS signatures, max(c)::int AS "busiestMinute",
               min(first_at) AS "firstAt", max(last_at) AS "lastAt"
        FROM (SELECT network_hash, date_trunc('minute', created_at) AS m, count(*) AS c,
                     min(created_at) AS first_at, max(created_at) AS last_at
              FROM petition_signatures WHERE petition_id = ${petitionId} AND status <> 'invalidated'
              GROUP BY network_hash, m) per_minute
        GROUP BY network_hash ORDER BY signatures DESC LIMIT ${limit}`,
  );
  return found.map((f) => ({ ...f, firstAt: new Date(f.firstAt), lastAt: new Date(f.lastAt) }));
}

export async function addressSignals(db: Db, petitionId: string, minimum: number) {
  return rows<{ addressHash: string; signatures: number }>(
    db,
    sql`SELECT address_hash AS "addressHash", count(*)::int AS signatures FROM petition_signatures
        WHERE petition_id = ${petitionId} AND status <> 'invalidated'
        GROUP BY address_hash HAVING count(*) >= ${minimum} ORDER BY signatures DESC LIMIT 10`,
  );
}

const disposableList = () => textArray([...DISPOSABLE_DOMAINS]);

export async function disposableSignals(db: Db, petitionId: string) {
  return rows<{ domain: string; signatures: number }>(
    db,
    sql`SELECT email_domain AS domain, count(*)::int AS signatures FROM petition_signatures
        WHERE petition_id = ${petitionId} AND status <> 'invalidated' AND email_domain = ANY(${disposableList()})
        GROUP BY email_domain ORDER BY signatures DESC`,
  );
}

export async function statusCounts(db: Db, petitionId: string) {
  return rows<{ status: string; n: number }>(
    db,
    sql`SELECT status, count(*)::int AS n FROM petition_signatures WHERE petition_id = ${petitionId} GROUP BY status`,
  );
}

export type SignatureGroup =
  | { kind: 'network'; value: string }
  | { kind: 'address'; value: string }
  | { kind: 'disposable' }
  | { kind: 'signature'; value: string };

const groupWhere = (group: SignatureGroup): SQL => {
  switch (group.kind) {
    case 'network':
      return sql`network_hash = ${group.value}`;
    case 'address':
      return sql`address_hash = ${group.value}`;
    case 'disposable':
      return sql`email_domain = ANY(${disposableList()})`;
    case 'signature':
      return sql`id = ${group.value}`;
  }
};

/** Invalidates a group of signatures (never already invalidated ones); returns the ids changed. */
export async function invalidateSignatures(
  db: Db,
  petitionId: string,
  group: SignatureGroup,
  values: { reason: string; by: string; now: Date },
) {
  return rows<{ id: string; wasConfirmed: boolean }>(
    db,
    sql`UPDATE petition_signatures s SET status = 'invalidated', invalidated_at = ${ts(values.now)},
          invalidated_by = ${values.by}, invalidated_reason = ${values.reason}
        FROM (SELECT id, status = 'confirmed' AS was_confirmed FROM petition_signatures
              WHERE petition_id = ${petitionId} AND status <> 'invalidated' AND ${groupWhere(group)}
              FOR UPDATE) old
        WHERE s.id = old.id
        RETURNING s.id, old.was_confirmed AS "wasConfirmed"`,
  );
}

export async function recentSignatures(db: Db, petitionId: string, limit = 50) {
  return db
    .select()
    .from(petitionSignatures)
    .where(eq(petitionSignatures.petitionId, petitionId))
    .orderBy(desc(petitionSignatures.createdAt))
    .limit(limit);
}

/**
 * Blanks who signed (name, email, postcode, link) on petitions closed or rejected before `before`,
 * keeping ward and status so every count stays as it was. Returns the emails blanked, so the
 * messages to them can be forgotten too.
 */
export async function eraseSigners(db: Db, before: Date) {
  return rows<{ email: string }>(
    db,
    sql`WITH old AS (
          SELECT s.id, s.email FROM petition_signatures s JOIN petitions p ON p.id = s.petition_id
          WHERE s.email <> ''
            AND ((p.status = 'open' AND p.closes_at < ${ts(before)})
              OR (p.status = 'rejected' AND p.moderated_at < ${ts(before)}))
          FOR UPDATE OF s)
        UPDATE petition_signatures s SET name = '', email = '', email_key = 'erased:' || s.id, postcode = '',
          token_hash = NULL, address_hash = '', network_hash = ''
        FROM old WHERE s.id = old.id
        RETURNING old.email`,
  );
}
