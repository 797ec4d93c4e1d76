/**
 * Share images: a 1200×630 PNG with the page's title, the council's name and a closing date,
 * drawn as SVG and rendered by resvg with the fonts shipped in ./fonts (no system fonts). Rendered
 * images are kept in memory (the newest 200) and on disk under DATA_DIR/share-images, keyed by a
 * hash of everything drawn, so each distinct image is rendered once.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';

const FONTS = [
  path.join(import.meta.dirname, 'fonts', 'DejaVuSans-Bold.ttf'),
  path.join(import.meta.dirname, 'fonts', 'DejaVuSans.ttf'),
];
const MEMORY_LIMIT = 200;
const memory = new Map<string, Buffer>();

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** Greedy word wrap to at most `lines` lines of about `width` characters, with an ellipsis when cut. */
export function wrap(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const w of text.replace(/\s+/g, ' ').trim().split(' ')) {
    const word = w.length > width ? `${w.slice(0, width - 1)}…` : w;
    if (!line) line = word;
    else if (`${line} ${word}`.length <= width) line = `${line} ${word}`;
    else {
      out.push(line);
      line = word;
    }
  }
  if (line) out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  kept[lines - 1] = `${kept[lines - 1]!.slice(0, width - 1)}…`;
  return kept;
}

export interface ShareImageInput {
  title: string;
  line: string;
  councilName: string;
  colour: string;
}

export function shareSvg(input: ShareImageInput): string {
  const titleLines = wrap(input.title, 26, 4);
  const titleSize = titleLines.length > 3 ? 60 : 68;
  const title = titleLines
    .map(
      (l, i) =>
        `<text x="80" y="${250 + i * (titleSize + 14)}" font-size="${titleSize}" font-weight="bold">${escape(l)}</text>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
  <rect width="1200" height="630" fill="${input.colour}"/>
  <rect x="0" y="590" width="1200" height="40" fill="#ffdd00"/>
  <g font-family="DejaVu Sans" fill="#ffffff">
    <text x="80" y="120" font-size="40" font-weight="bold">${escape(input.councilName.slice(0, 60))}</text>
    ${title}
    ${input.line ? `<text x="80" y="545" font-size="42">${escape(input.line)}</text>` : ''}
  </g>
</svg>`;
}

/** The PNG for these words, rendered once and cached. */
export function renderShareImage(input: ShareImageInput, cacheDir: string): Buffer {
  const key = createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 32);
  const hit = memory.get(key);
  if (hit) return hit;
  const file = path.join(cacheDir, `${key}.png`);
  let png: Buffer;
  if (fs.existsSync(file)) png = fs.readFileSync(file);
  else {
    const resvg = new Resvg(shareSvg(input), {
      font: { fontFiles: FONTS, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
      fitTo: { mode: 'width', value: 1200 },
    });
    png = resvg.render().asPng();
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(`${file}.${process.pid}.tmp`, png);
    fs.renameSync(`${file}.${process.pid}.tmp`, file);
  }
  memory.set(key, png);
  if (memory.size > MEMORY_LIMIT) memory.delete(memory.keys().next().value!);
  return png;
}
