/**
 * Publishing results: an officer's "Publish results" (audited), the public results page with
 * small numbers suppressed (results-suppression.ts), and the responses people agreed to have
 * published, with officers' redactions in place of what they wrote.
 */
import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { recordAudit } from '../audit/index.ts';
import {
  findConsultationBySlug,
  PUBLIC_STATES,
  type Consultation,
  type ConsultationState,
} from '../consultations/index.ts';
import { loadQuestionnaire, wardOptions } from './builder.service.ts';
import type { Option, QuestionnaireDefinition } from './questionnaire.types.ts';
import type { QuestionnaireRow } from './questionnaires.tables.ts';
import * as publication from './publication.repository.ts';
import * as repo from './results.repository.ts';
import { barChart } from './results-charts.ts';
import {
  allQuestions,
  answerText,
  CHART_TYPES,
  CHANNELS,
  RESPONDENT_TYPES,
  resultsFor,
  specsFor,
  type ChartSpec,
} from './results.service.ts';
import { suppressNumber, suppressTable, type CountedCell, type PublicTable } from './results-suppression.ts';

export type PublishOutcome =
  { ok: true; consultation: Consultation } | { ok: false; reason: 'not_found' | 'not_allowed' | 'unchanged' };

/**
 * Publishes the consultation's results (or, with `publish: false`, withdraws them), recording who
 * did it. Only reviewers, and only once the consultation has closed (results.policy.ts).
 */
export async function setResultsPublished(
  deps: Deps,
  actor: Actor,
  user: Pick<CurrentUser, 'role' | 'organisationId'>,
  consultationId: string,
  publish: boolean,
): Promise<PublishOutcome> {
  const found = await resultsFor(deps, user, consultationId);
  if (!found.ok) return { ok: false, reason: 'not_found' };
  const { access } = found;
  if (!access.publish) return { ok: false, reason: 'not_allowed' };
  const before = access.questionnaire.resultsPublishedAt;
  if (Boolean(before) === publish) return { ok: false, reason: 'unchanged' };
  await deps.db.transaction(async (tx) => {
    const after = await publication.setResultsPublishedAt(
      tx,
      access.questionnaire.id,
      publish ? deps.clock.now() : null,
    );
    await recordAudit(tx, actor, {
      action: publish ? 'questionnaire.results_published' : 'questionnaire.results_withdrawn',
      entityType: 'questionnaire',
      entityId: access.questionnaire.id,
      before: { consultationId, resultsPublishedAt: before },
      after: { consultationId, resultsPublishedAt: after?.resultsPublishedAt ?? null },
    });
  });
  return { ok: true, consultation: access.consultation };
}

/** How many responses will appear on the published responses page, for the officer deciding to publish. */
export async function publicationPreview(deps: Deps, questionnaireId: string) {
  const counts = await publication.consentCounts(deps.db, questionnaireId);
  return {
    named: counts.get('publish_named') ?? 0,
    anonymous: counts.get('publish_anonymous') ?? 0,
    notPublished: counts.get('do_not_publish') ?? 0,
  };
}

export interface PublicTarget {
  consultation: Consultation;
  questionnaire: QuestionnaireRow;
  definition: QuestionnaireDefinition;
  wards: Option[];
}

/** A public consultation whose results an officer has published, or not_found for anything else. */
export async function publishedResultsFor(
  deps: Deps,
  slug: string,
): Promise<{ ok: true; target: PublicTarget } | { ok: false; reason: 'not_found' }> {
  const consultation = await findConsultationBySlug(deps.db, slug);
  if (!consultation || !PUBLIC_STATES.includes(consultation.state as ConsultationState))
    return { ok: false, reason: 'not_found' };
  const [state, wards] = await Promise.all([loadQuestionnaire(deps, consultation.id), wardOptions(deps)]);
  if (!state.questionnaire?.resultsPublishedAt) return { ok: false, reason: 'not_found' };
  return {
    ok: true,
    target: { consultation, questionnaire: state.questionnaire, definition: state.definition, wards },
  };
}

export interface PublicChart {
  id: string;
  heading: string;
  caption: string;
  table: PublicTable;
  svg: string;
  multiple: boolean;
}

