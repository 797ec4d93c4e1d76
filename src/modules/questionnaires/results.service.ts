/**
 * Results for staff: headline numbers and a chart per closed question, the answers to text
 * questions, one response in full. Every function takes the filters, so the page, the free
 * text and the exports all describe the same set of responses.
 */
import type { Deps } from '../../deps.ts';
import type { CurrentUser } from '../../web/auth.ts';
import type { Consultation } from '../consultations/index.ts';
import { ABOUT_YOU_PAGE } from './about-you.ts';
import { optionsFor } from './answer-parsing.ts';
import { consultationForStaff, loadQuestionnaire, wardOptions } from './builder.service.ts';
import {
  AGREEMENT_SCALE,
  OTHER_VALUE,
  otherKey,
  type Option,
  type Question,
  type QuestionnaireDefinition,
} from './questionnaire.types.ts';
import type { QuestionnaireRow } from './questionnaires.tables.ts';
import { canPublishResults, canRedact, canSeeEqualities, canSeePersonalData } from './results.policy.ts';
import * as repo from './results.repository.ts';
import { findRedactions } from './publication.repository.ts';
import { barChart, percentOf, type Bar } from './results-charts.ts';

export type { ResultFilters } from './results.repository.ts';
type ResultFilters = repo.ResultFilters;

export const CHANNELS: Option[] = [
  { value: 'online', label: 'Online' },
  { value: 'paper', label: 'Paper' },
  { value: 'email', label: 'Email' },
  { value: 'phone', label: 'Phone' },
  { value: 'event', label: 'Event' },
  { value: 'sms', label: 'SMS' },
];
export const RESPONDENT_TYPES: Option[] = [
  { value: 'individual', label: 'Individual' },
  { value: 'organisation', label: 'Organisation' },
];
export const PUBLICATION_CONSENT: Option[] = [
  { value: 'publish_named', label: 'Publish with name' },
  { value: 'publish_anonymous', label: 'Publish anonymously' },
  { value: 'do_not_publish', label: 'Do not publish' },
];

export interface ResultsAccess {
  consultation: Consultation;
  questionnaire: QuestionnaireRow;
  definition: QuestionnaireDefinition;
  wards: Option[];
  equalities: boolean;
  personalData: boolean;
  /** May redact responses before publication. */
  redact: boolean;
  /** May publish (or withdraw) the results now. */
  publish: boolean;
}

