import path from 'node:path';
import type { ModuleManifest } from '../module.ts';
import { runAnnouncements } from './announcements.service.ts';
import { subscriptionsRoutes } from './subscriptions.routes.ts';

export {
  announceDecision,
  announceFeedback,
  announceOpened,
  runAnnouncements,
  sendDigests,
  subscriptionReferencePrefix,
  unsubscribeUrl,
} from './announcements.service.ts';
export { announcedAt, claimAnnouncement } from './subscriptions.repository.ts';
export { announcements, digestItems, subscriptions, type Subscription } from './channels.tables.ts';

/**
 * Persisted by name in pg-boss's schedule table, so it keeps the name it had when this code lived
 * in feedback: renaming it would leave the old schedule firing a queue nobody works.
 */
export const ANNOUNCE_JOB = 'feedback-announcements';

/** Every outbound and inbound channel: subscriptions, confirmations, announcements and digests. */
export const channelsModule: ModuleManifest = {
  name: 'channels',
  viewsDir: path.join(import.meta.dirname, 'views'),
  routes: (app, deps) => {
    subscriptionsRoutes(app, deps);
  },
  navigation: [{ text: 'Get updates', href: '/subscribe', area: 'public' }],
  jobs: [{ name: ANNOUNCE_JOB, everyMinute: true, run: async (deps) => void (await runAnnouncements(deps)) }],
};
