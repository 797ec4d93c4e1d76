import path from 'node:path';
import type { ModuleManifest } from '../module.ts';

/** Closing the loop: feedback due, "we asked, you said, we did", decisions, subscriptions and evaluation. */
export const feedbackModule: ModuleManifest = {
  name: 'feedback',
  viewsDir: path.join(import.meta.dirname, 'views'),
};
