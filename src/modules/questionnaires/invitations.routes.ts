/** Private invitations: the list of who was invited (and whether they responded) and the form to invite more. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff } from '../../web/auth.ts';
import { singleError, type GovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { MAX_INVITATIONS } from './invitations.schema.ts';
import { invitationsFor, listInvitations, sendInvitations, type InvitationsAccess } from './invitations.service.ts';

const PATH = '/staff/consultations/:id/questionnaire/invitations';
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function invitationsRoutes(app: FastifyInstance, deps: Deps) {
  async function page(reply: FastifyReply, access: InvitationsAccess, form: { emails?: string; errors?: GovukErrors }) {
    const invitations = await listInvitations(deps, access.questionnaire.id);
    return reply.render(
      'questionnaires/invitations/list.njk',
      {
        consultation: access.consultation,
        questionnaire: access.questionnaire,
        canSend: access.canSend,
        invitations,
        responded: invitations.filter((i) => i.responded).length,
        opened: invitations.filter((i) => i.openedAt).length,
        maxInvitations: MAX_INVITATIONS,
        emails: form.emails ?? '',
        errors: form.errors,
      },
      form.errors ? 422 : 200,
    );
  }

  async function accessOr(request: { user?: unknown; params: { id: string } }, reply: FastifyReply) {
    const outcome = await invitationsFor(deps, request.user as never, request.params.id);
    if (outcome.ok) return outcome.access;
    if (outcome.reason === 'not_found') await notFound(reply);
    else await forbidden(reply);
    return null;
  }

  app.get<{ Params: { id: string } }>(PATH, { preHandler: requireStaff }, async (request, reply) => {
    const access = await accessOr(request, reply);
    if (!access) return reply;
    return page(reply, access, {});
  });

  app.post<{ Params: { id: string }; Body: Record<string, unknown> }>(
    PATH,
    { preHandler: requireStaff },
    async (request, reply) => {
      const access = await accessOr(request, reply);
      if (!access) return reply;
      const emails = typeof request.body?.emails === 'string' ? request.body.emails : '';
      const outcome = await sendInvitations(deps, actorOf(request), access, emails);
      if (!outcome.ok) {
        if (outcome.reason === 'not_allowed') return forbidden(reply);
        return page(reply, access, { emails, errors: singleError('emails', outcome.error) });
      }
      const parts = [`${plural(outcome.sent, 'invitation', 'invitations')} sent`];
      if (outcome.alreadyInvited > 0)
        parts.push(
          `${plural(outcome.alreadyInvited, 'person was', 'people were')} already invited and not emailed again`,
        );
      if (outcome.duplicates > 0)
        parts.push(`${plural(outcome.duplicates, 'repeated address', 'repeated addresses')} ignored`);
      flash(reply, `${parts.join('. ')}.`);
      return reply.redirect(`/staff/consultations/${access.consultation.id}/questionnaire/invitations`, 303);
    },
  );
}
