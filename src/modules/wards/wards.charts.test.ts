import { describe, expect, it } from 'vitest';
import { barChart, choroplethClasses, CLASS_FILLS, monthlyColumns, NO_DATA_FILL } from './wards.charts.ts';

describe('ward charts', () => {
  it('puts every ward in exactly one shade, equal values together, and wards without a figure apart', () => {
    const values: { code: string; name: string; value: number | null }[] = [1, 2, 2, 3, 4, 5, 6, 7, 8, 9].map(
      (v, i) => ({
        code: `W${i}`,
        name: `Ward ${i}`,
        value: v,
      }),
    );
    values.push({ code: 'WX', name: 'Ward X', value: null });
    const { fills, classes, none } = choroplethClasses(values, String);
    expect(classes).toHaveLength(5);
    expect(classes.flatMap((c) => c.wards).sort()).toEqual(
      values
        .filter((v) => v.value !== null)
        .map((v) => v.name)
        .sort(),
    );
    expect(fills.get('W1')).toBe(fills.get('W2'));
    expect(classes[0]!.fill).toBe(CLASS_FILLS[0]);
    expect(classes.at(-1)!.fill).toBe(CLASS_FILLS.at(-1));
    expect(fills.get('WX')).toBe(NO_DATA_FILL);
    expect(none).toEqual(['Ward X']);
    expect(classes.map((c) => c.label)).toEqual(['1 to 2', '3', '4 to 5', '6 to 7', '8 to 9']);
  });
  it('uses fewer shades when there are fewer distinct values', () => {
    const { classes } = choroplethClasses(
      [
        { code: 'A', name: 'A', value: 0 },
        { code: 'B', name: 'B', value: 0 },
        { code: 'C', name: 'C', value: 3 },
      ],
      String,
    );
    expect(classes.map((c) => [c.label, c.wards])).toEqual([
      ['0', ['A', 'B']],
      ['3', ['C']],
    ]);
  });
  it('prints every value and names the chart for screen readers', () => {
    const svg = barChart(
      [
        { label: 'Abbey & <Co>', value: 1234 },
        { label: 'Alibon', value: null },
      ],
      { id: 'c', title: 'Responses', desc: 'Two wards' },
    );
    expect(svg).toContain('role="img"');
    expect(svg).toContain('aria-labelledby="c-title c-desc"');
    expect(svg).toContain('1,234');
    expect(svg).toContain('no figure');
    expect(svg).toContain('Abbey &amp; &lt;Co&gt;');
    const months = monthlyColumns(['2026-12', '2027-01'], [0, 5], { id: 'm', title: 'By month' });
    expect(months).toContain('5 in the 2 months from December 2026 to January 2027; the most in January 2027');
  });
});
