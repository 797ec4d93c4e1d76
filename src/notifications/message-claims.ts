/**
 * One message per person. Any message an unauthenticated request can cause (a confirmation link,
 * a resume link, a code) asks claimMessage first, in the same transaction that would queue it:
 *
 *  - one pending record per (purpose, scope, contact), kept by a primary key, so parallel identical
 *    requests serialise on that row and exactly one of them is told to send;
 *  - a repeat within RESEND_AFTER_MS (15 minutes) is told not to send; the caller answers the same
 *    "we have sent you a link" page, so the answer never depends on what was sent before;
 *  - at most DAILY_CAP messages per contact per UTC day across every purpose, beside the per-IP
 *    rate limits, so many addresses together cannot flood one inbox.
 *
 * Contacts are hashed (SHA-256 of the normalised address), so these tables hold no personal data
 * and erasure has nothing to do here. See README.md for how modules use it.
 */
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

/** A repeat of the same request sends again only after this long. */
export const RESEND_AFTER_MS = 15 * 60_000;
/** Messages one contact may be sent in a day by unauthenticated requests, all purposes together. */
export const DAILY_CAP = 10;

export interface MessageClaim {
  /** What the message is for, e.g. 'people-join', 'questionnaire-resume', 'event-registration'. */
  purpose: string;
  /** What it is about, e.g. a consultation or event id; '' when the purpose has one scope. */
  scope?: string;
  /** The email address or phone number it goes to, as typed: it is normalised here. */
  contact: string;
  now: Date;
  /** Overrides RESEND_AFTER_MS (tests, or a purpose that needs a longer quiet period). */
  resendAfterMs?: number;
  /** Overrides DAILY_CAP. */
  dailyCap?: number;
}

export type ClaimOutcome =
  | { send: true; /** true for the first message of this record, false for a later re-send. */ first: boolean }
  | { send: false; reason: 'recently-sent' | 'daily-cap' };

/**
 * Email addresses lower-cased and trimmed; phone numbers as digits in +44 form (07…, 0044…,
 * +44 (0)…, spaces and dashes all give one spelling), so "the same person" is one record.
 */
export function normaliseContact(contact: string): string {
  const trimmed = contact.trim();
  if (trimmed.includes('@')) return trimmed.toLowerCase();
  if (/^[+\d\s().-]+$/.test(trimmed)) {
    let digits = trimmed.replace(/\(0\)/g, '').replace(/\D/g, '');
    if (trimmed.startsWith('+') || digits.startsWith('00')) digits = digits.replace(/^00/, '');
    else if (digits.startsWith('0')) digits = `44${digits.slice(1)}`;
    return `+${digits}`;
  }
  return trimmed.toLowerCase();
}

/** The stored form of a contact: a hash, so the tables say how often, never who. */
export function contactHash(contact: string): string {
  return createHash('sha256')
    .update(`soundings-contact:${normaliseContact(contact)}`, 'utf8')
    .digest('hex');
}

async function rows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows;
}

class CapReached extends Error {}

/**
 * Asks whether this message may be sent now, and if so records that it is being sent. Call it in
 * the transaction that queues the message, BEFORE writing the rows the message is about: a
 * parallel identical request then waits on the claim's row lock until this transaction commits,
 * sees the fresh claim, and is told not to send (so it should not write its rows either). If the
 * transaction rolls back, so does the claim.
 */
export async function claimMessage(tx: Db, claim: MessageClaim): Promise<ClaimOutcome> {
  const scope = claim.scope ?? '';
  const hash = contactHash(claim.contact);
  const cutoff = new Date(claim.now.getTime() - (claim.resendAfterMs ?? RESEND_AFTER_MS));
  const cap = claim.dailyCap ?? DAILY_CAP;
  const day = claim.now.toISOString().slice(0, 10);
  try {
    // A savepoint: a capped send must not leave the claim marked as sent.
    return await tx.transaction(async (sp) => {
      const claimed = await rows<{ sends: number }>(
        sp,
        sql`INSERT INTO message_claims (purpose, scope, contact_hash, first_sent_at, last_sent_at, sends)
            VALUES (${claim.purpose}, ${scope}, ${hash}, ${claim.now}, ${claim.now}, 1)
            ON CONFLICT (purpose, scope, contact_hash) DO UPDATE
              SET last_sent_at = excluded.last_sent_at, sends = message_claims.sends + 1
              WHERE message_claims.last_sent_at <= ${cutoff}
            RETURNING sends`,
      );
      if (!claimed.length) return { send: false, reason: 'recently-sent' } as const;
      const counted = await rows<{ sends: number }>(
        sp,
        sql`INSERT INTO message_recipient_days (contact_hash, day, sends) VALUES (${hash}, ${day}, 1)
            ON CONFLICT (contact_hash, day) DO UPDATE SET sends = message_recipient_days.sends + 1
              WHERE message_recipient_days.sends < ${cap}
            RETURNING sends`,
      );
      if (!counted.length) throw new CapReached();
      return { send: true, first: Number(claimed[0]!.sends) === 1 } as const;
    });
  } catch (error) {
    if (error instanceof CapReached) return { send: false, reason: 'daily-cap' };
    throw error;
  }
}

/**
 * Ends the pending record once its purpose is done (the link was followed, the request
 * confirmed), so the next genuine request sends straight away rather than waiting 15 minutes.
 * The daily count is kept.
 */
export async function releaseClaim(tx: Db, claim: { purpose: string; scope?: string; contact: string }) {
  await tx.execute(
    sql`DELETE FROM message_claims WHERE purpose = ${claim.purpose} AND scope = ${claim.scope ?? ''}
          AND contact_hash = ${contactHash(claim.contact)}`,
  );
}

/** Drops records too old to matter (run by the notifications job): claims after a day, counts after two. */
export async function pruneMessageClaims(db: Db, now: Date): Promise<void> {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  await db.execute(sql`DELETE FROM message_claims WHERE last_sent_at < ${dayAgo}`);
  await db.execute(
    sql`DELETE FROM message_recipient_days WHERE day < ${new Date(now.getTime() - 2 * 86_400_000).toISOString().slice(0, 10)}`,
  );
}
