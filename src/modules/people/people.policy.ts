/**
 * Who may do what with people's data. Personal data (names, contact details, equality answers)
 * is seen only by administrators and engagement officers, who run the panels for the whole
 * partnership, and by officers of an organisation that itself holds the person (it imported them):
 * they already hold those details. Councillors never see personal data, only panel health.
 */
import type { CurrentUser, Role } from '../../web/auth.ts';

const PARTNERSHIP: Role[] = ['administrator', 'engagement_officer'];
const OFFICERS: Role[] = ['administrator', 'engagement_officer', 'service_officer', 'partner_officer'];

export const runsPanels = (user: CurrentUser) => PARTNERSHIP.includes(user.role);

/** Panel overviews and health are aggregate figures, no personal data: every staff role. */
export const canSeePanelHealth = (_user: CurrentUser) => true;

/** A member's record: name and contact details. */
export const canSeePerson = (user: CurrentUser, person: { organisationIds: string[] }) =>
  runsPanels(user) ||
  ((user.role === 'service_officer' || user.role === 'partner_officer') &&
    person.organisationIds.includes(user.organisationId));

/** Special category data: only the partnership roles that analyse representativeness. */
export const canSeeEquality = (user: CurrentUser) => runsPanels(user);

/** Change a membership's status, erase someone, draw samples and invite them. */
export const canManageMembers = (user: CurrentUser) => runsPanels(user);

/** Import an existing list: the partnership roles, or an officer into their own organisation. */
export const canImport = (user: CurrentUser) => OFFICERS.includes(user.role);

/** Groups and their contacts are the partnership's shared database; councillors do not need contacts. */
export const canSeeGroups = (user: CurrentUser) => OFFICERS.includes(user.role);

export const canEditGroup = (user: CurrentUser, group: { organisationId: string }) =>
  runsPanels(user) || (OFFICERS.includes(user.role) && group.organisationId === user.organisationId);

export const canAddGroup = (user: CurrentUser) => OFFICERS.includes(user.role);

/** Census targets steer the whole partnership's sampling. */
export const canSetTargets = (user: CurrentUser) => runsPanels(user);
