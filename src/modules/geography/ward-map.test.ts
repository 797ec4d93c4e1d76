import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { DEMO_WARDS_FILE } from './index.ts';
import { renderWardMap, type MapWard } from './ward-map.ts';

const square = (lon: number, lat: number, size: number) => ({
  type: 'Polygon',
  coordinates: [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]],
});

describe('renderWardMap', () => {
  it('scales longitude by cos(latitude) so shapes keep their proportions', () => {
    // At 60°N a degree of longitude is half a degree of latitude: the map is twice as tall as wide.
    const wards: MapWard[] = [{ code: 'A', name: 'North', geometry: square(0, 59.99, 0.02) }];
    const svg = renderWardMap(wards, [], { width: 100 });
    expect(svg).toContain('viewBox="0 0 100 200"');
  });

  it('highlights the chosen wards, titles every ward and names the map for screen readers', () => {
    const wards: MapWard[] = [
      { code: 'A', name: 'Abbey', geometry: square(0, 51, 0.01) },
      { code: 'B', name: 'Beam & <Becontree>', geometry: { type: 'MultiPolygon', coordinates: [square(0.01, 51, 0.01).coordinates] } },
    ];
    const svg = renderWardMap(wards, ['B'], { id: 'map1' });
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="map1-title"');
    expect(svg).toContain('<title id="map1-title">Map highlighting the ward: Beam &#38; &#60;Becontree&#62;</title>');
    expect(svg.match(/<path/g)).toHaveLength(2);
    expect(svg.match(/app-ward-map__ward--selected/g)).toHaveLength(1);
    expect(svg).toMatch(/<path class="app-ward-map__ward--selected" d="M[^"]+Z"><title>Beam/);
    expect(svg).toContain('<title>Abbey</title>');
    expect(svg).not.toContain('<Becontree>');
  });

  it('draws the real Barking and Dagenham wards and reuses the projection for the same wards', () => {
    const collection = JSON.parse(fs.readFileSync(DEMO_WARDS_FILE, 'utf8')) as {
      features: { properties: { WD25CD: string; WD25NM: string }; geometry: unknown }[];
    };
    const wards = collection.features.map((f) => ({ code: f.properties.WD25CD, name: f.properties.WD25NM, geometry: f.geometry }));
    const first = renderWardMap(wards, ['E05014053'], { width: 320 });
    expect(first.match(/<path/g)).toHaveLength(19);
    expect(first).toMatch(/viewBox="0 0 320 \d+"/);
    expect(first).toContain('Map highlighting the ward: Abbey');
    const coords = [...first.matchAll(/-?\d+(\.\d+)?/g)].map((m) => Number(m[0]));
    expect(Math.min(...coords)).toBeGreaterThanOrEqual(0);
    // Mutating the geometry afterwards shows whether the cached projection is reused.
    const d = /d="([^"]+)"/.exec(first)![1];
    (wards[0]!.geometry as { coordinates: unknown }).coordinates = [];
    expect(renderWardMap(wards, [], { width: 320 })).toContain(d);
    expect(renderWardMap(wards, wards.map((w) => w.code), { width: 320 })).toContain('every ward highlighted');
  });

  it('copes with no geometry at all', () => {
    expect(renderWardMap([{ code: 'X', name: 'Nowhere', geometry: null }], ['X'])).toContain('role="img"');
  });
});
