import fs from 'node:fs/promises';
import type { Db } from '../../db/client.ts';
import { upsertWards } from './geography.repository.ts';

interface WardFeature {
  properties: { WD25CD: string; WD25NM: string; LAD25CD: string; LAD25NM: string; LAT?: number; LONG?: number };
  geometry: unknown;
}

/** Imports ONS ward boundaries (GeoJSON FeatureCollection, 2025 ward codes); existing wards are kept. */
export async function importWardBoundaries(db: Db, file: string): Promise<number> {
  const collection = JSON.parse(await fs.readFile(file, 'utf8')) as { features: WardFeature[] };
  const rows = collection.features.map((feature) => ({
    code: feature.properties.WD25CD,
    name: feature.properties.WD25NM,
    authorityCode: feature.properties.LAD25CD,
    authorityName: feature.properties.LAD25NM,
    latitude: feature.properties.LAT ?? null,
    longitude: feature.properties.LONG ?? null,
    geometry: feature.geometry,
  }));
  await upsertWards(db, rows);
  return rows.length;
}
