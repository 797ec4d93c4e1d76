/**
 * Who is signed in. The session holds the user id and a version number; the version is bumped
 * on sign-out-everywhere events (password change, deactivation) so old cookies stop working.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../deps.ts';

export type Role = 'administrator' | 'engagement_officer' | 'service_officer' | 'councillor' | 'partner_officer';

export interface CurrentUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  organisationId: string;
  organisationName: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: CurrentUser | null;
  }
}

export type UserLoader = (id: string, sessionVersion: number, sessionId?: string) => Promise<CurrentUser | null>;

export function setUpAuthentication(app: FastifyInstance, loadUser: UserLoader) {
  app.decorateRequest('user', null);
  app.addHook('preHandler', async (request) => {
    const id = request.session?.get('userId');
    const version = request.session?.get('sessionVersion');
    if (!id || version === undefined) return;
    // The session id lets sign-out revoke this one cookie (accounts' staff-session.ts).
    request.user = await loadUser(id, version, request.session.get('sessionId'));
    if (!request.user) request.session.delete();
  });
}

/** preHandler: staff only; anyone else goes to sign in and comes back afterwards. */
export async function requireStaff(request: FastifyRequest, reply: FastifyReply) {
  if (!request.user) {
    return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}`, 303);
  }
}

/** preHandler factory: staff with one of these roles. */
export function requireRole(...roles: Role[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.user) return requireStaff(request, reply);
    if (!roles.includes(request.user.role)) return forbidden(reply);
  };
}

export function forbidden(reply: FastifyReply) {
  return reply.render('pages/403.njk', {}, 403);
}

export function notFound(reply: FastifyReply) {
  return reply.render('pages/404.njk', {}, 404);
}

/** The audit actor for the signed-in user. */
export function actorOf(request: FastifyRequest): Actor {
  const user = request.user;
  if (!user) return { id: null, label: 'Member of the public', organisationId: null, requestId: request.id };
  return {
    id: user.id,
    label: `${user.name} <${user.email}>`,
    organisationId: user.organisationId,
    requestId: request.id,
  };
}
