/** Postcode → ward for responses, and the demo postcode fixture. */
import path from 'node:path';
import type { Deps } from '../../deps.ts';
import { listWardNames } from '../geography/index.ts';
import { importPostcodeFile, type ImportResult } from './postcodes.importer.ts';
import { findPostcode, upsertPostcodes } from './postcodes.repository.ts';
import { normalisePostcode } from './answer-parsing.ts';

/** GENERATED demo data for the demo borough's wards (see data/README.md), not ONS data. */
export const DEMO_POSTCODES_FILE = path.join(import.meta.dirname, 'data', 'demo-postcodes.csv');

/** The ward a normalised postcode lies in, or null when this install does not know it. */
export async function wardForPostcode(deps: Deps, postcode: string): Promise<string | null> {
  return (await findPostcode(deps.db, postcode))?.wardCode ?? null;
}

/** Imports an ONS NSPL/ONSPD CSV, keeping only postcodes in the wards loaded here. */
export async function importPostcodeLookup(deps: Deps, file: string): Promise<ImportResult> {
  const wards = await listWardNames(deps.db);
  return importPostcodeFile(deps.db, file, wards.map((ward) => ward.code));
}

/** Loads the demo fixture; upserts, so running it twice changes nothing. */
export async function seedDemoPostcodes(deps: Deps) {
  const result = await importPostcodeLookup(deps, DEMO_POSTCODES_FILE);
  if (result.imported > 0) return;
  // The fixture is for the default demo borough. On another demo council (SOUNDINGS_DEMO_COUNCIL),
  // make up ten obviously fake postcodes per ward in the ZZ area (ZZ1 0AA … ZZ1 9AA for the first ward).
  const wards = (await listWardNames(deps.db)).sort((a, b) => (a.code < b.code ? -1 : 1)).slice(0, 99);
  const rows = wards.flatMap((ward, i) =>
    Array.from({ length: 10 }, (_, k) => ({
      postcode: normalisePostcode(`ZZ${i + 1} ${k}AA`)!,
      wardCode: ward.code,
      authorityCode: deps.config.demoCouncil,
    })),
  );
  await upsertPostcodes(deps.db, rows);
}
