/**
 * A server-rendered SVG bar chart of panel share beside target for one characteristic. The chart
 * is decorative for screen readers (the table beside it carries the figures) and never relies on
 * colour alone: under-represented bars are labelled in words and hatched.
 */
import type { HealthRow } from './sampling.service.ts';

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

export function healthChart(title: string, rows: HealthRow[], id: string): string {
  const labelWidth = 260;
  const barWidth = 360;
  const rowHeight = 28;
  const height = rows.length * rowHeight + 40;
  const max = Math.max(0.01, ...rows.map((r) => Math.max(r.share, r.target)));
  const x = (value: number) => labelWidth + (value / max) * barWidth;
  const bars = rows
    .map((row, i) => {
      const y = 10 + i * rowHeight;
      const label = `${row.label.length > 34 ? `${row.label.slice(0, 33)}…` : row.label}${row.underRepresented ? ' (under)' : ''}`;
      return [
        `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end" font-size="14" fill="#0b0c0c">${escapeXml(label)}</text>`,
        `<rect x="${labelWidth}" y="${y + 4}" width="${Math.max(1, x(row.share) - labelWidth).toFixed(1)}" height="16" fill="${row.underRepresented ? `url(#under-${id})` : '#1d70b8'}" stroke="#0b0c0c" stroke-width="${row.underRepresented ? 1 : 0}"/>`,
        `<line x1="${x(row.target).toFixed(1)}" x2="${x(row.target).toFixed(1)}" y1="${y}" y2="${y + 24}" stroke="#0b0c0c" stroke-width="3"/>`,
        `<text x="${(Math.max(x(row.share), x(row.target)) + 6).toFixed(1)}" y="${y + 16}" font-size="13" fill="#0b0c0c">${(row.share * 100).toFixed(1)}% / ${(row.target * 100).toFixed(1)}%</text>`,
      ].join('');
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${labelWidth + barWidth + 130} ${height}" width="100%" aria-hidden="true" focusable="false" class="people-health-chart">` +
    `<defs><pattern id="under-${id}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#f3f2f1"/><line x1="0" y1="0" x2="0" y2="6" stroke="#d4351c" stroke-width="3"/></pattern></defs>` +
    `<title>${escapeXml(title)}</title>${bars}` +
    `<text x="${labelWidth}" y="${height - 6}" font-size="13" fill="#0b0c0c">Bar: share of panel. Black line: target. Hatched “(under)”: under-represented.</text>` +
    `</svg>`
  );
}
