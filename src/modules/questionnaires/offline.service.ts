/**
 * Offline parity: staff type in responses that came on paper, by email, by phone or at an event,
 * one at a time or as a CSV file. Every response goes through the same answer rules as the online
 * journey (parsePage, pruneHiddenAnswers, the About your response schema) and is stored through
 * the same repository functions, with the staff user as entered_by and the channel recorded.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { fromLondon } from '../../web/format.ts';
import { recordAudit } from '../audit/index.ts';
import type { Consultation } from '../consultations/index.ts';
import { ABOUT_YOU_PAGE } from './about-you.ts';
import { parsePage, type FormBody } from './answer-parsing.ts';
import { consultationForStaff, loadQuestionnaire, wardOptions } from './builder.service.ts';
import { pruneHiddenAnswers, visibleParts } from './conditions.ts';
import {
  MAX_IMPORT_ROWS,
  META_FIELDS,
  importQuestions,
  isNote,
  parseCsv,
  planColumns,
  rowToBody,
} from './offline-import.ts';
import { META_ANCHORS, londonDay, offlineMetaSchema, type Channel, type ReceivedWindow } from './offline.schema.ts';
import { isDisplayOnly, type Answers, type Option, type QuestionnaireDefinition } from './questionnaire.types.ts';
import type { QuestionnaireRow } from './questionnaires.tables.ts';
import { canEditQuestionnaire } from './questionnaires.policy.ts';
import { wardForPostcode } from './postcodes.service.ts';
import { aboutResponseSchema, type AboutResponse } from './responding.schema.ts';
import { newReference } from './responding.service.ts';
import { asksWard, NOT_IN_WARDS, postcodeAnswer, wardOf } from './responding.steps.ts';
import {
  existingIdempotencyKeys,
  findResponseByIdempotencyKey,
  insertEqualities,
  insertEqualitiesMany,
  insertResponseOnce,
  insertResponsesOnce,
} from './responses.repository.ts';

/** States in which responses can be entered: open, and closed (post that arrived before the deadline). */
export const ENTRY_STATES = ['open', 'closed'];

/**
 * Who may enter responses: the questionnaire edit rule's roles (engagement officers and
 * administrators; service and partner officers of the lead organisation), councillors never,
 * and only while the consultation is open or just closed.
 */
export function canEnterResponses(user: Pick<CurrentUser, 'role' | 'organisationId'>, c: Consultation): boolean {
  // The edit rule freezes closed questionnaires; entering a late-arriving paper copy changes no question.
  return canEditQuestionnaire(user, { state: 'open', leadOrganisationId: c.leadOrganisationId });
}

export interface EntryTarget {
  consultation: Consultation;
  questionnaire: QuestionnaireRow;
  definition: QuestionnaireDefinition;
  version: number;
  wards: Option[];
  window: ReceivedWindow;
}

export type EntryAccess =
  | { ok: true; target: EntryTarget }
  | { ok: false; reason: 'not_found' | 'forbidden' }
  | { ok: false; reason: 'not_taking_responses' | 'no_questions'; consultation: Consultation };

/** The consultation and its questionnaire, if this user may enter responses for it now. */
export async function openEntry(deps: Deps, user: CurrentUser, consultationId: string): Promise<EntryAccess> {
  const access = await consultationForStaff(deps, user, consultationId);
  if (!access.ok) return { ok: false, reason: 'not_found' };
  const { consultation } = access;
  if (!canEnterResponses(user, consultation)) return { ok: false, reason: 'forbidden' };
  if (!ENTRY_STATES.includes(consultation.state)) return { ok: false, reason: 'not_taking_responses', consultation };
  const state = await loadQuestionnaire(deps, consultation.id);
  const answerable = state.definition.pages.some((p) => p.questions.some((q) => !isDisplayOnly(q.type)));
  if (!state.questionnaire || !answerable) return { ok: false, reason: 'no_questions', consultation };
  return {
    ok: true,
    target: {
      consultation,
      questionnaire: state.questionnaire,
      definition: state.definition,
      version: state.version,
      wards: await wardOptions(deps),
      window: { now: deps.clock.now(), opensAt: consultation.opensAt, closesAt: consultation.closesAt },
    },
  };
}

