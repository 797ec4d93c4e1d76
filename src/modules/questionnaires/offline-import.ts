/**
 * CSV bulk import of offline responses, pure: an RFC 4180 reader that remembers where each record
 * starts (so the report can say "line 7" even when a quoted cell holds newlines), the template a
 * council fills in, and the mapping of one CSV row onto the form body parseQuestion reads. The
 * same parsing rules as the form therefore apply to every imported answer.
 */
import type { FormBody } from './answer-parsing.ts';
import { fieldName, optionsFor } from './answer-parsing.ts';
import { ABOUT_YOU_KEYS, ABOUT_YOU_PAGE } from './about-you.ts';
import {
  AGREEMENT_SCALE,
  isDisplayOnly,
  otherKey,
  type Option,
  type Question,
  type QuestionnaireDefinition,
} from './questionnaire.types.ts';

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 5000;

export interface CsvRecord {
  /** The physical line the record starts on (1-based), as a spreadsheet user would count. */
  line: number;
  cells: string[];
}

export type CsvResult = { ok: true; records: CsvRecord[] } | { ok: false; line: number };

/**
 * Reads CSV text: quoted cells may hold commas, doubled quotes and newlines; a leading BOM is
 * dropped; CRLF, LF and CR all end a record; blank lines are skipped. Refuses an unclosed quote.
 */
export function parseCsv(input: string): CsvResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let quoteLine = 1;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: start, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && cell === '') {
      quoted = true;
      quoteLine = line;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else cell += c;
  }
  if (quoted) return { ok: false, line: quoteLine };
  if (cell !== '' || cells.length > 0) endRecord();
  return { ok: true, records };
}

/** One CSV cell, quoted when it must be. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Columns that describe the response rather than answer a question. */
export const META_COLUMNS = [
  'channel',
  'received',
  'respondent_type',
  'organisation_name',
  'publication_consent',
  'respondent_name',
] as const;

/** The form field each meta column fills, so one set of rules checks the form and the file. */
export const META_FIELDS: Record<(typeof META_COLUMNS)[number], string> = {
  channel: 'receivedVia',
  received: 'receivedOn',
  respondent_type: 'respondentType',
  organisation_name: 'organisationName',
  publication_consent: 'publicationConsent',
  respondent_name: 'respondentName',
};

/**
 * The optional column for the ward the person lives in, typed as the ward's ONS code or its name.
 * It is the last word only: the questionnaire's own ward question, then a postcode in the lookup,
 * come first, as in the entry form (which asks the ward only when the postcode is unknown).
 */
export const WARD_COLUMN = 'ward';

/**
 * What the ward column takes and when it is not used, for the import page and the template's
 * note line alike; null when the questionnaire has no ward column.
 */
export function wardGuidance(questions: Question[]): string | null {
  if (!hasWardColumn(questions)) return null;
  const wardQuestion = questions.find((q) => q.type === 'ward');
  const firsts = [
    ...(wardQuestion ? [`an answer in the “${wardQuestion.key}” column`] : []),
    ...(questions.some((q) => q.type === 'postcode') ? ['the ward of a postcode in our list'] : []),
  ];
  const base = 'optional. The ward’s name or its ONS code (E05…); capitals and spaces do not matter';
  return firsts.length ? `${base}. If there is ${firsts.join(' or ')}, that ward is used instead` : base;
}

/** A question keyed "ward" keeps its column: files made for it before the ward column still import. */
const hasWardColumn = (questions: Question[]) => !questions.some((q) => columnsOf(q).includes(WARD_COLUMN));

/** Ward names and codes as compared: capitals, spaces and "&" for "and" make no difference. */
const wardKey = (text: string) => text.toLowerCase().replace(/&/g, 'and').replace(/\s+/g, '');

/** The ward code a cell names (by code or name), or undefined when it names no ward of this area. */
export function matchWard(value: string, wards: Option[]): string | undefined {
  const key = wardKey(value);
  return wards.find((w) => wardKey(w.value) === key)?.value ?? wards.find((w) => wardKey(w.label) === key)?.value;
}

/** Every question that takes an answer, in order, with About you last when it is asked. */
export function importQuestions(definition: QuestionnaireDefinition, includeAboutYou: boolean): Question[] {
  const questions = definition.pages.flatMap((page) => page.questions).filter((q) => !isDisplayOnly(q.type));
  return includeAboutYou ? [...questions, ...ABOUT_YOU_PAGE.questions] : questions;
}

