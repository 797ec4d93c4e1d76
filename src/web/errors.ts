/**
 * One helper turns a zod error into what GOV.UK pages need: the error summary list (each item
 * linking to its field) and the inline message per field.
 */
import type { ZodError } from 'zod';

export interface GovukErrors {
  /** For govukErrorSummary's errorList. */
  list: { text: string; href: string }[];
  /** For each field's errorMessage. */
  fields: Record<string, { text: string }>;
}

/** A field's id in the page; date inputs link to their first part (the "-day" suffix). */
export type FieldAnchors = Record<string, string>;

export function toGovukErrors(error: ZodError, anchors: FieldAnchors = {}): GovukErrors {
  const fields: GovukErrors['fields'] = {};
  const list: GovukErrors['list'] = [];
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || 'form';
    if (fields[field]) continue; // first message per field, as GOV.UK asks
    fields[field] = { text: issue.message };
    list.push({ text: issue.message, href: `#${anchors[field] ?? field}` });
  }
  return { list, fields };
}

/** A single error not from a schema (for example "Your email or password is wrong"). */
export function singleError(field: string, text: string, anchor = field): GovukErrors {
  return { list: [{ text, href: `#${anchor}` }], fields: { [field]: { text } } };
}
