/**
 * Who may do what in the forward plan and the diary. The plan is the partnership's shared picture,
 * so every member of staff reads every activity and event; officers change only their own
 * organisation's records; reviewers (engagement officers and administrators) work for the whole
 * partnership; councillors read. Residents' registrations are personal data: only the organiser's
 * officers and reviewers see them.
 */
import type { CurrentUser } from '../../web/auth.ts';
import { PUBLIC_ACTIVITY_STATUSES } from './plan.catalogue.ts';

type User = Pick<CurrentUser, 'role' | 'organisationId'>;
interface Owned {
  organisationId: string;
}

const isReviewer = (user: User) => user.role === 'administrator' || user.role === 'engagement_officer';
const isPreparer = (user: User) => user.role === 'service_officer' || user.role === 'partner_officer';

export const canPlan = (user: User) => isReviewer(user) || isPreparer(user);

/** Reviewers may plan on behalf of any organisation. */
export const canChooseOrganisation = (user: User) => isReviewer(user);

export const canEdit = (user: User, record: Owned) =>
  isReviewer(user) || (isPreparer(user) && record.organisationId === user.organisationId);

/** The Engagement Officers' Group discusses everyone's plans; councillors read. */
export const canComment = (user: User) => canPlan(user);

/** Joining up needs a say over at least one of the two activities. */
export const canJoinUp = (user: User, a: Owned, b: Owned) => canEdit(user, a) || canEdit(user, b);

export const canSeeRegistrations = (user: User, event: Owned) => canEdit(user, event);

/** Anyone who plans may say they will attend; councillors' diaries are their own business. */
export const canJoinRota = (user: User) => canPlan(user);

export const canChangeSettings = (user: User) => isReviewer(user);

/**
 * Which forward plan activity an event may say it is part of: any live activity of the event's own
 * organisation, or another organisation's activity once it is shared beyond early thinking. Another
 * organisation's ideas stay theirs, and cancelled activities take no new events. Whoever may
 * change the event may make the link, so this rule is about the two records, not the user.
 */
export const canLinkEventToActivity = (event: Owned, activity: Owned & { status: string }) =>
  activity.status !== 'cancelled' &&
  (activity.organisationId === event.organisationId ||
    (PUBLIC_ACTIVITY_STATUSES as readonly string[]).includes(activity.status));