/** The consultation's results context, or not_found when the user may not read it or it has no questionnaire. */
export async function resultsFor(
  deps: Deps,
  user: Pick<CurrentUser, 'role' | 'organisationId'>,
  consultationId: string,
): Promise<{ ok: true; access: ResultsAccess } | { ok: false; reason: 'not_found' }> {
  if (!UUID.test(consultationId)) return { ok: false, reason: 'not_found' };
  const outcome = await consultationForStaff(deps, user, consultationId);
  if (!outcome.ok) return { ok: false, reason: 'not_found' };
  const [state, wards] = await Promise.all([loadQuestionnaire(deps, consultationId), wardOptions(deps)]);
  if (!state.questionnaire) return { ok: false, reason: 'not_found' };
  return {
    ok: true,
    access: {
      consultation: outcome.consultation,
      questionnaire: state.questionnaire,
      definition: state.definition,
      wards,
      equalities: canSeeEqualities(user) && state.questionnaire.includeAboutYou,
      personalData: canSeePersonalData(user),
      redact: canRedact(user, outcome.consultation),
      publish: canPublishResults(user, outcome.consultation),
    },
  };
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const one = (value: unknown) =>
  typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : '';

/**
 * Filters from the query string. Unknown values are dropped rather than refused (a stale
 * bookmark still shows results), and the demographic group is ignored for roles not allowed it.
 */
export function parseFilters(query: Record<string, unknown>, access: ResultsAccess): ResultFilters {
  const filters: ResultFilters = {};
  const ward = one(query.ward);
  if (access.wards.some((w) => w.value === ward)) filters.ward = ward;
  const channel = one(query.channel);
  if (CHANNELS.some((c) => c.value === channel)) filters.channel = channel;
  const type = one(query.respondentType);
  if (RESPONDENT_TYPES.some((t) => t.value === type)) filters.respondentType = type;
  const group = one(query.group);
  if (access.equalities && group) {
    const [key, value] = group.split(':');
    const question = ABOUT_YOU_PAGE.questions.find((q) => q.key === key);
    if (question?.options?.some((o) => o.value === value)) filters.group = { key: key!, value: value! };
  }
  return filters;
}

/** The filters as a query string, for links that keep them (pagination, exports, text answers). */
export function filterQuery(filters: ResultFilters): string {
  const params = new URLSearchParams();
  if (filters.ward) params.set('ward', filters.ward);
  if (filters.channel) params.set('channel', filters.channel);
  if (filters.respondentType) params.set('respondentType', filters.respondentType);
  if (filters.group) params.set('group', `${filters.group.key}:${filters.group.value}`);
  return params.toString();
}

/** "What is your age?: 25 to 34" choices for the demographic filter. */
export const GROUP_CHOICES: Option[] = ABOUT_YOU_PAGE.questions.flatMap((question) =>
  (question.options ?? []).map((option) => ({
    value: `${question.key}:${option.value}`,
    label: `${question.text.replace(/\?$/, '')}: ${option.label}`,
  })),
);

export const CHART_TYPES = new Set([
  'single_choice',
  'dropdown',
  'agreement',
  'multiple_choice',
  'ward',
  'matrix',
  'consent',
]);
export const TEXT_TYPES = new Set(['short_text', 'long_text']);

export const allQuestions = (definition: QuestionnaireDefinition): Question[] =>
  definition.pages.flatMap((page) => page.questions);

/** The labelled options a chart shows, in the order the questionnaire offers them. */
export function chartOptions(question: Question, wards: Option[]): Option[] {
  if (question.type === 'consent') return [{ value: 'true', label: 'Agreed' }];
  if (question.type === 'matrix') return question.options?.length ? question.options : AGREEMENT_SCALE;
  const options = optionsFor(question, { wards });
  return question.allowOther ? [...options, { value: OTHER_VALUE, label: 'Other' }] : options;
}

export interface Chart {
  id: string;
  heading: string;
  caption: string;
  answered: number;
  svg: string;
  rows: { label: string; count: number; percent: number }[];
  multiple: boolean;
}

export interface ChartSpec {
  series: repo.Series;
  heading: string;
  caption: string;
  options: Option[];
}

export function specsFor(question: Question, wards: Option[], source: repo.Series['source'] = 'answers'): ChartSpec[] {
  const options = chartOptions(question, wards);
  if (question.type === 'matrix') {
    return (question.rows ?? []).map((row) => ({
      series: { id: `${question.key}-${row.value}`, key: question.key, kind: 'row', row: row.value, source },
      heading: question.text,
      caption: row.label,
      options,
    }));
  }
  return [
    {
      series: {
        id: question.key,
        key: question.key,
        kind: question.type === 'multiple_choice' ? 'multiple' : 'single',
        source,
      },
      heading: question.text,
      caption: question.text,
      options,
    },
  ];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function toChart(spec: ChartSpec, counted: { answered: number; counts: repo.Count[] }): Chart {
  const byValue = new Map(counted.counts.map((c) => [c.value, c.count]));
  // Values no longer offered (an earlier version's options) still count: shown after the current ones.
  const extra = counted.counts
    .filter((c) => !spec.options.some((o) => o.value === c.value))
    .map((c) => ({ value: c.value, label: c.value }));
  const bars: Bar[] = [...spec.options, ...extra].map((option) => {
    const count = byValue.get(option.value) ?? 0;
    return { label: option.label, count, percent: percentOf(count, counted.answered) };
  });
  const id = `chart-${spec.series.source === 'equalities' ? 'about-' : ''}${spec.series.id}`;
  return {
    id,
    heading: spec.heading,
    caption: spec.caption,
    answered: counted.answered,
    svg: barChart(id, `${spec.caption}: bar chart of ${plural(counted.answered, 'answer')}`, bars),
    rows: bars,
    multiple: spec.series.kind === 'multiple',
  };
}

const labelled = (counts: repo.Count[], options: Option[], total: number): Bar[] =>
  counts.map((c) => ({
    label: options.find((o) => o.value === c.value)?.label ?? (c.value || 'Not known'),
    count: c.count,
    percent: percentOf(c.count, total),
  }));

/** Everything on the results page, for these filters. */
export async function summarise(deps: Deps, access: ResultsAccess, filters: ResultFilters) {
  const questions = allQuestions(access.definition).filter((q) => CHART_TYPES.has(q.type));
  const specs = questions.flatMap((q) => specsFor(q, access.wards));
  const aboutSpecs = access.equalities ? ABOUT_YOU_PAGE.questions.flatMap((q) => specsFor(q, [], 'equalities')) : [];
  const [head, counted] = await Promise.all([
    repo.headline(deps.db, access.questionnaire.id, filters),
    repo.countAnswers(
      deps.db,
      access.questionnaire.id,
      filters,
      [...specs, ...aboutSpecs].map((s) => s.series),
    ),
  ]);
  const chartOf = (spec: ChartSpec) => toChart(spec, counted.get(spec.series.id)!);
  const byDay = labelled(head.byDay, [], head.total);
  return {
    total: head.total,
    byChannel: labelled(head.byChannel, CHANNELS, head.total),
    byRespondentType: labelled(head.byRespondentType, RESPONDENT_TYPES, head.total),
    byWard: labelled(head.byWard, access.wards, head.total),
    byDay,
    byDayChart: barChart('chart-by-day', `Responses per day: bar chart of ${plural(head.total, 'response')}`, byDay),
    charts: specs.map(chartOf),
    aboutYou: aboutSpecs.map(chartOf),
    textQuestions: allQuestions(access.definition).filter((q) => TEXT_TYPES.has(q.type)),
  };
}

export const TEXT_PAGE_SIZE = 20;

/** One page of answers to a text question, or not_found for a key that is not a text question. */
export async function textAnswersPage(
  deps: Deps,
  access: ResultsAccess,
  filters: ResultFilters,
  questionKey: string,
  search: string,
  page: number,
) {
  const question = allQuestions(access.definition).find((q) => q.key === questionKey && TEXT_TYPES.has(q.type));
  if (!question) return { ok: false as const, reason: 'not_found' as const };
  const { total, answers } = await repo.textAnswers(
    deps.db,
    access.questionnaire.id,
    filters,
    question.key,
    search,
    TEXT_PAGE_SIZE,
    (page - 1) * TEXT_PAGE_SIZE,
  );
  return {
    ok: true as const,
    question,
    total,
    answers,
    page,
    pageCount: Math.max(1, Math.ceil(total / TEXT_PAGE_SIZE)),
  };
}

/** One response with each answer beside its question; About you and personal details only when allowed. */
export async function responseInFull(deps: Deps, access: ResultsAccess, responseId: string) {
  if (!UUID.test(responseId)) return { ok: false as const, reason: 'not_found' as const };
  const response = await repo.findResponse(deps.db, access.questionnaire.id, responseId);
  if (!response) return { ok: false as const, reason: 'not_found' as const };
  const answers = allQuestions(access.definition)
    .filter((q) => q.type !== 'information')
    .map((q) => ({ question: q.text, answer: answerText(q, response.answers, access.wards) }));
  const redactions = (await findRedactions(deps.db, access.questionnaire.id, responseId)) ?? {};
  const published = { ...response.answers, ...redactions };
  const redacted = allQuestions(access.definition)
    .filter((q) => redactions[q.key] !== undefined || redactions[otherKey(q.key)] !== undefined)
    .map((q) => ({ question: q.text, answer: answerText(q, published, access.wards) }));
  const aboutYou = access.equalities
    ? ABOUT_YOU_PAGE.questions.map((q) => ({ question: q.text, answer: answerText(q, response.equalities ?? {}, []) }))
    : null;
  return {
    ok: true as const,
    response: {
      ...response,
      respondentName: access.personalData ? response.respondentName : null,
      respondentEmail: access.personalData ? response.respondentEmail : null,
      equalities: null,
    },
    answers,
    redacted,
    aboutYou,
    labels: {
      channel: labelOf(CHANNELS, response.channel),
      respondentType: labelOf(RESPONDENT_TYPES, response.respondentType),
      ward: response.wardCode ? labelOf(access.wards, response.wardCode) : '',
      publicationConsent: labelOf(PUBLICATION_CONSENT, response.publicationConsent),
    },
  };
}

export const labelOf = (options: Option[], value: string) => options.find((o) => o.value === value)?.label ?? value;

/** An answer as words: option labels rather than stored values; lists joined with "; ". */
export function answerText(question: Question, answers: Record<string, unknown>, wards: Option[]): string {
  const value = answers[question.key];
  if (value === undefined || value === null || value === '') return '';
  const options = chartOptions(question, wards);
  const label = (v: unknown) => labelOf(options, scalarText(v));
  switch (question.type) {
    case 'consent':
      return value === true ? 'Agreed' : scalarText(value);
    case 'multiple_choice':
    case 'ranking':
      return Array.isArray(value) ? value.map(label).join('; ') : scalarText(value);
    case 'matrix':
      return (question.rows ?? [])
        .filter((row) => (value as Record<string, string>)[row.value] !== undefined)
        .map((row) => `${row.label}: ${label((value as Record<string, string>)[row.value])}`)
        .join('; ');
    case 'document_comment':
      return Object.entries(value as Record<string, string>)
        .map(([section, comment]) => `Section ${section}: ${comment}`)
        .join('\n\n');
    case 'single_choice': {
      if (value === OTHER_VALUE) return `Other: ${scalarText(answers[`${question.key}_other`])}`;
      return label(value);
    }
    case 'dropdown':
    case 'agreement':
    case 'ward':
      return label(value);
    default:
      return scalarText(value);
  }
}

/** "Results" on the consultation's staff page, once it has a questionnaire; on the public page once published. */
/** A stored answer as text; anything unexpected (an older version's shape) as JSON rather than "[object Object]". */
export function scalarText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}
