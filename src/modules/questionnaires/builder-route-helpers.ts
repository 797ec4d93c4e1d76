/**
 * What the builder's route files share: the access check for a consultation's questionnaire (404
 * for what the user may not see, 403 for what they may not change), the overview page, and the
 * way every builder form saves and answers.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound } from '../../web/auth.ts';
import type { GovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import {
  consultationForStaff,
  editDefinition,
  loadQuestionnaire,
  wardOptions,
  type SaveOutcome,
} from './builder.service.ts';
import { conditionInWords, saveErrors, typeLabel } from './builder.view-model.ts';
import { findQuestion, type Edit } from './definition-edits.ts';
import type { Consultation } from '../consultations/index.ts';

export const BASE = '/staff/consultations/:id/questionnaire';

export type Params = { id: string; pageKey: string; questionKey: string; type: string; n: string };
export type Req = FastifyRequest<{ Params: Params }>;

export const PAGE_FIELDS = ['title', 'description', 'conditionAnswer', 'conditionOperator'];
export const QUESTION_FIELDS = [
  'text',
  'hint',
  'key',
  'required',
  'options',
  'allowOther',
  'maxChoices',
  'maxLength',
  'min',
  'max',
  'integer',
  'rows',
  'body',
  'sections',
  'conditionAnswer',
  'conditionOperator',
];
export const SETTINGS_FIELDS = ['mode', 'private', 'includeAboutYou', 'askRespondentType', 'askPublicationConsent'];

export const baseUrl = (c: Consultation) => `/staff/consultations/${c.id}/questionnaire`;

function savedMessage(what: string, outcome: Extract<SaveOutcome, { ok: true }>) {
  if (outcome.unchanged) return `${what}: nothing changed`;
  return outcome.newVersion
    ? `${what}. This is version ${outcome.version}: responses so far keep the version they answered`
    : what;
}

export function builderHelpers(deps: Deps) {
  /** The consultation if this user may see it (404 otherwise, so IDs reveal nothing), and 403 for read-only users on writes. */
  async function access(request: Req, reply: FastifyReply, write: boolean) {
    const outcome = await consultationForStaff(deps, request.user!, request.params.id);
    if (!outcome.ok) {
      await notFound(reply);
      return null;
    }
    if (write && !outcome.canEdit) {
      await forbidden(reply);
      return null;
    }
    return outcome;
  }

  /** An editable questionnaire and one of its questions, or the 404/403 page already sent. */
  async function editableQuestion(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) {
    const a = await access(request, reply, true);
    if (!a) return null;
    const state = await loadQuestionnaire(deps, a.consultation.id);
    const found = findQuestion(state.definition, request.params.questionKey);
    if (!found) {
      await notFound(reply);
      return null;
    }
    return { consultation: a.consultation, state, found };
  }

  async function renderOverview(
    reply: FastifyReply,
    consultation: Consultation,
    canEdit: boolean,
    errors?: GovukErrors,
    status = 200,
  ) {
    const [state, wards] = await Promise.all([loadQuestionnaire(deps, consultation.id), wardOptions(deps)]);
    const pages = state.definition.pages.map((page, index) => ({
      ...page,
      number: index + 1,
      conditionText: conditionInWords(page.condition, state.definition, wards),
      questions: page.questions.map((question) => ({
        ...question,
        typeLabel: typeLabel(question),
        conditionText: conditionInWords(question.condition, state.definition, wards),
      })),
    }));
    return reply.render(
      'questionnaires/builder/overview.njk',
      { consultation, state, pages, canEdit, base: baseUrl(consultation), errors },
      status,
    );
  }

  /** Runs an edit and answers the way every builder form does: 303 on success, the form again with errors on refusal. */
  async function save(
    request: Req,
    reply: FastifyReply,
    consultation: Consultation,
    edit: Edit,
    done: { message: string; anchor?: string },
    refused: (errors: GovukErrors) => Promise<FastifyReply> | FastifyReply,
    at: { page: number; question?: number } | null,
    fallbackAnchor = 'main-content',
  ) {
    const outcome = await editDefinition(deps, actorOf(request), consultation, edit);
    if (!outcome.ok) {
      if (outcome.reason === 'not_found') return notFound(reply);
      return refused(saveErrors(outcome, at, fallbackAnchor));
    }
    flash(reply, savedMessage(done.message, outcome));
    return reply.redirect(`${baseUrl(consultation)}${done.anchor ? `#${done.anchor}` : ''}`, 303);
  }

  async function renderDelete(
    reply: FastifyReply,
    consultation: Consultation,
    what: { kind: 'page' | 'question'; text: string; hasQuestions?: number },
    errors?: GovukErrors,
  ) {
    return reply.render(
      'questionnaires/builder/confirm-delete.njk',
      { consultation, base: baseUrl(consultation), what, errors },
      errors ? 422 : 200,
    );
  }

  return { access, editableQuestion, renderOverview, save, renderDelete };
}
