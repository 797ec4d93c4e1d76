/**
 * The outbox shows people's email addresses and phone numbers, so only the roles that send
 * messages to people see it. Some messages carry a single-use sign-in link; only administrators,
 * who could create such a link anyway, see those bodies, or an engagement officer could take over
 * an administrator's invitation.
 */
import type { Role } from '../../web/auth.ts';

export const OUTBOX_ROLES: Role[] = ['administrator', 'engagement_officer'];

/** Templates whose body is a credential (a link that signs someone in or sets a password). */
export const TEMPLATES_WITH_SIGN_IN_LINKS = new Set(['staff-invitation']);

export const canSeeOutbox = (role: Role): boolean => OUTBOX_ROLES.includes(role);

export function canSeeBody(role: Role, template: string): boolean {
  return canSeeOutbox(role) && (role === 'administrator' || !TEMPLATES_WITH_SIGN_IN_LINKS.has(template));
}
