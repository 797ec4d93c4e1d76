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
import * as repo from './people.repository.ts';
import { CONFIRM_DAYS, hashToken, newToken } from './tokens.ts';

export const MAX_IMPORT_ROWS = 5000;

export interface ImportRow {
  line: number;
  fullName: string;
  email: string | null;
  phone: string | null;
  postcode: string | null;
  /** An existing person this row matches (by email or phone). */
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

/** Reads and checks a CSV without storing anything. */
export async function dryRunImport(deps: Deps, csv: string): Promise<DryRun> {
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
    if (existing && !existing.erasedAt) {
      row.existingId = existing.id;
      result.matchesExisting++;
    }
  }
  return result;
}

export type ImportOutcome =
  | { ok: true; created: number; linked: number; skipped: number }
  | { ok: false; reason: 'invalid-file'; dryRun: DryRun };

/** Imports the checked rows into a panel for the officer's organisation, in one transaction. */
export async function runImport(
  deps: Deps,
  user: CurrentUser,
  actor: Actor,
  panelId: string,
  csv: string,
): Promise<ImportOutcome> {
  const dryRun = await dryRunImport(deps, csv);
  if (dryRun.fatal) return { ok: false, reason: 'invalid-file', dryRun };
  const now = deps.clock.now();
  const organisation = (await listOrganisations(deps.db)).find((o) => o.id === user.organisationId);
  let created = 0;
  let linked = 0;
  await deps.db.transaction(async (tx) => {
    for (const row of dryRun.rows) {
      // Matched again inside the transaction: the dry run's answer may be stale.
      const existing = await repo.findPersonByContact(tx, row.email, row.phone);
      let personId: string;
      if (existing && !existing.erasedAt) {
        personId = existing.id;
        const organisationIds = [...new Set([...existing.organisationIds, user.organisationId])];
        // Linked, not overwritten: the details the person gave us themselves win.
        await repo.updatePerson(tx, existing.id, { organisationIds, updatedAt: now });
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
        rowErrors: dryRun.errors.length,
        duplicatesInFile: dryRun.duplicatesInFile.length,
      },
    });
  });
  return { ok: true, created, linked, skipped: dryRun.errors.length + dryRun.duplicatesInFile.length };
}
