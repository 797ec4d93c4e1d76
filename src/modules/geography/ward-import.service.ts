/**
 * Loading wards: a council's 2025 wards from the bundled file at set-up, and newer ONS boundary
 * files later. A ward that a newer file no longer has is retired, never deleted: consultations,
 * responses, subscriptions and events keep pointing at its code, and its successors (the new wards
 * it overlaps) say where it went.
 */
import fs from 'node:fs/promises';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { BOUNDARY_SET_2025, councilWards, type WardFeatureRow } from './councils.ts';
import { wardChangeFlags, wards, wardSuccessors } from './geography.tables.ts';

export interface WardImportResult {
  authorities: string[];
  added: number;
  updated: number;
  retired: string[];
  successors: { oldCode: string; newCode: string }[];
  peopleMoved: number;
  peopleFlagged: number;
  subscriptionsWidened: number;
}

type Ring = number[][];

function polygons(geometry: unknown): Ring[][] {
  const g = geometry as { type?: string; coordinates?: unknown } | null;
  if (g?.type === 'Polygon') return [g.coordinates as Ring[]];
  if (g?.type === 'MultiPolygon') return g.coordinates as Ring[][];
  return [];
}

function inRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi! > lat !== yj! > lat && lon < ((xj! - xi!) * (lat - yi!)) / (yj! - yi!) + xi!) inside = !inside;
  }
  return inside;
}

/** Point in (Multi)Polygon, holes respected. */
export function containsPoint(geometry: unknown, lon: number, lat: number): boolean {
  return polygons(geometry).some(
    ([outer, ...holes]) => !!outer && inRing(lon, lat, outer) && !holes.some((hole) => inRing(lon, lat, hole)),
  );
}

/**
 * Points spread over a ward's inside (a 12 × 12 grid over its bounding box, kept where inside):
 * vertices would not do, since neighbouring wards share them.
 */
function interiorPoints(geometry: unknown): number[][] {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const polygon of polygons(geometry))
    for (const [x, y] of polygon[0] ?? []) {
      minX = Math.min(minX, x!);
      maxX = Math.max(maxX, x!);
      minY = Math.min(minY, y!);
      maxY = Math.max(maxY, y!);
    }
  if (!Number.isFinite(minX)) return [];
  const points: number[][] = [];
  const n = 12;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const x = minX + ((i + 0.5) / n) * (maxX - minX);
      const y = minY + ((j + 0.5) / n) * (maxY - minY);
      if (containsPoint(geometry, x, y)) points.push([x, y]);
    }
  return points;
}

/** Reads an ONS ward GeoJSON of any year (WD25CD, WD26CD…; WDyyNMW for Welsh names). */
export function parseOnsGeoJson(text: string): WardFeatureRow[] {
  const collection = JSON.parse(text) as { features?: { properties: Record<string, unknown>; geometry: unknown }[] };
  if (!Array.isArray(collection.features)) throw new Error('Not a GeoJSON FeatureCollection');
  return collection.features.map((f, index) => {
    const p = f.properties;
    const key = (pattern: RegExp) => Object.keys(p).find((k) => pattern.test(k));
    const code = key(/^WD\d\dCD$/i);
    const name = key(/^WD\d\dNM$/i);
    const lad = key(/^LAD\d\dCD$/i);
    if (!code || !name || !lad) throw new Error(`Feature ${index + 1} has no WDyyCD, WDyyNM or LADyyCD property`);
    const welsh = key(/^WD\d\dNMW$/i);
    const ladName = key(/^LAD\d\dNM$/i);
    const num = (k: string | undefined) => (k && typeof p[k] === 'number' ? p[k] : null);
    const str = (k: string | undefined) =>
      k && (typeof p[k] === 'string' || typeof p[k] === 'number') ? String(p[k]).trim() : '';
    if (!str(code) || !str(name) || !str(lad))
      throw new Error(`Feature ${index + 1} has an empty ward code, name or authority`);
    return {
      code: str(code),
      name: str(name),
      nameCy: str(welsh) || null,
      authorityCode: str(lad),
      authorityName: str(ladName) || str(lad),
      latitude: num(key(/^LAT$/i)),
      longitude: num(key(/^LONG?$/i)),
      geometry: f.geometry,
    };
  });
}

/**
 * Makes the given wards the current wards of their authorities: new codes are added, known ones
 * take the new boundary, and the authority's other current wards are retired with successors.
 * Panel members of a retired ward move to the ward their postcode is now in, or stay and are
 * flagged for staff; subscriptions to a retired ward also cover its successors.
 */
