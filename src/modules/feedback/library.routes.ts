/** The public results library, and staff notes on how a draft relates to past consultations. */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff } from '../../web/auth.ts';
import { flash } from '../../web/render.ts';
import { listOrganisations } from '../accounts/index.ts';
import { TOPICS } from '../consultations/index.ts';
import { listWardNames } from '../geography/index.ts';
import { formStrings } from './feedback.schema.ts';
import { LIBRARY_PAGE_SIZE, noteRelation, searchLibrary } from './library.service.ts';
import { UUID } from './sql-rows.ts';

export function libraryRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/results', { config: { pageCache: { tags: ['consultations', 'feedback'] } } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const str = (key: string, max = 200) => (typeof query[key] === 'string' ? query[key].trim().slice(0, max) : '');
    const [wards, organisations] = await Promise.all([listWardNames(deps.db), listOrganisations(deps.db)]);
    const filter = {
      q: str('q'),
      topic: str('topic') in TOPICS ? str('topic') : '',
      ward: wards.some((w) => w.code === str('ward')) ? str('ward') : '',
      organisation: organisations.some((o) => o.slug === str('organisation')) ? str('organisation') : '',
    };
    const page = Math.max(1, Math.min(1000, Number.parseInt(str('page'), 10) || 1));
    const results = await searchLibrary(deps, filter, page);
    const qs = (p: number) =>
      '?' +
      new URLSearchParams({
        ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)),
        page: String(p),
      }).toString();
    return reply.render('feedback/library.njk', {
      filter,
      results,
      pageSize: LIBRARY_PAGE_SIZE,
      previous: page > 1 ? qs(page - 1) : null,
      next: page < results.pageCount ? qs(page + 1) : null,
      topics: [
        { value: '', text: 'Any topic' },
        ...Object.entries(TOPICS).map(([value, text]) => ({ value, text, selected: value === filter.topic })),
      ],
      wards: [
        { value: '', text: 'Any area' },
        ...wards.map((w) => ({ value: w.code, text: w.name, selected: w.code === filter.ward })),
      ],
      organisations: [
        { value: '', text: 'Any organisation' },
        ...organisations.map((o) => ({ value: o.slug, text: o.name, selected: o.slug === filter.organisation })),
      ],
    });
  });

  app.post('/staff/consultations/:id/related/:pastId', { preHandler: requireStaff }, async (request, reply) => {
    const { id, pastId } = request.params as { id: string; pastId: string };
    if (!UUID.test(id) || !UUID.test(pastId)) return notFound(reply);
    const note = formStrings(request.body, ['note']).note!.trim().slice(0, 2000);
    const outcome = await noteRelation(deps, actorOf(request), request.user!, id, pastId, note);
    if (!outcome.ok) return outcome.reason === 'not-allowed' ? forbidden(reply) : notFound(reply);
    flash(reply, 'Note saved');
    return reply.redirect(`/staff/consultations/${id}#what-we-know`, 303);
  });
}
