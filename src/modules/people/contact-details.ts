/** One spelling per email address and phone number, so the same person is found however they were typed. */

/** Lower-case and trimmed; null when it is not a plausible email address. */
export function normaliseEmail(input: string | null | undefined): string | null {
  const email = (input ?? '').trim().toLowerCase();
  if (!email) return null;
  return /^[^\s@<>"',;]+@[^\s@<>"',;]+\.[a-z]{2,}$/.test(email) && email.length <= 254 ? email : null;
}

/**
 * UK numbers in international form (+447700900123). Accepts 07…, 0044…, +44 (0)…, spaces,
 * dashes and brackets; null when it is not a UK number of the right length.
 */
export function normalisePhone(input: string | null | undefined): string | null {
  let digits = (input ?? '').trim();
  if (!digits) return null;
  if (!/^[+\d\s().-]+$/.test(digits)) return null;
  const international = digits.startsWith('+');
  digits = digits.replace(/\(0\)/g, '').replace(/\D/g, '');
  if (international || digits.startsWith('00')) {
    digits = digits.replace(/^00/, '');
    if (!digits.startsWith('44')) return null;
    digits = digits.slice(2);
  } else if (digits.startsWith('0')) {
    digits = digits.slice(1);
  } else {
    return null;
  }
  return /^[1-9]\d{8,9}$/.test(digits) ? `+44${digits}` : null;
}

export const isMobile = (phone: string) => phone.startsWith('+447');

/** Spreadsheet programs run cells starting with these as formulas; a leading apostrophe stops that. */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Parses CSV (RFC 4180: quoted fields, doubled quotes, CRLF or LF); a byte-order mark is ignored. */
export function parseCsv(input: string): string[][] {
  const text = input.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.some((cell) => cell.trim() !== ''));
}
