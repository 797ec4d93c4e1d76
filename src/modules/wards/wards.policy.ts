/**
 * Who may do what with ward profiles, community intelligence and the action plan.
 * Intelligence is the partnership's shared picture: every member of staff reads it; officers of
 * every partner record it, and change only their own organisation's items (reviewers too: what a
 * partner heard stays theirs to word). Action plan: the lead
 * organisation's officers update their actions, reviewers any; councillors read everything.
 */
import type { CurrentUser } from '../../web/auth.ts';

type User = Pick<CurrentUser, 'role' | 'organisationId'>;
interface Owned {
  organisationId: string;
}

export const isReviewer = (user: User) => user.role === 'administrator' || user.role === 'engagement_officer';
const isOfficer = (user: User) => user.role === 'service_officer' || user.role === 'partner_officer';

/** Councillors hear residents at surgeries and on the doorstep, so they record too. */
export const canRecordIntelligence = (user: User) => isReviewer(user) || isOfficer(user) || user.role === 'councillor';

/** Only the organisation that recorded an item changes it: what a partner heard stays theirs to word. */
export const canEditIntelligence = (user: User, item: Owned) =>
  canRecordIntelligence(user) && item.organisationId === user.organisationId;

/** Imports bring a whole organisation's casework or complaints extract: officers and reviewers. */
export const canImportIntelligence = (user: User) => isReviewer(user) || isOfficer(user);

/** Rising issues are flagged to the engagement team. */
export const canSeeRising = (user: User) => isReviewer(user);

export const canAssignCouncillors = (user: User) => user.role === 'administrator';

export const canUpdateAction = (user: User, action: Owned) =>
  isReviewer(user) || (isOfficer(user) && action.organisationId === user.organisationId);

export const canPublishReport = (user: User) => isReviewer(user);
