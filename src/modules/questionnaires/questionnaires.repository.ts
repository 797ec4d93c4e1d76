/** SQL for questionnaires and their versions (the builder's side; responses are read only to guard changes). */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { QuestionnaireDefinition } from './questionnaire.types.ts';
import {
  questionnaires,
  questionnaireVersions,
  responseDrafts,
  responses,
  type QuestionnaireRow,
} from './questionnaires.tables.ts';

export const OWNER_CONSULTATION = 'consultation';

export async function findQuestionnaireByOwner(db: Db, ownerId: string, ownerType = OWNER_CONSULTATION) {
  const [row] = await db
    .select()
    .from(questionnaires)
    .where(and(eq(questionnaires.ownerType, ownerType), eq(questionnaires.ownerId, ownerId)));
  return row;
}

/** Locks the row for the rest of the transaction: saves to one questionnaire queue behind each other. */
export async function lockQuestionnaire(db: Db, id: string): Promise<QuestionnaireRow | undefined> {
  const [row] = await db.select().from(questionnaires).where(eq(questionnaires.id, id)).for('update');
  return row;
}

/** Creates the questionnaire unless it exists; true when this call created it. */
export async function insertQuestionnaireIfMissing(
  db: Db,
  ownerId: string,
  title: string,
  now: Date,
): Promise<boolean> {
  const inserted = await db
    .insert(questionnaires)
    .values({ ownerType: OWNER_CONSULTATION, ownerId, title, currentVersion: 1, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: [questionnaires.ownerType, questionnaires.ownerId] })
    .returning({ id: questionnaires.id });
  return inserted.length > 0;
}

export async function findVersion(db: Db, questionnaireId: string, version: number) {
  const [row] = await db
    .select()
    .from(questionnaireVersions)
    .where(and(eq(questionnaireVersions.questionnaireId, questionnaireId), eq(questionnaireVersions.version, version)));
  return row;
}

export async function insertVersion(
  db: Db,
  values: {
    questionnaireId: string;
    version: number;
    definition: QuestionnaireDefinition;
    createdBy: string | null;
    createdAt: Date;
  },
) {
  await db.insert(questionnaireVersions).values(values).onConflictDoNothing();
}

export async function replaceVersionDefinition(
  db: Db,
  questionnaireId: string,
  version: number,
  definition: QuestionnaireDefinition,
  createdBy: string | null,
  now: Date,
) {
  await db
    .update(questionnaireVersions)
    .set({ definition, createdBy, createdAt: now })
    .where(and(eq(questionnaireVersions.questionnaireId, questionnaireId), eq(questionnaireVersions.version, version)));
}

export async function latestVersionNumber(db: Db, questionnaireId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(max(${questionnaireVersions.version}), 0)` })
    .from(questionnaireVersions)
    .where(eq(questionnaireVersions.questionnaireId, questionnaireId));
  return Number(row?.n ?? 0);
}

export async function setCurrentVersion(db: Db, id: string, version: number, now: Date) {
  await db.update(questionnaires).set({ currentVersion: version, updatedAt: now }).where(eq(questionnaires.id, id));
}

export type SettingsColumns = Pick<
  QuestionnaireRow,
  'mode' | 'private' | 'includeAboutYou' | 'askRespondentType' | 'askPublicationConsent'
>;

export async function updateSettings(db: Db, id: string, settings: SettingsColumns, now: Date) {
  await db
    .update(questionnaires)
    .set({ ...settings, updatedAt: now })
    .where(eq(questionnaires.id, id));
}

/** Whether anyone has responded, to any version: from then on stored answers must stay describable. */
export async function hasResponses(db: Db, questionnaireId: string): Promise<boolean> {
  const rows = await db
    .select({ one: sql<number>`1` })
    .from(responses)
    .where(eq(responses.questionnaireId, questionnaireId))
    .limit(1);
  return rows.length > 0;
}

/** Whether a resident's saved draft answers this version: it must not change under them. */
export async function hasDraftsOnVersion(db: Db, questionnaireId: string, version: number): Promise<boolean> {
  const rows = await db
    .select({ one: sql<number>`1` })
    .from(responseDrafts)
    .where(and(eq(responseDrafts.questionnaireId, questionnaireId), eq(responseDrafts.version, version)))
    .limit(1);
  return rows.length > 0;
}
