import path from 'node:path';
import type { ModuleManifest } from '../module.ts';
import { actionPlanRoutes } from './action-plan.routes.ts';
import { intelligenceRoutes } from './intelligence.routes.ts';
import { wardsPanels } from './wards.panels.ts';
import { wardsRoutes } from './wards.routes.ts';
import { seedWards } from './wards.seed.ts';

export { importCensusTable, importCensusFile } from './census.service.ts';
export { risingIssues, isRising } from './intelligence.rising.ts';

/** Knowing the borough: ward profiles, community intelligence, the engagement strategy's action plan (issue 12). */
export const wardsModule: ModuleManifest = {
  name: 'wards',
  viewsDir: path.join(import.meta.dirname, 'views'),
  routes: (app, deps) => {
    wardsRoutes(app, deps);
    intelligenceRoutes(app, deps);
    actionPlanRoutes(app, deps);
  },
  navigation: [
    { text: 'Wards', href: '/wards', area: 'public' },
    { text: 'Wards', href: '/staff/wards', area: 'staff' },
    { text: 'Intelligence', href: '/staff/intelligence', area: 'staff' },
    { text: 'Action plan', href: '/staff/action-plan', area: 'staff' },
    { text: "Councillors' wards", href: '/staff/admin/councillor-wards', area: 'staff', roles: ['administrator'] },
  ],
  seed: seedWards,
  consultationPanels: wardsPanels,
};
