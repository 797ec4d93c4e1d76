import path from 'node:path';
import fs from 'node:fs/promises';
import type { ModuleManifest } from '../module.ts';
import type { Db } from '../../db/client.ts';
import { listWardNames } from './geography.repository.ts';
import { importWardRows, loadCouncilWards, parseOnsGeoJson } from './ward-import.service.ts';
import { BOUNDARY_SET_2025 } from './councils.ts';

export { listWardNames, listWardsWithGeometry, findWard } from './geography.repository.ts';
export { importWardBoundaries } from './geography.service.ts';
export { importWardFile, importWardRows, loadCouncilWards, parseOnsGeoJson } from './ward-import.service.ts';
export type { WardImportResult } from './ward-import.service.ts';
export { listCouncils, findCouncils, councilByCode, councilWards } from './councils.ts';
export type { Council } from './councils.ts';
export type { Ward } from './geography.tables.ts';

/** The default demo borough: Barking and Dagenham's 19 wards (ONS, OGL v3; see data/LICENCE.md). */
export const DEMO_WARDS_FILE = path.join(import.meta.dirname, 'data', 'E09000002.geojson');
export const DEFAULT_DEMO_COUNCIL = 'E09000002';

/**
 * The demo's wards, for seeds: each seed names wards by position (in code order, modulo the
 * number of wards) so the same demo works on whichever council SOUNDINGS_DEMO_COUNCIL loads.
 */
export async function demoWards(db: Db): Promise<{ code: string; name: string }[]> {
  return (await listWardNames(db)).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Picks wards by position from demoWards(); repeated picks on a small council are dropped. */
export function pickWards<T extends { code: string }>(wards: T[], positions: number[]): T[] {
  if (!wards.length) return [];
  const picked = positions.map((i) => wards[i % wards.length]!);
  return picked.filter((w, i) => picked.findIndex((x) => x.code === w.code) === i);
}

export const geographyModule: ModuleManifest = {
  name: 'geography',
  seed: async (deps) => {
    const code = deps.config.demoCouncil;
    if (code === DEFAULT_DEMO_COUNCIL) {
      // The bundled GeoJSON is the same boundaries; reading it skips decoding every council's TopoJSON.
      const rows = parseOnsGeoJson(await fs.readFile(DEMO_WARDS_FILE, 'utf8'));
      await importWardRows(deps.db, rows, { boundarySet: BOUNDARY_SET_2025, now: deps.clock.now() });
    } else {
      await loadCouncilWards(deps.db, code, deps.clock.now());
    }
  },
};
export { renderWardMap } from './ward-map.ts';
export type { MapWard, WardMapOptions } from './ward-map.ts';
