import path from 'node:path';
import type { ModuleManifest } from '../module.ts';
import { RETENTION_JOB, runRetention } from './erasure.service.ts';
import { liaisonPanel } from './groups.service.ts';
import { joinRoutes } from './join.routes.ts';
import { seedPeople } from './people.seed.ts';
import { groupRoutes } from './staff-groups.routes.ts';
import { sampleRoutes } from './staff-samples.routes.ts';
import { uploadRoutes } from './staff-uploads.routes.ts';
import { staffRoutes } from './staff.routes.ts';

export { erasePerson } from './erasure.service.ts';
/** For read-only joins in other modules (ADR 0007): insight compares respondents with the targets and names groups. */
export { groups as peopleGroups, targets as peopleTargets } from './people.tables.ts';
/** The CSV reader the contact imports use; wards reads census and casework extracts with it. */
export { parseCsv } from './contact-details.ts';

/** People: the residents' panels and the shared engagement database, with consent, sampling and erasure. */
export const peopleModule: ModuleManifest = {
  name: 'people',
  viewsDir: path.join(import.meta.dirname, 'views'),
  routes: async (app, deps) => {
    joinRoutes(app, deps);
    staffRoutes(app, deps);
    groupRoutes(app, deps);
    sampleRoutes(app, deps);
    await uploadRoutes(app, deps);
  },
  navigation: [
    { text: 'Join a residents’ panel', href: '/panels', area: 'public' },
    { text: 'People', href: '/staff/people', area: 'staff' },
  ],
  seed: seedPeople,
  jobs: [
    {
      name: RETENTION_JOB,
      // Cheap when there is nothing to do (one indexed query); the minute tick keeps it simple.
      everyMinute: true,
      run: async (deps) => {
        await runRetention(deps);
      },
    },
  ],
  consultationPanels: liaisonPanel,
};
