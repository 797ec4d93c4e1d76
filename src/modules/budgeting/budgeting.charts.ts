/**
 * The results chart, server-rendered SVG: one bar per project (length = votes), funded projects dark
 * and unfunded ones hatched-light, each labelled with its votes and cost. Text in the SVG is
 * aria-hidden: the table beside it carries the same figures for screen readers.
 */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface ChartRow {
  title: string;
  votes: number;
  costText: string;
  funded: boolean;
}

export function resultsChart(rows: ChartRow[], budget: number): string {
  const width = 640;
  const labelWidth = 240;
  const barArea = width - labelWidth - 110;
  const rowHeight = 28;
  const max = Math.max(1, ...rows.map((r) => r.votes));
  const height = rows.length * rowHeight + 40;
  const bars = rows
    .map((r, i) => {
      const y = 30 + i * rowHeight;
      const w = Math.max(1, Math.round((r.votes / max) * barArea));
      const title = r.title.length > 34 ? `${r.title.slice(0, 33)}…` : r.title;
      return (
        `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end" class="app-pb-chart__label">${esc(title)}</text>` +
        `<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="${rowHeight - 10}" class="${r.funded ? 'app-pb-chart__funded' : 'app-pb-chart__unfunded'}" fill="${r.funded ? '#00703c' : '#b1b4b6'}"/>` +
        `<text x="${labelWidth + w + 6}" y="${y + 17}" class="app-pb-chart__value">${r.votes.toLocaleString('en-GB')} · ${esc(r.costText)}</text>`
      );
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="pb-chart-title" class="app-pb-chart" font-family="sans-serif" font-size="13">` +
    `<title id="pb-chart-title">Votes for each project; green bars were funded from the £${budget.toLocaleString('en-GB')} budget. The table gives the same figures.</title>` +
    `<g aria-hidden="true"><text x="${labelWidth}" y="16" font-weight="bold">Votes · cost</text>` +
    `<rect x="${width - 180}" y="4" width="12" height="12" fill="#00703c"/><text x="${width - 162}" y="15">Funded</text>` +
    `<rect x="${width - 100}" y="4" width="12" height="12" fill="#b1b4b6"/><text x="${width - 82}" y="15">Not funded</text>` +
    bars +
    `</g></svg>`
  );
}
