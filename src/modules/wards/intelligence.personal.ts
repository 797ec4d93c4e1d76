/**
 * Intelligence records what was said, never who said it. Free text is checked for the personal
 * details people most often type by habit: an email address, a phone number, a postcode. The
 * officer is warned and asked to take them out; nothing is stored until they do.
 */

export type PersonalDetail = 'email' | 'phone' | 'postcode';

const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)+/i;
// UK numbers: 01/02/03/07/08 with 9-10 more digits, or +44; spaces, dots, dashes and brackets allowed.
const PHONE = /(?:\+\s?44\s?\(?0?\)?|\b0)(?:[\s().-]*\d){9,10}\b/;
// The full postcode, any spacing (E1 6AN, RM10 7BS, SW1A1AA, ig11 7ly).
const POSTCODE = /\b(?:GIR\s?0AA|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b/i;

export const PERSONAL_LABELS: Record<PersonalDetail, string> = {
  email: 'an email address',
  phone: 'a phone number',
  postcode: 'a postcode',
};

/** Which kinds of personal detail the text seems to hold, in a fixed order. */
export function findPersonalDetails(text: string): PersonalDetail[] {
  const found: PersonalDetail[] = [];
  if (EMAIL.test(text)) found.push('email');
  if (PHONE.test(text)) found.push('phone');
  if (POSTCODE.test(text)) found.push('postcode');
  return found;
}

/** "Remove the email address and phone number from the summary", GOV.UK style. */
export function personalDetailsMessage(field: string, found: PersonalDetail[]): string {
  const names = found.map((f) => PERSONAL_LABELS[f].replace(/^an? /, 'the '));
  const list =
    names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)!.replace(/^the /, '')}` : names[0]!;
  return `Remove ${list} from the ${field}: do not record anything that could identify a person`;
}
