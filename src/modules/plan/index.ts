import path from 'node:path';
import type { ModuleManifest } from '../module.ts';
import { eventsRoutes } from './events.routes.ts';
import { eraseOldRegistrations, sendReminders } from './events-jobs.service.ts';
import { planPanels } from './plan-panels.ts';
import { planRoutes } from './plan.routes.ts';
import { seedPlan } from './plan.seed.ts';
import { toolkitRoutes } from './toolkit.routes.ts';

export { findClashes, findFatigue, windowsOverlap } from './clash.ts';
export type { Clash, FatigueWarning, PlannedActivity } from './clash.ts';
export { planEvents } from './plan.tables.ts';

export const REMINDERS_JOB = 'plan-event-reminders';

/** Coordinating the partnership: forward plan, engagement diary, clash and fatigue detection, the ladder, the toolkit. */
export const planModule: ModuleManifest = {
  name: 'plan',
  viewsDir: path.join(import.meta.dirname, 'views'),
  routes: (app, deps) => {
    planRoutes(app, deps);
    eventsRoutes(app, deps);
    toolkitRoutes(app, deps);
  },
  navigation: [
    { text: 'Events', href: '/events', area: 'public' },
    { text: 'Forward plan', href: '/plan', area: 'public' },
    { text: 'Forward plan', href: '/staff/plan', area: 'staff' },
    { text: 'Events', href: '/staff/events', area: 'staff' },
    { text: 'Toolkit', href: '/staff/toolkit', area: 'staff' },
  ],
  seed: seedPlan,
  jobs: [
    {
      name: REMINDERS_JOB,
      everyMinute: true,
      run: async (deps) => {
        await sendReminders(deps);
        await eraseOldRegistrations(deps);
      },
    },
  ],
  consultationPanels: planPanels,
};
