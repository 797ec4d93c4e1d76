/**
 * The plan's forms: zod schemas with GOV.UK wording. Options offered on the page (organisations,
 * wards, consultations) vary, so schemas are built per request from what was offered; anything
 * else submitted is refused with a clear message rather than stored.
 */
import { z } from 'zod';
import { fromLondon } from '../../web/format.ts';
import { AUDIENCES, LADDER, TOPICS, type LadderRung } from '../consultations/index.ts';
import { ACTIVITY_STATUSES, EVENT_KINDS, type ActivityStatus, type EventKind } from './plan.catalogue.ts';
import { COST_BANDS, PURPOSES, type CostBand, type Purpose } from './toolkit.methods.ts';

export type FormValues = Record<string, string | string[]>;

export interface FormOptions {
  organisations: { id: string; name: string }[];
  wards: { code: string; name: string }[];
  consultations: { id: string; title: string }[];
  /** The organisation when the user may not choose one. */
  fixedOrganisationId: string | null;
}

export const one = (value: unknown): string =>
  (typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '').trim();
export const many = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]).filter(
    (v): v is string => typeof v === 'string' && v !== '',
  );

/** Times offered for events, every quarter of an hour from 7am to 10pm. */
export const TIMES = Array.from({ length: 61 }, (_, i) => {
  const minutes = 7 * 60 + i * 15;
  const hour = Math.floor(minutes / 60);
  const minute = String(minutes % 60).padStart(2, '0');
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  const text = hour === 12 && minute === '00' ? 'midday' : `${h12}:${minute}${hour < 12 ? 'am' : 'pm'}`;
  return { value: `${String(hour).padStart(2, '0')}:${minute}`, text };
});

type Issue = (field: string, message: string) => void;

/** A real calendar date from three boxes, or undefined after reporting what is wrong. */
function dateFrom(values: FormValues, field: string, label: string, issue: Issue) {
  const raw = {
    day: one(values[`${field}-day`]),
    month: one(values[`${field}-month`]),
    year: one(values[`${field}-year`]),
  };
  const missing = (Object.keys(raw) as (keyof typeof raw)[]).filter((k) => raw[k] === '');
  if (missing.length === 3) return issue(field, `Enter the ${label.toLowerCase()}`);
  if (missing.length) return issue(field, `${label} must include a ${missing.join(' and ')}`);
  if (!/^\d{1,2}$/.test(raw.day) || !/^\d{1,2}$/.test(raw.month) || !/^\d{4}$/.test(raw.year))
    return issue(field, `${label} must be a real date`);
  const [day, month, year] = [Number(raw.day), Number(raw.month), Number(raw.year)];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
    return issue(field, `${label} must be a real date`);
  if (year < 2000 || year > 2100) return issue(field, `${label} must be between 2000 and 2100`);
  return { day, month, year };
}

