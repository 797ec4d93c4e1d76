/**
 * Importing an existing list (a partner's mailing list, an old panel spreadsheet): a dry run that
 * reports every row's problem and every duplicate, then the import itself. People are matched on
 * normalised email and phone across the whole partnership, so the same person held by two
 * organisations is one record. Nobody imported is contacted about the panel except to ask them to
 * confirm (double opt-in); until then their membership stays "invited".
 */
import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { formatDateTime } from '../../web/format.ts';
import { recordAudit } from '../audit/index.ts';
import { listOrganisations } from '../accounts/index.ts';
import { normalisePostcode, wardForPostcode } from '../questionnaires/index.ts';
import { normaliseEmail, normalisePhone, parseCsv } from './contact-details.ts';
import { holds } from './people.policy.ts';
import * as repo from './people.repository.ts';
import type { Person } from './people.tables.ts';
import type { Db } from '../../db/client.ts';
import { claimMessage } from '../../notifications/message-claims.ts';
import { CONFIRM_DAYS, hashToken, newToken } from './tokens.ts';

export const MAX_IMPORT_ROWS = 5000;

export interface ImportRow {
  line: number;
  fullName: string;
  email: string | null;
  phone: string | null;
  postcode: string | null;
  /**
   * An existing person this row matches (by email or phone) whom the importing organisation
   * already holds. A match held only by others is not reported at all: it looks like a new row.
   */
  existingId?: string;
}

export interface DryRun {
  rows: ImportRow[];
  errors: { line: number; message: string }[];
  duplicatesInFile: { line: number; sameAs: number }[];
  matchesExisting: number;
  fatal?: string;
}

const HEADERS: Record<string, string[]> = {
  fullName: ['name', 'full name', 'full_name', 'fullname'],
  email: ['email', 'email address', 'e-mail'],
  phone: ['phone', 'mobile', 'telephone', 'phone number', 'mobile number'],
  postcode: ['postcode', 'post code'],
};

/**
 * Reads and checks a CSV without storing anything. "Already held" counts only people the importing
 * organisation holds itself; a row matching anyone else's record (or a resident's own) is shown
 * exactly like a new row, so the dry run cannot be used to learn who is in the database.
 */
export async function dryRunImport(deps: Deps, csv: string, organisationId: string): Promise<DryRun> {
  const table = parseCsv(csv);
  const empty: DryRun = { rows: [], errors: [], duplicatesInFile: [], matchesExisting: 0 };
  if (table.length < 2) return { ...empty, fatal: 'The file must have a header row and at least one person' };
  if (table.length - 1 > MAX_IMPORT_ROWS)
    return { ...empty, fatal: `The file must have ${MAX_IMPORT_ROWS} rows or fewer` };
  const header = table[0]!.map((h) => h.trim().toLowerCase());
  const column = Object.fromEntries(
    Object.entries(HEADERS).map(([key, names]) => [key, header.findIndex((h) => names.includes(h))]),
  ) as Record<keyof typeof HEADERS, number>;
  if (column.fullName! < 0 || (column.email! < 0 && column.phone! < 0)) {
    return { ...empty, fatal: 'The header row must name a "name" column and an "email" or "phone" column' };
  }
  const result: DryRun = { ...empty };
  const seen = new Map<string, number>();
  table.slice(1).forEach((cells, index) => {
    const line = index + 2;
    const cell = (key: string) => (column[key]! >= 0 ? (cells[column[key]!] ?? '').trim() : '');
    const fullName = cell('fullName');
    const rawEmail = cell('email');
    const rawPhone = cell('phone');
    const rawPostcode = cell('postcode');
    const email = normaliseEmail(rawEmail);
    const phone = normalisePhone(rawPhone);
    const postcode = rawPostcode ? normalisePostcode(rawPostcode) : null;
    const problems: string[] = [];
    if (!fullName) problems.push('enter a name');
    else if (fullName.length > 100 || /[<>]/.test(fullName))
      problems.push('the name must be 100 characters or fewer, without < or >');
    if (!rawEmail && !rawPhone) problems.push('enter an email address or a phone number');
    if (rawEmail && !email) problems.push('the email address is not in the correct format');
    if (rawPhone && !phone) problems.push('the phone number is not a UK number');
    if (rawPostcode && !postcode) problems.push('the postcode is not a full UK postcode');
    if (problems.length) {
      result.errors.push({ line, message: `Row ${line}: ${problems.join('; ')}` });
      return;
    }
    const keys = [email && `e:${email}`, phone && `p:${phone}`].filter(Boolean) as string[];
    const earlier = keys.map((k) => seen.get(k)).find((l) => l !== undefined);
    if (earlier !== undefined) {
      result.duplicatesInFile.push({ line, sameAs: earlier });
      return;
    }
    for (const k of keys) seen.set(k, line);
    result.rows.push({ line, fullName, email, phone, postcode });
  });
  for (const row of result.rows) {
    const existing = await repo.findPersonByContact(deps.db, row.email, row.phone);
    if (existing && !existing.erasedAt && holds(organisationId, existing)) {
      row.existingId = existing.id;
      result.matchesExisting++;
    }
  }
  return result;
}

export type ImportOutcome =
  | {
      ok: true;
      /** New records, plus matches held by others that became invitations (shown together, like the dry run). */
      created: number;
      linked: number;
      skipped: number;
    }
  | { ok: false; reason: 'invalid-file'; dryRun: DryRun };

