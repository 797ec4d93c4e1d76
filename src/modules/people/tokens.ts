/** Emailed links: 32 random bytes, stored only as a SHA-256 hash. */
import { createHash, randomBytes } from 'node:crypto';

export const newToken = () => randomBytes(32).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');
/** Anything else cannot be a token and never reaches the database. */
export const looksLikeToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

export const CONFIRM_DAYS = 7;
export const SIGN_IN_MINUTES = 60;
