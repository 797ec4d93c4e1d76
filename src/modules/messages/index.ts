import path from 'node:path';
import type { ModuleManifest } from '../module.ts';
import { messagesRoutes } from './messages.routes.ts';

/** The staff outbox: every message Soundings has queued or sent (in production, the Notify send log). */
export const messagesModule: ModuleManifest = {
  name: 'messages',
  viewsDir: path.join(import.meta.dirname, 'views'),
  routes: messagesRoutes,
  navigation: [
    { text: 'Outbox', href: '/staff/outbox', area: 'staff', roles: ['administrator', 'engagement_officer'] },
  ],
};