/**
 * Imports the checked rows into a panel for the officer's organisation, in one transaction.
 * The rule (people.policy.ts): an import never grants an organisation a person it does not
 * already hold. A row matching someone the organisation holds is linked to the panel; a row
 * matching anyone else becomes a share invitation the resident may accept by a single-use link
 * (nothing about them changes until then); only a row matching nobody creates a record.
 */
export async function runImport(
  deps: Deps,
  user: CurrentUser,
  actor: Actor,
  panelId: string,
  csv: string,
): Promise<ImportOutcome> {
  const dryRun = await dryRunImport(deps, csv, user.organisationId);
  if (dryRun.fatal) return { ok: false, reason: 'invalid-file', dryRun };
  const now = deps.clock.now();
  const organisation = (await listOrganisations(deps.db)).find((o) => o.id === user.organisationId);
  let created = 0;
  let linked = 0;
  let invited = 0;
  await deps.db.transaction(async (tx) => {
    for (const row of dryRun.rows) {
      // Matched again inside the transaction: the dry run's answer may be stale.
      const existing = await repo.findPersonByContact(tx, row.email, row.phone);
      let personId: string;
      if (existing && !existing.erasedAt && !holds(user.organisationId, existing)) {
        // Held by someone else (or the resident's own record): ask the resident; grant nothing.
        await inviteToShare(deps, tx, existing, user.organisationId, organisation?.name, panelId, now);
        invited++;
        continue;
      }
      if (existing && !existing.erasedAt) {
        // Already held by this organisation: linked to the panel, not overwritten.
        personId = existing.id;
        linked++;
      } else {
        const wardCode = row.postcode ? await wardForPostcode({ ...deps, db: tx }, row.postcode) : null;
        const person = await repo.insertPerson(tx, {
          fullName: row.fullName,
          email: row.email,
          phone: row.phone,
          postcode: row.postcode,
          wardCode,
          source: 'import',
          organisationIds: [user.organisationId],
          channels: row.email ? ['email'] : ['sms'],
          createdAt: now,
          updatedAt: now,
          lastActiveAt: now,
        });
        personId = person.id;
        created++;
        if (person.email || person.phone) {
          const token = newToken();
          const expiresAt = new Date(now.getTime() + CONFIRM_DAYS * 86_400_000);
          await repo.insertToken(tx, { personId, purpose: 'confirm', tokenHash: hashToken(token), expiresAt });
          await deps.notifier.queue(tx, {
            reference: `people-invited-to-confirm:${personId}`,
            template: person.email ? 'people-invited-to-confirm' : 'people-invited-to-confirm-sms',
            recipient: (person.email ?? person.phone)!,
            personalisation: {
              name: person.fullName ?? '',
              organisation: organisation?.name ?? 'The partnership',
              panels: 'the residents’ panel',
              link: `${deps.config.baseUrl}/panels/confirm/${token}`,
              expires: formatDateTime(expiresAt),
            },
          });
        }
      }
      await repo.addMembership(tx, panelId, personId, 'invited', now);
      await repo.addEvent(tx, {
        personId,
        panelId,
        kind: 'imported',
        detail: organisation?.name ?? '',
        occurredAt: now,
      });
    }
    await recordAudit(tx, actor, {
      action: 'people.imported',
      entityType: 'panel',
      entityId: panelId,
      after: {
        created,
        linked,
        invitedToShare: invited,
        rowErrors: dryRun.errors.length,
        duplicatesInFile: dryRun.duplicatesInFile.length,
      },
    });
  });
  return {
    ok: true,
    created: created + invited,
    linked,
    skipped: dryRun.errors.length + dryRun.duplicatesInFile.length,
  };
}

/** Days a share invitation's link works: the join confirmation's lifetime. */
const SHARE_DAYS = CONFIRM_DAYS;

/**
 * A single-use link (stored hashed) asking the resident whether this organisation may hold them
 * and add them to this panel. Importing the same list again does not re-send within 15 minutes
 * (one message per person).
 */
async function inviteToShare(
  deps: Deps,
  tx: Db,
  person: Person,
  organisationId: string,
  organisationName: string | undefined,
  panelId: string,
  now: Date,
) {
  const recipient = person.email ?? person.phone;
  if (!recipient) return;
  const claim = await claimMessage(tx, {
    purpose: 'people-share',
    scope: `${organisationId}:${panelId}`,
    contact: recipient,
    now,
  });
  if (!claim.send) return;
  const token = newToken();
  const tokenHash = hashToken(token);
  const expiresAt = new Date(now.getTime() + SHARE_DAYS * 86_400_000);
  await repo.insertToken(tx, {
    personId: person.id,
    purpose: 'share',
    tokenHash,
    organisationId,
    panelId,
    expiresAt,
    createdAt: now,
  });
  await deps.notifier.queue(tx, {
    reference: `people-share-invitation:${tokenHash.slice(0, 24)}`,
    template: person.email ? 'people-share-invitation' : 'people-share-invitation-sms',
    recipient,
    personalisation: {
      organisation: organisationName ?? 'A partner organisation',
      panels: 'the residents’ panel',
      link: `${deps.config.baseUrl}/panels/share/${token}`,
      expires: formatDateTime(expiresAt),
    },
  });
}
