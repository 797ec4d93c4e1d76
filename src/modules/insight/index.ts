import path from 'node:path';
import type { ModuleManifest } from '../module.ts';
import { onResponseSubmitted } from '../questionnaires/index.ts';
import { CAMPAIGNS_JOB, campaignPanels, detectLive, markResponseSource } from './campaigns.service.ts';
import { INSIGHT_STATES } from './insight.policy.ts';
import { insightRoutes } from './insight.routes.ts';
import { seedInsight } from './insight.seed.ts';
import { ANALYSE_JOB, runAnalysis } from './insight.service.ts';

export { settleRuns } from './insight.service.ts';

/** Insight: offline theme suggestion and assisted coding, campaigns and duplicates, who has been heard (issue 11). */
export const insightModule: ModuleManifest = {
  name: 'insight',
  viewsDir: path.join(import.meta.dirname, 'views'),
  routes: (app, deps) => {
    insightRoutes(app, deps);
    // A hashed network/device marker on each response sent online, for burst detection.
    onResponseSubmitted(markResponseSource);
  },
  seed: seedInsight,
  jobs: [
    { name: ANALYSE_JOB, run: async (deps, data) => runAnalysis(deps, String(data.runId)) },
    { name: CAMPAIGNS_JOB, everyMinute: true, run: async (deps) => detectLive(deps) },
  ],
  consultationLinks: async (_deps, c, area) =>
    area === 'staff' && INSIGHT_STATES.includes(c.state)
      ? [{ area: 'staff', text: 'Insight: themes, campaigns and who has been heard', href: `/staff/consultations/${c.id}/insight` }]
      : [],
  consultationPanels: campaignPanels,
};
