/**
 * The residents' side: home, "Find a consultation", the consultation page, feeds, and the cookie
 * and accessibility pages. All GET, all public, all working without JavaScript.
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../web/auth.ts';
import { shareMeta } from '../../web/share-meta.ts';
import { toGovukErrors } from '../../web/errors.ts';
import { renderAtom, renderRss } from './hub.feed.ts';
import { findQuerySchema, keywordSchema, KEYWORD_MAX, STATUS_FILTERS } from './hub.schema.ts';
import {
  authorityName,
  consultationPage,
  feedEntries,
  findConsultations,
  homePage,
  nextScheduledChange,
  STATUS_FILTER_LABELS,
} from './hub.service.ts';

/** When the accessibility statement was prepared and last reviewed. */
const STATEMENT_PREPARED = '2026-05-01';

/** Mounts the public hub's routes; the consultations manifest registers this. */
export function hubRoutes(app: FastifyInstance, deps: Deps) {
  // Pages drawn before a consultation's opening or closing time are drawn again from that moment.
  app.pageCache.schedule('consultations', (d, now) => nextScheduledChange(d, now));
  app.get('/', { config: { pageCache: { tags: ['consultations'] } } }, async (_request, reply) => {
    return reply.render('consultations/hub/home.njk', await homePage(deps));
  });

  app.get('/consultations', { config: { pageCache: { tags: ['consultations'] } } }, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const filters = findQuerySchema.parse(query);
    const keyword = keywordSchema.safeParse(query);
    // A keyword that is too long is reported and left out; the other filters still apply.
    const q = keyword.success ? keyword.data.q : '';
    const typed = typeof query.q === 'string' ? query.q.slice(0, KEYWORD_MAX * 2) : '';
    const found = await findConsultations(deps, { ...filters, q });
    return reply.render('consultations/hub/find.njk', {
      ...found,
      q: keyword.success ? q : typed,
      statusOptions: STATUS_FILTERS.map((value) => ({ value, text: STATUS_FILTER_LABELS[value] })),
      statusLabel: STATUS_FILTER_LABELS[filters.status].toLowerCase(),
      errors: keyword.success ? undefined : toGovukErrors(keyword.error),
    });
  });

  app.get(
    '/consultations/feed.atom',
    { config: { pageCache: { tags: ['consultations'] } } },
    async (request, reply) => {
      const xml = renderAtom(deps.config.baseUrl, await feedEntries(deps), deps.clock.now(), request.brand);
      return reply.type('application/atom+xml; charset=utf-8').send(xml);
    },
  );

  app.get(
    '/consultations/feed.rss',
    { config: { pageCache: { tags: ['consultations'] } } },
    async (request, reply) => {
      const xml = renderRss(deps.config.baseUrl, await feedEntries(deps), deps.clock.now(), request.brand);
      return reply.type('application/rss+xml; charset=utf-8').send(xml);
    },
  );

  app.get(
    '/consultations/:slug',
    { config: { pageCache: { tags: ['consultations', 'feedback', 'results', 'plan'] } } },
    async (request, reply) => {
      const { slug } = request.params as { slug: string };
      const outcome = await consultationPage(deps, slug);
      if (!outcome.ok) return notFound(reply);
      const c = outcome.consultation;
      const share = shareMeta(deps.config, {
        title: c.title,
        description: c.summary,
        path: `/consultations/${c.slug}`,
        closesAt: c.state === 'open' ? c.closesAt : null,
        ...(c.state === 'open' ? {} : { note: c.status.text }),
      });
      return reply.render('consultations/hub/consultation.njk', { consultation: c, share });
    },
  );

  app.get('/cookies', async (_request, reply) => reply.render('consultations/hub/cookies.njk'));

  app.get('/accessibility', async (_request, reply) =>
    reply.render('consultations/hub/accessibility.njk', {
      prepared: STATEMENT_PREPARED,
      baseUrl: deps.config.baseUrl,
      authorityName: await authorityName(deps),
    }),
  );
}
