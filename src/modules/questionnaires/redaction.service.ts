/**
 * Redaction before publication: an officer rewrites the parts of a written answer that must not
 * be published (names, addresses, anything that identifies someone). The original stays in
 * responses.answers for staff; the redacted text goes into responses.redactions under the same
 * key and in the answer's own shape, so anything quoting a response uses
 * `redactions[key] ?? answers[key]`. The audit event names the answers redacted, never their
 * text: copying what residents wrote into the audit trail would defeat the redaction.
 */
import type { Actor, Deps } from '../../deps.ts';
import { recordAudit } from '../audit/index.ts';
import { otherKey, OTHER_VALUE, type Question } from './questionnaire.types.ts';
import type { Redactions } from './questionnaires.tables.ts';
import * as publication from './publication.repository.ts';
import * as repo from './results.repository.ts';
import { allQuestions, UUID, type ResultsAccess } from './results.service.ts';

/** One redactable piece of text: a text answer, an "Other" answer, or one section's comment. */
export interface RedactionField {
  /** Form field name; question keys are lower-case, so the `r-` prefix and `--` separator cannot collide. */
  name: string;
  label: string;
  answerKey: string;
  section?: string;
  original: string;
  current: string;
}

/** Comfortably more than any answer's limit: a redaction replaces text, it rarely adds much. */
export const REDACTION_MAX_LENGTH = 10_000;

function fieldsFor(questions: Question[], answers: Record<string, unknown>, redactions: Redactions): RedactionField[] {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  return questions.flatMap((q): RedactionField[] => {
    if (q.type === 'short_text' || q.type === 'long_text') {
      const original = text(answers[q.key]);
      if (!original) return [];
      return [
        { name: `r-${q.key}`, label: q.text, answerKey: q.key, original, current: text(redactions[q.key] ?? original) },
      ];
    }
    if (q.type === 'single_choice' && answers[q.key] === OTHER_VALUE) {
      const key = otherKey(q.key);
      const original = text(answers[key]);
      if (!original) return [];
      return [
        {
          name: `r-${key}`,
          label: `${q.text} (Other)`,
          answerKey: key,
          original,
          current: text(redactions[key] ?? original),
        },
      ];
    }
    if (q.type === 'document_comment') {
      const comments = answers[q.key];
      if (!comments || typeof comments !== 'object' || Array.isArray(comments)) return [];
      const redacted = redactions[q.key];
      return Object.entries(comments as Record<string, unknown>)
        .filter(([, comment]) => text(comment))
        .map(([section, comment], index) => ({
          name: `r-${q.key}--${index}`,
          label: `${q.text}: section ${section}`,
          answerKey: q.key,
          section,
          original: text(comment),
          current: text(typeof redacted === 'object' && redacted[section] !== undefined ? redacted[section] : comment),
        }));
    }
    return [];
  });
}

export type RedactionFormOutcome =
  { ok: true; reference: string; fields: RedactionField[] } | { ok: false; reason: 'not_found' | 'not_allowed' };

/** The written answers of one response, each with its published version so far. */
export async function redactionForm(
  deps: Deps,
  access: ResultsAccess,
  responseId: string,
): Promise<RedactionFormOutcome> {
  if (!UUID.test(responseId)) return { ok: false, reason: 'not_found' };
  const response = await repo.findResponse(deps.db, access.questionnaire.id, responseId);
  if (!response) return { ok: false, reason: 'not_found' };
  if (!access.redact) return { ok: false, reason: 'not_allowed' };
  const redactions = await publication.findRedactions(deps.db, access.questionnaire.id, responseId);
  return {
    ok: true,
    reference: response.reference,
    fields: fieldsFor(allQuestions(access.definition), response.answers, redactions ?? {}),
  };
}

export type SaveRedactionOutcome =
  | { ok: true; changed: string[] }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'not_allowed' }
  | { ok: false; reason: 'invalid'; fields: RedactionField[]; errors: Record<string, string> };

/**
 * Saves an officer's redactions of one response. Text left as it was written removes that
 * redaction; an emptied box publishes nothing for that answer.
 */
export async function saveRedactions(
  deps: Deps,
  actor: Actor,
  access: ResultsAccess,
  responseId: string,
  form: Record<string, unknown>,
): Promise<SaveRedactionOutcome> {
  if (!UUID.test(responseId)) return { ok: false, reason: 'not_found' };
  if (!access.redact) {
    const exists = await repo.findResponse(deps.db, access.questionnaire.id, responseId);
    return { ok: false, reason: exists ? 'not_allowed' : 'not_found' };
  }
  return deps.db.transaction(async (tx): Promise<SaveRedactionOutcome> => {
    const before = await publication.lockRedactions(tx, access.questionnaire.id, responseId);
    if (!before) return { ok: false, reason: 'not_found' };
    const response = await repo.findResponse(tx, access.questionnaire.id, responseId);
    const fields = fieldsFor(allQuestions(access.definition), response!.answers, before);
    const errors: Record<string, string> = {};
    const entered = fields.map((field) => {
      const raw = form[field.name];
      // Line endings as browsers send them (CRLF) must not count as a change.
      const value = (typeof raw === 'string' ? raw : field.current).replace(/\r\n/g, '\n');
      if (value.length > REDACTION_MAX_LENGTH)
        errors[field.name] =
          `Published text must be ${REDACTION_MAX_LENGTH.toLocaleString('en-GB')} characters or fewer`;
      return { ...field, current: value };
    });
    if (Object.keys(errors).length > 0) return { ok: false, reason: 'invalid', fields: entered, errors };
    const after: Redactions = {};
    for (const key of Object.keys(before)) {
      // Keep redactions of answers this form does not show (an older version's shape): never drop one silently.
      if (!entered.some((f) => f.answerKey === key)) after[key] = before[key]!;
    }
    for (const field of entered) {
      if (field.current === field.original.replace(/\r\n/g, '\n')) continue;
      if (field.section === undefined) after[field.answerKey] = field.current;
      else {
        const sections = (after[field.answerKey] as Record<string, string> | undefined) ?? {};
        // The whole answer's shape, so `redactions[key] ?? answers[key]` never loses an unredacted section.
        for (const other of entered.filter((f) => f.answerKey === field.answerKey))
          sections[other.section!] = other.current;
        after[field.answerKey] = sections;
      }
    }
    const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
      (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
    );
    if (changed.length === 0) return { ok: true, changed };
    await publication.updateRedactions(tx, responseId, after);
    await recordAudit(tx, actor, {
      action: 'response.redacted',
      entityType: 'response',
      entityId: responseId,
      before: { reference: response!.reference, redactedAnswers: Object.keys(before).sort() },
      after: { reference: response!.reference, redactedAnswers: Object.keys(after).sort(), changed },
    });
    return { ok: true, changed };
  });
}
