/**
 * Server-rendered SVG charts for ward profiles and the borough overview. Every value is printed
 * as a number beside its bar, so nothing depends on colour or on reading a scale; each chart has
 * a data table beside it on the page, and a title and description for screen readers. The
 * choropleth shades wards by class; its legend and the table say what each shade means.
 */
import { monthLabel } from './wards.catalogue.ts';

const esc = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const format = (n: number) => n.toLocaleString('en-GB');

export interface Bar {
  label: string;
  value: number | null;
}

/** Horizontal bars, one per row, value printed at the end of each bar; null prints "no figure". */
export function barChart(
  bars: readonly Bar[],
  options: { id: string; title: string; desc: string; unit?: string },
): string {
  const rowHeight = 24;
  const gap = 6;
  const left = 180;
  const barSpace = 300;
  const width = left + barSpace + 90;
  const height = bars.length * (rowHeight + gap) + gap;
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0));
  const parts = bars.map((bar, i) => {
    const y = gap + i * (rowHeight + gap);
    const w = bar.value ? Math.max(1, (bar.value / max) * barSpace) : 0;
    const label = bar.label.length > 26 ? `${bar.label.slice(0, 25)}…` : bar.label;
    return (
      `<text x="${left - 8}" y="${y + rowHeight / 2 + 5}" text-anchor="end" font-size="14" fill="#0b0c0c">${esc(label)}</text>` +
      (w ? `<rect x="${left}" y="${y}" width="${w.toFixed(1)}" height="${rowHeight}" fill="#1d70b8"/>` : '') +
      `<text x="${left + w + 6}" y="${y + rowHeight / 2 + 5}" font-size="14" fill="#0b0c0c">${bar.value === null ? 'no figure' : esc(format(bar.value) + (options.unit ?? ''))}</text>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" ` +
    `aria-labelledby="${options.id}-title ${options.id}-desc" focusable="false">` +
    `<title id="${options.id}-title">${esc(options.title)}</title><desc id="${options.id}-desc">${esc(options.desc)}</desc>` +
    `${parts.join('')}</svg>`
  );
}

/** Columns per month, the count printed above each; the months are labelled below. */
export function monthlyColumns(
  months: readonly string[],
  values: readonly number[],
  options: { id: string; title: string },
): string {
  const col = 40;
  const gap = 8;
  const top = 24;
  const plot = 120;
  const width = months.length * (col + gap) + gap;
  const height = top + plot + 40;
  const max = Math.max(1, ...values);
  const parts = months.map((month, i) => {
    const value = values[i] ?? 0;
    const h = value ? Math.max(1, (value / max) * plot) : 0;
    const x = gap + i * (col + gap);
    const [year, m] = month.split('-');
    const short = monthLabel(month).slice(0, 3);
    return (
      (h
        ? `<rect x="${x}" y="${(top + plot - h).toFixed(1)}" width="${col}" height="${h.toFixed(1)}" fill="#1d70b8"/>`
        : '') +
      `<text x="${x + col / 2}" y="${(top + plot - h - 6).toFixed(1)}" text-anchor="middle" font-size="13" fill="#0b0c0c">${format(value)}</text>` +
      `<text x="${x + col / 2}" y="${top + plot + 16}" text-anchor="middle" font-size="12" fill="#0b0c0c">${short}</text>` +
      (m === '01' || i === 0
        ? `<text x="${x + col / 2}" y="${top + plot + 32}" text-anchor="middle" font-size="12" fill="#505a5f">${year}</text>`
        : '')
    );
  });
  const total = values.reduce((a, b) => a + b, 0);
  const busiest = months[values.indexOf(Math.max(...values))];
  const desc = total
    ? `${format(total)} in the ${months.length} months from ${monthLabel(months[0]!)} to ${monthLabel(months.at(-1)!)}; the most in ${monthLabel(busiest!)}. The same figures are in the table.`
    : `None in the ${months.length} months from ${monthLabel(months[0]!)} to ${monthLabel(months.at(-1)!)}.`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" ` +
    `aria-labelledby="${options.id}-title ${options.id}-desc" focusable="false">` +
    `<title id="${options.id}-title">${esc(options.title)}</title><desc id="${options.id}-desc">${esc(desc)}</desc>` +
    `<line x1="0" y1="${top + plot}" x2="${width}" y2="${top + plot}" stroke="#505a5f"/>${parts.join('')}</svg>`
  );
}

/** Five shades of GOV.UK blue, light to dark (at least 3:1 between the lightest and the white boundaries is not needed: the legend and table carry the meaning). */
export const CLASS_FILLS = ['#d2e2f1', '#a5c5e3', '#5694ca', '#1d70b8', '#003078'];
export const NO_DATA_FILL = '#f3f2f1';

export interface ChoroplethClass {
  from: number;
  to: number;
  fill: string;
  label: string;
  wards: string[];
}

/**
 * Equal-count classes (quantiles) over the wards' values, at most five, so each shade holds a
 * similar number of wards; wards without a figure get their own "no figure" class.
 */
export function choroplethClasses(
  values: readonly { code: string; name: string; value: number | null }[],
  format: (n: number) => string,
): { fills: Map<string, string>; classes: ChoroplethClass[]; none: string[] } {
  const known = values
    .filter((v): v is { code: string; name: string; value: number } => v.value !== null)
    .sort((a, b) => a.value - b.value);
  const none = values.filter((v) => v.value === null).map((v) => v.name);
  const fills = new Map<string, string>();
  const classes: ChoroplethClass[] = [];
  const count = Math.min(CLASS_FILLS.length, new Set(known.map((k) => k.value)).size);
  if (count > 0) {
    // Break points at quantiles; equal values never straddle a break.
    const groups: (typeof known)[] = [];
    let start = 0;
    for (let c = 0; c < count; c++) {
      let end = c === count - 1 ? known.length : Math.round(((c + 1) * known.length) / count);
      while (end < known.length && end > start && known[end]!.value === known[end - 1]!.value) end++;
      if (end > start) groups.push(known.slice(start, end));
      start = end;
      if (start >= known.length) break;
    }
    groups.forEach((group, i) => {
      const fill = CLASS_FILLS[Math.round((i * (CLASS_FILLS.length - 1)) / Math.max(1, groups.length - 1))]!;
      const from = group[0]!.value;
      const to = group.at(-1)!.value;
      for (const ward of group) fills.set(ward.code, fill);
      classes.push({
        from,
        to,
        fill,
        label: from === to ? format(from) : `${format(from)} to ${format(to)}`,
        wards: group.map((g) => g.name),
      });
    });
  }
  for (const v of values) if (v.value === null) fills.set(v.code, NO_DATA_FILL);
  return { fills, classes, none };
}