export async function importWardRows(
  db: Db,
  rows: WardFeatureRow[],
  options: { boundarySet: string; now: Date },
): Promise<WardImportResult> {
  const authorities = [...new Set(rows.map((r) => r.authorityCode))];
  return db.transaction(async (tx) => {
    const before = authorities.length
      ? await tx
          .select()
          .from(wards)
          .where(and(inArray(wards.authorityCode, authorities), isNull(wards.retiredAt)))
      : [];
    const beforeCodes = new Set(before.map((w) => w.code));
    const incoming = new Set(rows.map((r) => r.code));
    for (let i = 0; i < rows.length; i += 500) {
      await tx
        .insert(wards)
        .values(rows.slice(i, i + 500).map((r) => ({ ...r, boundarySet: options.boundarySet, retiredAt: null })))
        .onConflictDoUpdate({
          target: wards.code,
          set: {
            name: sql`excluded.name`,
            nameCy: sql`excluded.name_cy`,
            authorityName: sql`excluded.authority_name`,
            latitude: sql`excluded.latitude`,
            longitude: sql`excluded.longitude`,
            geometry: sql`excluded.geometry`,
            boundarySet: sql`excluded.boundary_set`,
            retiredAt: sql`NULL`,
          },
        });
    }
    const retiredWards = before.filter((w) => !incoming.has(w.code));
    const successors: { oldCode: string; newCode: string }[] = [];
    for (const old of retiredWards) {
      // A successor covers a real share of the old ward (a tenth of its sampled inside), or the old
      // ward holds the new ward's own inside point: slivers from redrawn edges do not count.
      const probes = interiorPoints(old.geometry);
      if (old.latitude !== null && old.longitude !== null) probes.push([old.longitude, old.latitude]);
      for (const next of rows) {
        if (next.authorityCode !== old.authorityCode) continue;
        const hits = probes.filter(([lon, lat]) => containsPoint(next.geometry, lon!, lat!)).length;
        const overlaps =
          hits >= Math.max(1, probes.length / 10) ||
          (next.latitude !== null &&
            next.longitude !== null &&
            containsPoint(old.geometry, next.longitude, next.latitude));
        if (overlaps) successors.push({ oldCode: old.code, newCode: next.code });
      }
    }
    const retired = retiredWards.map((w) => w.code);
    let peopleMoved = 0;
    let peopleFlagged = 0;
    let subscriptionsWidened = 0;
    if (retired.length) {
      await tx.update(wards).set({ retiredAt: options.now }).where(inArray(wards.code, retired));
      if (successors.length) await tx.insert(wardSuccessors).values(successors).onConflictDoNothing();
      // Panel members: the postcode lookup says where they live now (import a newer NSPL first).
      const moved = await tx.execute<{ id: string }>(sql`
        UPDATE people p SET ward_code = pc.ward_code, updated_at = ${options.now}
        FROM postcodes pc
        WHERE p.ward_code = ANY(${list(retired)})
          AND p.erased_at IS NULL
          AND pc.postcode = upper(replace(p.postcode, ' ', ''))
          AND pc.ward_code = ANY(${list(rows.map((r) => r.code))})
        RETURNING p.id`);
      peopleMoved = rowsOf(moved).length;
      const stayed = await tx.execute<{ id: string; ward_code: string }>(sql`
        SELECT id, ward_code FROM people
        WHERE erased_at IS NULL AND ward_code = ANY(${list(retired)})`);
      const flags = rowsOf<{ id: string; ward_code: string }>(stayed).map((p) => ({
        subject: 'person',
        subjectId: p.id,
        oldCode: p.ward_code,
        reason: 'No postcode in the lookup places this panel member in a current ward',
      }));
      if (flags.length) await tx.insert(wardChangeFlags).values(flags).onConflictDoNothing();
      peopleFlagged = flags.length;
      // Someone who asked to hear about a ward still hears about the same streets.
      for (const oldCode of retired) {
        const next = successors.filter((s) => s.oldCode === oldCode).map((s) => s.newCode);
        if (!next.length) continue;
        const widened = await tx.execute<{ id: string }>(sql`
          UPDATE subscriptions SET wards = ARRAY(SELECT DISTINCT unnest(wards || ${list(next)}))
          WHERE ${oldCode} = ANY(wards) RETURNING id`);
        subscriptionsWidened += rowsOf(widened).length;
      }
    }
    // Flags raised by an earlier change that a newer postcode lookup now settles.
    await tx
      .update(wardChangeFlags)
      .set({ resolvedAt: options.now })
      .where(
        and(
          isNull(wardChangeFlags.resolvedAt),
          eq(wardChangeFlags.subject, 'person'),
          sql`NOT EXISTS (SELECT 1 FROM people p WHERE p.id::text = ${wardChangeFlags.subjectId} AND p.ward_code = ${wardChangeFlags.oldCode})`,
        ),
      );
    return {
      authorities,
      added: rows.filter((r) => !beforeCodes.has(r.code)).length,
      updated: rows.filter((r) => beforeCodes.has(r.code)).length,
      retired,
      successors,
      peopleMoved,
      peopleFlagged,
      subscriptionsWidened,
    };
  });
}

const list = (codes: string[]) =>
  sql`ARRAY[${sql.join(
    codes.map((c) => sql`${c}`),
    sql`, `,
  )}]::text[]`;

function rowsOf<T>(result: unknown): T[] {
  // node-postgres returns { rows }, PGlite returns { rows } too; be tolerant of arrays.
  if (Array.isArray(result)) return result as T[];
  return (result as { rows?: T[] }).rows ?? [];
}

/** Loads one council's May 2025 wards from the bundled file (set-up and the demo). */
export async function loadCouncilWards(db: Db, authorityCode: string, now: Date): Promise<WardImportResult> {
  const rows = councilWards(authorityCode);
  if (!rows.length) throw new Error(`No wards found for ${authorityCode}`);
  return importWardRows(db, rows, { boundarySet: BOUNDARY_SET_2025, now });
}

/** `npm run import:wards -- file.geojson`: a newer ONS boundary file. */
export async function importWardFile(db: Db, file: string, now: Date): Promise<WardImportResult> {
  const text = await fs.readFile(file, 'utf8');
  const year = /"WD(\d\d)CD"/i.exec(text)?.[1];
  return importWardRows(db, parseOnsGeoJson(text), { boundarySet: year ? `ONS May 20${year}` : 'ONS', now });
}
