import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type TestContext } from '../../../test/helpers.ts';
import { councilWards, findCouncils, listCouncils } from './councils.ts';
import { containsPoint, importWardFile, loadCouncilWards } from './ward-import.service.ts';
import { findWard, listWardNames } from './geography.repository.ts';

const square = (lon: number, lat: number, size: number) => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon, lat],
      [lon + size, lat],
      [lon + size, lat + size],
      [lon, lat + size],
      [lon, lat],
    ],
  ],
});

describe('the bundled councils', () => {
  it('lists all 361 councils and finds them by name or GSS code', () => {
    expect(listCouncils()).toHaveLength(361);
    expect(findCouncils('E09000016').map((c) => c.name)).toEqual(['Havering']);
    expect(findCouncils('London Borough of Barking & Dagenham').map((c) => c.code)).toEqual(['E09000002']);
    expect(findCouncils('thurrock council').map((c) => c.code)).toEqual(['E06000034']);
  });

  it('decodes one council’s wards from the TopoJSON, with Welsh names where ONS has them', () => {
    const havering = councilWards('E09000016');
    expect(havering).toHaveLength(20);
    expect(havering.every((w) => w.code.startsWith('E05') && w.geometry)).toBe(true);
    const cardiff = councilWards('W06000015');
    expect(cardiff.some((w) => w.nameCy && w.nameCy !== w.name)).toBe(true);
  });

  it('tells points inside a polygon from points outside', () => {
    expect(containsPoint(square(0, 51, 1), 0.5, 51.5)).toBe(true);
    expect(containsPoint(square(0, 51, 1), 1.5, 51.5)).toBe(false);
  });
});

describe('importing a newer boundary file', () => {
  let t: TestContext;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wards-'));
  beforeAll(async () => {
    t = await build({ seed: false });
  });
  afterAll(() => t.app.close());

  it('retires wards the file no longer has, keeps their codes, and moves or flags what pointed at them', async () => {
    const now = new Date('2026-12-04T12:00:00Z');
    await loadCouncilWards(t.deps.db, 'E09000016', now);
    const before = councilWards('E09000016').sort((a, b) => (a.code < b.code ? -1 : 1));
    const [a, b, ...rest] = before;
    // A boundary review merges the first two wards into one new ward covering both.
    const merged = {
      type: 'Feature',
      properties: {
        WD26CD: 'E05099999',
        WD26NM: 'Merged Ward',
        WD26NMW: '',
        LAD26CD: 'E09000016',
        LAD26NM: 'Havering',
        LAT: a!.latitude,
        LONG: a!.longitude,
      },
      geometry: { type: 'MultiPolygon', coordinates: [...polys(a!.geometry), ...polys(b!.geometry)] },
    };
    const kept = rest.map((w) => ({
      type: 'Feature',
      properties: {
        WD26CD: w.code,
        WD26NM: w.name,
        LAD26CD: w.authorityCode,
        LAD26NM: w.authorityName,
        LAT: w.latitude,
        LONG: w.longitude,
      },
      geometry: w.geometry,
    }));
    const file = path.join(dir, 'wards-2026.geojson');
    fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [merged, ...kept] }));

    const db = t.deps.database;
    await db.query(
      `INSERT INTO postcodes (postcode, ward_code, authority_code) VALUES ('RM11AA', 'E05099999', 'E09000016')`,
    );
    await db.query(
      `INSERT INTO people (full_name, postcode, ward_code) VALUES ('Moves By Postcode', 'RM1 1AA', $1), ('No Postcode', NULL, $2)`,
      [a!.code, b!.code],
    );
    await db.query(
      `INSERT INTO subscriptions (channel, contact, wards) VALUES ('email', 'sub@example.com', ARRAY[$1])`,
      [b!.code],
    );

    const result = await importWardFile(t.deps.db, file, now);
    expect(result.retired.sort()).toEqual([a!.code, b!.code].sort());
    expect(result.added).toBe(1);
    expect(result.updated).toBe(18);
    expect(result.successors).toEqual(
      expect.arrayContaining([
        { oldCode: a!.code, newCode: 'E05099999' },
        { oldCode: b!.code, newCode: 'E05099999' },
      ]),
    );
    expect(result.peopleMoved).toBe(1);
    expect(result.peopleFlagged).toBe(1);
    expect(result.subscriptionsWidened).toBe(1);

    const current = await listWardNames(t.deps.db);
    expect(current).toHaveLength(19);
    expect(current.map((w) => w.code)).not.toContain(a!.code);
    // The old code still resolves, for past consultations and responses.
    expect((await findWard(t.deps.db, a!.code))?.name).toBe(a!.name);
    const people = await db.query<{ full_name: string; ward_code: string }>(
      `SELECT full_name, ward_code FROM people ORDER BY full_name`,
    );
    expect(people).toEqual([
      { full_name: 'Moves By Postcode', ward_code: 'E05099999' },
      { full_name: 'No Postcode', ward_code: b!.code },
    ]);
    const flags = await db.query<{ old_code: string }>(
      `SELECT old_code FROM ward_change_flags WHERE resolved_at IS NULL`,
    );
    expect(flags).toEqual([{ old_code: b!.code }]);
    const [sub] = await db.query<{ wards: string[] }>(`SELECT wards FROM subscriptions`);
    expect(sub!.wards.sort()).toEqual([b!.code, 'E05099999'].sort());

    // Importing the same file again changes nothing.
    const again = await importWardFile(t.deps.db, file, now);
    expect(again.retired).toEqual([]);
    expect(again.peopleFlagged).toBe(0);
  });
});

function polys(geometry: unknown): unknown[] {
  const g = geometry as { type: string; coordinates: unknown[] };
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}
