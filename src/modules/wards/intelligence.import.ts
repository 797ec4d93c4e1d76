/**
 * Casework and complaints extracts as CSV: one row per case, checked row by row. Pure: it reads
 * the file and says what would be imported, which rows have problems and which are duplicates;
 * intelligence.service.ts stores the good rows.
 *
 * Columns (header names in any case and spacing; only these are read, others are ignored):
 * reference, date (31/01/2027 or 2027-01-31), ward (ONS code or name; blank for borough-wide),
 * topics (names or keys, separated by ";"), summary, sentiment (positive, neutral, mixed,
 * negative; blank is neutral), needs action (yes or no; blank is no), action by.
 */
import { findPersonalDetails, personalDetailsMessage } from './intelligence.personal.ts';
import { SENTIMENTS, type Sentiment } from './wards.catalogue.ts';
import { parseCsv, TOPICS } from './wards.deps.ts';

export const IMPORT_COLUMNS = [
  'reference',
  'date',
  'ward',
  'topics',
  'summary',
  'sentiment',
  'needs action',
  'action by',
];
export const MAX_IMPORT_ROWS = 5000;

export interface ImportRow {
  line: number;
  reference: string;
  heardOn: string;
  wardCode: string | null;
  topics: string[];
  summary: string;
  sentiment: Sentiment;
  needsAction: boolean;
  actionBy: string;
}

export interface ImportCheck {
  rows: ImportRow[];
  problems: { line: number; text: string }[];
  /** References that appear twice in the file (the later rows) or were imported before. */
  duplicates: { line: number; reference: string; reason: 'in-file' | 'already-imported' }[];
  fileProblem?: string;
}

const normalise = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

function dateOf(raw: string): string | undefined {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(raw);
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : [];
  if (!y) return undefined;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d))
    return undefined;
  return date.toISOString().slice(0, 10);
}

export function checkImport(
  text: string,
  context: { wards: { code: string; name: string }[]; today: string; alreadyImported?: ReadonlySet<string> },
): ImportCheck {
  const lines = parseCsv(text);
  const empty: ImportCheck = { rows: [], problems: [], duplicates: [] };
  if (lines.length < 2) return { ...empty, fileProblem: 'The file must have a header row and at least one case' };
  const header = lines[0]!.map(normalise);
  const col = (name: string) => header.indexOf(name);
  const missing = ['reference', 'date', 'topics', 'summary'].filter((name) => col(name) < 0);
  if (missing.length) return { ...empty, fileProblem: `The file must have columns called ${missing.join(', ')}` };
  if (lines.length - 1 > MAX_IMPORT_ROWS)
    return { ...empty, fileProblem: `The file must have ${MAX_IMPORT_ROWS.toLocaleString('en-GB')} cases or fewer` };
  const wardByKey = new Map<string, string>();
  for (const w of context.wards) {
    wardByKey.set(w.code.toLowerCase(), w.code);
    wardByKey.set(normalise(w.name), w.code);
  }
  const topicByKey = new Map<string, string>();
  for (const [key, label] of Object.entries(TOPICS)) {
    topicByKey.set(normalise(key), key);
    topicByKey.set(normalise(label), key);
  }
  const result: ImportCheck = { rows: [], problems: [], duplicates: [] };
  const seen = new Set<string>();
  lines.slice(1).forEach((cells, index) => {
    const line = index + 2;
    const cell = (name: string) => (col(name) >= 0 ? (cells[col(name)] ?? '').trim() : '');
    const reference = cell('reference');
    const problems: string[] = [];
    if (!reference) problems.push('the reference is missing');
    else if (reference.length > 100) problems.push('the reference must be 100 characters or fewer');
    const heardOn = dateOf(cell('date'));
    if (!heardOn) problems.push('the date must be a real date, like 31/01/2027');
    else if (heardOn > context.today) problems.push('the date must be today or in the past');
    const wardRaw = cell('ward');
    const wardCode = wardRaw ? (wardByKey.get(wardRaw.toLowerCase()) ?? wardByKey.get(normalise(wardRaw))) : null;
    if (wardRaw && !wardCode) problems.push(`"${wardRaw}" is not a ward here`);
    const topicNames = cell('topics')
      .split(/[;|]/)
      .map((t) => t.trim())
      .filter(Boolean);
    const topics = [...new Set(topicNames.map((t) => topicByKey.get(normalise(t))).filter((t): t is string => !!t))];
    if (topicNames.length === 0) problems.push('the topics are missing');
    else if (topics.length !== new Set(topicNames.map(normalise)).size)
      problems.push(
        `a topic is not one of ours: ${topicNames.filter((t) => !topicByKey.get(normalise(t))).join(', ')}`,
      );
    const summary = cell('summary');
    if (!summary) problems.push('the summary is missing');
    else if (summary.length > 1000) problems.push('the summary must be 1,000 characters or fewer');
    else {
      const found = findPersonalDetails(summary);
      if (found.length) problems.push(personalDetailsMessage('summary', found).replace(/^Remove/, 'remove'));
    }
    const sentimentRaw = cell('sentiment').toLowerCase();
    const sentiment = (sentimentRaw || 'neutral') as Sentiment;
    if (!(sentiment in SENTIMENTS)) problems.push('the sentiment must be positive, neutral, mixed or negative');
    const actionRaw = cell('needs action').toLowerCase();
    if (actionRaw && !['yes', 'no', 'y', 'n'].includes(actionRaw)) problems.push('needs action must be yes or no');
    const actionBy = cell('action by');
    if (findPersonalDetails(actionBy).length) problems.push('remove personal details from action by');
    if (problems.length) {
      result.problems.push({ line, text: `Line ${line}: ${problems.join('; ')}` });
      return;
    }
    if (seen.has(reference)) {
      result.duplicates.push({ line, reference, reason: 'in-file' });
      return;
    }
    seen.add(reference);
    if (context.alreadyImported?.has(reference)) {
      result.duplicates.push({ line, reference, reason: 'already-imported' });
      return;
    }
    result.rows.push({
      line,
      reference,
      heardOn: heardOn!,
      wardCode: wardCode ?? null,
      topics,
      summary,
      sentiment,
      needsAction: actionRaw === 'yes' || actionRaw === 'y',
      actionBy: actionBy.slice(0, 200),
    });
  });
  return result;
}

/** References in the file, for looking up which were imported before. */
export function referencesIn(text: string): string[] {
  const lines = parseCsv(text);
  const col = (lines[0] ?? []).map(normalise).indexOf('reference');
  return col < 0
    ? []
    : lines
        .slice(1)
        .map((cells) => (cells[col] ?? '').trim())
        .filter(Boolean);
}
