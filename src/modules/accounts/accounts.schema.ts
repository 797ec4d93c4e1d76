import { z } from 'zod';
import { ROLES } from './roles.ts';
import { isCommonPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords.ts';

const emailField = z
  .string({ error: 'Enter an email address' })
  .trim()
  .min(1, 'Enter an email address')
  .max(254, 'Email address must be 254 characters or fewer')
  .email('Enter an email address in the correct format, like name@example.com');

export const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .email('Enter an email address in the correct format, like name@example.com'),
  password: z.string().min(1, 'Enter your password').max(200, 'Password must be 200 characters or fewer'),
});

export type SignInInput = z.infer<typeof signInSchema>;

/** The rules every new password meets, wherever it is chosen; `email` is the account's own address. */
export function newPasswordField(email: string, emptyMessage: string) {
  return z
    .string({ error: emptyMessage })
    .min(1, emptyMessage)
    .min(MIN_PASSWORD_LENGTH, `Password must be ${MIN_PASSWORD_LENGTH} characters or more`)
    .max(MAX_PASSWORD_LENGTH, `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`)
    .refine(
      (value) => value.trim().toLowerCase() !== email.trim().toLowerCase(),
      'Password must not be your email address',
    )
    .refine(
      (value) => value.length < MIN_PASSWORD_LENGTH || !isCommonPassword(value),
      'Password is too easy to guess. Enter a password that is harder to guess',
    );
}

const confirmField = z.string({ error: 'Confirm your password' }).min(1, 'Confirm your password');

export function changePasswordSchema(email: string) {
  return (
    z
      .object({
        currentPassword: z
          .string({ error: 'Enter your current password' })
          .min(1, 'Enter your current password')
          .max(MAX_PASSWORD_LENGTH, `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`),
        newPassword: newPasswordField(email, 'Enter a new password'),
        confirmPassword: confirmField,
      })
      // Cross-field checks run even when another field is wrong, so every problem shows at once.
      .superRefine((value, ctx) => {
        if (typeof value.newPassword !== 'string') return;
        if (value.newPassword && value.newPassword === value.currentPassword) {
          ctx.addIssue({
            code: 'custom',
            path: ['newPassword'],
            message: 'New password must be different from your current password',
          });
        }
        if (value.confirmPassword && value.confirmPassword !== value.newPassword) {
          ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'Passwords must match' });
        }
      })
  );
}

export type ChangePasswordInput = z.infer<ReturnType<typeof changePasswordSchema>>;

export function setPasswordSchema(email: string) {
  return z
    .object({ password: newPasswordField(email, 'Enter a password'), confirmPassword: confirmField })
    .superRefine((value, ctx) => {
      if (value.confirmPassword && value.confirmPassword !== value.password) {
        ctx.addIssue({ code: 'custom', path: ['confirmPassword'], message: 'Passwords must match' });
      }
    });
}

export const inviteSchema = z.object({
  name: z
    .string({ error: 'Enter their full name' })
    .trim()
    .min(1, 'Enter their full name')
    .max(200, 'Full name must be 200 characters or fewer'),
  email: emailField,
  organisation: z.string({ error: 'Select an organisation' }).uuid('Select an organisation'),
  role: z.enum(ROLES as [string, ...string[]], { error: 'Select a role' }),
});

export type InviteInput = z.infer<typeof inviteSchema>;
