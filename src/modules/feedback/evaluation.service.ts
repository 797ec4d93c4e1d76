/** Evaluating the engagement: residents' "How was taking part?", the lead officer's evaluation, the partnership view. */
import { asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { recordAudit } from '../audit/index.ts';
import { consultations, findConsultation, findConsultationBySlug } from '../consultations/index.ts';
import { organisations } from '../accounts/index.ts';
import { parsePage } from '../questionnaires/index.ts';
import { PARTICIPATION_SURVEY, PRINCIPLES, RATINGS, type Principle } from './evaluation.ts';
import { canEvaluate } from './feedback.policy.ts';
import { engagementEvaluations, participationSurveys } from './feedback.tables.ts';

type User = Pick<CurrentUser, 'id' | 'role' | 'organisationId'>;
const SURVEY_STATES = ['open', 'closed', 'feedback_published', 'archived'];

/** The consultation a resident may give feedback on, by slug: public and no longer in preparation. */
export async function surveyable(deps: Deps, slug: string) {
  const c = await findConsultationBySlug(deps.db, slug);
  return c && SURVEY_STATES.includes(c.state) ? c : undefined;
}

/** Validates and stores one "How was taking part?" answer with the questionnaire engine's parser. */
export async function saveParticipationSurvey(
  deps: Deps,
  consultationId: string,
  body: Record<string, string | string[] | undefined>,
) {
  const { answers, errors } = parsePage(PARTICIPATION_SURVEY, body, { wards: [] });
  if (errors.length) return { ok: false as const, errors };
  await deps.db.insert(participationSurveys).values({ consultationId, answers, createdAt: deps.clock.now() });
  return { ok: true as const };
}

export async function surveySummary(deps: Deps, consultationId: string) {
  const rows = await deps.db
    .select()
    .from(participationSurveys)
    .where(eq(participationSurveys.consultationId, consultationId))
    .orderBy(desc(participationSurveys.createdAt));
  const options = PARTICIPATION_SURVEY[0]!.options!;
  return {
    total: rows.length,
    ease: options.map((o) => ({ label: o.label, count: rows.filter((r) => r.answers.ease === o.value).length })),
    comments: rows
      .map((r) => r.answers.improve)
      .filter((t): t is string => typeof t === 'string' && t.length > 0)
      .slice(0, 20),
  };
}

export async function findEvaluation(deps: Deps, consultationId: string) {
  const [row] = await deps.db
    .select()
    .from(engagementEvaluations)
    .where(eq(engagementEvaluations.consultationId, consultationId));
  return row;
}

export type EvaluationInput = { ratings: Record<Principle, { rating: string; evidence: string }>; lessons: string };

/** Parses the evaluation form: every principle needs a rating and evidence. */
export function parseEvaluation(body: Record<string, unknown>) {
  const str = (k: string) => (typeof body[k] === 'string' ? body[k].trim() : '');
  const list: { text: string; href: string }[] = [];
  const fields: Record<string, { text: string }> = {};
  const fail = (field: string, text: string) => {
    fields[field] = { text };
    list.push({ text, href: `#${field}` });
  };
  const ratings = {} as EvaluationInput['ratings'];
  for (const [key, p] of Object.entries(PRINCIPLES) as [Principle, (typeof PRINCIPLES)[Principle]][]) {
    const rating = str(`rating-${key}`);
    const evidence = str(`evidence-${key}`);
    if (!(rating in RATINGS)) fail(`rating-${key}`, `Select how well the engagement was ${p.label.toLowerCase()}`);
    if (!evidence) fail(`evidence-${key}`, `Enter the evidence for ${p.label.toLowerCase()}`);
    else if (evidence.length > 2000)
      fail(`evidence-${key}`, `Evidence for ${p.label.toLowerCase()} must be 2000 characters or fewer`);
    ratings[key] = { rating, evidence };
  }
  const lessons = str('lessons');
  if (lessons.length > 5000) fail('lessons', 'Lessons must be 5000 characters or fewer');
  return list.length
    ? { ok: false as const, errors: { list, fields } }
    : { ok: true as const, value: { ratings, lessons } };
}

/** Saves the lead officer's evaluation against the principles, with evidence. */
export async function saveEvaluation(
  deps: Deps,
  actor: Actor,
  user: User,
  consultationId: string,
  input: EvaluationInput,
): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'not-allowed' }> {
  const c = await findConsultation(deps.db, consultationId);
  if (!c) return { ok: false, reason: 'not-found' };
  if (!canEvaluate(user, c)) return { ok: false, reason: 'not-allowed' };
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(engagementEvaluations)
      .where(eq(engagementEvaluations.consultationId, consultationId));
    await tx
      .insert(engagementEvaluations)
      .values({ consultationId, ...input, evaluatedBy: user.id, updatedAt: now })
      .onConflictDoUpdate({
        target: engagementEvaluations.consultationId,
        set: { ...input, evaluatedBy: user.id, updatedAt: now },
      });
    await recordAudit(tx, actor, {
      action: 'consultation.evaluated',
      entityType: 'consultation',
      entityId: consultationId,
      before: before ?? null,
      after: input,
    });
  });
  return { ok: true };
}

/** The partnership view: every evaluated consultation against every principle. */
export async function partnershipEvaluations(deps: Deps) {
  const rows = await deps.db
    .select({
      id: consultations.id,
      title: consultations.title,
      closesAt: consultations.closesAt,
      organisationName: organisations.name,
      ratings: engagementEvaluations.ratings,
    })
    .from(engagementEvaluations)
    .innerJoin(consultations, eq(consultations.id, engagementEvaluations.consultationId))
    .innerJoin(organisations, eq(organisations.id, consultations.leadOrganisationId))
    .orderBy(desc(consultations.closesAt), asc(consultations.title));
  const totals = Object.fromEntries(
    Object.keys(PRINCIPLES).map((p) => [p, Object.fromEntries(Object.keys(RATINGS).map((r) => [r, 0]))]),
  ) as Record<string, Record<string, number>>;
  for (const row of rows)
    for (const [p, v] of Object.entries(row.ratings)) if (totals[p] && v.rating in totals[p]) totals[p][v.rating]!++;
  const surveyCounts = rows.length
    ? await deps.db
        .select({ id: participationSurveys.consultationId, n: sql<number>`count(*)::int` })
        .from(participationSurveys)
        .where(
          inArray(
            participationSurveys.consultationId,
            rows.map((r) => r.id),
          ),
        )
        .groupBy(participationSurveys.consultationId)
    : [];
  const surveys = new Map(surveyCounts.map((s) => [s.id, Number(s.n)]));
  return { rows: rows.map((r) => ({ ...r, surveys: surveys.get(r.id) ?? 0 })), totals };
}
