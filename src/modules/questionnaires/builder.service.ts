/**
 * The questionnaire builder's use-cases. Every change to questions goes through saveDefinition,
 * so the rules (valid definition; nothing that would corrupt stored answers) apply to every form.
 *
 * Versions: while nobody has responded and no resident holds a draft on the current version, a
 * save overwrites that version in place (drafting a questionnaire would otherwise leave dozens
 * of versions nobody answered). Once a response or a draft exists, every save adds a new version
 * and the old one stays exactly as it was, so each response is read against the questions it answered.
 */
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Actor, Deps } from '../../deps.ts';
import { recordAudit } from '../audit/index.ts';
import { findConsultation, findConsultationBySlug, listPartnerIds, type Consultation } from '../consultations/index.ts';
import { listWardNames } from '../geography/index.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { validateDefinition, type Settings } from './builder.schema.ts';
import { findIncompatibilities, type Incompatibility } from './compatibility.ts';
import type { Edit } from './definition-edits.ts';
import type { QuestionnaireDefinition } from './questionnaire.types.ts';
import * as repo from './questionnaires.repository.ts';
import type { QuestionnaireRow } from './questionnaires.tables.ts';
import { canEditQuestionnaire, canPrintPublicly, canReadQuestionnaire } from './questionnaires.policy.ts';

export const EMPTY_DEFINITION: QuestionnaireDefinition = { pages: [] };

export const DEFAULT_SETTINGS: Settings = {
  mode: 'open',
  private: false,
  includeAboutYou: true,
  askRespondentType: true,
  askPublicationConsent: true,
};

export type SaveOutcome =
  | { ok: true; version: number; newVersion: boolean; unchanged: boolean }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'invalid'; issues: z.core.$ZodIssue[] }
  | { ok: false; reason: 'incompatible'; problems: Incompatibility[] };

export interface BuilderState {
  questionnaire: QuestionnaireRow | undefined;
  definition: QuestionnaireDefinition;
  version: number;
  settings: Settings;
  hasResponses: boolean;
}

const settingsOf = (row: QuestionnaireRow | undefined): Settings =>
  row
    ? {
        mode: row.mode as Settings['mode'],
        private: row.private,
        includeAboutYou: row.includeAboutYou,
        askRespondentType: row.askRespondentType,
        askPublicationConsent: row.askPublicationConsent,
      }
    : DEFAULT_SETTINGS;

/**
 * The consultation's questionnaire as it stands, without creating one: reading never writes, so a
 * councillor looking at an empty builder leaves no trace.
 */
export async function loadQuestionnaire(deps: Deps, consultationId: string): Promise<BuilderState> {
  const questionnaire = await repo.findQuestionnaireByOwner(deps.db, consultationId);
  if (!questionnaire) {
    return { questionnaire, definition: EMPTY_DEFINITION, version: 0, settings: DEFAULT_SETTINGS, hasResponses: false };
  }
  const [current, responded] = await Promise.all([
    repo.findVersion(deps.db, questionnaire.id, questionnaire.currentVersion),
    repo.hasResponses(deps.db, questionnaire.id),
  ]);
  return {
    questionnaire,
    definition: current?.definition ?? EMPTY_DEFINITION,
    version: questionnaire.currentVersion,
    settings: settingsOf(questionnaire),
    hasResponses: responded,
  };
}

/**
 * The consultation's questionnaire, created empty (version 1, no pages) the first time it is
 * needed. Safe to call twice at once: the (owner_type, owner_id) unique key decides.
 */
export async function getOrCreateQuestionnaire(
  db: Db,
  actor: Actor,
  consultationId: string,
  title: string,
  now: Date,
): Promise<QuestionnaireRow> {
  const created = await repo.insertQuestionnaireIfMissing(db, consultationId, title, now);
  const row = (await repo.findQuestionnaireByOwner(db, consultationId))!;
  if (created) {
    await repo.insertVersion(db, {
      questionnaireId: row.id,
      version: 1,
      definition: EMPTY_DEFINITION,
      createdBy: actor.id,
      createdAt: now,
    });
    await recordAudit(db, actor, {
      action: 'questionnaire.created',
      entityType: 'questionnaire',
      entityId: row.id,
      after: { consultationId, version: 1 },
    });
  }
  return row;
}

