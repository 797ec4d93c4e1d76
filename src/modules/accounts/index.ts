import path from 'node:path';
import type { ModuleManifest } from '../module.ts';
import { accountsRoutes } from './accounts.routes.ts';
import { seedAccounts } from './accounts.seed.ts';

export { loadCurrentUser } from './accounts.service.ts';
export { inviteFirstAdministrator } from './invitations.service.ts';
export { listOrganisations, findOrganisationBySlug, listActiveOfficers } from './accounts.repository.ts';
export { setOrganisationFeedbackWeeks } from './accounts.repository.ts';
/** For read-only joins in other modules' read queries (ADR 0007); never written outside accounts. */
export { organisations, staffUsers } from './accounts.tables.ts';
export { ROLE_HINTS, ROLE_LABELS, ROLES } from './roles.ts';
export { DEMO_PASSWORD, DEMO_USERS } from './accounts.seed.ts';
export type { Organisation, StaffUser } from './accounts.tables.ts';

export const accountsModule: ModuleManifest = {
  name: 'accounts',
  viewsDir: path.join(import.meta.dirname, 'views'),
  routes: accountsRoutes,
  navigation: [{ text: 'Staff', href: '/staff/admin/staff', area: 'staff', roles: ['administrator'] }],
  seed: seedAccounts,
};
