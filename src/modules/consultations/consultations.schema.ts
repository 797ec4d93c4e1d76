/**
 * The consultation form: zod schemas with GOV.UK wording. Options offered on the page
 * (organisations, wards, staff) vary, so the schema is built per request from what was offered;
 * anything else submitted is refused with a clear message rather than stored.
 */
import { z } from 'zod';
import { fromLondon, londonParts } from '../../web/format.ts';
import { AUDIENCES, LADDER, TOPICS, type Audience, type LadderRung, type Topic } from './catalogue.ts';

export interface FormOptions {
  organisations: { id: string; name: string }[];
  wards: { code: string; name: string }[];
  staff: { id: string; name: string; organisationId: string; organisationName: string }[];
  /** The lead organisation when the user may not choose one. */
  fixedLeadOrganisationId: string | null;
}

/** Times offered for opening and closing, every half hour plus one minute to midnight. */
export const TIMES: { value: string; text: string }[] = [
  ...Array.from({ length: 48 }, (_, i) => {
    const hour = Math.floor(i / 2);
    const minute = i % 2 === 0 ? '00' : '30';
    const h12 = hour % 12 === 0 ? 12 : hour % 12;
    const label =
      hour === 0 && minute === '00'
        ? 'midnight'
        : hour === 12 && minute === '00'
          ? 'midday'
          : `${h12}:${minute}${hour < 12 ? 'am' : 'pm'}`;
    return { value: `${String(hour).padStart(2, '0')}:${minute}`, text: label };
  }),
  { value: '23:59', text: '11:59pm' },
];

const TEXT_LIMITS = {
  title: [120, 'Title'],
  summary: [600, 'Summary'],
  background: [10_000, 'Background'],
  proposal: [10_000, 'Proposal'],
  whatCanChange: [5_000, 'What can change'],
  whatCannotChange: [5_000, 'What cannot change'],
  howResponsesUsed: [5_000, 'How responses will be used'],
  decisionMaker: [200, 'Decision maker'],
  offlineResponse: [5_000, 'How to respond on paper or by phone'],
  contactDetails: [2_000, 'Contact details'],
  equalitiesLiaison: [5_000, 'Liaison with equalities fora'],
} as const;
export type TextField = keyof typeof TEXT_LIMITS;
export const TEXT_FIELDS = Object.keys(TEXT_LIMITS) as TextField[];

export const DATE_FIELDS = ['decisionDate', 'opensAt', 'closesAt'] as const;
const DATE_LABELS = {
  decisionDate: 'Expected decision date',
  opensAt: 'Opening date',
  closesAt: 'Closing date',
} as const;

/** Error summary links for date inputs go to the first box. */
export const FORM_ANCHORS = {
  decisionDate: 'decisionDate-day',
  opensAt: 'opensAt-day',
  closesAt: 'closesAt-day',
  topics: 'topics',
  wards: 'wards',
  audiences: 'audiences',
  partnerOrganisationIds: 'partnerOrganisationIds',
  ladderRung: 'ladderRung',
};

/** The raw form as entered, kept to re-render the page with the user's answers. */
export type FormValues = Record<string, string | string[]>;

const one = (value: unknown): string =>
  typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : '';
const many = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]).filter(
    (v): v is string => typeof v === 'string' && v !== '',
  );

/** Reads only the fields this form has; unexpected extra fields are ignored, never stored. */
export function formValuesOf(body: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of TEXT_FIELDS) values[field] = one(body[field]);
  for (const field of DATE_FIELDS) {
    for (const part of ['day', 'month', 'year']) values[`${field}-${part}`] = one(body[`${field}-${part}`]).trim();
  }
  values.opensAtTime = one(body.opensAtTime);
  values.closesAtTime = one(body.closesAtTime);
  values.ladderRung = one(body.ladderRung);
  values.leadOrganisationId = one(body.leadOrganisationId);
  values.leadOfficerId = one(body.leadOfficerId);
  values.boroughWide = one(body.boroughWide);
  for (const field of ['topics', 'wards', 'audiences', 'partnerOrganisationIds']) values[field] = many(body[field]);
  return values;
}

