/** A sealed (encrypted and signed) cookie session keeps the app stateless; CSRF tokens live in it. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import secureSession from '@fastify/secure-session';
import csrf from '@fastify/csrf-protection';
import type { Config } from '../config.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    userId: string;
    sessionVersion: number;
    flash: string;
  }
}

export const SESSION_COOKIE = 'soundings_session';

export async function setUpSession(app: FastifyInstance, config: Config) {
  await app.register(secureSession, {
    key: Buffer.from(config.sessionSecret, 'hex'),
    cookieName: SESSION_COOKIE,
    cookie: { path: '/', httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, maxAge: 8 * 60 * 60 },
  });
  await app.register(csrf, {
    sessionPlugin: '@fastify/secure-session',
    getToken: (request: FastifyRequest) => (request.body as Record<string, string> | undefined)?._csrf,
  });
  // Every state-changing request must carry the token from the form it came from.
  app.addHook('preHandler', (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.routeOptions.config?.csrf === false)
      return done();
    app.csrfProtection(request, reply, done);
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set false on routes that are not browser forms (for example the health check). */
    csrf?: boolean;
  }
}
