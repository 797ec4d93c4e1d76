import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { singleError, toGovukErrors } from '../../web/errors.ts';
import { signInSchema } from './accounts.schema.ts';
import { LOCKOUT_MINUTES, signIn } from './accounts.service.ts';

/** Only same-site paths are allowed after sign-in, never another host. */
function safeReturnTo(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/staff';
}

export function accountsRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/sign-in', async (request, reply) => {
    if (request.user) return reply.redirect('/staff', 303);
    const { returnTo } = request.query as { returnTo?: string };
    return reply.render('accounts/sign-in.njk', { values: {}, returnTo: safeReturnTo(returnTo) });
  });

  app.post(
    '/sign-in',
    { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const returnTo = safeReturnTo(body.returnTo);
      const values = { email: typeof body.email === 'string' ? body.email : '' };
      const parsed = signInSchema.safeParse(body);
      if (!parsed.success) {
        return reply.render('accounts/sign-in.njk', { values, returnTo, errors: toGovukErrors(parsed.error) }, 422);
      }
      const outcome = await signIn(deps, parsed.data.email, parsed.data.password, request.id);
      if (!outcome.ok) {
        const message =
          outcome.reason === 'locked'
            ? `Your account is locked after too many failed attempts. Try again in ${LOCKOUT_MINUTES} minutes`
            : 'Enter a correct email address and password';
        return reply.render('accounts/sign-in.njk', { values, returnTo, errors: singleError('email', message) }, 422);
      }
      // A fresh session on sign-in prevents session fixation.
      request.session.regenerate();
      request.session.set('userId', outcome.user.id);
      request.session.set('sessionVersion', outcome.user.sessionVersion);
      return reply.redirect(returnTo, 303);
    },
  );

  app.post('/sign-out', async (request, reply) => {
    request.session.delete();
    return reply.redirect('/sign-in?signedOut=1', 303);
  });
}
