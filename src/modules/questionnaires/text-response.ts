/**
 * Responses that arrive as one piece of text (a text message, issue 16): the channels module asks
 * which text questions a consultation's questionnaire has, and records the text as the answer to
 * one of them. Stored like any response (channel recorded), so analysis, tallies and export show it.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { questionnaires, questionnaireVersions } from './questionnaires.tables.ts';
import { insertResponseOnce, findResponseByIdempotencyKey } from './responses.repository.ts';
import { newReference } from './responding.service.ts';

export interface TextQuestions {
  questionnaireId: string;
  version: number;
  questions: { key: string; text: string }[];
}

/** The free-text questions of a consultation's questionnaire (current version), or null when it has none. */
export async function textQuestionsOf(db: Db, consultationId: string): Promise<TextQuestions | null> {
  const [row] = await db
    .select({
      id: questionnaires.id,
      version: questionnaires.currentVersion,
      definition: questionnaireVersions.definition,
    })
    .from(questionnaires)
    .innerJoin(
      questionnaireVersions,
      and(
        eq(questionnaireVersions.questionnaireId, questionnaires.id),
        eq(questionnaireVersions.version, questionnaires.currentVersion),
      ),
    )
    .where(and(eq(questionnaires.ownerType, 'consultation'), eq(questionnaires.ownerId, consultationId)))
    .limit(1);
  if (!row) return null;
  const questions = row.definition.pages
    .flatMap((p) => p.questions)
    .filter((q) => q.type === 'long_text' || q.type === 'short_text')
    .map((q) => ({ key: q.key, text: q.text }));
  return { questionnaireId: row.id, version: row.version, questions };
}

/**
 * Records a text as the answer to one question, once per idempotency key (e.g. the text
 * message's id): a repeat returns the response already stored.
 */
export async function recordTextResponse(
  tx: Db,
  input: {
    consultationId: string;
    questionKey: string;
    text: string;
    channel: 'sms';
    idempotencyKey: string;
    now: Date;
  },
): Promise<{ id: string; reference: string } | null> {
  const target = await textQuestionsOf(tx, input.consultationId);
  if (!target || !target.questions.some((q) => q.key === input.questionKey)) return null;
  for (let attempt = 0; attempt < 5; attempt++) {
    const inserted = await insertResponseOnce(tx, {
      questionnaireId: target.questionnaireId,
      version: target.version,
      reference: newReference(),
      idempotencyKey: input.idempotencyKey,
      channel: input.channel,
      answers: { [input.questionKey]: input.text.slice(0, 5000) },
      redactions: {},
      submittedAt: input.now,
    });
    if (inserted) return inserted;
    const same = await findResponseByIdempotencyKey(tx, input.idempotencyKey);
    if (same) return { id: same.id, reference: same.reference };
  }
  return null;
}
