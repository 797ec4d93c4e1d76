/**
 * Every current UK local authority and its May 2025 wards, bundled with the product (ONS, OGL v3;
 * data/LICENCE.md) so that set-up needs no download: the 361 councils from local-authorities.csv and
 * the 8,406 wards' boundaries from one TopoJSON file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { feature } from 'topojson-client';

const DATA = path.join(import.meta.dirname, 'data');
export const AUTHORITIES_FILE = path.join(DATA, 'local-authorities.csv');
export const WARDS_TOPOJSON_FILE = path.join(DATA, 'wards-2025.topojson.gz');
export const BOUNDARY_SET_2025 = 'ONS May 2025';

export interface Council {
  /** GSS code: E06/E07/E08/E09, W06, S12 or N09. */
  code: string;
  name: string;
  region: string;
  country: string;
}

export interface WardFeatureRow {
  code: string;
  name: string;
  nameCy: string | null;
  authorityCode: string;
  authorityName: string;
  latitude: number | null;
  longitude: number | null;
  geometry: unknown;
}

/** Splits one CSV line with RFC 4180 quoting (names such as "Daresbury, Moore & Sandymoor"). */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

let councils: Council[] | undefined;

/** The 361 councils, by name. */
export function listCouncils(): Council[] {
  if (!councils) {
    const [header, ...lines] = fs.readFileSync(AUTHORITIES_FILE, 'utf8').trim().split(/\r?\n/);
    const columns = splitCsvLine(header!);
    const at = (name: string) => columns.indexOf(name);
    councils = lines
      .map(splitCsvLine)
      .map((cells) => ({
        code: cells[at('code')]!,
        name: cells[at('name')]!,
        region: cells[at('region_name')] ?? '',
        country: cells[at('country')] ?? '',
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  }
  return councils;
}

const normalise = (text: string) =>
  text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/**
 * Finds a council by GSS code or by name (any capitals, "&" for "and", an optional "Council" or
 * "London Borough of"). Returns every match when the name is ambiguous, so callers can ask again.
 */
export function findCouncils(query: string): Council[] {
  const q = query.trim();
  if (/^[ewsn]\d{8}$/i.test(q)) return listCouncils().filter((c) => c.code === q.toUpperCase());
  const wanted = normalise(q)
    .replace(/^(the )?(london borough of|royal borough of|city of|borough of|county of) /, '')
    .replace(/ (city |county |borough |district |metropolitan )*council$/, '')
    .trim();
  if (!wanted) return [];
  const exact = listCouncils().filter((c) => normalise(c.name) === wanted);
  if (exact.length) return exact;
  return listCouncils().filter((c) => normalise(c.name).includes(wanted));
}

export function councilByCode(code: string): Council | undefined {
  return listCouncils().find((c) => c.code === code);
}

let topology: unknown;

/** One council's wards with their boundaries, decoded from the bundled TopoJSON with topojson-client. */
export function councilWards(authorityCode: string): WardFeatureRow[] {
  topology ??= JSON.parse(gunzipSync(fs.readFileSync(WARDS_TOPOJSON_FILE)).toString('utf8'));
  const t = topology as { objects: { wards: { type: string; geometries: { properties: { lad_code: string } }[] } } };
  const object = {
    ...t.objects.wards,
    geometries: t.objects.wards.geometries.filter((g) => g.properties.lad_code === authorityCode),
  };
  return feature(topology, object).features.map((f) => {
    const p = f.properties as Record<string, string | number | null>;
    return {
      code: String(p.code),
      name: String(p.name),
      nameCy: p.name_cy ? String(p.name_cy) : null,
      authorityCode: String(p.lad_code),
      authorityName: String(p.lad_name),
      latitude: typeof p.lat === 'number' ? p.lat : null,
      longitude: typeof p.lon === 'number' ? p.lon : null,
      geometry: f.geometry,
    };
  });
}
