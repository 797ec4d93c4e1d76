/**
 * The joining journey, one question per page (GOV.UK pattern). Each step parses its own form into
 * the draft; `nextStep` decides where to go, so the ward question appears only when the postcode
 * is not one we know.
 */
import type { ZodType } from 'zod';
import type { GovukErrors } from '../../web/errors.ts';
import { toGovukErrors } from '../../web/errors.ts';
import { cleanAboutYou, type JoinDraft } from './membership.service.ts';
import {
  channelsSchema,
  consentSchema,
  contactSchema,
  nameSchema,
  needsSchema,
  panelsSchema,
  postcodeSchema,
  topicsSchema,
  wardSchema,
} from './people.schema.ts';

export const STEPS = [
  'panels',
  'name',
  'contact',
  'postcode',
  'ward',
  'topics',
  'channels',
  'needs',
  'about-you',
  'consent',
] as const;
export type Step = (typeof STEPS)[number];
export const isStep = (value: string): value is Step => (STEPS as readonly string[]).includes(value);

export const STEP_TITLES: Record<Step, string> = {
  panels: 'Which panels would you like to join?',
  name: 'What is your full name?',
  contact: 'How can we contact you?',
  postcode: 'What is your postcode?',
  ward: 'Which ward do you live in?',
  topics: 'Which topics are you interested in?',
  channels: 'How would you like us to contact you?',
  needs: 'Language and access needs',
  'about-you': 'About you',
  consent: 'Your privacy',
};

/** Whether a step has been answered (the ward only matters when the postcode is unknown). */
export function answered(draft: JoinDraft, step: Step): boolean {
  switch (step) {
    case 'panels':
      return !!draft.panels?.length;
    case 'name':
      return !!draft.fullName;
    case 'contact':
      return !!(draft.email || draft.phone);
    case 'postcode':
      return !!draft.postcode;
    case 'ward':
      return draft.wardKnown === true || !!draft.wardCode;
    case 'topics':
      return !!draft.topics?.length;
    case 'channels':
      return !!draft.channels?.length;
    case 'needs':
      return draft.language !== undefined;
    case 'about-you':
      return draft.aboutYouDone === true;
    case 'consent':
      return draft.consent === true;
  }
}

export const firstUnanswered = (draft: JoinDraft): Step | undefined => STEPS.find((s) => !answered(draft, s));

export function nextStep(draft: JoinDraft, step: Step): Step | 'check' {
  const index = STEPS.indexOf(step);
  for (const candidate of STEPS.slice(index + 1)) {
    if (candidate === 'ward' && draft.wardKnown) continue;
    return candidate;
  }
  return 'check';
}

export function previousStep(draft: JoinDraft, step: Step): Step | undefined {
  const index = STEPS.indexOf(step);
  for (const candidate of STEPS.slice(0, index).reverse()) {
    if (candidate === 'ward' && draft.wardKnown) continue;
    return candidate;
  }
  return undefined;
}

type Parsed = { ok: true; changes: Partial<JoinDraft> } | { ok: false; errors: GovukErrors };

function run<T>(schema: ZodType<T>, body: unknown, map: (value: T) => Partial<JoinDraft>, anchors = {}): Parsed {
  const parsed = schema.safeParse(body);
  return parsed.success
    ? { ok: true, changes: map(parsed.data) }
    : { ok: false, errors: toGovukErrors(parsed.error, anchors) };
}

/** Parses one step's form. The postcode step needs the ward lookup, done by the caller. */
export function parseStep(
  step: Step,
  body: Record<string, unknown>,
  context: { panelSlugs: string[]; wardCodes: string[] },
): Parsed {
  switch (step) {
    case 'panels':
      return run(panelsSchema(context.panelSlugs), body, (v) => ({ panels: v.panels }), { panels: 'panels' });
    case 'name':
      return run(nameSchema, body, (v) => ({ fullName: v.fullName }));
    case 'contact':
      return run(contactSchema, body, (v) => ({ email: v.email, phone: v.phone }));
    case 'postcode':
      return run(postcodeSchema, body, (v) => ({ postcode: v.postcode }));
    case 'ward':
      return run(wardSchema(context.wardCodes), body, (v) => ({ wardCode: v.ward }));
    case 'topics':
      return run(topicsSchema, body, (v) => ({ topics: v.topics }), { topics: 'topics' });
    case 'channels':
      return run(channelsSchema, body, (v) => ({ channels: v.channels, address: v.address }), { channels: 'channels' });
    case 'needs':
      return run(needsSchema, body, (v) => ({ language: v.language, accessNeeds: v.accessNeeds }));
    case 'about-you':
      return { ok: true, changes: { aboutYou: cleanAboutYou(body), aboutYouDone: true } };
    case 'consent':
      return run(consentSchema, body, () => ({ consent: true }), { consent: 'consent' });
  }
}
