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
