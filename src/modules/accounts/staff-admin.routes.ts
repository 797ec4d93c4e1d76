import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireRole } from '../../web/auth.ts';
import { singleError, type GovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { ROLE_LABELS } from './roles.ts';
import { listStaff, setStaffActive } from './staff-admin.service.ts';

const STAFF_PAGE = 'accounts/staff-list.njk';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function staffAdminRoutes(app: FastifyInstance, deps: Deps) {
  const adminOnly = { preHandler: requireRole('administrator') };

  async function renderList(request: FastifyRequest, reply: FastifyReply, errors?: GovukErrors, status = 200) {
    const organisations = await listStaff(deps);
    return reply.render(STAFF_PAGE, { organisations, roleLabels: ROLE_LABELS, me: request.user!.id, errors }, status);
  }

  app.get('/staff/admin/staff', adminOnly, async (request, reply) => renderList(request, reply));

  for (const [verb, active] of [
    ['deactivate', false],
    ['reactivate', true],
  ] as const) {
    app.post(`/staff/admin/staff/:id/${verb}`, adminOnly, async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!UUID.test(id)) return notFound(reply);
      const outcome = await setStaffActive(deps, actorOf(request), request.user!, id, active);
      if (!outcome.ok) {
        if (outcome.reason === 'not-found') return notFound(reply);
        if (outcome.reason === 'not-administrator') return forbidden(reply);
        return renderList(request, reply, singleError(`staff-${id}`, 'You cannot deactivate your own account'), 422);
      }
      flash(reply, `${outcome.name} has been ${active ? 'reactivated' : 'deactivated'}`);
      return reply.redirect('/staff/admin/staff', 303);
    });
  }
}
