import path from 'node:path';
import type { ConsultationLinkProvider, ModuleManifest } from '../module.ts';
import { onResponseSubmitted } from '../questionnaires/index.ts';
import { shareRoutes } from './share.routes.ts';
import { recordShareSource } from './share.service.ts';
import { smsRoutes } from './sms.routes.ts';
import { runAnnouncements } from './announcements.service.ts';
import { subscriptionsRoutes } from './subscriptions.routes.ts';
import { bulletinsRoutes } from './bulletins.routes.ts';
import { seedChannels } from './channels.seed.ts';
import { BULLETIN_RESUME_JOB, BULLETIN_SEND_JOB, resumeSends, runBulletinSend } from './bulletins.service.ts';

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

/** On a consultation's staff page: sharing, the channel report and "text us your view". */
const links: ConsultationLinkProvider = async (_deps, c, area) => {
  if (area !== 'staff') return [];
  const open = ['open', 'closed', 'feedback_published', 'archived'].includes(c.state);
  return [
    ...(open ? [{ area, text: 'Share on social media', href: `/staff/consultations/${c.id}/share` }] : []),
    { area, text: 'Channel report', href: `/staff/consultations/${c.id}/channels` },
    { area, text: 'Text us your view', href: `/staff/consultations/${c.id}/text-responses` },
  ];
};

/** Every outbound and inbound channel: subscriptions, confirmations, announcements and digests. */
export const channelsModule: ModuleManifest = {
  name: 'channels',
  viewsDir: path.join(import.meta.dirname, 'views'),
  routes: (app, deps) => {
    subscriptionsRoutes(app, deps);
    bulletinsRoutes(app, deps);
    shareRoutes(app, deps);
    smsRoutes(app, deps);
    onResponseSubmitted(recordShareSource);
  },
  navigation: [
    { text: 'Get updates', href: '/subscribe', area: 'public' },
    { text: 'Bulletins', href: '/staff/bulletins', area: 'staff', roles: ['administrator', 'engagement_officer'] },
    { text: 'Texts', href: '/staff/texts', area: 'staff', roles: ['administrator', 'engagement_officer'] },
  ],
  seed: seedChannels,
  jobs: [
    { name: ANNOUNCE_JOB, everyMinute: true, run: async (deps) => void (await runAnnouncements(deps)) },
    {
      name: BULLETIN_SEND_JOB,
      run: async (deps, data) =>
        void (typeof data.bulletinId === 'string' && (await runBulletinSend(deps, data.bulletinId))),
    },
    { name: BULLETIN_RESUME_JOB, everyMinute: true, run: (deps) => resumeSends(deps) },
  ],
  consultationLinks: links,
};