/** Optional free text, trimmed, with Windows line endings normalised; too long is reported. */
function text(values: FormValues, field: string, label: string, max: number, issue: Issue) {
  const value = one(values[field]).replace(/\r\n/g, '\n');
  if (value.length > max) issue(field, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`);
  return value;
}

const ACTIVITY_FIELDS_TEXT = [
  'title',
  'purpose',
  'ladderRung',
  'status',
  'organisationId',
  'consultationId',
  'boroughWide',
  'usesPanel',
];
const DATE_PARTS = ['day', 'month', 'year'];

/** Reads only the fields this form has; unexpected extra fields are ignored, never stored. */
export function activityValuesOf(body: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of ACTIVITY_FIELDS_TEXT) values[field] = one(body[field]);
  for (const field of ['startDate', 'endDate'])
    for (const part of DATE_PARTS) values[`${field}-${part}`] = one(body[`${field}-${part}`]);
  for (const field of ['audiences', 'topics', 'wards']) values[field] = many(body[field]);
  return values;
}

export const ACTIVITY_ANCHORS = { startDate: 'startDate-day', endDate: 'endDate-day' };

export interface ActivityInput {
  title: string;
  purpose: string;
  ladderRung: LadderRung;
  status: ActivityStatus;
  organisationId: string;
  consultationId: string | null;
  audiences: string[];
  topics: string[];
  wardCodes: string[];
  boroughWide: boolean;
  usesPanel: boolean;
  /** Half-open: midnight (London) at the start of the first day, and after the last day. */
  startsAt: Date;
  endsAt: Date;
}

export function activitySchema(options: FormOptions) {
  const orgIds = new Set(options.organisations.map((o) => o.id));
  const wardCodes = new Set(options.wards.map((w) => w.code));
  const consultationIds = new Set(options.consultations.map((c) => c.id));
  return z.custom<FormValues>().transform((values, ctx): ActivityInput => {
    const issue: Issue = (field, message) => void ctx.addIssue({ code: 'custom', message, path: [field] });
    const title = one(values.title);
    if (!title) issue('title', 'Enter a title');
    else if (title.length > 120) issue('title', 'Title must be 120 characters or fewer');
    const purpose = text(values, 'purpose', 'Purpose', 2000, issue);
    if (!purpose) issue('purpose', 'Enter the purpose of the activity');
    const ladderRung = one(values.ladderRung);
    if (!(LADDER as readonly string[]).includes(ladderRung))
      issue('ladderRung', 'Select the rung of the ladder of engagement');
    const status = one(values.status) || 'planned';
    if (!(ACTIVITY_STATUSES as readonly string[]).includes(status)) issue('status', 'Select a status');
    const organisationId = options.fixedOrganisationId ?? one(values.organisationId);
    if (!orgIds.has(organisationId)) issue('organisationId', 'Select the organisation');
    const consultationId = one(values.consultationId) || null;
    if (consultationId && !consultationIds.has(consultationId))
      issue('consultationId', 'Select a consultation from the list');
    const audiences = many(values.audiences);
    if (!audiences.length) issue('audiences', 'Select at least one audience');
    else if (audiences.some((a) => !(a in AUDIENCES))) issue('audiences', 'Select only the audiences shown');
    const topics = many(values.topics);
    if (!topics.length) issue('topics', 'Select at least one topic');
    else if (topics.some((t) => !(t in TOPICS))) issue('topics', 'Select only the topics shown');
    const boroughWide = one(values.boroughWide) === 'yes';
    const wards = many(values.wards);
    if (wards.some((w) => !wardCodes.has(w))) issue('wards', 'Select only the wards shown');
    else if (!boroughWide && !wards.length) issue('wards', 'Select the wards, or say the activity is borough-wide');
    const start = dateFrom(values, 'startDate', 'Start date', issue);
    const end = dateFrom(values, 'endDate', 'End date', issue);
    let startsAt = new Date(0);
    let endsAt = new Date(0);
    if (start && end) {
      startsAt = fromLondon(start.year, start.month, start.day);
      const after = new Date(Date.UTC(end.year, end.month - 1, end.day + 1));
      endsAt = fromLondon(after.getUTCFullYear(), after.getUTCMonth() + 1, after.getUTCDate());
      if (endsAt <= startsAt) issue('endDate', 'End date must be the same as or after the start date');
      else if (endsAt.getTime() - startsAt.getTime() > 3 * 366 * 86_400_000)
        issue('endDate', 'End date must be within 3 years of the start date');
    }
    return {
      title,
      purpose,
      ladderRung: ladderRung as LadderRung,
      status: status as ActivityStatus,
      organisationId,
      consultationId,
      audiences,
      topics,
      wardCodes: boroughWide ? [] : wards,
      boroughWide,
      usesPanel: one(values.usesPanel) === 'yes',
      startsAt,
      endsAt,
    };
  });
}

const EVENT_TEXT_FIELDS = [
  'title',
  'kind',
  'description',
  'startTime',
  'endTime',
  'venueName',
  'venueAddress',
  'ward',
  'stepFree',
  'accessInfo',
  'onlineUrl',
  'capacity',
  'consultationId',
  'activityId',
  'organisationId',
  'extraQuestion',
  'status',
];

export function eventValuesOf(body: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of EVENT_TEXT_FIELDS) values[field] = one(body[field]);
  for (const part of DATE_PARTS) values[`date-${part}`] = one(body[`date-${part}`]);
  return values;
}

export const EVENT_ANCHORS = { date: 'date-day' };

const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The event form's activity errors: not an activity at all, or one this event may not claim. */
export const ACTIVITY_NOT_FOUND = 'Select an activity in the forward plan from the list';
export const ACTIVITY_NOT_ALLOWED =
  'Select an activity of the event’s organisation, or another organisation’s activity that is no longer an idea';

export interface EventInput {
  title: string;
  kind: EventKind;
  description: string;
  startsAt: Date;
  endsAt: Date;
  venueName: string;
  venueAddress: string;
  wardCode: string | null;
  stepFree: boolean;
  accessInfo: string;
  onlineUrl: string;
  capacity: number;
  consultationId: string | null;
  /** The forward plan activity it is part of; checked against the record by the use-case. */
  activityId: string | null;
  organisationId: string;
  extraQuestion: string;
  status: 'scheduled' | 'cancelled';
}

export function eventSchema(options: FormOptions) {
  const orgIds = new Set(options.organisations.map((o) => o.id));
  const wardCodes = new Set(options.wards.map((w) => w.code));
  const consultationIds = new Set(options.consultations.map((c) => c.id));
  const times = new Set(TIMES.map((t) => t.value));
  return z.custom<FormValues>().transform((values, ctx): EventInput => {
    const issue: Issue = (field, message) => void ctx.addIssue({ code: 'custom', message, path: [field] });
    const title = one(values.title);
    if (!title) issue('title', 'Enter a title');
    else if (title.length > 120) issue('title', 'Title must be 120 characters or fewer');
    const kind = one(values.kind);
    if (!(kind in EVENT_KINDS)) issue('kind', 'Select the type of event');
    const description = text(values, 'description', 'Description', 5000, issue);
    const date = dateFrom(values, 'date', 'Date', issue);
    const startTime = one(values.startTime);
    const endTime = one(values.endTime);
    if (!times.has(startTime)) issue('startTime', 'Select a start time');
    if (!times.has(endTime)) issue('endTime', 'Select an end time');
    else if (times.has(startTime) && endTime <= startTime) issue('endTime', 'End time must be after the start time');
    const venueName = text(values, 'venueName', 'Venue', 200, issue);
    const venueAddress = text(values, 'venueAddress', 'Address', 500, issue);
    const onlineUrl = one(values.onlineUrl);
    if (onlineUrl && (onlineUrl.length > 500 || !/^https:\/\/[^\s<>"]+\.[^\s<>"]+$/.test(onlineUrl)))
      issue('onlineUrl', 'Enter an online link starting https://, like https://meet.example.org/forum');
    if (!venueName && !onlineUrl) issue('venueName', 'Enter the venue, or an online link for an online session');
    const ward = one(values.ward);
    if (ward && !wardCodes.has(ward)) issue('ward', 'Select a ward from the list');
    const stepFree = one(values.stepFree);
    if (stepFree !== 'yes' && stepFree !== 'no') issue('stepFree', 'Select yes if the venue has step-free access');
    const accessInfo = text(values, 'accessInfo', 'Access information', 2000, issue);
    const capacityRaw = one(values.capacity);
    const capacity = Number(capacityRaw);
    if (!capacityRaw) issue('capacity', 'Enter how many people can attend');
    else if (!/^\d+$/.test(capacityRaw)) issue('capacity', 'Capacity must be a whole number, like 40');
    else if (capacity < 1 || capacity > 10000) issue('capacity', 'Capacity must be between 1 and 10,000');
    const consultationId = one(values.consultationId) || null;
    if (consultationId && !consultationIds.has(consultationId))
      issue('consultationId', 'Select a consultation from the list');
    const activityId = one(values.activityId) || null;
    if (activityId && !UUID_SHAPE.test(activityId)) issue('activityId', ACTIVITY_NOT_FOUND);
    const organisationId = options.fixedOrganisationId ?? one(values.organisationId);
    if (!orgIds.has(organisationId)) issue('organisationId', 'Select the organisation');
    const extraQuestion = text(values, 'extraQuestion', 'Your own question', 200, issue);
    const status = one(values.status) || 'scheduled';
    if (status !== 'scheduled' && status !== 'cancelled') issue('status', 'Select whether the event is going ahead');
    const at = (time: string) =>
      date && times.has(time)
        ? fromLondon(date.year, date.month, date.day, Number(time.slice(0, 2)), Number(time.slice(3)))
        : new Date(0);
    return {
      title,
      kind: kind as EventKind,
      description,
      startsAt: at(startTime),
      endsAt: at(endTime),
      venueName,
      venueAddress,
      wardCode: ward || null,
      stepFree: stepFree === 'yes',
      accessInfo,
      onlineUrl,
      capacity,
      consultationId,
      activityId,
      organisationId,
      extraQuestion,
      status: status as EventInput['status'],
    };
  });
}

export const commentSchema = z.object({
  body: z.string().trim().min(1, 'Enter a comment').max(2000, 'Comment must be 2,000 characters or fewer'),
});

export const joinUpSchema = z.object({
  otherId: z.uuid({ message: 'Select an activity to join up with' }),
  note: z.string().trim().max(500, 'Note must be 500 characters or fewer').default(''),
});

export const settingsSchema = z.object({
  fatigueLimit: z
    .string()
    .trim()
    .min(1, 'Enter the most times a group may be asked in a quarter')
    .regex(/^\d+$/, 'The limit must be a whole number, like 3')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 50, 'The limit must be between 1 and 50'),
});

export const rotaSchema = z.object({
  note: z.string().trim().max(200, 'Note must be 200 characters or fewer').default(''),
  acknowledged: z.string().optional(),
});

export interface PickerInput {
  purpose?: Purpose;
  rung?: LadderRung;
  audiences: string[];
  weeks?: number;
  budget?: CostBand;
}

/** The method picker's GET form; an empty form is valid and recommends nothing yet. */
export const pickerSchema = z.custom<Record<string, unknown>>().transform((query, ctx): PickerInput => {
  const issue: Issue = (field, message) => void ctx.addIssue({ code: 'custom', message, path: [field] });
  const purpose = one(query.purpose);
  if (purpose && !(purpose in PURPOSES)) issue('purpose', 'Select a purpose from the list');
  const rung = one(query.rung);
  if (rung && !(LADDER as readonly string[]).includes(rung)) issue('rung', 'Select a rung from the list');
  const audiences = many(query.audiences);
  if (audiences.some((a) => !(a in AUDIENCES))) issue('audiences', 'Select only the audiences shown');
  const weeksRaw = one(query.weeks);
  if (weeksRaw && (!/^\d+$/.test(weeksRaw) || Number(weeksRaw) < 1 || Number(weeksRaw) > 104))
    issue('weeks', 'Weeks must be a whole number between 1 and 104');
  const budget = one(query.budget);
  if (budget && !(COST_BANDS as readonly string[]).includes(budget)) issue('budget', 'Select a budget from the list');
  return {
    purpose: (purpose || undefined) as Purpose | undefined,
    rung: (rung || undefined) as LadderRung | undefined,
    audiences,
    weeks: weeksRaw ? Number(weeksRaw) : undefined,
    budget: (budget || undefined) as CostBand | undefined,
  };
});
