/** Turns plan rows into what the pages print: labels, tags, dates in words, and form option lists. */
import { formatDate } from '../../web/format.ts';
import { AUDIENCES, LADDER, LADDER_LABELS, TOPICS } from './plan.deps.ts';
import {
  ACTIVITY_STATUSES,
  ACTIVITY_STATUS_LABELS,
  EVENT_KINDS,
  lastDayOf,
  type ActivityStatus,
} from './plan.catalogue.ts';
import type { Activity } from './plan.tables.ts';

export const audienceLabel = (slug: string) => AUDIENCES[slug as keyof typeof AUDIENCES]?.label ?? slug;
export const topicLabel = (slug: string) => TOPICS[slug as keyof typeof TOPICS] ?? slug;
export const rungLabel = (slug: string) => LADDER_LABELS[slug as keyof typeof LADDER_LABELS]?.label ?? slug;
export const statusTag = (status: string) => {
  const label = ACTIVITY_STATUS_LABELS[status as ActivityStatus] ?? { text: status, colour: 'grey' };
  return { text: label.text, classes: `govuk-tag--${label.colour}` };
};

export function windowText(startsAt: Date, endsAt: Date): string {
  const first = formatDate(startsAt);
  const last = formatDate(lastDayOf(endsAt));
  return first === last ? first : `${first} to ${last}`;
}

export function placeText(a: Pick<Activity, 'boroughWide' | 'wardCodes'>, wardName: (code: string) => string) {
  return a.boroughWide ? 'Borough-wide' : a.wardCodes.map(wardName).join(', ');
}

export function activitySummary(
  row: {
    activity: Activity;
    organisationName: string;
    consultationTitle: string | null;
    consultationSlug: string | null;
    consultationState: string | null;
  },
  wardName: (code: string) => string,
) {
  const a = row.activity;
  return {
    id: a.id,
    title: a.title,
    purpose: a.purpose,
    organisationId: a.organisationId,
    organisationName: row.organisationName,
    status: a.status,
    statusTag: statusTag(a.status),
    rung: rungLabel(a.ladderRung),
    when: windowText(a.startsAt, a.endsAt),
    place: placeText(a, wardName),
    audiences: a.audiences.map(audienceLabel).join(', '),
    topics: a.topics.map(topicLabel).join(', '),
    usesPanel: a.usesPanel,
    consultation: row.consultationTitle
      ? { title: row.consultationTitle, slug: row.consultationSlug, state: row.consultationState }
      : null,
  };
}

type Selected = string | string[] | undefined;
const has = (selected: Selected, value: string) =>
  Array.isArray(selected) ? selected.includes(value) : selected === value;

export const audienceItems = (selected: Selected) =>
  Object.entries(AUDIENCES).map(([value, a]) => ({ value, text: a.label, checked: has(selected, value) }));
export const topicItems = (selected: Selected) =>
  Object.entries(TOPICS).map(([value, text]) => ({ value, text, checked: has(selected, value) }));
export const wardItems = (wards: { code: string; name: string }[], selected: Selected) =>
  wards.map((w) => ({ value: w.code, text: w.name, checked: has(selected, w.code) }));
export const rungItems = (selected: Selected) =>
  LADDER.map((value) => ({
    value,
    text: LADDER_LABELS[value].label,
    hint: { text: LADDER_LABELS[value].plain },
    checked: has(selected, value),
  }));
export const statusItems = (selected: Selected) =>
  ACTIVITY_STATUSES.map((value) => ({
    value,
    text: ACTIVITY_STATUS_LABELS[value].text,
    checked: has(selected, value),
  }));
export const kindItems = (selected: Selected) => [
  { value: '', text: 'Choose the type of event' },
  ...Object.entries(EVENT_KINDS).map(([value, text]) => ({ value, text, selected: has(selected, value) })),
];

/** Options for a select, with an empty first choice. */
export function selectItems(options: { value: string; text: string }[], selected: Selected, empty: string) {
  return [{ value: '', text: empty }, ...options.map((o) => ({ ...o, selected: has(selected, o.value) }))];
}
