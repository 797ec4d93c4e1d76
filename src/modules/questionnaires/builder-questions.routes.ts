/** The questionnaire builder's question forms: choose a type, add, edit, move and delete a question. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { notFound, requireStaff } from '../../web/auth.ts';
import { toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import { moveSchema, questionFormSchema, questionTypeSchema, TYPE_LABELS } from './builder.schema.ts';
import { loadQuestionnaire, wardOptions, type BuilderState } from './builder.service.ts';
import { conditionChoices, echo, questionFormValues } from './builder.view-model.ts';
import { addQuestion, deleteQuestion, moveQuestion, updateQuestion } from './definition-edits.ts';
import { QUESTION_TYPES, type Option, type QuestionType } from './questionnaire.types.ts';
import type { Consultation } from '../consultations/index.ts';
import { BASE, builderHelpers, baseUrl, QUESTION_FIELDS, type Params } from './builder-route-helpers.ts';

export function builderQuestionRoutes(app: FastifyInstance, deps: Deps) {
  const { access, editableQuestion, renderOverview, save, renderDelete } = builderHelpers(deps);

  // ----- questions

  app.get<{ Params: Params }>(
    `${BASE}/pages/:pageKey/questions/new`,
    { preHandler: requireStaff },
    async (request, reply) => {
      const target = await editablePage(request, reply);
      if (!target) return reply;
      const { a, page } = target;
      return reply.render('questionnaires/builder/question-type.njk', {
        consultation: a.consultation,
        base: baseUrl(a.consultation),
        page,
        types: TYPE_LABELS,
        values: {},
      });
    },
  );

  app.post<{ Params: Params }>(
    `${BASE}/pages/:pageKey/questions/new`,
    { preHandler: requireStaff },
    async (request, reply) => {
      const target = await editablePage(request, reply);
      if (!target) return reply;
      const { a, page } = target;
      const parsed = questionTypeSchema.safeParse(request.body ?? {});
      if (!parsed.success) {
        return reply.render(
          'questionnaires/builder/question-type.njk',
          {
            consultation: a.consultation,
            base: baseUrl(a.consultation),
            page,
            types: TYPE_LABELS,
            values: {},
            errors: toGovukErrors(parsed.error),
          },
          422,
        );
      }
      return reply.redirect(`${baseUrl(a.consultation)}/pages/${page.key}/questions/new/${parsed.data.type}`, 303);
    },
  );

  async function renderQuestionForm(
    reply: FastifyReply,
    consultation: Consultation,
    state: BuilderState,
    form: { type: QuestionType; pageIndex: number; action: string; isNew: boolean; originalKey?: string },
    values: Record<string, string>,
    errors?: GovukErrors,
  ) {
    const wards: Option[] = await wardOptions(deps);
    return reply.render(
      'questionnaires/builder/question-form.njk',
      {
        consultation,
        base: baseUrl(consultation),
        page: state.definition.pages[form.pageIndex],
        ...form,
        typeLabel: TYPE_LABELS[form.type].label,
        hasResponses: state.hasResponses,
        values,
        errors,
        conditionItems: conditionChoices(state.definition, form.pageIndex, wards, values.conditionAnswer ?? ''),
      },
      errors ? 422 : 200,
    );
  }

  const isType = (value: string): value is QuestionType => (QUESTION_TYPES as readonly string[]).includes(value);

  /** The page a question is being added to, or the 404/403 page already sent. */
  async function editablePage(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) {
    const a = await access(request, reply, true);
    if (!a) return undefined;
    const state = await loadQuestionnaire(deps, a.consultation.id);
    const pageIndex = state.definition.pages.findIndex((p) => p.key === request.params.pageKey);
    if (pageIndex < 0) {
      await notFound(reply);
      return undefined;
    }
    return { a, state, pageIndex, page: state.definition.pages[pageIndex]! };
  }

  /** The page and question type a new question is being added to, or the 404/403 page already sent. */
  async function newQuestionTarget(request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) {
    const target = await editablePage(request, reply);
    if (!target) return undefined;
    const { type } = request.params;
    if (!isType(type)) {
      await notFound(reply);
      return undefined;
    }
    const { a, state, pageIndex } = target;
    return { a, state, form: { type, pageIndex, action: request.url, isNew: true } };
  }

  app.get<{ Params: Params }>(
    `${BASE}/pages/:pageKey/questions/new/:type`,
    { preHandler: requireStaff },
    async (request, reply) => {
      const target = await newQuestionTarget(request, reply);
      if (!target) return reply;
      const { a, state, form } = target;
      return renderQuestionForm(reply, a.consultation, state, form, { conditionOperator: 'equals' });
    },
  );

  app.post<{ Params: Params }>(
    `${BASE}/pages/:pageKey/questions/new/:type`,
    { preHandler: requireStaff },
    async (request, reply) => {
      const target = await newQuestionTarget(request, reply);
      if (!target) return reply;
      const { a, state, form } = target;
      const { type, pageIndex } = form;
      const values = echo(request.body, QUESTION_FIELDS);
      const parsed = questionFormSchema(type).safeParse(request.body ?? {});
      if (!parsed.success)
        return renderQuestionForm(reply, a.consultation, state, form, values, toGovukErrors(parsed.error));
      const at = { page: pageIndex, question: state.definition.pages[pageIndex]!.questions.length };
      return save(
        request,
        reply,
        a.consultation,
        addQuestion(request.params.pageKey, parsed.data),
        { message: 'Question added', anchor: request.params.pageKey },
        (errors) => renderQuestionForm(reply, a.consultation, state, form, values, errors),
        at,
      );
    },
  );

  app.get<{ Params: Params }>(
    `${BASE}/questions/:questionKey`,
    { preHandler: requireStaff },
    async (request, reply) => {
      const q = await editableQuestion(request, reply);
      if (!q) return reply;
      const { consultation, state, found } = q;
      const form = editQuestionForm(found, request.url);
      return renderQuestionForm(reply, consultation, state, form, questionFormValues(found.question));
    },
  );

  app.post<{ Params: Params }>(
    `${BASE}/questions/:questionKey`,
    { preHandler: requireStaff },
    async (request, reply) => {
      const q = await editableQuestion(request, reply);
      if (!q) return reply;
      const { consultation, state, found } = q;
      const form = editQuestionForm(found, request.url);
      const values = echo(request.body, QUESTION_FIELDS);
      const parsed = questionFormSchema(found.question.type).safeParse(request.body ?? {});
      if (!parsed.success)
        return renderQuestionForm(reply, consultation, state, form, values, toGovukErrors(parsed.error));
      return save(
        request,
        reply,
        consultation,
        updateQuestion(found.question.key, parsed.data),
        { message: 'Question saved', anchor: found.page.key },
        (errors) => renderQuestionForm(reply, consultation, state, form, values, errors),
        { page: found.pageIndex, question: found.questionIndex },
      );
    },
  );

  app.post<{ Params: Params }>(
    `${BASE}/questions/:questionKey/move`,
    { preHandler: requireStaff },
    async (request, reply) => {
      const a = await access(request, reply, true);
      if (!a) return reply;
      const parsed = moveSchema.safeParse(request.body ?? {});
      if (!parsed.success) return reply.redirect(baseUrl(a.consultation), 303);
      return save(
        request,
        reply,
        a.consultation,
        moveQuestion(request.params.questionKey, parsed.data.direction),
        { message: 'Question moved', anchor: `question-${request.params.questionKey}` },
        (errors) => renderOverview(reply, a.consultation, a.canEdit, errors, 422),
        null,
        'pages',
      );
    },
  );

  app.get<{ Params: Params }>(
    `${BASE}/questions/:questionKey/delete`,
    { preHandler: requireStaff },
    async (request, reply) => {
      const q = await editableQuestion(request, reply);
      if (!q) return reply;
      const { consultation, found } = q;
      return renderDelete(reply, consultation, { kind: 'question', text: found.question.text });
    },
  );

  app.post<{ Params: Params }>(
    `${BASE}/questions/:questionKey/delete`,
    { preHandler: requireStaff },
    async (request, reply) => {
      const q = await editableQuestion(request, reply);
      if (!q) return reply;
      const { consultation, found } = q;
      return save(
        request,
        reply,
        consultation,
        deleteQuestion(found.question.key),
        { message: 'Question deleted', anchor: found.page.key },
        (errors) => renderDelete(reply, consultation, { kind: 'question', text: found.question.text }, errors),
        null,
      );
    },
  );
}

/** The form settings for editing an existing question (its type and key are fixed by what it already is). */
function editQuestionForm(found: { question: { type: QuestionType; key: string }; pageIndex: number }, action: string) {
  return {
    type: found.question.type,
    pageIndex: found.pageIndex,
    action,
    isNew: false,
    originalKey: found.question.key,
  };
}