/** The form's values for an existing consultation. */
export function formValuesFrom(
  c: {
    [K in TextField]: string;
  } & {
    decisionDate: string | null;
    opensAt: Date | null;
    closesAt: Date | null;
    ladderRung: string;
    leadOrganisationId: string;
    leadOfficerId: string | null;
    boroughWide: boolean;
    topics: string[];
    audiences: string[];
  },
  wardCodes: string[],
  partnerIds: string[],
): FormValues {
  const values: FormValues = {};
  for (const field of TEXT_FIELDS) values[field] = c[field];
  if (c.decisionDate) {
    const [y, m, d] = c.decisionDate.split('-');
    Object.assign(values, {
      'decisionDate-day': String(Number(d)),
      'decisionDate-month': String(Number(m)),
      'decisionDate-year': y,
    });
  }
  for (const field of ['opensAt', 'closesAt'] as const) {
    const at = c[field];
    if (!at) continue;
    const p = londonParts(at);
    Object.assign(values, {
      [`${field}-day`]: p.day,
      [`${field}-month`]: p.month,
      [`${field}-year`]: p.year,
      [`${field}Time`]: `${p.hour}:${p.minute}`,
    });
  }
  Object.assign(values, {
    ladderRung: c.ladderRung,
    leadOrganisationId: c.leadOrganisationId,
    leadOfficerId: c.leadOfficerId ?? '',
    boroughWide: c.boroughWide ? 'yes' : '',
    topics: c.topics,
    audiences: c.audiences,
    wards: wardCodes,
    partnerOrganisationIds: partnerIds,
  });
  return values;
}

export interface ConsultationInput {
  title: string;
  summary: string;
  background: string;
  proposal: string;
  whatCanChange: string;
  whatCannotChange: string;
  howResponsesUsed: string;
  decisionMaker: string;
  offlineResponse: string;
  contactDetails: string;
  equalitiesLiaison: string;
  decisionDate: string | null;
  opensAt: Date | null;
  closesAt: Date | null;
  ladderRung: LadderRung;
  leadOrganisationId: string;
  leadOfficerId: string;
  partnerOrganisationIds: string[];
  topics: Topic[];
  wards: string[];
  boroughWide: boolean;
  audiences: Audience[];
}

type DateParts = { day: number; month: number; year: number };

/** A real calendar date from three boxes, or the GOV.UK message saying what is wrong. */
function parseDateParts(values: FormValues, field: (typeof DATE_FIELDS)[number]): DateParts | null | string {
  const label = DATE_LABELS[field];
  const raw = {
    day: one(values[`${field}-day`]),
    month: one(values[`${field}-month`]),
    year: one(values[`${field}-year`]),
  };
  const missing = (Object.keys(raw) as (keyof typeof raw)[]).filter((k) => raw[k] === '');
  if (missing.length === 3) return null;
  if (missing.length > 0) return `${label} must include a ${missing.join(' and ')}`;
  if (!/^\d{1,2}$/.test(raw.day) || !/^\d{1,2}$/.test(raw.month) || !/^\d{4}$/.test(raw.year))
    return `${label} must be a real date`;
  const parts = { day: Number(raw.day), month: Number(raw.month), year: Number(raw.year) };
  const check = new Date(Date.UTC(parts.year, parts.month - 1, parts.day));
  if (
    check.getUTCFullYear() !== parts.year ||
    check.getUTCMonth() !== parts.month - 1 ||
    check.getUTCDate() !== parts.day
  ) {
    return `${label} must be a real date`;
  }
  if (parts.year < 2000 || parts.year > 2100) return `${label} must be between 2000 and 2100`;
  return parts;
}

function textField(name: string, max: number) {
  return z
    .string()
    .trim()
    .max(max, `${name} must be ${max.toLocaleString('en-GB')} characters or fewer`);
}

const textSchema = z.object({
  ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, textField(TEXT_LIMITS[f][1], TEXT_LIMITS[f][0])])),
  title: z.string().trim().min(1, 'Enter a title').max(120, 'Title must be 120 characters or fewer'),
}) as unknown as z.ZodType<Record<TextField, string>>;

