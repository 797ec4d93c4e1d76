/**
 * Who may do what with feedback, decisions, evaluations and challenges. Small pure functions over
 * the user and THE record (its lead organisation and state), as the consultations policy does.
 */
import type { CurrentUser, Role } from '../../web/auth.ts';

type User = Pick<CurrentUser, 'role' | 'organisationId'>;
interface ConsultationRef {
  state: string;
  leadOrganisationId: string;
}

const REVIEWERS: Role[] = ['administrator', 'engagement_officer'];
const PREPARERS: Role[] = ['service_officer', 'partner_officer'];
/** Feedback is written once a consultation has closed, and may be corrected after publishing. */
export const FEEDBACK_STATES = ['closed', 'feedback_published', 'archived'];

export const isReviewer = (user: User) => REVIEWERS.includes(user.role);
const isLeadOfficer = (user: User, c: ConsultationRef) =>
  PREPARERS.includes(user.role) && user.organisationId === c.leadOrganisationId;

/** Reads the feedback pages and reports: every member of staff, for any consultation that has closed. */
export function canReadFeedback(_user: User, c: ConsultationRef): boolean {
  return FEEDBACK_STATES.includes(c.state);
}

/** Themes, coding, quotes and answers: reviewers, or officers of the lead organisation, before archiving. */
export function canWriteFeedback(user: User, c: ConsultationRef): boolean {
  return (c.state === 'closed' || c.state === 'feedback_published') && (isReviewer(user) || isLeadOfficer(user, c));
}

/** Publishing is a reviewer's job, as the consultation lifecycle says. */
export function canPublishFeedback(user: User, c: ConsultationRef): boolean {
  return c.state === 'closed' && isReviewer(user);
}

/** A decision can cite a consultation the user could write feedback for (or already has). */
export function canCiteInDecision(user: User, c: ConsultationRef): boolean {
  return FEEDBACK_STATES.includes(c.state) && (isReviewer(user) || isLeadOfficer(user, c));
}

/** Decisions belong to an organisation: reviewers record for anyone, officers for their own. */
export function canRecordDecisions(user: User): boolean {
  return isReviewer(user) || PREPARERS.includes(user.role);
}

export function canEditDecision(user: User, decision: { organisationId: string }): boolean {
  return isReviewer(user) || (PREPARERS.includes(user.role) && user.organisationId === decision.organisationId);
}

/** The lead officer's evaluation: reviewers, or officers of the lead organisation, once closed. */
export function canEvaluate(user: User, c: ConsultationRef): boolean {
  return FEEDBACK_STATES.includes(c.state) && (isReviewer(user) || isLeadOfficer(user, c));
}

/** Challenges come to the engagement team. */
export function canAnswerChallenges(user: User): boolean {
  return isReviewer(user);
}

/** Who sees feedback deadlines for which organisations: reviewers and councillors all, officers their own. */
export function dueScope(user: User): { all: true } | { all: false; organisationId: string } {
  return isReviewer(user) || user.role === 'councillor'
    ? { all: true }
    : { all: false, organisationId: user.organisationId };
}

/** Per-organisation feedback deadlines are partnership settings. */
export function canSetFeedbackWeeks(user: User): boolean {
  return isReviewer(user);
}

/** "Use what we already know" notes are written by whoever prepares the draft. */
export function canNoteRelations(user: User, c: ConsultationRef): boolean {
  return c.state === 'draft' && (isReviewer(user) || isLeadOfficer(user, c));
}