/** The CSV columns one question's answer spreads over. */
function columnsOf(question: Question): string[] {
  switch (question.type) {
    case 'matrix':
      return (question.rows ?? []).map((row) => fieldName.part(question, row.value));
    case 'ranking':
      return (question.options ?? []).map((option) => fieldName.part(question, option.value));
    case 'document_comment':
      return (question.sections ?? []).map((_, index) => fieldName.part(question, `s${index}`));
    case 'single_choice':
      return question.allowOther ? [question.key, otherKey(question.key)] : [question.key];
    default:
      return [question.key];
  }
}

function exampleFor(question: Question, wards: Option[], received: string): string[] {
  const first = optionsFor(question, { wards })[0]?.value ?? '';
  switch (question.type) {
    case 'short_text':
    case 'long_text':
      return ['Example answer'];
    case 'email':
      return ['name@example.com'];
    case 'postcode':
      return ['RM10 7BB'];
    case 'number':
      return [String(question.min ?? 1)];
    case 'date':
      return [received];
    case 'consent':
      return ['yes'];
    case 'multiple_choice':
      return [
        (question.options ?? [])
          .slice(0, Math.min(2, question.maxChoices ?? 2))
          .map((o) => o.value)
          .join('; '),
      ];
    case 'matrix': {
      const scale = question.options?.length ? question.options : AGREEMENT_SCALE;
      return (question.rows ?? []).map(() => scale[0]?.value ?? '');
    }
    case 'ranking':
      return (question.options ?? []).map((_, index) => String(index + 1));
    case 'document_comment':
      return (question.sections ?? []).map(() => '');
    case 'single_choice':
      return question.allowOther ? [first, ''] : [first];
    default:
      return [first];
  }
}

/** A record whose first cell starts with this is a note for the person filling the file in, never a response. */
export const NOTE_MARK = '#';
export const isNote = (record: CsvRecord) => (record.cells[0] ?? '').trimStart().startsWith(NOTE_MARK);

/** The template: a header row of every column, a note on the ward column, and one example row. */
export function templateCsv(questions: Question[], wards: Option[], received: string): string {
  const header: string[] = [...META_COLUMNS];
  const example: string[] = ['paper', received, 'individual', '', 'publish_anonymous', ''];
  const guidance = wardGuidance(questions);
  if (guidance) {
    header.push(WARD_COLUMN);
    example.push(wards[0]?.label ?? '');
  }
  for (const question of questions) {
    header.push(...columnsOf(question));
    // About you questions are optional and personal: the example leaves them blank.
    example.push(
      ...(ABOUT_YOU_KEYS.has(question.key) ? columnsOf(question).map(() => '') : exampleFor(question, wards, received)),
    );
  }
  // A note line starts with "#", which no channel does, so the importer can skip it safely.
  const notes = guidance ? [`${NOTE_MARK} Lines starting with # are not imported. ${WARD_COLUMN}: ${guidance}`] : [];
  return [header, ...notes.map((note) => [note]), example]
    .map((cells) => `${cells.map(csvCell).join(',')}\r\n`)
    .join('');
}

/** How each known column is read into the form body. */
export interface ColumnPlan {
  header: string;
  kind: 'meta' | 'ward' | 'answer' | 'part' | 'other';
  question?: Question;
}