/** A fresh key for the hidden field: one form shown, at most one response stored. */
export const newEntryKey = () => randomUUID();

export interface Problem {
  /** The question key or form field. */
  field: string;
  /** The input the error summary links to. */
  anchor: string;
  text: string;
}

export interface Prepared {
  channel: Channel;
  receivedOn: string;
  answers: Answers;
  aboutYou: Record<string, string>;
  about: AboutResponse;
  postcode: string | null;
  wardCode: string | null;
}

/** The schemas for one target, built once: zod compiles each schema on first use, which dominates a large import. */
const rulesOf = new WeakMap<
  EntryTarget,
  {
    meta: ReturnType<typeof offlineMetaSchema>;
    about: ReturnType<typeof aboutResponseSchema>;
    submitted: Map<string, Date>;
  }
>();
function rules(target: EntryTarget) {
  let found = rulesOf.get(target);
  if (!found) {
    found = {
      meta: offlineMetaSchema(target.window),
      about: aboutResponseSchema(target.questionnaire),
      submitted: new Map(),
    };
    rulesOf.set(target, found);
  }
  return found;
}

/** The entry form's ward, asked when a postcode is not in the lookup; capitals keep it apart from question keys. */
export const WARD_FIELD = 'respondentWard';

// Only the fields the entry form shows: a question keyed "email" must not become the receipt address.
const ABOUT_FIELDS = ['respondentType', 'organisationName', 'publicationConsent', 'respondentName'];

/** Checks one response (form or CSV row) against every rule, reporting all problems at once. */
export async function prepareResponse(
  deps: Deps,
  target: EntryTarget,
  body: FormBody,
  wardLookup: (postcode: string) => Promise<string | null> = (postcode) => wardForPostcode(deps, postcode),
  options: { requireWard?: boolean; importedWard?: string } = {},
): Promise<{ ok: true; prepared: Prepared } | { ok: false; problems: Problem[] }> {
  const problems: Problem[] = [];
  const meta = rules(target).meta.safeParse(body);
  if (!meta.success) {
    for (const issue of meta.error.issues) {
      const field = String(issue.path[0] ?? 'receivedVia') as keyof typeof META_ANCHORS;
      problems.push({ field, anchor: META_ANCHORS[field] ?? field, text: issue.message });
    }
  }

  // Every question is parsed, then only the errors of questions these answers show count.
  const questions = target.definition.pages.flatMap((page) => page.questions);
  const parsed = parsePage(questions, body, { wards: target.wards });
  const shown = new Set(
    visibleParts(target.definition, parsed.answers).pages.flatMap((p) => p.questions.map((q) => q.key)),
  );
  for (const error of parsed.errors)
    if (shown.has(error.key)) problems.push({ field: error.key, anchor: error.anchor, text: error.text });
  const answers = pruneHiddenAnswers(target.definition, parsed.answers);

  const aboutYou: Record<string, string> = {};
  if (target.questionnaire.includeAboutYou) {
    const equalities = parsePage(ABOUT_YOU_PAGE.questions, body, { wards: target.wards });
    for (const error of equalities.errors) problems.push({ field: error.key, anchor: error.anchor, text: error.text });
    for (const [key, value] of Object.entries(equalities.answers)) if (typeof value === 'string') aboutYou[key] = value;
  }

  const aboutInput = Object.fromEntries(ABOUT_FIELDS.map((f) => [f, typeof body[f] === 'string' ? body[f] : '']));
  const about = rules(target).about.safeParse(aboutInput);
  if (!about.success) {
    for (const issue of about.error.issues) {
      const field = String(issue.path[0]);
      problems.push({ field, anchor: field, text: issue.message });
    }
  }
  if (problems.length > 0 || !meta.success || !about.success) return { ok: false, problems };

  const postcode = postcodeAnswer(target.definition, answers) ?? null;
  const postcodeWard = postcode ? ((await wardLookup(postcode)) ?? '') : undefined;
  // As online: a postcode not in the lookup falls back to asking the ward (the entry form's
  // "respondentWard"). A CSV row's ward column (importedWard, already checked) comes last of all,
  // so a known postcode wins over it just as it wins over the entry form's ward.
  const chosen = typeof body[WARD_FIELD] === 'string' ? body[WARD_FIELD].trim() : '';
  let chosenWard: string | undefined;
  if (postcodeWard === '' && !asksWard(target.definition)) {
    if (chosen && (chosen === NOT_IN_WARDS || target.wards.some((w) => w.value === chosen))) chosenWard = chosen;
    else if (chosen || options.requireWard)
      return {
        ok: false,
        problems: [
          {
            field: WARD_FIELD,
            anchor: WARD_FIELD,
            text: chosen
              ? 'Select a ward from the list'
              : 'The postcode is not in our list: select the ward the person lives in, or that it is not known',
          },
        ],
      };
  }
  return {
    ok: true,
    prepared: {
      ...meta.data,
      answers,
      aboutYou,
      about: about.data,
      postcode,
      wardCode:
        wardOf(target.definition, { answers, aboutYou, postcodeWard, chosenWard }) ?? options.importedWard ?? null,
    },
  };
}

