/**
 * Reads ONS Census 2021 ward-level tables as Nomis publishes them: the bulk CSVs
 * (census2021-ts007a-ward.csv: "date","geography","geography code","Age: Total","Age: Aged 4
 * years and under",...) and query downloads (a few title lines, then a header with a "mnemonic"
 * or "geography code" column). One row per ward, one numeric column per category. Pure: parsing
 * only; census.service.ts stores the result.
 */
import { parseCsv } from './wards.deps.ts';

export class CensusFileError extends Error {}

export interface CensusTable {
  dataset: string;
  title: string;
  categories: { name: string; isTotal: boolean }[];
  /** ward GSS code → one value per category, in the categories' order. */
  rows: Map<string, number[]>;
  problems: string[];
}

const CODE_HEADERS = /^(geography code|mnemonic|gss code|ward code|wd\d{2}cd|ward_code|geography_code)$/i;
const SKIP_HEADERS = /^(date|geography|geography name|ward|ward name|wd\d{2}nm|\d{4} ward)$/i;

/** "Age: Aged 4 years and under; measures: Value" → { title: "Age", name: "Aged 4 years and under" }. */
function splitHeader(header: string) {
  const clean = header.replace(/;\s*measures:\s*value$/i, '').trim();
  const colon = clean.indexOf(':');
  return colon > 0
    ? { title: clean.slice(0, colon).trim(), name: clean.slice(colon + 1).trim() }
    : { title: '', name: clean };
}

/** The dataset id from a Nomis file name (census2021-ts007a-ward.csv → TS007A), if it has one. */
export function datasetFromFileName(fileName: string): string | undefined {
  return /\b(ts\d{3}[a-z]?)\b/i.exec(fileName.replace(/[-_.]/g, ' '))?.[1]?.toUpperCase();
}

export function parseCensusCsv(
  text: string,
  options: { dataset?: string; title?: string; fileName?: string } = {},
): CensusTable {
  const dataset = (
    options.dataset ?? (options.fileName ? datasetFromFileName(options.fileName) : undefined)
  )?.toUpperCase();
  if (!dataset)
    throw new CensusFileError('Name the table: pass --dataset TS001 (or keep the Nomis file name, which includes it)');
  const lines = parseCsv(text);
  const headerIndex = lines.findIndex((row) => row.some((cell) => CODE_HEADERS.test(cell.trim())));
  if (headerIndex < 0) throw new CensusFileError('The file has no ward code column ("geography code" or "mnemonic")');
  const header = lines[headerIndex]!.map((h) => h.trim());
  const codeColumn = header.findIndex((h) => CODE_HEADERS.test(h));
  const valueColumns = header
    .map((h, i) => ({ h, i }))
    .filter(({ h, i }) => i !== codeColumn && h !== '' && !SKIP_HEADERS.test(h) && !CODE_HEADERS.test(h));
  if (valueColumns.length === 0) throw new CensusFileError('The file has no figures beside the ward code');
  const split = valueColumns.map(({ h }) => splitHeader(h));
  // "Total: All usual residents" names the total; the table's title is the prefix of its other columns.
  const title = options.title ?? (split.find((c) => c.title && !/^total$/i.test(c.title))?.title || dataset);
  const categories = split.map((c) => ({
    name: c.name,
    isTotal: /^total\b/i.test(c.name) || /^total$/i.test(c.title),
  }));
  const rows = new Map<string, number[]>();
  const problems: string[] = [];
  lines.slice(headerIndex + 1).forEach((row) => {
    const code = (row[codeColumn] ?? '').trim().toUpperCase();
    if (!/^[EWSN]\d{8}$/.test(code)) {
      // Nomis query downloads end with notes ("Source: ...", "Cells ..."): not ward rows.
      if (code !== '' || row.length >= header.length) problems.push(`"${code || row[0] || ''}" is not a ward code`);
      return;
    }
    const values = valueColumns.map(({ i }) => Number((row[i] ?? '').replace(/,/g, '').trim()));
    if (values.some((v) => !Number.isFinite(v) || v < 0)) {
      problems.push(`Ward ${code} has a figure that is not a number`);
      return;
    }
    rows.set(code, values);
  });
  return { dataset, title, categories, rows, problems };
}
