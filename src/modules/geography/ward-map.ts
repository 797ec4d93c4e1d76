/**
 * Server-rendered SVG ward maps: they work without JavaScript, print well, and carry their own
 * accessible name. Boundaries never change while the app runs, so projected paths are cached.
 */

type Position = number[];
type Ring = Position[];

export interface MapGeometry {
  type: string;
  coordinates: unknown;
}

export interface MapWard {
  code: string;
  name: string;
  geometry: unknown;
}

export interface WardMapOptions {
  /** Width of the viewBox in user units; the height follows the borough's shape. */
  width?: number;
  /** Prefix for the ids the SVG's accessible name points at; unique on the page. */
  id?: string;
  /** Accessible name of the map; defaults to the highlighted wards' names. */
  label?: string;
  /** A fill colour per ward code (a choropleth); the page's legend and table say what they mean. */
  fills?: ReadonlyMap<string, string>;
}

interface ProjectedMap {
  width: number;
  height: number;
  paths: { code: string; name: string; d: string }[];
}

// Keyed by the wards array itself: callers load boundaries once and keep that array.
const cache = new WeakMap<readonly MapWard[], Map<number, ProjectedMap>>();

function polygonsOf(geometry: unknown): Ring[][] {
  const g = geometry as MapGeometry | null;
  if (!g || !Array.isArray(g.coordinates)) return [];
  if (g.type === 'Polygon') return [g.coordinates as Ring[]];
  if (g.type === 'MultiPolygon') return g.coordinates as Ring[][];
  return [];
}

function round(value: number): string {
  // One decimal place keeps the SVG small; finer detail is invisible at map sizes.
  return (Math.round(value * 10) / 10).toString();
}

/** Equirectangular projection, x scaled by cos(mid-latitude) so the borough keeps its shape. */
function project(wards: readonly MapWard[], width: number): ProjectedMap {
  let minLon = Infinity, maxLon = -Infinity, minLat = Infinity, maxLat = -Infinity;
  for (const ward of wards) {
    for (const polygon of polygonsOf(ward.geometry)) {
      for (const ring of polygon) {
        for (const [lon, lat] of ring) {
          if (lon === undefined || lat === undefined) continue;
          if (lon < minLon) minLon = lon;
          if (lon > maxLon) maxLon = lon;
          if (lat < minLat) minLat = lat;
          if (lat > maxLat) maxLat = lat;
        }
      }
    }
  }
  if (!Number.isFinite(minLon)) return { width, height: 0, paths: [] };
  const kx = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * kx, 1e-9);
  const scale = width / spanX;
  const height = Math.max(1, Math.round((maxLat - minLat) * scale));
  const paths = wards.map((ward) => {
    const d = polygonsOf(ward.geometry)
      .flatMap((polygon) =>
        polygon.map((ring) => {
          const points = ring
            .filter((p) => p[0] !== undefined && p[1] !== undefined)
            .map(([lon, lat]) => `${round((lon! - minLon) * kx * scale)} ${round((maxLat - lat!) * scale)}`);
          return points.length ? `M${points.join('L')}Z` : '';
        }),
      )
      .join('');
    return { code: ward.code, name: ward.name, d };
  });
  return { width, height, paths };
}

function projected(wards: readonly MapWard[], width: number): ProjectedMap {
  let byWidth = cache.get(wards);
  if (!byWidth) {
    byWidth = new Map();
    cache.set(wards, byWidth);
  }
  let map = byWidth.get(width);
  if (!map) {
    map = project(wards, width);
    byWidth.set(width, map);
  }
  return map;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Renders wards (GeoJSON Polygon or MultiPolygon in CRS84) as an accessible SVG, the highlighted
 * ones with class app-ward-map__ward--selected. Pass the same wards array each time to reuse the
 * cached projection. Show the ward names as text beside the map too: a map is never the only way.
 */
export function renderWardMap(
  wards: readonly MapWard[],
  highlightedCodes: Iterable<string>,
  options: WardMapOptions = {},
): string {
  const width = options.width ?? 300;
  const id = options.id ?? 'ward-map';
  const map = projected(wards, width);
  const selected = new Set(highlightedCodes);
  const names = map.paths.filter((p) => selected.has(p.code)).map((p) => p.name);
  const label =
    options.label ??
    (names.length === 0
      ? 'Map of the wards'
      : names.length === map.paths.length
        ? 'Map showing every ward highlighted'
        : `Map highlighting ${names.length === 1 ? 'the ward' : 'the wards'}: ${names.join(', ')}`);
  const body = map.paths
    .map((p) => {
      const cls = selected.has(p.code) ? ' class="app-ward-map__ward--selected"' : '';
      const fill = options.fills?.get(p.code);
      const fillAttr = fill ? ` fill="${escapeXml(fill)}"` : '';
      return `<path${cls}${fillAttr} d="${p.d}"><title>${escapeXml(p.name)}</title></path>`;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${map.width} ${map.height}" width="${map.width}" height="${map.height}" ` +
    `role="img" aria-labelledby="${escapeXml(id)}-title" focusable="false">` +
    `<title id="${escapeXml(id)}-title">${escapeXml(label)}</title>${body}</svg>`
  );
}
