/** argon2id with the library's OWASP-level defaults; a minimum of 12 characters. */
import { hash, verify } from '@node-rs/argon2';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

export const hashPassword = (password: string) => hash(password);

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  // Verify against a fixed hash when there is none, so timing does not reveal which emails exist.
  const target = passwordHash ?? DUMMY_HASH;
  const ok = await verify(target, password).catch(() => false);
  return ok && passwordHash !== null;
}

const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$/aiGxTkI3h23pr/aFytgGA$NAG7Bnd23pzCFNRIpHO9Syw4yNy7xNR787Ako4X+R8M';

/**
 * Long passwords that still top the breached-password lists (shorter ones already fail the length
 * rule), plus the demo password, which is published in the README.
 */
const COMMON_PASSWORDS = new Set([
  '123456789012',
  '1234567890123',
  '12345678901234',
  '123123123123',
  '111111111111',
  '000000000000',
  '123456123456',
  '987654321098',
  '1q2w3e4r5t6y',
  '1qaz2wsx3edc',
  'qwertyuiop12',
  'qwertyuiopas',
  'qwerty123456',
  'qwertyuiop123',
  'asdfghjkl123',
  'zxcvbnm12345',
  'abcdefghijkl',
  'abc123456789',
  'abcd12345678',
  'password1234',
  'password12345',
  'password123456',
  'password123!',
  'password2024',
  'password2025',
  'password2026',
  'passwordpassword',
  'passw0rd1234',
  'p@ssw0rd1234',
  'iloveyou1234',
  'letmein12345',
  'welcome12345',
  'welcome123456',
  'changeme1234',
  'administrator',
  'admin1234567',
  'football1234',
  'baseball1234',
  'monkey123456',
  'dragon123456',
  'sunshine1234',
  'princess1234',
  'superman1234',
  'trustno1trustno1',
  'correcthorsebatterystaple',
  'soundings-demo-2026',
]);

/** True for passwords on the common list or made of a single repeated character. */
export function isCommonPassword(password: string): boolean {
  const normalised = password.trim().toLowerCase();
  return COMMON_PASSWORDS.has(normalised) || /^(.)\1*$/.test(normalised);
}