/** Matches the header row to columns; unknown or repeated columns are refused before any row is read. */
export function planColumns(headers: string[], questions: Question[]): { plan: ColumnPlan[]; problems: string[] } {
  const known = new Map<string, ColumnPlan>();
  for (const column of META_COLUMNS) known.set(column, { header: column, kind: 'meta' });
  if (hasWardColumn(questions)) known.set(WARD_COLUMN, { header: WARD_COLUMN, kind: 'ward' });
  for (const question of questions) {
    for (const column of columnsOf(question)) {
      if (known.has(column)) continue; // a meta column name wins over a question of the same key
      const kind = column === question.key ? 'answer' : column === otherKey(question.key) ? 'other' : 'part';
      known.set(column, { header: column, kind, question });
    }
  }
  const plan: ColumnPlan[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  headers.forEach((raw, index) => {
    const header = raw.trim().toLowerCase();
    if (seen.has(header)) problems.push(`Column ${index + 1} (“${raw}”) appears more than once`);
    seen.add(header);
    const column = known.get(header);
    if (!column)
      problems.push(`Column ${index + 1} (“${raw}”) is not a question in this questionnaire or a known column`);
    else plan.push(column);
  });
  if (problems.length === 0) {
    for (const column of ['channel', 'received']) {
      if (!seen.has(column)) problems.push(`The file must have a “${column}” column`);
    }
  }
  return { plan, problems };
}

/** A choice typed as its label ("Strongly agree") is read as its value ("strongly_agree"). */
function choiceValue(value: string, options: Option[]): string {
  const lower = value.toLowerCase();
  return (
    options.find((o) => o.value.toLowerCase() === lower)?.value ??
    options.find((o) => o.label.toLowerCase() === lower)?.value ??
    value
  );
}

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
export const DATE_FORMAT_MESSAGE = 'Enter the date as YYYY-MM-DD, like 2026-03-27';

/** Fills date parts "<prefix>-day/-month/-year" from YYYY-MM-DD; false when the text is not in that shape. */
function putDate(body: FormBody, prefix: string, value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  body[`${prefix}-year`] = match[1];
  body[`${prefix}-month`] = String(Number(match[2]));
  body[`${prefix}-day`] = String(Number(match[3]));
  return true;
}

/** A problem found while reading a cell, before the question's own rules run. */
export interface CellProblem {
  /** The question key or form field it is about, so the later rule's message for it is dropped. */
  field: string;
  column: string;
  text: string;
}

/**
 * One CSV row as the form body the staff entry form would post. Cell text is passed through as
 * typed: nothing is evaluated, so "=SUM(A1)" is kept as those characters.
 */
export function rowToBody(
  plan: ColumnPlan[],
  cells: string[],
  wards: Option[],
): { body: FormBody; problems: CellProblem[]; ward?: string } {
  const body: FormBody = {};
  const problems: CellProblem[] = [];
  let ward: string | undefined;
  plan.forEach((column, index) => {
    const value = (cells[index] ?? '').trim();
    if (!value) return;
    const question = column.question;
    if (column.kind === 'ward') {
      ward = matchWard(value, wards);
      // Checked even when a postcode will decide the ward: a typo here is still worth fixing.
      if (!ward)
        problems.push({
          field: WARD_COLUMN,
          column: column.header,
          text: `“${value}” is not a ward in this area. Use the ward’s name or its code (E05…), or leave it empty`,
        });
      return;
    }
    if (column.kind === 'meta') {
      const field = META_FIELDS[column.header as keyof typeof META_FIELDS];
      if (column.header === 'received') {
        if (!putDate(body, field, value)) problems.push({ field, column: column.header, text: DATE_FORMAT_MESSAGE });
      } else body[field] = value;
      return;
    }
    if (!question || column.kind === 'other') {
      body[column.header] = value;
      return;
    }
    if (column.kind === 'part') {
      const scale = question.type === 'matrix' ? (question.options?.length ? question.options : AGREEMENT_SCALE) : [];
      body[column.header] = question.type === 'matrix' ? choiceValue(value, scale) : value;
      return;
    }
    const options = optionsFor(question, { wards });
    switch (question.type) {
      case 'multiple_choice':
        body[question.key] = value
          .split(';')
          .map((v) => choiceValue(v.trim(), options))
          .filter(Boolean);
        return;
      case 'date':
        if (!putDate(body, question.key, value))
          problems.push({ field: question.key, column: column.header, text: DATE_FORMAT_MESSAGE });
        return;
      case 'consent':
        body[question.key] = /^(yes|y|true|1|agree|i agree)$/i.test(value) ? 'yes' : value;
        return;
      case 'ward':
        // Read as the ward column is; an unknown ward is left as typed for the question's own message.
        body[question.key] = matchWard(value, options) ?? value;
        return;
      case 'single_choice':
      case 'dropdown':
      case 'agreement':
        body[question.key] = choiceValue(value, options);
        return;
      default:
        body[question.key] = value;
    }
  });
  // Blank means the safe choice: counted as an individual, and never published without a yes.
  body.respondentType ??= 'individual';
  body.publicationConsent ??= 'do_not_publish';
  return { body, problems, ward };
}
