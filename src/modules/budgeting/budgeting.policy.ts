/**
 * Who may do what in participatory budgeting. A process belongs to one organisation: its service
 * officers run it (check projects, enter paper ballots, count, publish, post delivery updates);
 * engagement officers and administrators work for the whole partnership; councillors and partners read.
 */
import type { CurrentUser } from '../../web/auth.ts';

type User = Pick<CurrentUser, 'role' | 'organisationId'>;
interface Owned {
  organisationId: string;
}

const isReviewer = (user: User) => user.role === 'administrator' || user.role === 'engagement_officer';

export const canStartProcess = (user: User) => isReviewer(user) || user.role === 'service_officer';

export const canManage = (user: User, process: Owned) =>
  isReviewer(user) || (user.role === 'service_officer' && user.organisationId === process.organisationId);

/** Every member of staff may look at a process (the list, the projects, the count); only managers change it. */
export const canView = (_user: User, _process: Owned) => true;