async function saveLocked(
  deps: Deps,
  tx: Db,
  actor: Actor,
  questionnaire: QuestionnaireRow,
  definition: unknown,
): Promise<SaveOutcome> {
  const wardCodes = (await listWardNames(tx)).map((ward) => ward.code);
  const parsed = validateDefinition(definition, { wardCodes });
  if (!parsed.success) return { ok: false, reason: 'invalid', issues: parsed.error.issues };
  const next = parsed.data;
  const version = questionnaire.currentVersion;
  const current = (await repo.findVersion(tx, questionnaire.id, version))?.definition ?? EMPTY_DEFINITION;
  if (JSON.stringify(current) === JSON.stringify(next))
    return { ok: true, version, newVersion: false, unchanged: true };

  const responded = await repo.hasResponses(tx, questionnaire.id);
  if (responded) {
    const problems = findIncompatibilities(current, next);
    if (problems.length > 0) return { ok: false, reason: 'incompatible', problems };
  }
  const now = deps.clock.now();
  const inUse = responded || (await repo.hasDraftsOnVersion(tx, questionnaire.id, version));
  let saved = version;
  if (inUse) {
    saved = (await repo.latestVersionNumber(tx, questionnaire.id)) + 1;
    await repo.insertVersion(tx, {
      questionnaireId: questionnaire.id,
      version: saved,
      definition: next,
      createdBy: actor.id,
      createdAt: now,
    });
    await repo.setCurrentVersion(tx, questionnaire.id, saved, now);
  } else {
    await repo.replaceVersionDefinition(tx, questionnaire.id, version, next, actor.id, now);
    await repo.setCurrentVersion(tx, questionnaire.id, version, now);
  }
  await recordAudit(tx, actor, {
    action: 'questionnaire.definition-saved',
    entityType: 'questionnaire',
    entityId: questionnaire.id,
    before: { version, definition: current },
    after: { version: saved, definition: next },
  });
  return { ok: true, version: saved, newVersion: inUse, unchanged: false };
}

/**
 * Validates and stores a whole definition, audited. Refused when it is invalid, or when responses
 * exist and it would leave stored answers without their question or option.
 */
export async function saveDefinition(
  deps: Deps,
  actor: Actor,
  questionnaireId: string,
  definition: QuestionnaireDefinition,
): Promise<SaveOutcome> {
  return deps.db.transaction(async (tx) => {
    const questionnaire = await repo.lockQuestionnaire(tx, questionnaireId);
    if (!questionnaire) return { ok: false, reason: 'not_found' };
    return saveLocked(deps, tx, actor, questionnaire, definition);
  });
}

/**
 * Applies one builder edit to the latest stored definition (creating the questionnaire if this
 * is its first change) and saves it through the same rules as saveDefinition.
 */
export async function editDefinition(
  deps: Deps,
  actor: Actor,
  consultation: { id: string; title: string },
  edit: Edit,
): Promise<SaveOutcome> {
  return deps.db.transaction(async (tx) => {
    const created = await getOrCreateQuestionnaire(tx, actor, consultation.id, consultation.title, deps.clock.now());
    const questionnaire = (await repo.lockQuestionnaire(tx, created.id))!;
    const current =
      (await repo.findVersion(tx, questionnaire.id, questionnaire.currentVersion))?.definition ?? EMPTY_DEFINITION;
    const edited = edit(current);
    if (!edited.ok) return edited;
    return saveLocked(deps, tx, actor, questionnaire, edited.definition);
  });
}

/** Changes who may respond and which standard questions are asked, audited. */
export async function saveSettings(
  deps: Deps,
  actor: Actor,
  consultation: { id: string; title: string },
  settings: Settings,
): Promise<{ ok: true }> {
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const created = await getOrCreateQuestionnaire(tx, actor, consultation.id, consultation.title, now);
    const before = settingsOf(await repo.lockQuestionnaire(tx, created.id));
    await repo.updateSettings(tx, created.id, settings, now);
    await recordAudit(tx, actor, {
      action: 'questionnaire.settings-changed',
      entityType: 'questionnaire',
      entityId: created.id,
      before,
      after: settings,
    });
    return { ok: true };
  });
}

export type Access = { ok: true; consultation: Consultation; canEdit: boolean } | { ok: false; reason: 'not_found' };

/** The consultation behind a builder URL, if this user may see it, and whether they may change its questionnaire. */
export async function consultationForStaff(
  deps: Deps,
  user: Pick<CurrentUser, 'role' | 'organisationId'>,
  consultationId: string,
): Promise<Access> {
  const consultation = await findConsultation(deps.db, consultationId);
  if (!consultation) return { ok: false, reason: 'not_found' };
  const partnerIds = await listPartnerIds(deps.db, consultation.id);
  if (!canReadQuestionnaire(user, consultation, partnerIds)) return { ok: false, reason: 'not_found' };
  return { ok: true, consultation, canEdit: canEditQuestionnaire(user, consultation) };
}

/** A public consultation's questionnaire for the paper copy, or not_found (unknown, not public yet, or private). */
export async function questionnaireForPublicPrint(deps: Deps, slug: string) {
  const consultation = await findConsultationBySlug(deps.db, slug);
  if (!consultation) return { ok: false as const, reason: 'not_found' as const };
  const state = await loadQuestionnaire(deps, consultation.id);
  if (!state.questionnaire || !canPrintPublicly(consultation, state.questionnaire))
    return { ok: false as const, reason: 'not_found' as const };
  return { ok: true as const, consultation, state };
}

/** The borough's wards as answer options for `ward` questions. */
export async function wardOptions(deps: Deps) {
  return (await listWardNames(deps.db)).map((ward) => ({ value: ward.code, label: ward.name }));
}
