/**
 * Who may use insight. Answers (and the "About you" profile) are personal data, so only the
 * engagement team (any consultation) and officers of the consultation's lead organisation see
 * them; councillors do not. Insight starts once a consultation has opened (campaigns matter while
 * it is live).
 */
import type { CurrentUser, Role } from '../../web/auth.ts';

type User = Pick<CurrentUser, 'role' | 'organisationId'>;
interface ConsultationRef {
  state: string;
  leadOrganisationId: string;
}

const REVIEWERS: Role[] = ['administrator', 'engagement_officer'];
const PREPARERS: Role[] = ['service_officer', 'partner_officer'];
export const INSIGHT_STATES = ['open', 'closed', 'feedback_published', 'archived'];

/** Reads the analysis, campaigns and who has been heard. Others get "not found". */
export function canReadInsight(user: User, c: ConsultationRef): boolean {
  if (!INSIGHT_STATES.includes(c.state)) return false;
  return REVIEWERS.includes(user.role) || (PREPARERS.includes(user.role) && user.organisationId === c.leadOrganisationId);
}

/** Runs analyses, marks campaigns and codes answers: the same people, until the consultation is archived. */
export function canWorkInsight(user: User, c: ConsultationRef): boolean {
  return canReadInsight(user, c) && c.state !== 'archived';
}
