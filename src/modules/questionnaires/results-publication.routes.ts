/**
 * Publishing results: "Publish results" and "Withdraw results" for reviewers, redaction of one
 * response for those allowed, and the public pages (results; published responses). Staff pages
 * answer 404 for consultations the user may not read and 403 for actions they may not take.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff } from '../../web/auth.ts';
import { shareMeta } from '../../web/share-meta.ts';
import { flash } from '../../web/render.ts';
import { redactionForm, saveRedactions, type RedactionField } from './redaction.service.ts';
import {
  PUBLISHED_PAGE_SIZE,
  publicationPreview,
  publicSummary,
  publishedResponsesPage,
  publishedResultsFor,
  setResultsPublished,
} from './results-publication.service.ts';
import { resultsFor } from './results.service.ts';

type StaffReq = FastifyRequest<{ Params: { id: string; responseId: string }; Body: Record<string, unknown> }>;

const staffBase = (id: string) => `/staff/consultations/${id}/results`;

/** GOV.UK pagination items: first, last and two either side of the current page. */
export function paginationFor(page: number, pageCount: number, link: (n: number) => string) {
  if (pageCount <= 1) return null;
  return {
    previous: page > 1 ? { href: link(page - 1) } : undefined,
    next: page < pageCount ? { href: link(page + 1) } : undefined,
    items: Array.from({ length: pageCount }, (_, i) => i + 1)
      .filter((n) => n === 1 || n === pageCount || Math.abs(n - page) <= 2)
      .flatMap((n, i, shown) => [
        ...(i > 0 && n - shown[i - 1]! > 1 ? [{ ellipsis: true }] : []),
        { number: n, href: link(n), current: n === page },
      ]),
  };
}

export function resultsPublicationRoutes(app: FastifyInstance, deps: Deps) {
  async function staffAccess(request: StaffReq, reply: FastifyReply) {
    const found = await resultsFor(deps, request.user!, request.params.id);
    if (!found.ok) {
      await notFound(reply);
      return null;
    }
    return found.access;
  }

  app.get<{ Params: { id: string } }>(
    '/staff/consultations/:id/results/publish',
    { preHandler: requireStaff },
    async (request, reply) => {
      const access = await staffAccess(request as StaffReq, reply);
      if (!access) return reply;
      if (!access.publish) return forbidden(reply);
      return reply.render('questionnaires/results/publish.njk', {
        consultation: access.consultation,
        questionnaire: access.questionnaire,
        base: staffBase(access.consultation.id),
        preview: await publicationPreview(deps, access.questionnaire.id),
      });
    },
  );

  for (const [path, publish] of [
    ['/staff/consultations/:id/results/publish', true],
    ['/staff/consultations/:id/results/withdraw', false],
  ] as const) {
    app.post<{ Params: { id: string } }>(path, { preHandler: requireStaff }, async (request, reply) => {
      const outcome = await setResultsPublished(deps, actorOf(request), request.user!, request.params.id, publish);
      if (!outcome.ok && outcome.reason === 'not_found') return notFound(reply);
      if (!outcome.ok && outcome.reason === 'not_allowed') return forbidden(reply);
      // "unchanged" (a second click, another tab) lands on the same page as success: the state is what was asked for.
      if (outcome.ok) flash(reply, publish ? 'Results published' : 'Results withdrawn from the public pages');
      return reply.redirect(staffBase(request.params.id), 303);
    });
  }

  const REDACT = '/staff/consultations/:id/results/responses/:responseId/redact';

  function renderRedact(
    reply: FastifyReply,
    access: { consultation: { id: string; title: string } },
    responseId: string,
    reference: string,
    fields: RedactionField[],
    errors: Record<string, string> | null,
  ) {
    const list = errors ? Object.entries(errors).map(([name, text]) => ({ text, href: `#${name}` })) : [];
    return reply.render(
      'questionnaires/results/redact.njk',
      {
        consultation: access.consultation,
        responseUrl: `${staffBase(access.consultation.id)}/responses/${responseId}`,
        reference,
        fields,
        errors: errors
          ? { list, fields: Object.fromEntries(Object.entries(errors).map(([k, text]) => [k, { text }])) }
          : null,
      },
      errors ? 422 : 200,
    );
  }

  app.get<{ Params: { id: string; responseId: string } }>(
    REDACT,
    { preHandler: requireStaff },
    async (request, reply) => {
      const access = await staffAccess(request as StaffReq, reply);
      if (!access) return reply;
      const form = await redactionForm(deps, access, request.params.responseId);
      if (!form.ok) return form.reason === 'not_found' ? notFound(reply) : forbidden(reply);
      return renderRedact(reply, access, request.params.responseId, form.reference, form.fields, null);
    },
  );

  app.post<{ Params: { id: string; responseId: string } }>(
    REDACT,
    { preHandler: requireStaff },
    async (request, reply) => {
      const access = await staffAccess(request as StaffReq, reply);
      if (!access) return reply;
      const body = (request.body ?? {}) as Record<string, unknown>;
      const outcome = await saveRedactions(deps, actorOf(request), access, request.params.responseId, body);
      if (!outcome.ok) {
        if (outcome.reason === 'not_found') return notFound(reply);
        if (outcome.reason === 'not_allowed') return forbidden(reply);
        const form = await redactionForm(deps, access, request.params.responseId);
        return renderRedact(
          reply,
          access,
          request.params.responseId,
          form.ok ? form.reference : '',
          outcome.fields,
          outcome.errors,
        );
      }
      flash(reply, outcome.changed.length ? 'Redactions saved' : 'No changes to save');
      return reply.redirect(`${staffBase(access.consultation.id)}/responses/${request.params.responseId}`, 303);
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/consultations/:slug/results',
    { config: { pageCache: { tags: ['consultations', 'results'] } } },
    async (request, reply) => {
      const found = await publishedResultsFor(deps, request.params.slug);
      if (!found.ok) return notFound(reply);
      const summary = await publicSummary(deps, found.target);
      const c = found.target.consultation;
      return reply.render('questionnaires/published/results.njk', {
        share: shareMeta(deps.config, {
          title: `Results: ${c.title}`,
          description: `What people told us about ${c.title}.`,
          path: `/consultations/${c.slug}/results`,
          note: 'Results published',
        }),
        consultation: found.target.consultation,
        publishedAt: found.target.questionnaire.resultsPublishedAt,
        summary,
      });
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/consultations/:slug/results/responses',
    { config: { pageCache: { tags: ['consultations', 'results'] } } },
    async (request, reply) => {
      const found = await publishedResultsFor(deps, request.params.slug);
      if (!found.ok) return notFound(reply);
      const query = (request.query ?? {}) as Record<string, unknown>;
      const requested = Number(typeof query.page === 'string' ? query.page : '1');
      const page = Number.isInteger(requested) && requested > 0 ? requested : 1;
      const result = await publishedResponsesPage(deps, found.target, page);
      if (page > result.pageCount) return notFound(reply);
      return reply.render('questionnaires/published/responses.njk', {
        consultation: found.target.consultation,
        result,
        pageSize: PUBLISHED_PAGE_SIZE,
        pagination: paginationFor(page, result.pageCount, (n) => `?page=${n}`),
      });
    },
  );
}
