import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { requireRole } from '../../web/auth.ts';
import { toGovukErrors } from '../../web/errors.ts';
import { auditQuerySchema } from './audit.schema.ts';
import { AUDIT_PAGE_SIZE, listAuditPage } from './audit.service.ts';
import { paginationFor } from './pagination.ts';

const PAGE = 'audit/audit-log.njk';

export function auditRoutes(app: FastifyInstance, deps: Deps) {
  // The trail covers every organisation and holds personal data in before/after, so administrators only.
  app.get('/staff/admin/audit', { preHandler: requireRole('administrator') }, async (request, reply) => {
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(
      ['action', 'entityType', 'entityId'].map((k) => [k, typeof raw[k] === 'string' ? raw[k] : '']),
    );
    const parsed = auditQuerySchema.safeParse(raw);
    if (!parsed.success) {
      return reply.render(PAGE, { values, errors: toGovukErrors(parsed.error), events: [], total: 0 }, 400);
    }
    const { page, ...filter } = parsed.data;
    const result = await listAuditPage(deps, filter, page);
    const hrefFor = (n: number) => {
      const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1])));
      query.set('page', String(n));
      return `/staff/admin/audit?${query}`;
    };
    return reply.render(PAGE, {
      values,
      events: result.events,
      total: result.total,
      first: (result.page - 1) * AUDIT_PAGE_SIZE + 1,
      last: (result.page - 1) * AUDIT_PAGE_SIZE + result.events.length,
      filtered: Object.values(filter).some(Boolean),
      pagination: paginationFor(result.page, result.pageCount, hrefFor),
    });
  });
}