/** When the response counts as submitted: now if received today, else midday that day; never after the close. */
function submittedAt(receivedOn: string, target: EntryTarget): Date {
  const known = rules(target).submitted.get(receivedOn);
  if (known) return known;
  const { window } = target;
  const [year, month, day] = receivedOn.split('-').map(Number) as [number, number, number];
  const at = receivedOn === londonDay(window.now) ? window.now : fromLondon(year, month, day, 12, 0);
  const latest = [window.now, window.closesAt].filter((d): d is Date => d !== null);
  const result = new Date(Math.min(at.getTime(), ...latest.map((d) => d.getTime())));
  rules(target).submitted.set(receivedOn, result);
  return result;
}

/** The row for one prepared response. */
const toInsert = (actor: Actor, target: EntryTarget, p: Prepared, idempotencyKey: string) => ({
  questionnaireId: target.questionnaire.id,
  version: target.version,
  reference: newReference(),
  idempotencyKey,
  channel: p.channel,
  respondentType: p.about.respondentType,
  organisationName: p.about.organisationName || null,
  publicationConsent: p.about.publicationConsent,
  respondentName: p.about.respondentName || null,
  respondentEmail: p.about.email || null,
  wantsUpdates: p.about.wantsUpdates,
  postcode: p.postcode,
  wardCode: p.wardCode,
  // "About you" answers are special category data: never in the response's answers.
  answers: p.answers,
  redactions: {},
  enteredBy: actor.id,
  submittedAt: submittedAt(p.receivedOn, target),
});

/** Stores one prepared response under its key, or finds the one already stored with that key. */
async function storeOnce(tx: Db, actor: Actor, target: EntryTarget, p: Prepared, idempotencyKey: string) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const inserted = await insertResponseOnce(tx, toInsert(actor, target, p, idempotencyKey));
    if (inserted) {
      if (Object.keys(p.aboutYou).length > 0)
        await insertEqualities(tx, inserted.id, target.questionnaire.id, p.aboutYou);
      return { ...inserted, created: true };
    }
    const same = await findResponseByIdempotencyKey(tx, idempotencyKey);
    if (same) return { id: same.id, reference: same.reference, created: false };
    // Otherwise the random reference was taken: try another.
  }
  throw new Error('Could not find a free response reference');
}

