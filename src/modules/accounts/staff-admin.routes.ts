import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireRole } from '../../web/auth.ts';
import { singleError, type GovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { resendInvitation, withdrawInvitation } from './invitations.service.ts';
import { ROLE_LABELS } from './roles.ts';
import { listStaff, setStaffActive, unlockStaff } from './staff-admin.service.ts';

const STAFF_PAGE = 'accounts/staff-list.njk';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What every staff-list use-case answers; the reasons not listed here are shown as an error on the list. */
type ActionOutcome =
  { ok: true; name: string; email?: string } | { ok: false; reason: string; name?: string; organisationId?: string };

interface StaffAction {
  run(request: FastifyRequest, id: string): Promise<ActionOutcome>;
  done(outcome: { name: string; email?: string }): string;
  /** Why the record exists but the action does not apply to it (any more). */
  refused(reason: string, name: string): string;
}

const NOT_PENDING = (name: string) =>
  `The invitation to ${name} is no longer open: it was used, replaced or withdrawn, or it expired`;

/** One POST per row button at /staff/admin/staff/:id/<verb>; every one of them is a GOV.UK form with CSRF. */
function staffActions(deps: Deps): Record<string, StaffAction> {
  const setActive = (active: boolean): StaffAction => ({
    run: (request, id) => setStaffActive(deps, actorOf(request), request.user!, id, active),
    done: ({ name }) => `${name} has been ${active ? 'reactivated' : 'deactivated'}`,
    refused: () => 'You cannot deactivate your own account',
  });
  return {
    deactivate: setActive(false),
    reactivate: setActive(true),
    unlock: {
      run: (request, id) => unlockStaff(deps, actorOf(request), request.user!, id),
      done: ({ name }) => `${name} has been unlocked and can sign in again`,
      refused: (_reason, name) => `${name} is not locked`,
    },
    'resend-invitation': {
      run: (request, id) => resendInvitation(deps, actorOf(request), request.user!, id),
      done: ({ email }) => `A new invitation has been sent to ${email}. The earlier link no longer works`,
      refused: (reason, name) =>
        reason === 'email-in-use' ? `${name} already has a staff account with this email address` : NOT_PENDING(name),
    },
    'withdraw-invitation': {
      run: (request, id) => withdrawInvitation(deps, actorOf(request), request.user!, id),
      done: ({ name }) => `The invitation to ${name} has been withdrawn`,
      refused: (_reason, name) => NOT_PENDING(name),
    },
  };
}

export function staffAdminRoutes(app: FastifyInstance, deps: Deps) {
  const adminOnly = { preHandler: requireRole('administrator') };

  async function renderList(request: FastifyRequest, reply: FastifyReply, errors?: GovukErrors, status = 200) {
    const organisations = await listStaff(deps);
    return reply.render(STAFF_PAGE, { organisations, roleLabels: ROLE_LABELS, me: request.user!.id, errors }, status);
  }

  app.get('/staff/admin/staff', adminOnly, async (request, reply) => renderList(request, reply));

  for (const [verb, action] of Object.entries(staffActions(deps))) {
    app.post(`/staff/admin/staff/:id/${verb}`, adminOnly, async (request, reply) => {
      const { id } = request.params as { id: string };
      if (!UUID.test(id)) return notFound(reply);
      const outcome = await action.run(request, id);
      if (!outcome.ok) {
        if (outcome.reason === 'not-found') return notFound(reply);
        if (outcome.reason === 'not-administrator') return forbidden(reply);
        // A row that has left the list (a used or withdrawn invitation) is pointed at by its organisation.
        const anchor = outcome.organisationId ? `organisation-${outcome.organisationId}` : `staff-${id}`;
        return renderList(request, reply, singleError(anchor, action.refused(outcome.reason, outcome.name ?? '')), 422);
      }
      flash(reply, action.done(outcome));
      return reply.redirect('/staff/admin/staff', 303);
    });
  }
}
