import { describe, expect, it } from 'vitest';
import { changePasswordSchema, inviteSchema, setPasswordSchema } from './accounts.schema.ts';
import { isCommonPassword } from './passwords.ts';

/** The first message per field, as the page shows it. */
function messages(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  const first: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) first[issue.path.join('.')] ??= issue.message;
  return first;
}

describe('password rules', () => {
  const schema = changePasswordSchema('sam@council.example');

  it('accepts a long, uncommon password confirmed twice', () => {
    expect(
      schema.safeParse({
        currentPassword: 'old-password-1',
        newPassword: 'blue kettle on the hill',
        confirmPassword: 'blue kettle on the hill',
      }).success,
    ).toBe(true);
  });

  it('asks for every field when the form is empty', () => {
    expect(messages(schema.safeParse({}))).toEqual({
      currentPassword: 'Enter your current password',
      newPassword: 'Enter a new password',
      confirmPassword: 'Confirm your password',
    });
  });

  it.each([
    ['short-pass', 'Password must be 12 characters or more'],
    ['x'.repeat(201), 'Password must be 200 characters or fewer'],
    ['SAM@council.example', 'Password must not be your email address'],
    ['Password1234', 'Password is too easy to guess. Enter a password that is harder to guess'],
    ['zzzzzzzzzzzzzz', 'Password is too easy to guess. Enter a password that is harder to guess'],
    ['old-password-1', 'New password must be different from your current password'],
  ])('refuses %s', (password, message) => {
    const result = schema.safeParse({
      currentPassword: 'old-password-1',
      newPassword: password,
      confirmPassword: password,
    });
    expect(messages(result).newPassword).toBe(message);
  });

  it('says when the confirmation does not match', () => {
    const result = setPasswordSchema('new@nhs.example').safeParse({
      password: 'a good long password',
      confirmPassword: 'a good long passwore',
    });
    expect(messages(result)).toEqual({ confirmPassword: 'Passwords must match' });
  });

  it('knows the common passwords, whatever their case', () => {
    expect(isCommonPassword('PASSWORD1234')).toBe(true);
    expect(isCommonPassword('soundings-demo-2026')).toBe(true);
    expect(isCommonPassword('river otter lantern')).toBe(false);
  });
});

describe('invitation form', () => {
  it('asks for each answer in GOV.UK words', () => {
    expect(
      messages(inviteSchema.safeParse({ name: ' ', email: 'nope', organisation: 'x', role: 'superuser' })),
    ).toEqual({
      name: 'Enter their full name',
      email: 'Enter an email address in the correct format, like name@example.com',
      organisation: 'Select an organisation',
      role: 'Select a role',
    });
  });
});