export type EnterOutcome =
  { ok: true; reference: string; duplicate: boolean } | { ok: false; reason: 'invalid'; problems: Problem[] };

/**
 * Stores one staff-entered response with its audit event, exactly once per form shown: the hidden
 * key makes a double click, a refresh or a second tab end at the same row.
 */
export async function enterResponse(
  deps: Deps,
  actor: Actor,
  target: EntryTarget,
  body: FormBody,
  key: string,
): Promise<EnterOutcome> {
  const checked = await prepareResponse(deps, target, body, undefined, { requireWard: true });
  if (!checked.ok) return { ok: false, reason: 'invalid', problems: checked.problems };
  const p = checked.prepared;
  return deps.db.transaction(async (tx) => {
    const stored = await storeOnce(tx, actor, target, p, `offline:${target.questionnaire.id}:${key}`);
    if (stored.created) {
      await recordAudit(tx, actor, {
        action: 'response.entered',
        entityType: 'response',
        entityId: stored.id,
        after: {
          questionnaireId: target.questionnaire.id,
          reference: stored.reference,
          channel: p.channel,
          receivedOn: p.receivedOn,
        },
      });
    }
    return { ok: true as const, reference: stored.reference, duplicate: !stored.created };
  });
}

export interface RowReport {
  line: number;
  problems: string[];
}

export type ImportCheck =
  | { ok: false; reason: 'file'; messages: string[] }
  | {
      ok: true;
      rows: number;
      valid: { line: number; prepared: Prepared }[];
      invalid: RowReport[];
      /** Lines whose ward column was not used because the postcode (or a ward question) gave another ward. */
      wardOverridden: number[];
    };

/** Reads and checks a whole file without storing anything: the dry run. */
export async function checkImport(deps: Deps, target: EntryTarget, text: string): Promise<ImportCheck> {
  const csv = parseCsv(text);
  if (!csv.ok)
    return { ok: false, reason: 'file', messages: [`A quoted cell starting on line ${csv.line} is never closed`] };
  // Note lines (the template's guidance) are skipped wherever they are; no channel starts with "#".
  const [header, ...records] = csv.records.filter((record) => !isNote(record));
  if (!header) return { ok: false, reason: 'file', messages: ['The selected file is empty'] };
  if (records.length === 0)
    return { ok: false, reason: 'file', messages: ['The file has a header row but no responses'] };
  if (records.length > MAX_IMPORT_ROWS)
    return {
      ok: false,
      reason: 'file',
      messages: [`The file must have ${MAX_IMPORT_ROWS.toLocaleString('en-GB')} responses or fewer`],
    };
  const questions = importQuestions(target.definition, target.questionnaire.includeAboutYou);
  const { plan, problems } = planColumns(header.cells, questions);
  if (problems.length > 0) return { ok: false, reason: 'file', messages: problems };

  const columnOf = new Map<string, string>(Object.entries(META_FIELDS).map(([column, field]) => [field, column]));
  // A file from one event is mostly the same few postcodes: look each up once.
  const wards = new Map<string, Promise<string | null>>();
  const wardLookup = (postcode: string) => {
    if (!wards.has(postcode)) wards.set(postcode, wardForPostcode(deps, postcode));
    return wards.get(postcode)!;
  };
  const valid: { line: number; prepared: Prepared }[] = [];
  const invalid: RowReport[] = [];
  const wardOverridden: number[] = [];
  for (const record of records) {
    const { body, problems: cellProblems, ward } = rowToBody(plan, record.cells, target.wards);
    const checked = await prepareResponse(deps, target, body, wardLookup, { importedWard: ward });
    const found = cellProblems.map((p) => ({ column: p.column, text: p.text }));
    if (!checked.ok) {
      const already = new Set(cellProblems.map((p) => p.field));
      for (const problem of checked.problems) {
        if (!already.has(problem.field))
          found.push({ column: columnOf.get(problem.field) ?? problem.field, text: problem.text });
      }
    }
    // Left to right, as the person fixing the spreadsheet reads the row.
    const order = (column: string) => plan.findIndex((c) => c.header === column || c.question?.key === column);
    found.sort((a, b) => order(a.column) - order(b.column));
    const messages = found.map((p) => `${p.column}: ${p.text}`);
    if (record.cells.length > plan.length)
      messages.push(`The row has ${record.cells.length} cells but the header has ${plan.length}`);
    if (messages.length > 0 || !checked.ok) invalid.push({ line: record.line, problems: messages });
    else {
      valid.push({ line: record.line, prepared: checked.prepared });
      if (ward && checked.prepared.wardCode !== ward) wardOverridden.push(record.line);
    }
  }
  return { ok: true, rows: records.length, valid, invalid, wardOverridden };
}

