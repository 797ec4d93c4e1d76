import path from 'node:path';
import type { ModuleManifest } from '../module.ts';

/** Coordinating the partnership: forward plan, engagement diary, clash and fatigue detection, the ladder, the toolkit. */
export const planModule: ModuleManifest = {
  name: 'plan',
  viewsDir: path.join(import.meta.dirname, 'views'),
};
