import type { Role } from '../../web/auth.ts';

export const ROLE_LABELS: Record<Role, string> = {
  administrator: 'Administrator',
  engagement_officer: 'Engagement officer',
  service_officer: 'Service officer',
  councillor: 'Councillor',
  partner_officer: 'Partner officer',
};

export const ROLES = Object.keys(ROLE_LABELS) as Role[];
