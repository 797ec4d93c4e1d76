/**
 * The builder's edits as pure functions from one definition to the next. Each form applies its
 * edit to the latest stored definition (not to a copy the browser held), so two officers editing
 * different questions at once do not overwrite each other.
 */
import { deriveKey } from './builder.schema.ts';
import type { Condition, Page, Question, QuestionnaireDefinition } from './questionnaire.types.ts';

export type Edit = (definition: QuestionnaireDefinition) => EditResult;
export type EditResult = { ok: true; definition: QuestionnaireDefinition } | { ok: false; reason: 'not_found' };

const clone = (d: QuestionnaireDefinition): QuestionnaireDefinition => structuredClone(d);
const notFound = { ok: false, reason: 'not_found' } as const;

export interface PageInput {
  title: string;
  description?: string;
  condition?: Condition;
}

function withPageFields(page: Page, input: PageInput): Page {
  const next: Page = { key: page.key, title: input.title, questions: page.questions };
  if (input.description) next.description = input.description;
  if (input.condition) next.condition = input.condition;
  return next;
}

/** A page key nobody has used in this definition: page_1, page_2… */
export function newPageKey(definition: QuestionnaireDefinition): string {
  const taken = new Set(definition.pages.map((p) => p.key));
  let n = definition.pages.length + 1;
  while (taken.has(`page_${n}`)) n++;
  return `page_${n}`;
}

export const addPage =
  (input: PageInput): Edit =>
  (definition) => {
    const next = clone(definition);
    next.pages.push(withPageFields({ key: newPageKey(definition), title: '', questions: [] }, input));
    return { ok: true, definition: next };
  };

export const updatePage =
  (pageKey: string, input: PageInput): Edit =>
  (definition) => {
    const next = clone(definition);
    const index = next.pages.findIndex((p) => p.key === pageKey);
    if (index < 0) return notFound;
    next.pages[index] = withPageFields(next.pages[index]!, input);
    return { ok: true, definition: next };
  };

export const deletePage =
  (pageKey: string): Edit =>
  (definition) => {
    if (!definition.pages.some((p) => p.key === pageKey)) return notFound;
    return {
      ok: true,
      definition: { ...clone(definition), pages: clone(definition).pages.filter((p) => p.key !== pageKey) },
    };
  };

function swap<T>(list: T[], i: number, j: number) {
  [list[i], list[j]] = [list[j]!, list[i]!];
}

export const movePage =
  (pageKey: string, direction: 'up' | 'down'): Edit =>
  (definition) => {
    const next = clone(definition);
    const index = next.pages.findIndex((p) => p.key === pageKey);
    if (index < 0) return notFound;
    const target = direction === 'up' ? index - 1 : index + 1;
    if (target >= 0 && target < next.pages.length) swap(next.pages, index, target);
    return { ok: true, definition: next };
  };

export function findQuestion(definition: QuestionnaireDefinition, key: string) {
  for (const [pageIndex, page] of definition.pages.entries()) {
    const questionIndex = page.questions.findIndex((q) => q.key === key);
    if (questionIndex >= 0) return { page, pageIndex, question: page.questions[questionIndex]!, questionIndex };
  }
  return undefined;
}

/** Adds at the end of the page; an empty key is derived from the question text. */
export const addQuestion =
  (pageKey: string, question: Question): Edit =>
  (definition) => {
    const next = clone(definition);
    const page = next.pages.find((p) => p.key === pageKey);
    if (!page) return notFound;
    const taken = new Set(next.pages.flatMap((p) => p.questions.flatMap((q) => [q.key, `${q.key}_other`])));
    page.questions.push(question.key ? question : { ...question, key: deriveKey(question.text, taken) });
    return { ok: true, definition: next };
  };

/** Replaces the question; an empty key keeps the old one, a new key is checked for clashes on save. */
export const updateQuestion =
  (questionKey: string, question: Question): Edit =>
  (definition) => {
    const next = clone(definition);
    const found = findQuestion(next, questionKey);
    if (!found) return notFound;
    found.page.questions[found.questionIndex] = question.key ? question : { ...question, key: questionKey };
    return { ok: true, definition: next };
  };

export const deleteQuestion =
  (questionKey: string): Edit =>
  (definition) => {
    const next = clone(definition);
    const found = findQuestion(next, questionKey);
    if (!found) return notFound;
    found.page.questions.splice(found.questionIndex, 1);
    return { ok: true, definition: next };
  };

/** Up or down within its page; past the first or last question it moves to the neighbouring page. */
export const moveQuestion =
  (questionKey: string, direction: 'up' | 'down'): Edit =>
  (definition) => {
    const next = clone(definition);
    const found = findQuestion(next, questionKey);
    if (!found) return notFound;
    const { page, pageIndex, questionIndex } = found;
    const target = direction === 'up' ? questionIndex - 1 : questionIndex + 1;
    if (target >= 0 && target < page.questions.length) {
      swap(page.questions, questionIndex, target);
      return { ok: true, definition: next };
    }
    const neighbour = next.pages[direction === 'up' ? pageIndex - 1 : pageIndex + 1];
    if (!neighbour) return { ok: true, definition: next };
    const [question] = page.questions.splice(questionIndex, 1);
    if (direction === 'up') neighbour.questions.push(question!);
    else neighbour.questions.unshift(question!);
    return { ok: true, definition: next };
  };
