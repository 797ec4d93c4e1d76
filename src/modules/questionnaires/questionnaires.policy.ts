/**
 * Who may see and change a consultation's questionnaire. Reading follows the consultation;
 * changing needs a role that prepares consultations AND a consultation still taking shape or open.
 */
import type { CurrentUser } from '../../web/auth.ts';
import { canReadConsultation, PUBLIC_STATES, type ConsultationState } from '../consultations/index.ts';

type User = Pick<CurrentUser, 'role' | 'organisationId'>;
export interface ConsultationRef {
  state: string;
  leadOrganisationId: string;
}

/** Once closed, the questionnaire is the record of what people were asked: it no longer changes. */
export const FROZEN_STATES = ['closed', 'feedback_published', 'archived'];

export function canReadQuestionnaire(user: User, c: ConsultationRef, partnerIds: readonly string[]): boolean {
  return canReadConsultation(user, c, partnerIds);
}

/** Reviewers for the whole partnership; service and partner officers only for their own organisation's consultations. */
export function canEditQuestionnaire(user: User, c: ConsultationRef): boolean {
  if (FROZEN_STATES.includes(c.state)) return false;
  if (user.role === 'administrator' || user.role === 'engagement_officer') return true;
  if (user.role === 'service_officer' || user.role === 'partner_officer')
    return c.leadOrganisationId === user.organisationId;
  return false;
}

/** The paper copy is public once the consultation is; private (invitation-only) questionnaires are never public. */
export function canPrintPublicly(c: ConsultationRef, questionnaire: { private: boolean } | undefined): boolean {
  return PUBLIC_STATES.includes(c.state as ConsultationState) && !questionnaire?.private;
}
