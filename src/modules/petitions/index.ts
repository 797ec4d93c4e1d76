import path from 'node:path';
import type { ModuleManifest } from '../module.ts';
import { ccfaRoutes } from './ccfa.routes.ts';
import { petitionsRoutes } from './petitions.routes.ts';
import { seedPetitions } from './petitions.seed.ts';
import { checkAllThresholds, eraseOldSigners } from './petitions.service.ts';

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
    // Partner officers work for other organisations: the council's petitions are not theirs to see.
    {
      text: 'Petitions',
      href: '/staff/petitions',
      area: 'staff',
      roles: ['administrator', 'engagement_officer', 'service_officer', 'councillor'],
    },
    {
      text: 'Calls for action',
      href: '/staff/ccfa',
      area: 'staff',
      roles: ['administrator', 'engagement_officer', 'councillor'],
    },
  ],
  seed: seedPetitions,
  jobs: [
    {
      name: THRESHOLDS_JOB,
      everyMinute: true,
      run: async (deps) => {
        await checkAllThresholds(deps);
        await eraseOldSigners(deps);
      },
    },
  ],
};
