import path from 'node:path';
import type { ModuleManifest } from '../module.ts';
import { decisionsRoutes } from './decisions.routes.ts';
import { dueRoutes } from './due.routes.ts';
import { sendFeedbackReminders } from './due.service.ts';
import { evaluationRoutes } from './evaluation.routes.ts';
import { seedFeedback } from './feedback.seed.ts';
import { libraryRoutes } from './library.routes.ts';
import { links, publicPanels, staffPanels } from './panels.service.ts';
import { themesRoutes } from './themes.routes.ts';

export { sendFeedbackReminders } from './due.service.ts';
/** For the insight module: suggested themes accepted into feedback themes, answers coded to them. */
export * from './insight-bridge.ts';

export const REMINDER_JOB = 'feedback-reminders';

/** Closing the loop: feedback due, "we asked, you said, we did", decisions and evaluation (telling people is ../channels). */
export const feedbackModule: ModuleManifest = {
  name: 'feedback',
  viewsDir: path.join(import.meta.dirname, 'views'),
  routes: (app, deps) => {
    themesRoutes(app, deps);
    decisionsRoutes(app, deps);
    dueRoutes(app, deps);
    evaluationRoutes(app, deps);
    libraryRoutes(app, deps);
  },
  navigation: [
    { text: 'Results of past consultations', href: '/results', area: 'public' },
    { text: 'Feedback due', href: '/staff/feedback-due', area: 'staff' },
    { text: 'Decisions', href: '/staff/decisions', area: 'staff' },
    { text: 'Evaluations', href: '/staff/evaluations', area: 'staff' },
    { text: 'Challenges', href: '/staff/challenges', area: 'staff', roles: ['administrator', 'engagement_officer'] },
  ],
  seed: seedFeedback,
  jobs: [
    { name: REMINDER_JOB, everyMinute: true, run: async (deps) => void (await sendFeedbackReminders(deps)) },
  ],
  consultationLinks: links,
  consultationPanels: (deps, consultation, area) =>
    area === 'public' ? publicPanels(deps, consultation) : staffPanels(deps, consultation),
};
