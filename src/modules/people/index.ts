import path from 'node:path';
import type { ModuleManifest } from '../module.ts';

/** People: the residents' panels and the shared engagement database, with consent, sampling and erasure. */
export const peopleModule: ModuleManifest = {
  name: 'people',
  viewsDir: path.join(import.meta.dirname, 'views'),
};