class AlreadyImported extends Error {}

/** Rows per INSERT: 500 rows of 19 columns stay far below PostgreSQL's 65,535 parameters. */
const IMPORT_CHUNK = 500;

/**
 * Stores a chunk of checked rows with one INSERT (and one for their About you answers). A row
 * whose key exists was imported before: the whole import stops (the transaction stores nothing).
 * A row skipped for a taken random reference is tried again with a new one.
 */
async function storeChunk(
  tx: Db,
  actor: Actor,
  target: EntryTarget,
  rows: { line: number; prepared: Prepared }[],
  batch: string,
) {
  let pending = rows.map((row) => ({
    prepared: row.prepared,
    key: `import:${target.questionnaire.id}:${batch}:${row.line}`,
  }));
  for (let attempt = 0; attempt < 5 && pending.length > 0; attempt++) {
    const inserted = await insertResponsesOnce(
      tx,
      pending.map((row) => toInsert(actor, target, row.prepared, row.key)),
    );
    const idOf = new Map(inserted.map((row) => [row.idempotencyKey, row.id]));
    await insertEqualitiesMany(
      tx,
      pending
        .filter((row) => idOf.has(row.key) && Object.keys(row.prepared.aboutYou).length > 0)
        .map((row) => ({
          responseId: idOf.get(row.key)!,
          questionnaireId: target.questionnaire.id,
          answers: row.prepared.aboutYou,
        })),
    );
    const skipped = pending.filter((row) => !idOf.has(row.key));
    if (
      (
        await existingIdempotencyKeys(
          tx,
          skipped.map((row) => row.key),
        )
      ).length > 0
    )
      throw new AlreadyImported();
    pending = skipped;
  }
  if (pending.length > 0) throw new Error('Could not find free response references');
}

export type ImportOutcome =
  | { ok: true; count: number }
  | { ok: false; reason: 'invalid'; check: ImportCheck }
  | { ok: false; reason: 'already_imported' };

/**
 * Stores every row of a checked file in one transaction, or nothing: the file is checked again
 * at commit time, and any failing row stores none. Each row's key is the batch (made at the dry
 * run) and its line, so confirming twice cannot import the file twice.
 */
export async function importResponses(
  deps: Deps,
  actor: Actor,
  target: EntryTarget,
  text: string,
  batch: string,
): Promise<ImportOutcome> {
  const check = await checkImport(deps, target, text);
  if (!check.ok || check.invalid.length > 0) return { ok: false, reason: 'invalid', check };
  try {
    return await deps.db.transaction(async (tx) => {
      for (let start = 0; start < check.valid.length; start += IMPORT_CHUNK) {
        await storeChunk(tx, actor, target, check.valid.slice(start, start + IMPORT_CHUNK), batch);
      }
      await recordAudit(tx, actor, {
        action: 'responses.imported',
        entityType: 'questionnaire',
        entityId: target.questionnaire.id,
        after: { count: check.valid.length, batch },
      });
      return { ok: true as const, count: check.valid.length };
    });
  } catch (error) {
    if (error instanceof AlreadyImported) return { ok: false, reason: 'already_imported' };
    throw error;
  }
}
