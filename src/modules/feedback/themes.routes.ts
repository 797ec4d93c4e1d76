/** Staff pages for "you said, we did": themes, coding responses, answers, publishing, the consideration report. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff } from '../../web/auth.ts';
import { singleError, toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import type { Consultation } from '../consultations/index.ts';
import { decisionsForConsultation } from './decisions.service.ts';
import { canPublishFeedback, canWriteFeedback } from './feedback.policy.ts';
import {
  codingSchema,
  formList,
  formStrings,
  publishSchema,
  RESPONSE_KINDS,
  themeAnswerSchema,
  themeSchema,
} from './feedback.schema.ts';
import * as themes from './themes.service.ts';
import { UUID } from './sql-rows.ts';

type Params = { id: string; themeId?: string; responseId?: string };

export function themesRoutes(app: FastifyInstance, deps: Deps) {
  const staff = { preHandler: requireStaff };
  const base = (c: { id: string }) => `/staff/consultations/${c.id}/feedback`;

  async function load(request: FastifyRequest, reply: FastifyReply): Promise<Consultation | null> {
    const { id } = request.params as Params;
    const found = await themes.consultationForFeedback(deps, request.user!, id);
    if (!found.ok) {
      await notFound(reply);
      return null;
    }
    return found.consultation;
  }

  async function overview(
    request: FastifyRequest,
    reply: FastifyReply,
    c: Consultation,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const view = await themes.feedbackView(deps, c.id);
    return reply.render(
      'feedback/overview.njk',
      {
        c,
        view,
        canWrite: canWriteFeedback(request.user!, c),
        canPublish: canPublishFeedback(request.user!, c),
        kinds: RESPONSE_KINDS,
        values: {},
        ...extra,
      },
      status,
    );
  }

  app.get('/staff/consultations/:id/feedback', staff, async (request, reply) => {
    const c = await load(request, reply);
    return c && overview(request, reply, c);
  });

  app.post('/staff/consultations/:id/feedback/themes', staff, async (request, reply) => {
    const c = await load(request, reply);
    if (!c) return;
    if (!canWriteFeedback(request.user!, c)) return forbidden(reply);
    const values = formStrings(request.body, ['title', 'description']);
    const parsed = themeSchema.safeParse(values);
    if (!parsed.success) return overview(request, reply, c, { values, errors: toGovukErrors(parsed.error) }, 422);
    const outcome = await themes.createTheme(deps, actorOf(request), request.user!, c.id, parsed.data);
    if (!outcome.ok) return outcome.reason === 'not-found' ? notFound(reply) : forbidden(reply);
    flash(reply, `Theme added: ${outcome.value.title}`);
    return reply.redirect(base(c), 303);
  });

  async function themePage(
    request: FastifyRequest,
    reply: FastifyReply,
    c: Consultation,
    values: Record<string, string>,
    errors?: GovukErrors,
    status = 200,
  ) {
    return reply.render(
      'feedback/theme.njk',
      {
        c,
        themeId: (request.params as Params).themeId,
        values,
        errors,
        kinds: Object.entries(RESPONSE_KINDS).map(([value, text]) => ({
          value,
          text,
          checked: values.responseKind === value,
        })),
      },
      status,
    );
  }

  app.get('/staff/consultations/:id/feedback/themes/:themeId', staff, async (request, reply) => {
    const c = await load(request, reply);
    if (!c) return;
    if (!canWriteFeedback(request.user!, c)) return forbidden(reply);
    const { themeId } = request.params as Params;
    const theme = UUID.test(themeId!)
      ? (await themes.feedbackView(deps, c.id)).themes.find((t) => t.id === themeId)
      : undefined;
    if (!theme) return notFound(reply);
    return themePage(request, reply, c, {
      title: theme.title,
      description: theme.description,
      responseKind: theme.responseKind ?? '',
      responseText: theme.responseText,
    });
  });

  app.post('/staff/consultations/:id/feedback/themes/:themeId', staff, async (request, reply) => {
    const c = await load(request, reply);
    if (!c) return;
    if (!canWriteFeedback(request.user!, c)) return forbidden(reply);
    const { themeId } = request.params as Params;
    if (!UUID.test(themeId!)) return notFound(reply);
    const values = formStrings(request.body, ['title', 'description', 'responseKind', 'responseText']);
    const parsed = themeAnswerSchema.safeParse(values);
    if (!parsed.success) {
      return themePage(request, reply, c, values, toGovukErrors(parsed.error, { responseKind: 'responseKind' }), 422);
    }
    const outcome = await themes.saveTheme(deps, actorOf(request), request.user!, c.id, themeId!, parsed.data);
    if (!outcome.ok) return outcome.reason === 'not-found' ? notFound(reply) : forbidden(reply);
    flash(reply, `Theme saved: ${outcome.value.title}`);
    return reply.redirect(base(c), 303);
  });

  async function codingPage(
    request: FastifyRequest,
    reply: FastifyReply,
    c: Consultation,
    errors?: GovukErrors,
    status = 200,
  ) {
    const pageParam = Number((request.query as { page?: string }).page ?? '1');
    const page = await themes.codingPage(deps, c.id, Number.isInteger(pageParam) ? pageParam : 1);
    return reply.render(
      'feedback/responses.njk',
      { c, page, errors, canWrite: canWriteFeedback(request.user!, c) },
      status,
    );
  }

  app.get('/staff/consultations/:id/feedback/responses', staff, async (request, reply) => {
    const c = await load(request, reply);
    return c && codingPage(request, reply, c);
  });

  app.post('/staff/consultations/:id/feedback/responses/:responseId', staff, async (request, reply) => {
    const c = await load(request, reply);
    if (!c) return;
    if (!canWriteFeedback(request.user!, c)) return forbidden(reply);
    const { responseId } = request.params as Params;
    if (!UUID.test(responseId!)) return notFound(reply);
    const body = request.body as Record<string, unknown>;
    const parsed = codingSchema.safeParse({
      themes: formList(body, 'themes'),
      quoteKey: formStrings(body, ['quoteKey']).quoteKey,
    });
    const outcome = parsed.success
      ? await themes.codeResponse(deps, actorOf(request), request.user!, c.id, responseId!, parsed.data)
      : ({ ok: false, reason: 'bad-input' } as const);
    const page = formStrings(body, ['page']).page;
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return notFound(reply);
      if (outcome.reason === 'not-allowed') return forbidden(reply);
      const message =
        outcome.reason === 'quote-not-allowed'
          ? 'You cannot quote this response: the person who sent it did not agree to publication'
          : 'Select themes and a quote from this response’s answers';
      return codingPage(request, reply, c, singleError(`themes-${responseId}`, message), 422);
    }
    flash(reply, 'Themes saved for the response');
    return reply.redirect(
      `${base(c)}/responses${/^\d+$/.test(page ?? '') ? `?page=${page}` : ''}#response-${responseId}`,
      303,
    );
  });

  async function publishPage(
    request: FastifyRequest,
    reply: FastifyReply,
    c: Consultation,
    values: Record<string, string>,
    errors?: GovukErrors,
    status = 200,
  ) {
    const view = await themes.feedbackView(deps, c.id);
    return reply.render('feedback/publish.njk', { c, view, values, errors }, status);
  }

  app.get('/staff/consultations/:id/feedback/publish', staff, async (request, reply) => {
    const c = await load(request, reply);
    if (!c) return;
    if (!canPublishFeedback(request.user!, c)) return forbidden(reply);
    return publishPage(request, reply, c, { summary: c.feedbackSummary });
  });

  app.post('/staff/consultations/:id/feedback/publish', staff, async (request, reply) => {
    const c = await load(request, reply);
    if (!c) return;
    if (!canPublishFeedback(request.user!, c)) return forbidden(reply);
    const values = formStrings(request.body, ['summary']);
    const parsed = publishSchema.safeParse(values);
    if (!parsed.success) return publishPage(request, reply, c, values, toGovukErrors(parsed.error), 422);
    const outcome = await themes.publishConsultationFeedback(
      deps,
      actorOf(request),
      request.user!,
      c.id,
      parsed.data.summary,
    );
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return notFound(reply);
      if (outcome.reason === 'not-allowed' || outcome.reason === 'wrong-state') return forbidden(reply);
      const errors: GovukErrors =
        outcome.reason !== 'unanswered'
          ? singleError('themes', 'Add at least one theme before you publish the feedback')
          : {
              list: outcome.themes.map((t) => ({
                text: `Enter what we did, or why we cannot, for “${t.title}”`,
                href: `#theme-${t.id}`,
              })),
              fields: {},
            };
      return publishPage(request, reply, c, values, errors, 422);
    }
    flash(reply, 'Feedback published. People who asked to hear back are being told.');
    return reply.redirect(base(c), 303);
  });

  app.get('/staff/consultations/:id/feedback/consideration', staff, async (request, reply) => {
    const c = await load(request, reply);
    if (!c) return;
    const [view, decisions] = await Promise.all([
      themes.feedbackView(deps, c.id),
      decisionsForConsultation(deps, c.id),
    ]);
    return reply.render('feedback/consideration.njk', {
      c,
      view,
      decisions,
      neverConsidered: view.themes.filter((t) => !t.considered.length),
    });
  });
}
