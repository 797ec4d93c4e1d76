/**
 * Results for staff: the dashboard, free-text answers, one response, and exports. All GET, so
 * filters are a plain form that works without JavaScript and every view can be bookmarked.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, notFound, requireStaff } from '../../web/auth.ts';
import {
  CHANNELS,
  filterQuery,
  GROUP_CHOICES,
  parseFilters,
  RESPONDENT_TYPES,
  responseInFull,
  resultsFor,
  summarise,
  textAnswersPage,
  type ResultFilters,
  type ResultsAccess,
} from './results.service.ts';
import { CONTENT_TYPES, EXPORT_FORMATS, exportResponses, type ExportFormat } from './results-export.ts';

type Params = { id: string; questionKey: string; responseId: string; format: string };
type Req = FastifyRequest<{ Params: Params; Querystring: Record<string, unknown> }>;

const base = (access: ResultsAccess) => `/staff/consultations/${access.consultation.id}/results`;

/** The filter form's choices, each marked when chosen. */
function filterForm(access: ResultsAccess, filters: ResultFilters) {
  const items = (options: { value: string; label: string }[], chosen: string | undefined, any: string) => [
    { value: '', text: any },
    ...options.map((o) => ({ value: o.value, text: o.label, selected: o.value === chosen })),
  ];
  const group = filters.group ? `${filters.group.key}:${filters.group.value}` : undefined;
  return {
    ward: items(access.wards, filters.ward, 'All wards'),
    channel: items(CHANNELS, filters.channel, 'All channels'),
    respondentType: items(RESPONDENT_TYPES, filters.respondentType, 'Individuals and organisations'),
    group: access.equalities ? items(GROUP_CHOICES, group, 'Everyone') : null,
    active: Object.keys(filters).length > 0,
  };
}

export function resultsRoutes(app: FastifyInstance, deps: Deps) {
  const BASE = '/staff/consultations/:id/results';

  /** Results context for this user and consultation; renders 404 (so IDs reveal nothing) when not allowed. */
  async function access(request: Req, reply: FastifyReply) {
    const outcome = await resultsFor(deps, request.user!, request.params.id);
    if (!outcome.ok) {
      await notFound(reply);
      return null;
    }
    const filters = parseFilters(request.query ?? {}, outcome.access);
    return { access: outcome.access, filters, query: filterQuery(filters) };
  }

  app.get<{ Params: Params }>(BASE, { preHandler: requireStaff }, async (request, reply) => {
    const found = await access(request as Req, reply);
    if (!found) return reply;
    const summary = await summarise(deps, found.access, found.filters);
    return reply.render('questionnaires/results/dashboard.njk', {
      ...found,
      consultation: found.access.consultation,
      base: base(found.access),
      form: filterForm(found.access, found.filters),
      summary,
    });
  });

  app.get<{ Params: Params }>(`${BASE}/text/:questionKey`, { preHandler: requireStaff }, async (request, reply) => {
    const found = await access(request as Req, reply);
    if (!found) return reply;
    const query = (request.query ?? {}) as Record<string, unknown>;
    const search = typeof query.search === 'string' ? query.search.trim().slice(0, 200) : '';
    const requested = Number(typeof query.page === 'string' ? query.page : '1');
    const page = Number.isInteger(requested) && requested > 0 ? requested : 1;
    const result = await textAnswersPage(deps, found.access, found.filters, request.params.questionKey, search, page);
    if (!result.ok) return notFound(reply);
    const link = (n: number) => {
      const params = new URLSearchParams(found.query);
      if (search) params.set('search', search);
      params.set('page', String(n));
      return `?${params.toString()}`;
    };
    const pagination =
      result.pageCount > 1
        ? {
            previous: page > 1 ? { href: link(page - 1) } : undefined,
            next: page < result.pageCount ? { href: link(page + 1) } : undefined,
            items: Array.from({ length: result.pageCount }, (_, i) => i + 1)
              .filter((n) => n === 1 || n === result.pageCount || Math.abs(n - page) <= 2)
              .flatMap((n, i, shown) => [
                ...(i > 0 && n - shown[i - 1]! > 1 ? [{ ellipsis: true }] : []),
                { number: n, href: link(n), current: n === page },
              ]),
          }
        : null;
    return reply.render('questionnaires/results/text.njk', {
      ...found,
      consultation: found.access.consultation,
      base: base(found.access),
      result,
      search,
      pagination,
    });
  });

  app.get<{ Params: Params }>(`${BASE}/responses/:responseId`, { preHandler: requireStaff }, async (request, reply) => {
    const found = await access(request as Req, reply);
    if (!found) return reply;
    const result = await responseInFull(deps, found.access, request.params.responseId);
    if (!result.ok) return notFound(reply);
    return reply.render('questionnaires/results/response.njk', {
      consultation: found.access.consultation,
      base: base(found.access),
      access: found.access,
      result,
    });
  });

  app.get<{ Params: Params }>(`${BASE}/export.:format`, { preHandler: requireStaff }, async (request, reply) => {
    const format = request.params.format as ExportFormat;
    if (!EXPORT_FORMATS.includes(format)) return notFound(reply);
    const found = await access(request as Req, reply);
    if (!found) return reply;
    const file = await exportResponses(deps, actorOf(request), found.access, found.filters, format);
    const name = `responses-${found.access.consultation.slug}.${format}`;
    return reply
      .header('content-disposition', `attachment; filename="${name.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
      .header('cache-control', 'no-store')
      .type(CONTENT_TYPES[format])
      .send(file);
  });
}
