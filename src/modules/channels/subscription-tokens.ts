/**
 * Tokens in subscription links. Confirmation tokens are random and stored only as a hash;
 * unsubscribe links are signed (HMAC with the session secret) so every message can carry one
 * without storing anything, and a link works for as long as the subscription exists.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const newToken = () => randomBytes(32).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function unsubscribeToken(secret: string, subscriptionId: string): string {
  const signature = createHmac('sha256', secret).update(`unsubscribe:${subscriptionId}`).digest('base64url');
  return `${subscriptionId}.${signature}`;
}

/** The subscription id a genuine token names, or null. */
export function verifyUnsubscribeToken(secret: string, token: string): string | null {
  const [id, signature] = token.split('.');
  if (!id || !signature || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const expected = Buffer.from(unsubscribeToken(secret, id).split('.')[1]!);
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? id : null;
}
