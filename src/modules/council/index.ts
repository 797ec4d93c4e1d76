import path from 'node:path';
import type { ModuleManifest } from '../module.ts';
import { councilRoutes } from './council.routes.ts';
import { seedCouncil } from './council.seed.ts';

export { currentBrand, UNCONFIGURED_BRAND, contrastRatio } from './brand.ts';
export type { Brand } from './brand.ts';
export { issueSetupCode, isSetUp, setUpCouncil } from './setup.service.ts';
export { ssoRequiredGuard } from './sso.routes.ts';

export const councilModule: ModuleManifest = {
  name: 'council',
  viewsDir: path.join(import.meta.dirname, 'views'),
  routes: councilRoutes,
  navigation: [
    { text: 'Brand', href: '/staff/admin/brand', area: 'staff', roles: ['administrator'] },
    { text: 'Single sign-on', href: '/staff/admin/sso', area: 'staff', roles: ['administrator'] },
  ],
  seed: seedCouncil,
};
