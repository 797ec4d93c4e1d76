/** The forms of the responding journey that are not questionnaire questions, with GOV.UK wording. */
import { z } from 'zod';

export const RESPONDENT_TYPES = [
  { value: 'individual', text: 'As an individual' },
  { value: 'organisation', text: 'On behalf of an organisation or group' },
] as const;

export const PUBLICATION_CONSENTS = [
  { value: 'publish_named', text: 'Yes, publish my response with my name' },
  { value: 'publish_anonymous', text: 'Yes, publish my response without my name' },
  { value: 'do_not_publish', text: 'No, do not publish my response' },
] as const;

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[A-Za-z]{2,}$/;

const emailField = (emptyMessage: string) =>
  z
    .string()
    .trim()
    .min(1, emptyMessage)
    .max(254, 'Email address must be 254 characters or fewer')
    .regex(EMAIL, 'Enter an email address in the correct format, like name@example.com')
    .transform((value) => value.toLowerCase());

/** "Save and come back later": where to send the link. */
export const saveForLaterSchema = z.object({ email: emailField('Enter your email address') });

const text = z.string().default('');

/**
 * "About your response". Fields the questionnaire does not ask are ignored; every cross-field rule
 * is checked at once so a person sees all the problems together.
 */
export function aboutResponseSchema(options: { askRespondentType: boolean; askPublicationConsent: boolean }) {
  return z
    .object({
      respondentType: text,
      organisationName: text,
      publicationConsent: text,
      respondentName: text,
      email: text,
      wantsUpdates: text,
    })
    .transform((raw) => ({
      respondentType: options.askRespondentType ? raw.respondentType.trim() : 'individual',
      organisationName: raw.organisationName.trim(),
      publicationConsent: options.askPublicationConsent ? raw.publicationConsent.trim() : 'do_not_publish',
      respondentName: raw.respondentName.trim(),
      email: raw.email.trim().toLowerCase(),
      wantsUpdates: raw.wantsUpdates === 'yes',
    }))
    .superRefine((value, ctx) => {
      const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
      if (!RESPONDENT_TYPES.some((t) => t.value === value.respondentType)) {
        issue('respondentType', 'Select whether you are responding as an individual or for an organisation');
      } else if (value.respondentType === 'organisation') {
        if (!value.organisationName) issue('organisationName', 'Enter the name of your organisation or group');
        else if (value.organisationName.length > 200) issue('organisationName', 'Organisation name must be 200 characters or fewer');
      }
      if (!PUBLICATION_CONSENTS.some((c) => c.value === value.publicationConsent)) {
        issue('publicationConsent', 'Select whether we may publish your response');
      } else if (value.publicationConsent === 'publish_named') {
        if (!value.respondentName) issue('respondentName', 'Enter the name to publish with your response');
        else if (value.respondentName.length > 200) issue('respondentName', 'Name must be 200 characters or fewer');
      }
      if (value.email) {
        if (value.email.length > 254) issue('email', 'Email address must be 254 characters or fewer');
        else if (!EMAIL.test(value.email)) issue('email', 'Enter an email address in the correct format, like name@example.com');
      } else if (value.wantsUpdates) {
        issue('email', 'Enter your email address so we can tell you when feedback is published');
      }
    })
    .transform((value) => ({
      ...value,
      organisationName: value.respondentType === 'organisation' ? value.organisationName : '',
      respondentName: value.publicationConsent === 'publish_named' ? value.respondentName : '',
    }));
}

export type AboutResponse = z.output<ReturnType<typeof aboutResponseSchema>>;

/** Strings (and lists of strings) from a posted form; anything else is dropped. */
export function formFields(body: unknown): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  if (!body || typeof body !== 'object') return fields;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf' || key === 'action') continue;
    if (typeof value === 'string') fields[key] = value;
    else if (Array.isArray(value)) fields[key] = value.filter((v): v is string => typeof v === 'string');
  }
  return fields;
}
