/**
 * Server-rendered SVG bar charts: no client JavaScript, and accessible because the SVG is one
 * image with a text alternative (role="img", <title>, aria-labelledby) and the figures sit in a
 * table beside it. Presentation attributes only: the CSP forbids inline styles.
 */

export interface Bar {
  label: string;
  count: number;
  /** Whole-number percentage of the base (those who answered). */
  percent: number;
  /** Hidden by small-number suppression (public results): no bar is drawn, so its length reveals nothing. */
  suppressed?: boolean;
}

const HIDDEN = 'fewer than 10';
const figure = (bar: Bar) => (bar.suppressed ? HIDDEN : `${bar.count} (${bar.percent}%)`);

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const ROW = 28;
const LABEL_WIDTH = 230;
const BAR_WIDTH = 300;
const WIDTH = LABEL_WIDTH + BAR_WIDTH + 90;

/** A horizontal bar chart; `id` must be unique on the page (it names the title for aria-labelledby). */
export function barChart(id: string, title: string, bars: Bar[]): string {
  const height = Math.max(1, bars.length) * ROW + 8;
  const max = Math.max(1, ...bars.filter((bar) => !bar.suppressed).map((bar) => bar.count));
  const summary = bars.map((bar) => `${bar.label}: ${figure(bar)}`).join('; ');
  const body = bars
    .map((bar, index) => {
      const y = index * ROW + 4;
      const width = bar.suppressed ? 0 : Math.round((bar.count / max) * BAR_WIDTH);
      return [
        `<text x="${LABEL_WIDTH - 8}" y="${y + 18}" text-anchor="end" font-size="14" fill="#0b0c0c">${escapeXml(shorten(bar.label, 32))}</text>`,
        bar.suppressed
          ? ''
          : `<rect x="${LABEL_WIDTH}" y="${y + 4}" width="${width}" height="${ROW - 8}" fill="#1d70b8"></rect>`,
        `<text x="${LABEL_WIDTH + width + 6}" y="${y + 18}" font-size="14" fill="#0b0c0c">${figure(bar)}</text>`,
      ].join('');
    })
    .join('');
  return (
    `<svg class="app-chart" xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${id}-title ${id}-desc" ` +
    `viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" focusable="false">` +
    `<title id="${id}-title">${escapeXml(title)}</title>` +
    `<desc id="${id}-desc">${escapeXml(summary || 'No answers')}</desc>` +
    body +
    `</svg>`
  );
}

/** Percentages that read naturally: whole numbers, 0 when nobody answered. */
export const percentOf = (count: number, base: number) => (base > 0 ? Math.round((count / base) * 100) : 0);
