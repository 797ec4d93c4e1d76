import type { FastifyInstance, FastifyReply } from 'fastify';
import { startStaffSession } from './staff-session.ts';
import type { Deps } from '../../deps.ts';
import { actorOf, requireRole } from '../../web/auth.ts';
import { singleError, toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { inviteSchema, setPasswordSchema } from './accounts.schema.ts';
import { formBody, textValues } from './form.ts';
import { acceptInvitation, invitableOrganisations, inviteStaff, openInvitation } from './invitations.service.ts';
import { ROLE_HINTS, ROLE_LABELS, ROLES } from './roles.ts';

const INVITE_PAGE = 'accounts/invite.njk';
const ACCEPT_PAGE = 'accounts/accept-invitation.njk';
const EXPIRED_PAGE = 'accounts/invitation-expired.njk';

const EMAIL_MESSAGES = {
  'email-in-use': 'This email address already belongs to a member of staff',
  'email-deactivated': 'This email address belongs to a deactivated account. Reactivate it from the staff list instead',
  'unknown-organisation': 'Select an organisation',
} as const;

/** Tokens are 32 random bytes in base64url; anything else cannot be one and never reaches the database. */
const looksLikeToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

export function invitationRoutes(app: FastifyInstance, deps: Deps) {
  const roles = ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role], hint: { text: ROLE_HINTS[role] } }));

  async function renderInvite(reply: FastifyReply, values: Record<string, string>, errors?: GovukErrors, status = 200) {
    const organisations = (await invitableOrganisations(deps)).map((o) => ({ value: o.id, text: o.name }));
    const withChecked = roles.map((r) => ({ ...r, checked: r.value === values.role }));
    return reply.render(INVITE_PAGE, { values, errors, organisations, roles: withChecked }, status);
  }

  app.get('/staff/admin/staff/invite', { preHandler: requireRole('administrator') }, async (request, reply) =>
    renderInvite(reply, { organisation: request.user!.organisationId }),
  );

  app.post('/staff/admin/staff/invite', { preHandler: requireRole('administrator') }, async (request, reply) => {
    const body = formBody(request.body);
    const values = textValues(body, ['name', 'email', 'organisation', 'role']);
    const parsed = inviteSchema.safeParse(body);
    if (!parsed.success) return renderInvite(reply, values, toGovukErrors(parsed.error), 422);
    const outcome = await inviteStaff(deps, actorOf(request), request.user!.name, parsed.data);
    if (!outcome.ok) {
      const field = outcome.reason === 'unknown-organisation' ? 'organisation' : 'email';
      return renderInvite(reply, values, singleError(field, EMAIL_MESSAGES[outcome.reason]), 422);
    }
    flash(reply, `Invitation sent to ${outcome.email}`);
    return reply.redirect('/staff/admin/staff', 303);
  });

  async function showInvitation(token: string, reply: FastifyReply, errors?: GovukErrors) {
    const outcome = looksLikeToken(token)
      ? await openInvitation(deps, token)
      : ({ ok: false, reason: 'unknown' } as const);
    if (!outcome.ok) return reply.render(EXPIRED_PAGE, {}, outcome.reason === 'unknown' ? 404 : 410);
    return reply.render(
      ACCEPT_PAGE,
      { invitation: outcome.invitation, roleLabel: ROLE_LABELS[outcome.invitation.role], token, errors },
      errors ? 422 : 200,
    );
  }

  app.get('/invitations/:token', async (request, reply) => {
    // The token is a credential: keep it out of Referer headers sent to other sites.
    reply.header('referrer-policy', 'no-referrer');
    return showInvitation((request.params as { token: string }).token, reply);
  });

  app.post(
    '/invitations/:token',
    { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      reply.header('referrer-policy', 'no-referrer');
      const { token } = request.params as { token: string };
      const opened = looksLikeToken(token)
        ? await openInvitation(deps, token)
        : ({ ok: false, reason: 'unknown' } as const);
      if (!opened.ok) return reply.render(EXPIRED_PAGE, {}, opened.reason === 'unknown' ? 404 : 410);
      const parsed = setPasswordSchema(opened.invitation.email).safeParse(formBody(request.body));
      if (!parsed.success) return showInvitation(token, reply, toGovukErrors(parsed.error));
      const outcome = await acceptInvitation(deps, token, parsed.data.password, request.id);
      if (!outcome.ok) {
        if (outcome.reason === 'used-or-expired') return reply.render(EXPIRED_PAGE, {}, 410);
        return showInvitation(
          token,
          reply,
          singleError('password', 'An account with this email address already exists. Ask your administrator for help'),
        );
      }
      // A fresh session on sign-in prevents session fixation.
      startStaffSession(request, reply, deps.config, outcome.user);
      flash(reply, 'Your password has been set and you are signed in');
      return reply.redirect('/staff', 303);
    },
  );
}
