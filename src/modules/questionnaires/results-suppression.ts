/**
 * Small-number suppression for published results, so nobody can be picked out of a breakdown.
 *
 * Rule (documented on the public page too):
 * 1. Primary: any cell counting 1 to 9 people is not shown. Zero is shown: these are one-way
 *    tables of the whole set, so "nobody chose this" describes nobody (hiding zeros would also
 *    hide whole tables where everyone gave the same answer).
 * 2. Complementary: the base (the number who answered) is published, so a single hidden cell could
 *    be worked out as base minus the others. Whenever a table hides anything, the next smallest
 *    non-zero cells are hidden too until at least two are hidden and the hidden cells together
 *    hold at least 10 people. The hidden cells then add up to a known figure of 10 or more that cannot be
 *    split back into its parts.
 * 3. Every hidden cell reads the same ("fewer than 10"): marking the complementary cells
 *    differently would tell a reader they hold 10 or more, which narrows the others again. So a
 *    complementary cell may in truth hold 10 or more; the page says so beside the figures.
 * 4. A base under 10 hides the whole table, the base included.
 * Bars for hidden cells are not drawn, so chart lengths cannot give them away either.
 */

export const SUPPRESSION_THRESHOLD = 10;

export interface CountedCell {
  label: string;
  count: number;
}

export interface PublicCell {
  label: string;
  /** null when hidden. */
  count: number | null;
  percent: number | null;
  suppressed: boolean;
}

export interface PublicTable {
  /** How many people the table describes (answered the question); null when under the threshold. */
  base: number | null;
  cells: PublicCell[];
  /** True when any cell is hidden. */
  anySuppressed: boolean;
}

const percentOf = (count: number, base: number) => (base > 0 ? Math.round((count / base) * 100) : 0);

/**
 * Applies the rule above to one table. `base` is the number of people the cells describe: the
 * sum of the cells for a single answer, or those who answered for a multiple-choice question.
 */
export function suppressTable(cells: CountedCell[], base: number): PublicTable {
  if (base < SUPPRESSION_THRESHOLD) {
    return {
      base: null,
      cells: cells.map((c) => ({ label: c.label, count: null, percent: null, suppressed: true })),
      anySuppressed: cells.length > 0,
    };
  }
  const hidden = cells.map((c) => c.count > 0 && c.count < SUPPRESSION_THRESHOLD);
  const hiddenTotal = () => cells.reduce((sum, c, i) => sum + (hidden[i] ? c.count : 0), 0);
  const hiddenCount = () => hidden.filter(Boolean).length;
  if (hiddenCount() > 0) {
    while (hiddenCount() < 2 || hiddenTotal() < SUPPRESSION_THRESHOLD) {
      // The smallest non-zero cell still shown (hiding a zero adds nobody to the hidden total);
      // ties go to the later one, so the first options stay visible.
      let next = -1;
      cells.forEach((c, i) => {
        if (!hidden[i] && c.count > 0 && (next === -1 || c.count <= cells[next]!.count)) next = i;
      });
      if (next === -1) break;
      hidden[next] = true;
    }
  }
  return {
    base,
    cells: cells.map((c, i) =>
      hidden[i]
        ? { label: c.label, count: null, percent: null, suppressed: true }
        : { label: c.label, count: c.count, percent: percentOf(c.count, base), suppressed: false },
    ),
    anySuppressed: hidden.some(Boolean),
  };
}

/** A headline number on its own: shown only when at least 10 people make it up. */
export const suppressNumber = (count: number): number | null => (count < SUPPRESSION_THRESHOLD ? null : count);