/** Builds the schema for the options this user was offered. */
export function consultationSchema(options: FormOptions) {
  const orgIds = new Set(options.organisations.map((o) => o.id));
  const wardCodes = new Set(options.wards.map((w) => w.code));
  const timeValues = new Set(TIMES.map((t) => t.value));

  return z.custom<FormValues>().transform((values, ctx): ConsultationInput => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const text = textSchema.safeParse(values);
    if (!text.success) for (const i of text.error.issues) issue(String(i.path[0]), i.message);

    const dates: Record<string, DateParts | null> = {};
    for (const field of DATE_FIELDS) {
      const parsed = parseDateParts(values, field);
      if (typeof parsed === 'string') issue(field, parsed);
      else dates[field] = parsed;
    }
    const instant = (field: 'opensAt' | 'closesAt'): Date | null => {
      const parts = dates[field];
      if (!parts) return null;
      const time = one(values[`${field}Time`]);
      if (!timeValues.has(time)) {
        issue(field, `Select the ${field === 'opensAt' ? 'opening' : 'closing'} time from the list`);
        return null;
      }
      const [hour, minute] = time.split(':').map(Number) as [number, number];
      return fromLondon(parts.year, parts.month, parts.day, hour, minute);
    };
    const opensAt = instant('opensAt');
    const closesAt = instant('closesAt');
    if (opensAt && closesAt && closesAt <= opensAt) issue('closesAt', 'Closing date must be after the opening date');
    const decision = dates.decisionDate;
    const decisionDate = decision
      ? `${decision.year}-${String(decision.month).padStart(2, '0')}-${String(decision.day).padStart(2, '0')}`
      : null;

    const ladderRung = one(values.ladderRung);
    if (!(LADDER as readonly string[]).includes(ladderRung))
      issue('ladderRung', 'Select how much influence people will have');

    const leadOrganisationId = options.fixedLeadOrganisationId ?? one(values.leadOrganisationId);
    if (
      options.fixedLeadOrganisationId &&
      values.leadOrganisationId &&
      values.leadOrganisationId !== options.fixedLeadOrganisationId
    ) {
      issue('leadOrganisationId', 'You can only create consultations for your own organisation');
    } else if (!orgIds.has(leadOrganisationId)) {
      issue('leadOrganisationId', 'Select the lead organisation');
    }

    const partners = many(values.partnerOrganisationIds);
    if (partners.some((id) => !orgIds.has(id)))
      issue('partnerOrganisationIds', 'Select partner organisations from the list');
    else if (partners.includes(leadOrganisationId))
      issue('partnerOrganisationIds', 'The lead organisation cannot also be a partner');

    const leadOfficerId = one(values.leadOfficerId);
    const officer = options.staff.find((s) => s.id === leadOfficerId);
    if (!leadOfficerId) issue('leadOfficerId', 'Select the lead officer');
    else if (!officer || officer.organisationId !== leadOrganisationId) {
      issue('leadOfficerId', 'Select a lead officer who works for the lead organisation');
    }

    const topics = many(values.topics);
    if (topics.some((t) => !(t in TOPICS))) issue('topics', 'Select topics from the list');
    const audiences = many(values.audiences);
    if (audiences.some((a) => !(a in AUDIENCES))) issue('audiences', 'Select audiences from the list');
    const wards = many(values.wards);
    const boroughWide = one(values.boroughWide) === 'yes';
    if (wards.some((w) => !wardCodes.has(w))) issue('wards', 'Select wards from the list');
    else if (boroughWide && wards.length > 0)
      issue('wards', 'Select either the whole borough or the wards affected, not both');

    const t = text.success ? text.data : ({} as Record<TextField, string>);
    return {
      ...t,
      decisionDate,
      opensAt,
      closesAt,
      ladderRung: ladderRung as LadderRung,
      leadOrganisationId,
      leadOfficerId,
      partnerOrganisationIds: [...new Set(partners)],
      topics: [...new Set(topics)] as Topic[],
      wards: [...new Set(wards)],
      boroughWide,
      audiences: [...new Set(audiences)] as Audience[],
    };
  });
}

/** The small forms on lifecycle actions. */
export const reasonSchema = z.object({
  reason: z
    .string({ error: 'Enter a reason' })
    .trim()
    .min(1, 'Enter a reason')
    .max(2000, 'Reason must be 2,000 characters or fewer'),
});

export const documentTitleSchema = z.object({
  title: z
    .string({ error: 'Enter a title for the document' })
    .trim()
    .min(1, 'Enter a title for the document')
    .max(200, 'Document title must be 200 characters or fewer'),
});

/** Reopening needs a reason and a new closing date and time. */
export function reopenValues(body: Record<string, unknown>): FormValues {
  return {
    reason: one(body.reason),
    'closesAt-day': one(body['closesAt-day']).trim(),
    'closesAt-month': one(body['closesAt-month']).trim(),
    'closesAt-year': one(body['closesAt-year']).trim(),
    closesAtTime: one(body.closesAtTime),
  };
}

export function reopenSchema(now: Date) {
  const timeValues = new Set(TIMES.map((t) => t.value));
  return z.custom<FormValues>().transform((values, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    const reason = reasonSchema.safeParse({ reason: values.reason });
    if (!reason.success) issue('reason', reason.error.issues[0]!.message);
    const parts = parseDateParts(values, 'closesAt');
    let closesAt: Date | null = null;
    if (parts === null) issue('closesAt', 'Enter the new closing date');
    else if (typeof parts === 'string') issue('closesAt', parts);
    else if (!timeValues.has(one(values.closesAtTime))) issue('closesAt', 'Select the closing time from the list');
    else {
      const [hour, minute] = one(values.closesAtTime).split(':').map(Number) as [number, number];
      closesAt = fromLondon(parts.year, parts.month, parts.day, hour, minute);
      if (closesAt <= now) issue('closesAt', 'New closing date must be in the future');
    }
    return { reason: reason.success ? reason.data.reason : '', closesAt: closesAt as Date };
  });
}
