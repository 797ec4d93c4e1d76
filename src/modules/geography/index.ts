import path from 'node:path';
import type { ModuleManifest } from '../module.ts';
import { importWardBoundaries } from './geography.service.ts';

export { listWardNames, listWardsWithGeometry } from './geography.repository.ts';
export { importWardBoundaries } from './geography.service.ts';
export type { Ward } from './geography.tables.ts';

/** The demo borough: Barking and Dagenham's 19 wards (ONS, OGL v3; see data/LICENCE.md). */
export const DEMO_WARDS_FILE = path.join(import.meta.dirname, 'data', 'E09000002.geojson');

export const geographyModule: ModuleManifest = {
  name: 'geography',
  seed: async (deps) => {
    await importWardBoundaries(deps.db, DEMO_WARDS_FILE);
  },
};
export { renderWardMap } from './ward-map.ts';
export type { MapWard, WardMapOptions } from './ward-map.ts';
