import path from 'node:path';
import type { ModuleManifest } from '../module.ts';
import { ccfaRoutes } from './ccfa.routes.ts';
import { petitionsRoutes } from './petitions.routes.ts';
import { seedPetitions } from './petitions.seed.ts';
import { checkAllThresholds } from './petitions.service.ts';

export const THRESHOLDS_JOB = 'petitions-thresholds';

/** Petitions (start, support, moderate, sign, thresholds, responses) and councillor calls for action. */
export const petitionsModule: ModuleManifest = {
  name: 'petitions',
  viewsDir: path.join(import.meta.dirname, 'views'),
  routes: (app, deps) => {
    petitionsRoutes(app, deps);
    ccfaRoutes(app, deps);
  },
  navigation: [
    { text: 'Petitions', href: '/petitions', area: 'public' },
    { text: 'Petitions', href: '/staff/petitions', area: 'staff' },
    { text: 'Calls for action', href: '/staff/ccfa', area: 'staff' },
  ],
  seed: seedPetitions,
  jobs: [{ name: THRESHOLDS_JOB, everyMinute: true, run: (deps) => checkAllThresholds(deps) }],
};
