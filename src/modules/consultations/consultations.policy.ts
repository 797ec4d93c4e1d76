/**
 * Who may do what with a consultation. Small pure functions over the user and the record (its
 * lead organisation, partners and state), so every route asks about THAT record, not just a role.
 */
import type { CurrentUser } from '../../web/auth.ts';
import { PUBLIC_STATES, type ConsultationState } from './catalogue.ts';

export interface ConsultationRef {
  state: string;
  leadOrganisationId: string;
}

export type LifecycleAction =
  'submit' | 'return' | 'approve' | 'withdraw' | 'close' | 'reopen' | 'publishFeedback' | 'archive';

type User = Pick<CurrentUser, 'role' | 'organisationId'>;

const isReviewer = (user: User) => user.role === 'administrator' || user.role === 'engagement_officer';
const isPreparer = (user: User) => user.role === 'service_officer' || user.role === 'partner_officer';
const isPublic = (c: ConsultationRef) => PUBLIC_STATES.includes(c.state as ConsultationState);

/** Reviewers work for the whole partnership; officers prepare for their own organisation; councillors only read. */
export function canCreate(user: User): boolean {
  return isReviewer(user) || isPreparer(user);
}

/** May choose a lead organisation other than their own. */
export function canChooseLeadOrganisation(user: User): boolean {
  return isReviewer(user);
}

/**
 * Public-state consultations are readable by every member of staff; drafts and reviews only by
 * reviewers and by officers of the lead or a partner organisation.
 */
export function canRead(user: User, c: ConsultationRef, partnerOrgIds: readonly string[] = []): boolean {
  if (isReviewer(user) || isPublic(c)) return true;
  if (!isPreparer(user)) return false;
  return c.leadOrganisationId === user.organisationId || partnerOrgIds.includes(user.organisationId);
}

function isLeadOfficer(user: User, c: ConsultationRef): boolean {
  return isPreparer(user) && c.leadOrganisationId === user.organisationId;
}

/** Only drafts change; partners are consulted on a draft but the lead organisation writes it. */
export function canEdit(user: User, c: ConsultationRef): boolean {
  return c.state === 'draft' && (isReviewer(user) || isLeadOfficer(user, c));
}

export function canSubmit(user: User, c: ConsultationRef): boolean {
  return canEdit(user, c);
}

export function canReview(user: User, c: ConsultationRef): boolean {
  return c.state === 'in_review' && isReviewer(user);
}

/** The state each action starts from (and goes to; approve may go straight to open). */
export const ACTION_STATES: Record<LifecycleAction, { from: ConsultationState[]; to: ConsultationState }> = {
  submit: { from: ['draft'], to: 'in_review' },
  return: { from: ['in_review'], to: 'draft' },
  approve: { from: ['in_review'], to: 'scheduled' },
  withdraw: { from: ['scheduled'], to: 'draft' },
  close: { from: ['open'], to: 'closed' },
  reopen: { from: ['closed'], to: 'open' },
  publishFeedback: { from: ['closed'], to: 'feedback_published' },
  archive: { from: ['closed', 'feedback_published'], to: 'archived' },
};

/** Whether this user may take this action on this consultation in its current state. */
export function canTransition(user: User, c: ConsultationRef, action: LifecycleAction): boolean {
  if (!ACTION_STATES[action].from.includes(c.state as ConsultationState)) return false;
  switch (action) {
    case 'submit':
      return canSubmit(user, c);
    case 'withdraw':
      return isReviewer(user) || isLeadOfficer(user, c);
    default:
      return isReviewer(user);
  }
}

/** The actions to offer on the staff page, in the order they make sense. */
export function allowedActions(user: User, c: ConsultationRef): LifecycleAction[] {
  return (Object.keys(ACTION_STATES) as LifecycleAction[]).filter((action) => canTransition(user, c, action));
}
