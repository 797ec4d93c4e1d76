/**
 * The intelligence form and the councillors' wards form: zod schemas with GOV.UK wording. Options
 * offered on the page (wards, links) are passed in, so anything else submitted is refused.
 */
import { z } from 'zod';
import { CHANNELS, SENTIMENTS, londonDate, type Channel, type Sentiment } from './wards.catalogue.ts';
import { findPersonalDetails, personalDetailsMessage } from './intelligence.personal.ts';
import { TOPICS } from './wards.deps.ts';

export type FormValues = Record<string, string | string[]>;

export const one = (value: unknown): string =>
  (typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '').trim();
export const many = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined || value === '' ? [] : [value]).filter(
    (v): v is string => typeof v === 'string' && v !== '',
  );

export const SUMMARY_MAX = 1000;
export const ACTION_BY_MAX = 200;

export interface ItemOptions {
  wardCodes: ReadonlySet<string>;
  consultationIds: ReadonlySet<string>;
  activityIds: ReadonlySet<string>;
  today: string;
}

export interface ItemInput {
  channel: Channel;
  wardCode: string | null;
  topics: string[];
  summary: string;
  sentiment: Sentiment;
  needsAction: boolean;
  actionBy: string;
  heardOn: string;
  consultationId: string | null;
  activityId: string | null;
}

export const ITEM_ANCHORS = {
  topics: 'topics',
  heardOn: 'heardOn-day',
  channel: 'channel',
  sentiment: 'sentiment',
  needsAction: 'needsAction',
};

/** Reads only this form's fields; anything else posted is ignored. */
export function itemValuesOf(body: Record<string, unknown>): FormValues {
  return {
    channel: one(body.channel),
    wardCode: one(body.wardCode),
    topics: many(body.topics),
    summary: one(body.summary).replace(/\r\n/g, '\n'),
    sentiment: one(body.sentiment),
    needsAction: one(body.needsAction),
    actionBy: one(body.actionBy),
    'heardOn-day': one(body['heardOn-day']),
    'heardOn-month': one(body['heardOn-month']),
    'heardOn-year': one(body['heardOn-year']),
    consultationId: one(body.consultationId),
    activityId: one(body.activityId),
  };
}

type Issue = (path: string, message: string) => void;

/** A real calendar date from three boxes, as YYYY-MM-DD. */
export function dateFromParts(day: string, month: string, year: string, label: string, issue: Issue, field: string) {
  const missing = [
    ['day', day],
    ['month', month],
    ['year', year],
  ].filter(([, v]) => v === '');
  if (missing.length === 3) return issue(field, `Enter the ${label.toLowerCase()}`);
  if (missing.length) return issue(field, `${label} must include a ${missing.map(([k]) => k).join(' and ')}`);
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year))
    return issue(field, `${label} must be a real date`);
  const d = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (d.getUTCFullYear() !== Number(year) || d.getUTCMonth() !== Number(month) - 1 || d.getUTCDate() !== Number(day))
    return issue(field, `${label} must be a real date`);
  if (Number(year) < 2000 || Number(year) > 2100) return issue(field, `${label} must be between 2000 and 2100`);
  return d.toISOString().slice(0, 10);
}

export function itemSchema(options: ItemOptions) {
  return z.custom<FormValues>().transform((values, ctx): ItemInput => {
    const issue: Issue = (path, message) => ctx.addIssue({ code: 'custom', path: [path], message });
    const channel = one(values.channel);
    if (!(channel in CHANNELS)) issue('channel', 'Select where you heard this');
    const wardCode = one(values.wardCode);
    if (wardCode && !options.wardCodes.has(wardCode)) issue('wardCode', 'Select a ward from the list');
    const topics = many(values.topics);
    if (topics.length === 0) issue('topics', 'Select at least one topic');
    else if (topics.some((t) => !(t in TOPICS))) issue('topics', 'Select topics from the list');
    const summary = one(values.summary);
    if (summary === '') issue('summary', 'Enter a short summary of what you heard');
    else if (summary.length > SUMMARY_MAX)
      issue('summary', `Summary must be ${SUMMARY_MAX.toLocaleString('en-GB')} characters or fewer`);
    else if (findPersonalDetails(summary).length)
      issue('summary', personalDetailsMessage('summary', findPersonalDetails(summary)));
    const sentiment = one(values.sentiment);
    if (!(sentiment in SENTIMENTS)) issue('sentiment', 'Select how people felt');
    const needsAction = one(values.needsAction);
    if (needsAction !== 'yes' && needsAction !== 'no')
      issue('needsAction', 'Select yes if someone needs to act on this');
    const actionBy = one(values.actionBy);
    if (needsAction === 'yes' && actionBy === '')
      issue('actionBy', 'Enter who needs to act, for example a team or an organisation');
    else if (actionBy.length > ACTION_BY_MAX)
      issue('actionBy', `Who needs to act must be ${ACTION_BY_MAX} characters or fewer`);
    else if (findPersonalDetails(actionBy).length)
      issue('actionBy', personalDetailsMessage('answer to who needs to act', findPersonalDetails(actionBy)));
    const heardOn = dateFromParts(
      one(values['heardOn-day']),
      one(values['heardOn-month']),
      one(values['heardOn-year']),
      'Date you heard this',
      issue,
      'heardOn',
    );
    if (heardOn && heardOn > options.today) issue('heardOn', 'Date you heard this must be today or in the past');
    const consultationId = one(values.consultationId);
    if (consultationId && !options.consultationIds.has(consultationId))
      issue('consultationId', 'Select a consultation from the list');
    const activityId = one(values.activityId);
    if (activityId && !options.activityIds.has(activityId)) issue('activityId', 'Select an activity from the list');
    return {
      channel: channel as Channel,
      wardCode: wardCode || null,
      topics,
      summary,
      sentiment: sentiment as Sentiment,
      needsAction: needsAction === 'yes',
      actionBy: needsAction === 'yes' ? actionBy : '',
      heardOn: heardOn ?? '',
      consultationId: consultationId || null,
      activityId: activityId || null,
    };
  });
}

export const todayIn = (now: Date) => londonDate(now);

/** The councillors' wards form: the wards offered, nothing else. */
export function councillorWardsSchema(wardCodes: ReadonlySet<string>) {
  return z.object({
    wards: z
      .array(z.string())
      .refine((codes) => codes.every((c) => wardCodes.has(c)), { message: 'Select wards from the list' }),
  });
}
