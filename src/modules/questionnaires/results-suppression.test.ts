import { describe, expect, it } from 'vitest';
import { suppressNumber, suppressTable, type CountedCell } from './results-suppression.ts';

const cells = (...counts: number[]): CountedCell[] => counts.map((count, i) => ({ label: `Option ${i + 1}`, count }));
const shown = (table: ReturnType<typeof suppressTable>) => table.cells.map((c) => c.count);

/** What a reader can work out: the base minus every shown cell is the sum of the hidden ones. */
const hiddenSum = (table: ReturnType<typeof suppressTable>) =>
  table.base! - table.cells.reduce((sum, c) => sum + (c.count ?? 0), 0);

describe('suppressTable', () => {
  it('shows every cell when all hold 10 or more people', () => {
    const table = suppressTable(cells(40, 10, 25), 75);
    expect(shown(table)).toEqual([40, 10, 25]);
    expect(table.cells.map((c) => c.percent)).toEqual([53, 13, 33]);
    expect(table.anySuppressed).toBe(false);
    expect(table.base).toBe(75);
  });

  it('hides a cell under 10 and the next smallest, so the hidden one cannot be worked out from the base', () => {
    const table = suppressTable(cells(50, 3, 20, 30), 103);
    expect(shown(table)).toEqual([50, null, null, 30]);
    expect(table.cells[1]).toEqual({ label: 'Option 2', count: null, percent: null, suppressed: true });
    // Two hidden cells adding up to 23: either could be anything from 3 to 20.
    expect(hiddenSum(table)).toBe(23);
  });

  it('keeps hiding until the hidden cells together hold at least 10 people', () => {
    const table = suppressTable(cells(100, 1, 2, 12, 40), 155);
    expect(shown(table)).toEqual([100, null, null, null, 40]);
    expect(hiddenSum(table)).toBeGreaterThanOrEqual(10);
  });

  it('shows zeros, which describe nobody, and never hides one to make up the hidden total', () => {
    expect(shown(suppressTable(cells(30, 0, 0), 30))).toEqual([30, 0, 0]);
    const table = suppressTable(cells(20, 3, 0, 0), 23);
    expect(shown(table)).toEqual([null, null, 0, 0]);
    expect(hiddenSum(table)).toBe(23);
  });

  it('hides two small cells that already add up to 10 or more without touching the others', () => {
    const table = suppressTable(cells(60, 6, 5, 11), 82);
    expect(shown(table)).toEqual([60, null, null, 11]);
  });

  it('hides the whole table, base included, when fewer than 10 answered', () => {
    const table = suppressTable(cells(5, 4), 9);
    expect(table.base).toBeNull();
    expect(shown(table)).toEqual([null, null]);
    expect(table.anySuppressed).toBe(true);
  });

  it('hides with the same marking whatever the reason, so complementary cells give nothing away', () => {
    const table = suppressTable(cells(50, 9, 10), 69);
    expect(table.cells.filter((c) => c.suppressed).map((c) => c.label)).toEqual(['Option 2', 'Option 3']);
  });

  it('for a multiple-choice question, works from those who answered', () => {
    const table = suppressTable(cells(30, 25, 2), 40);
    expect(shown(table)).toEqual([30, null, null]);
    expect(table.cells[0]!.percent).toBe(75);
  });
});

describe('suppressNumber', () => {
  it('shows 10 and more, hides fewer', () => {
    expect(suppressNumber(10)).toBe(10);
    expect(suppressNumber(9)).toBeNull();
    expect(suppressNumber(0)).toBeNull();
  });
});
