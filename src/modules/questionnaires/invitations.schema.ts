/**
 * The pasted list of email addresses for private invitations: one per line, or separated by
 * commas, semicolons or spaces (as copied from a spreadsheet column or an email's To line).
 */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[A-Za-z]{2,}$/;

/** Enough for a panel or a stakeholder list in one go; more can be pasted again. */
export const MAX_INVITATIONS = 500;
const MAX_LIST_LENGTH = 150_000;

export type ParsedEmails = { ok: true; emails: string[]; duplicates: number } | { ok: false; error: string };

/** Splits, trims, lower-cases and de-duplicates; any invalid address refuses the whole list (nothing half sent). */
export function parseEmailList(raw: unknown): ParsedEmails {
  const text = typeof raw === 'string' ? raw : '';
  if (text.length > MAX_LIST_LENGTH) return { ok: false, error: 'The list must be 150,000 characters or fewer' };
  const addresses = text
    .split(/[\r\n,;]+/)
    .flatMap((part) => {
      // "Ada Lovelace <ada@example.com>" as pasted from an email client: keep the address.
      const angled = /<([^>]*)>/.exec(part);
      return angled ? [angled[1]!] : part.split(/\s+/);
    })
    .map((item) => item.trim())
    .filter(Boolean);
  if (addresses.length === 0) return { ok: false, error: 'Enter at least one email address' };
  const invalid = addresses.filter((item) => item.length > 254 || !EMAIL.test(item));
  if (invalid.length > 0) {
    const shown = invalid.slice(0, 5).map((item) => `“${item.slice(0, 60)}”`);
    const more = invalid.length > 5 ? ` and ${invalid.length - 5} more` : '';
    return {
      ok: false,
      error: `Enter email addresses in the correct format, like name@example.com: check ${shown.join(', ')}${more}`,
    };
  }
  const unique = [...new Set(addresses.map((a) => a.toLowerCase()))];
  if (unique.length > MAX_INVITATIONS)
    return { ok: false, error: `Enter ${MAX_INVITATIONS} email addresses or fewer at a time` };
  return { ok: true, emails: unique, duplicates: addresses.length - unique.length };
}
