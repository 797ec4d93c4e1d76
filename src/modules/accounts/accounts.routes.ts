import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, requireStaff } from '../../web/auth.ts';
import { singleError, toGovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { changePasswordSchema, signInSchema } from './accounts.schema.ts';
import { changePassword, LOCKOUT_MINUTES, signIn, signOut } from './accounts.service.ts';
import { knownDeviceUser, STAFF_SESSION_MS, startStaffSession } from './staff-session.ts';

/** The only refusal the sign-in page gives. */
export const SIGN_IN_REFUSED = `Enter a correct email address and password. After several failed attempts you may have to wait up to ${LOCKOUT_MINUTES} minutes before trying again`;
import { formBody } from './form.ts';
import { invitationRoutes } from './invitations.routes.ts';
import { staffAdminRoutes } from './staff-admin.routes.ts';

/**
 * Only a path on this site is allowed after sign-in: printable ASCII (no CR/LF or other control
 * characters, no spaces), starting with one "/", not "//host" or "/\\host", and still this site
 * once resolved. Anything else, however odd, falls back to the staff home.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000 || !/^\/(?![/\\])[\x21-\x7e]*$/.test(value)) return '/staff';
  try {
    const base = 'http://soundings.invalid';
    const resolved = new URL(value, base);
    return resolved.origin === base ? `${resolved.pathname}${resolved.search}${resolved.hash}` : '/staff';
  } catch {
    return '/staff';
  }
}

export function accountsRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/sign-in', async (request, reply) => {
    if (request.user) return reply.redirect('/staff', 303);
    const { returnTo } = request.query as { returnTo?: string };
    return reply.render('accounts/sign-in.njk', { values: {}, returnTo: safeReturnTo(returnTo) });
  });

  app.post('/sign-in', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const returnTo = safeReturnTo(body.returnTo);
    const values = { email: typeof body.email === 'string' ? body.email : '' };
    const parsed = signInSchema.safeParse(body);
    if (!parsed.success) {
      return reply.render('accounts/sign-in.njk', { values, returnTo, errors: toGovukErrors(parsed.error) }, 422);
    }
    const outcome = await signIn(
      deps,
      parsed.data.email,
      parsed.data.password,
      request.id,
      knownDeviceUser(request, deps.config),
    );
    if (!outcome.ok) {
      // One answer for every refusal: a wrong password, an unknown email, or an account waiting
      // after repeated failures (which must not reveal that the email is a staff account).
      return reply.render(
        'accounts/sign-in.njk',
        { values, returnTo, errors: singleError('email', SIGN_IN_REFUSED) },
        422,
      );
    }
    // A fresh session (and session id) on sign-in prevents session fixation.
    startStaffSession(request, reply, deps.config, outcome.user);
    return reply.redirect(returnTo, 303);
  });

  app.post('/sign-out', async (request, reply) => {
    await signOut(deps, request.session.get('sessionId'), STAFF_SESSION_MS);
    request.session.delete();
    return reply.redirect('/sign-in?signedOut=1', 303);
  });

  const PASSWORD_PAGE = 'accounts/change-password.njk';

  app.get('/staff/account/password', { preHandler: requireStaff }, async (_request, reply) =>
    reply.render(PASSWORD_PAGE),
  );

  app.post(
    '/staff/account/password',
    // Someone holding an unattended session must not be able to guess the current password at speed.
    { preHandler: requireStaff, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const user = request.user!;
      const parsed = changePasswordSchema(user.email).safeParse(formBody(request.body));
      if (!parsed.success) return reply.render(PASSWORD_PAGE, { errors: toGovukErrors(parsed.error) }, 422);
      const outcome = await changePassword(
        deps,
        { ...actorOf(request), id: user.id },
        parsed.data.currentPassword,
        parsed.data.newPassword,
      );
      if (!outcome.ok) {
        return reply.render(
          PASSWORD_PAGE,
          { errors: singleError('currentPassword', 'Your current password is incorrect') },
          422,
        );
      }
      // Other sessions are now signed out; this one carries the new version so it stays signed in.
      request.session.set('sessionVersion', outcome.sessionVersion);
      flash(reply, 'Your password has been changed');
      return reply.redirect('/staff/account/password', 303);
    },
  );

  invitationRoutes(app, deps);
  staffAdminRoutes(app, deps);
}
