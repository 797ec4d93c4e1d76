/**
 * Starting and ending a staff session. Every sign-in gets a fresh sealed session (no fixation)
 * with a random session id, which sign-out revokes, so a copied or replayed old cookie stops
 * working. Each sign-in also leaves a signed device cookie naming the account, so that sign-in
 * throttling (accounts.service.ts) never makes the holder's own device wait.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    sessionId: string;
  }
}

export const DEVICE_COOKIE = 'soundings_device';
/** The sealed session cookie's lifetime (src/web/session.ts): a revocation is kept as long. */
export const STAFF_SESSION_MS = 8 * 60 * 60_000;
const DEVICE_DAYS = 365;

const sign = (secret: string, userId: string) =>
  createHmac('sha256', secret).update(`device:${userId}`).digest('base64url');

export function startStaffSession(
  request: FastifyRequest,
  reply: FastifyReply,
  config: Config,
  user: { id: string; sessionVersion: number },
) {
  request.session.regenerate();
  request.session.set('userId', user.id);
  request.session.set('sessionVersion', user.sessionVersion);
  request.session.set('sessionId', randomBytes(18).toString('base64url'));
  reply.setCookie(DEVICE_COOKIE, `${user.id}.${sign(config.sessionSecret, user.id)}`, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.cookieSecure,
    maxAge: DEVICE_DAYS * 86_400,
  });
}

/** The account this device has signed in to before (a genuine device cookie), or null. */
export function knownDeviceUser(request: FastifyRequest, config: Config): string | null {
  const value = request.cookies?.[DEVICE_COOKIE];
  if (!value) return null;
  const [id, signature] = value.split('.');
  if (!id || !signature || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const expected = Buffer.from(sign(config.sessionSecret, id));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}
