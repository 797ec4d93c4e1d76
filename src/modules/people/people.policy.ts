/**
 * Who may do what with people's data. Personal data (names, contact details, equality answers)
 * is seen only by administrators and engagement officers, who run the panels for the whole
 * partnership, and by officers of an organisation that itself holds the person (it imported them):
 * they already hold those details. Councillors never see personal data, only panel health.
 *
 * Holding is granted by the resident, never taken by staff. No staff path (CSV import, matching by
 * email or phone, duplicate handling, exports, samples, invitations) adds an organisation to a
 * person's organisationIds. An import row matching someone the organisation does not already hold
 * (held by another organisation, or a resident's own record) becomes a share invitation: a
 * single-use emailed link the resident may accept (acceptShare), and only then is the
 * organisation added. The dry run and the import's counts show such a row exactly like a new one,
 * so uploading a list reveals nothing about who else is in the database.
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

/**
 * Import an existing list: the partnership roles, or an officer into their own organisation. What
 * an import may do to a match is the rule above: link it only when the organisation holds it.
 */
export const canImport = (user: CurrentUser) => OFFICERS.includes(user.role);

/** Groups and their contacts are the partnership's shared database; councillors do not need contacts. */
export const canSeeGroups = (user: CurrentUser) => OFFICERS.includes(user.role);

export const canEditGroup = (user: CurrentUser, group: { organisationId: string }) =>
  runsPanels(user) || (OFFICERS.includes(user.role) && group.organisationId === user.organisationId);

export const canAddGroup = (user: CurrentUser) => OFFICERS.includes(user.role);

/** Census targets steer the whole partnership's sampling. */
export const canSetTargets = (user: CurrentUser) => runsPanels(user);

/** Whether an organisation already holds a person: the only case in which staff may link them. */
export const holds = (organisationId: string, person: { organisationIds: string[] }) =>
  person.organisationIds.includes(organisationId);
