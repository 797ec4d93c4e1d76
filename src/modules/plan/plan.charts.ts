/**
 * Server-rendered SVG charts for the load and ladder views. Every value is printed as a number
 * as well as shaded, so nothing depends on colour, and each chart has a data table beside it on
 * the page; the SVG carries a title and description for screen readers.
 */
import type { LadderView, LoadGrid } from './plan.service.ts';

const esc = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Shades of GOV.UK blue from light to dark; text flips to white on the dark ones for contrast. */
const SHADES = ['#ffffff', '#d2e2f1', '#a5c5e3', '#5694ca', '#1d70b8', '#003078'];

export function loadHeatmap(grid: LoadGrid): string {
  const cell = 34;
  const left = 170;
  const top = 40;
  const width = left + cell * 12 + 10;
  const height = top + cell * grid.rows.length + 10;
  const parts: string[] = [];
  grid.months.forEach((month, m) => {
    parts.push(
      `<text x="${left + m * cell + cell / 2}" y="${top - 12}" text-anchor="middle" font-size="12">${esc(month.slice(0, 3))}</text>`,
    );
  });
  grid.rows.forEach((row, r) => {
    const y = top + r * cell;
    parts.push(
      `<text x="${left - 8}" y="${y + cell / 2 + 4}" text-anchor="end" font-size="12">${esc(row.name)}</text>`,
    );
    row.counts.forEach((count, m) => {
      const shade =
        count === 0 ? 0 : Math.min(SHADES.length - 1, 1 + Math.floor(((count - 1) / grid.max) * (SHADES.length - 1)));
      const x = left + m * cell;
      parts.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${SHADES[shade]}" stroke="#505a5f" stroke-width="0.5"/>`,
        `<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" font-size="12" fill="${shade >= 4 ? '#ffffff' : '#0b0c0c'}">${count}</text>`,
      );
    });
  });
  const busiest = grid.rows.reduce(
    (best, row) => (row.total > best.total ? row : best),
    grid.rows[0] ?? { name: '', total: 0 },
  );
  const desc = busiest.total
    ? `Number of engagement activities in each ward in each month of ${grid.year}. Busiest ward: ${busiest.name}, ${busiest.total} activity-months. The same figures are in the table.`
    : `No engagement activities are planned in ${grid.year}.`;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="load-chart-title load-chart-desc" focusable="false">
<title id="load-chart-title">Engagement load by ward and month, ${grid.year}</title>
<desc id="load-chart-desc">${esc(desc)}</desc>
${parts.join('\n')}
</svg>`;
}

/** Rung fills, with the rung's initial printed in each segment so the key does not rely on colour. */
const RUNG_FILLS = ['#d2e2f1', '#a5c5e3', '#5694ca', '#1d70b8', '#003078'];

export function ladderBars(view: LadderView, labels: string[]): string {
  const rowHeight = 30;
  const left = 260;
  const barWidth = 420;
  const top = 10;
  const rows = view.byOrganisation;
  const height = top + rows.length * (rowHeight + 10) + 40;
  const parts: string[] = [];
  rows.forEach((row, r) => {
    const y = top + r * (rowHeight + 10);
    parts.push(
      `<text x="${left - 8}" y="${y + rowHeight / 2 + 4}" text-anchor="end" font-size="12">${esc(row.name)}</text>`,
    );
    let x = left;
    row.counts.forEach((count, i) => {
      if (!count || !row.total) return;
      const w = (count / row.total) * barWidth;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowHeight}" fill="${RUNG_FILLS[i]}" stroke="#0b0c0c" stroke-width="0.5"/>`,
      );
      if (w >= 22)
        parts.push(
          `<text x="${(x + w / 2).toFixed(1)}" y="${y + rowHeight / 2 + 4}" text-anchor="middle" font-size="11" fill="${i >= 3 ? '#ffffff' : '#0b0c0c'}">${esc(labels[i]!.slice(0, 3))} ${count}</text>`,
        );
      x += w;
    });
    if (!row.total) parts.push(`<text x="${left}" y="${y + rowHeight / 2 + 4}" font-size="12">No activity</text>`);
  });
  const legendY = height - 20;
  labels.forEach((label, i) => {
    const x = 10 + i * 130;
    parts.push(
      `<rect x="${x}" y="${legendY - 10}" width="12" height="12" fill="${RUNG_FILLS[i]}" stroke="#0b0c0c" stroke-width="0.5"/>`,
      `<text x="${x + 16}" y="${legendY}" font-size="11">${esc(label.slice(0, 3))}: ${esc(label)}</text>`,
    );
  });
  const summary = rows
    .filter((r) => r.total)
    .map((r) => `${r.name}: ${r.lowerShare}% inform or consult`)
    .join('; ');
  return `<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 ${left + barWidth + 20} ${height}" width="100%" role="img" aria-labelledby="ladder-chart-title ladder-chart-desc" focusable="false">
<title id="ladder-chart-title">Share of activity on each rung of the ladder, by organisation</title>
<desc id="ladder-chart-desc">${esc(summary || 'No activity this year.')} The same figures are in the table.</desc>
${parts.join('\n')}
</svg>`;
}
