import type { Role } from '../../web/auth.ts';

export const ROLE_LABELS: Record<Role, string> = {
  administrator: 'Administrator',
  engagement_officer: 'Engagement officer',
  service_officer: 'Service officer',
  councillor: 'Councillor',
  partner_officer: 'Partner officer',
};

/** Shown under each role when inviting, so administrators grant no more than is needed. */
export const ROLE_HINTS: Record<Role, string> = {
  administrator: 'Manages staff accounts for the whole partnership and can see the audit log',
  engagement_officer: 'Reviews and publishes consultations, and can see messages sent to people',
  service_officer: 'Plans and runs consultations for their service',
  councillor: 'Follows consultations in their ward and across the borough',
  partner_officer: 'Runs consultations for a partner organisation and joins shared ones',
};

export const ROLES = Object.keys(ROLE_LABELS) as Role[];

/** "an administrator", "a partner officer": for sentences in messages. */
export function roleWithArticle(role: Role): string {
  const label = ROLE_LABELS[role].toLowerCase();
  return `${/^[aeiou]/.test(label) ? 'an' : 'a'} ${label}`;
}
