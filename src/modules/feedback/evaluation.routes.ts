/** "How was taking part?", the lead officer's evaluation, the partnership view, and the right to challenge. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff } from '../../web/auth.ts';
import { toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { findConsultation, type Consultation } from '../consultations/index.ts';
import {
  answerChallenge,
  answerSchema,
  challengeQueue,
  challengeSchema,
  findChallenge,
  submitChallenge,
} from './challenges.service.ts';
import { PARTICIPATION_SURVEY, PRINCIPLES, RATINGS } from './evaluation.ts';
import * as evaluation from './evaluation.service.ts';
import { canAnswerChallenges, canEvaluate, canReadFeedback } from './feedback.policy.ts';
import { formStrings } from './feedback.schema.ts';

export function evaluationRoutes(app: FastifyInstance, deps: Deps) {
  const staff = { preHandler: requireStaff };
  const limited = { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } };

  // --- Residents: how was taking part? ---
  const surveyPage = (
    reply: FastifyReply,
    c: Consultation,
    values: Record<string, unknown>,
    errors?: GovukErrors & { byKey?: Record<string, string> },
    status = 200,
  ) => reply.render('feedback/how-was-it.njk', { c, questions: PARTICIPATION_SURVEY, values, errors }, status);

  app.get('/consultations/:slug/how-was-it', async (request, reply) => {
    const c = await evaluation.surveyable(deps, (request.params as { slug: string }).slug);
    return c ? surveyPage(reply, c, {}) : notFound(reply);
  });

  app.post('/consultations/:slug/how-was-it', limited, async (request, reply) => {
    const c = await evaluation.surveyable(deps, (request.params as { slug: string }).slug);
    if (!c) return notFound(reply);
    const body = (request.body ?? {}) as Record<string, string | string[] | undefined>;
    const outcome = await evaluation.saveParticipationSurvey(deps, c.id, body);
    if (!outcome.ok) {
      const errors: GovukErrors = {
        list: outcome.errors.map((e) => ({ text: e.text, href: `#${e.anchor}` })),
        fields: Object.fromEntries(outcome.errors.map((e) => [e.key, { text: e.text }])),
      };
      return surveyPage(reply, c, formStrings(body, ['ease', 'improve']), errors, 422);
    }
    return reply.redirect(`/consultations/${c.slug}/how-was-it/thanks`, 303);
  });

  app.get('/consultations/:slug/how-was-it/thanks', async (request, reply) => {
    const c = await evaluation.surveyable(deps, (request.params as { slug: string }).slug);
    return c ? reply.render('feedback/how-was-it-thanks.njk', { c }) : notFound(reply);
  });

  // --- Residents: right to challenge ---
  const challengePage = (
    reply: FastifyReply,
    c: Consultation,
    values: Record<string, string>,
    errors?: GovukErrors,
    status = 200,
  ) => reply.render('feedback/challenge.njk', { c, values, errors }, status);

  app.get('/consultations/:slug/challenge', async (request, reply) => {
    const c = await evaluation.surveyable(deps, (request.params as { slug: string }).slug);
    return c ? challengePage(reply, c, {}) : notFound(reply);
  });

  app.post('/consultations/:slug/challenge', limited, async (request, reply) => {
    const c = await evaluation.surveyable(deps, (request.params as { slug: string }).slug);
    if (!c) return notFound(reply);
    const values = formStrings(request.body, ['kind', 'name', 'email', 'body']);
    const parsed = challengeSchema.safeParse(values);
    if (!parsed.success) return challengePage(reply, c, values, toGovukErrors(parsed.error, { kind: 'kind' }), 422);
    const row = await submitChallenge(deps, c, parsed.data);
    return reply.render('feedback/challenge-sent.njk', { c, challenge: row });
  });

  // --- Staff: the lead officer's evaluation ---
  async function loadForEvaluation(request: FastifyRequest, reply: FastifyReply) {
    const c = await findConsultation(deps.db, (request.params as { id: string }).id);
    if (!c || !canReadFeedback(request.user!, c)) {
      await notFound(reply);
      return null;
    }
    return c;
  }

  async function evaluationPage(
    request: FastifyRequest,
    reply: FastifyReply,
    c: Consultation,
    values: Record<string, string>,
    errors?: GovukErrors,
    status = 200,
  ) {
    return reply.render(
      'feedback/evaluation.njk',
      {
        c,
        values,
        errors,
        canEdit: canEvaluate(request.user!, c),
        principles: Object.entries(PRINCIPLES).map(([key, p]) => ({
          key,
          ...p,
          items: Object.entries(RATINGS).map(([value, text]) => ({
            value,
            text,
            checked: values[`rating-${key}`] === value,
          })),
        })),
        ratings: RATINGS,
        survey: await evaluation.surveySummary(deps, c.id),
      },
      status,
    );
  }

  app.get('/staff/consultations/:id/evaluation', staff, async (request, reply) => {
    const c = await loadForEvaluation(request, reply);
    if (!c) return;
    const saved = await evaluation.findEvaluation(deps, c.id);
    const values: Record<string, string> = { lessons: saved?.lessons ?? '' };
    for (const [key, v] of Object.entries(saved?.ratings ?? {})) {
      values[`rating-${key}`] = v.rating;
      values[`evidence-${key}`] = v.evidence;
    }
    return evaluationPage(request, reply, c, values);
  });

  app.post('/staff/consultations/:id/evaluation', staff, async (request, reply) => {
    const c = await loadForEvaluation(request, reply);
    if (!c) return;
    if (!canEvaluate(request.user!, c)) return forbidden(reply);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const keys = Object.keys(PRINCIPLES).flatMap((k) => [`rating-${k}`, `evidence-${k}`]);
    const values = formStrings(body, [...keys, 'lessons']);
    const parsed = evaluation.parseEvaluation(body);
    if (!parsed.ok) return evaluationPage(request, reply, c, values, parsed.errors, 422);
    const outcome = await evaluation.saveEvaluation(deps, actorOf(request), request.user!, c.id, parsed.value);
    if (!outcome.ok) return outcome.reason === 'not-found' ? notFound(reply) : forbidden(reply);
    flash(reply, 'Evaluation saved');
    return reply.redirect(`/staff/consultations/${c.id}/evaluation`, 303);
  });

  app.get('/staff/evaluations', staff, async (_request, reply) =>
    reply.render('feedback/evaluations.njk', {
      ...(await evaluation.partnershipEvaluations(deps)),
      principles: Object.entries(PRINCIPLES).map(([key, p]) => ({ key, label: p.label })),
      ratings: RATINGS,
    }),
  );

  // --- Staff: the challenge queue ---
  app.get('/staff/challenges', staff, async (request, reply) => {
    if (!canAnswerChallenges(request.user!)) return forbidden(reply);
    return reply.render('feedback/challenges.njk', await challengeQueue(deps));
  });

  async function challengeDetail(
    reply: FastifyReply,
    id: string,
    values: Record<string, string>,
    errors?: GovukErrors,
    status = 200,
  ) {
    const found = await findChallenge(deps, id);
    if (!found) return notFound(reply);
    return reply.render(
      'feedback/challenge-answer.njk',
      { ...found, overdue: found.challenge.respondBy < deps.clock.now(), values, errors },
      status,
    );
  }

  app.get('/staff/challenges/:id', staff, async (request, reply) => {
    if (!canAnswerChallenges(request.user!)) return forbidden(reply);
    return challengeDetail(reply, (request.params as { id: string }).id, {});
  });

  app.post('/staff/challenges/:id', staff, async (request, reply) => {
    if (!canAnswerChallenges(request.user!)) return forbidden(reply);
    const { id } = request.params as { id: string };
    const values = formStrings(request.body, ['answer']);
    const parsed = answerSchema.safeParse(values);
    if (!parsed.success) return challengeDetail(reply, id, values, toGovukErrors(parsed.error), 422);
    const outcome = await answerChallenge(deps, actorOf(request), request.user!, id, parsed.data.answer);
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return notFound(reply);
      if (outcome.reason === 'not-allowed') return forbidden(reply);
      return challengeDetail(
        reply,
        id,
        values,
        {
          list: [{ text: 'This challenge has already been answered', href: '#answer' }],
          fields: { answer: { text: 'This challenge has already been answered' } },
        },
        409,
      );
    }
    flash(reply, 'Answer sent');
    return reply.redirect('/staff/challenges', 303);
  });
}
