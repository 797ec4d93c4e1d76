/**
 * Who may see which results. Anyone who may read the consultation's staff pages sees the counts
 * and the answers; About you answers (special category data) and respondents' names and emails
 * only the roles that analyse them.
 */
import type { CurrentUser } from '../../web/auth.ts';

type User = Pick<CurrentUser, 'role'>;

const ANALYSTS = new Set(['administrator', 'engagement_officer']);

/** Equality monitoring answers: breakdowns, the demographic filter, About you in a response and in exports. */
export const canSeeEqualities = (user: User) => ANALYSTS.has(user.role);

/** Respondents' names and email addresses in the single response view and in exports. */
export const canSeePersonalData = (user: User) => ANALYSTS.has(user.role);

type Officer = Pick<CurrentUser, 'role' | 'organisationId'>;
interface ConsultationRef {
  state: string;
  leadOrganisationId: string;
}

/** Results go public only once the consultation has closed: interim figures could sway those still to respond. */
export const RESULTS_PUBLISHABLE_STATES = ['closed', 'feedback_published', 'archived'];

/** Publishing for the partnership is the reviewers' job, as approving consultations is. */
export const canPublishResults = (user: Officer, c: ConsultationRef) =>
  ANALYSTS.has(user.role) && RESULTS_PUBLISHABLE_STATES.includes(c.state);

/** Redacting responses before publication: reviewers, and the officers of the consultation's own organisation. */
export function canRedact(user: Officer, c: ConsultationRef): boolean {
  if (ANALYSTS.has(user.role)) return true;
  if (user.role === 'service_officer' || user.role === 'partner_officer')
    return user.organisationId === c.leadOrganisationId;
  return false;
}

/**
 * Private invitations name people, so the list is for those who run the consultation (as for
 * redaction); sending more needs the questionnaire to be private or one-per-person and the
 * consultation not yet closed.
 */
export const canSeeInvitations = canRedact;

export const INVITATION_STATES = ['draft', 'in_review', 'scheduled', 'open'];

export function canSendInvitations(
  user: Officer,
  c: ConsultationRef,
  questionnaire: { private: boolean; mode: string },
): boolean {
  return (
    canRedact(user, c) &&
    INVITATION_STATES.includes(c.state) &&
    (questionnaire.private || questionnaire.mode === 'verified')
  );
}