const tableOf = (options: Option[], counts: repo.Count[], base: number) => {
  const byValue = new Map(counts.map((c) => [c.value, c.count]));
  // Every offered option is listed, zero included, so which rows are missing says nothing either.
  const cells: CountedCell[] = options.map((o) => ({ label: o.label, count: byValue.get(o.value) ?? 0 }));
  for (const c of counts) {
    if (!options.some((o) => o.value === c.value)) cells.push({ label: c.value || 'Not known', count: c.count });
  }
  return suppressTable(cells, base);
};

function publicChart(spec: ChartSpec, counted: { answered: number; counts: repo.Count[] }): PublicChart {
  const table = tableOf(spec.options, counted.counts, counted.answered);
  const id = `chart-${spec.series.id}`;
  const answered = table.base === null ? 'fewer than 10 answers' : `${table.base} answers`;
  return {
    id,
    heading: spec.heading,
    caption: spec.caption,
    table,
    svg: barChart(
      id,
      `${spec.caption}: bar chart of ${answered}`,
      table.cells.map((c) => ({
        label: c.label,
        count: c.count ?? 0,
        percent: c.percent ?? 0,
        suppressed: c.suppressed,
      })),
    ),
    multiple: spec.series.kind === 'multiple',
  };
}

/**
 * The public results: headline numbers and a chart per closed question, every table suppressed
 * for small numbers. No About you breakdowns (special category data) and no filters: one-way
 * tables of the whole set are all the public sees, so no two tables can be subtracted.
 */
export async function publicSummary(deps: Deps, target: PublicTarget) {
  const specs = allQuestions(target.definition)
    .filter((q) => CHART_TYPES.has(q.type))
    .flatMap((q) => specsFor(q, target.wards));
  const [head, counted] = await Promise.all([
    repo.headline(deps.db, target.questionnaire.id, {}),
    repo.countAnswers(
      deps.db,
      target.questionnaire.id,
      {},
      specs.map((s) => s.series),
    ),
  ]);
  return {
    total: suppressNumber(head.total),
    byChannel: tableOf(CHANNELS, head.byChannel, head.total),
    byRespondentType: tableOf(RESPONDENT_TYPES, head.byRespondentType, head.total),
    byWard: tableOf(target.wards, head.byWard, head.total),
    charts: specs.map((spec) => publicChart(spec, counted.get(spec.series.id)!)),
  };
}

/** Question types published with a response: what people said, never how to find them (postcode, email, ward, dates). */
const PUBLISHED_TYPES = new Set([
  'short_text',
  'long_text',
  'single_choice',
  'multiple_choice',
  'dropdown',
  'agreement',
  'matrix',
  'ranking',
  'document_comment',
]);

export const PUBLISHED_PAGE_SIZE = 20;

/** One page of published responses: consenting respondents only, redacted text, a name only when they asked for it. */
export async function publishedResponsesPage(deps: Deps, target: PublicTarget, page: number) {
  const { total, responses } = await publication.publishableResponses(
    deps.db,
    target.questionnaire.id,
    PUBLISHED_PAGE_SIZE,
    (page - 1) * PUBLISHED_PAGE_SIZE,
  );
  const questions = allQuestions(target.definition).filter((q) => PUBLISHED_TYPES.has(q.type));
  return {
    total,
    page,
    pageCount: Math.max(1, Math.ceil(total / PUBLISHED_PAGE_SIZE)),
    responses: responses.map((response, index) => {
      // Redactions replace the answers they are keyed by (the contract other modules quote by).
      const published = { ...response.answers, ...response.redactions };
      const named = response.publicationConsent === 'publish_named';
      return {
        number: (page - 1) * PUBLISHED_PAGE_SIZE + index + 1,
        name: named ? response.respondentName || null : null,
        organisation: named && response.respondentType === 'organisation' ? response.organisationName : null,
        submittedAt: response.submittedAt,
        answers: questions
          .map((q) => ({ question: q.text, answer: answerText(q, published, target.wards) }))
          .filter((a) => a.answer !== ''),
      };
    }),
  };
}
