/**
 * The pages a respondent walks through, derived from the definition and the answers so far:
 * visible questionnaire pages, the ward question when a postcode is unknown, "About you" and
 * "About your response". Pure, so the routes and the submit use-case agree on what was asked.
 */
import { ABOUT_YOU_PAGE } from './about-you.ts';
import { pruneHiddenAnswers, visibleParts } from './conditions.ts';
import {
  isDisplayOnly,
  type AnswerValue,
  type Answers,
  type Option,
  type Question,
  type QuestionnaireDefinition,
} from './questionnaire.types.ts';

export const WARD_STEP = 'your-ward';
export const ABOUT_YOU_STEP = 'about-you';
export const ABOUT_RESPONSE_STEP = 'about-your-response';
export const NOT_IN_WARDS = 'none';

/** The ward step's one question; its answer is kept apart from the questionnaire's answers. */
export const WARD_QUESTION: Question = {
  key: 'ward',
  type: 'ward',
  text: 'Which ward do you live in?',
  hint: 'We could not find your postcode in our list. Choose your ward, or the last option if you do not live in the borough or are not sure.',
  required: true,
};

export const withNotInWards = (wards: Option[]): Option[] => [
  ...wards,
  { value: NOT_IN_WARDS, label: 'I do not live in the borough, or I am not sure' },
];

/** A draft keeps everything in one JSON object; keys starting with "$" are not question keys. */
export interface DraftContent {
  answers: Answers;
  aboutYou: Record<string, string>;
  about?: Record<string, string>;
  /** The ward found for the postcode answer: a code, '' when the postcode is unknown. */
  postcodeWard?: string;
  /** The ward the person chose when their postcode was unknown. */
  chosenWard?: string;
}

export function splitDraft(stored: Answers): DraftContent {
  const answers: Answers = {};
  for (const [key, value] of Object.entries(stored)) if (!key.startsWith('$')) answers[key] = value;
  const record = (value: AnswerValue | undefined) =>
    value && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  const string = (value: AnswerValue | undefined) => (typeof value === 'string' ? value : undefined);
  return {
    answers,
    aboutYou: record(stored.$about_you) ?? {},
    about: record(stored.$about),
    postcodeWard: string(stored.$postcode_ward),
    chosenWard: string(stored.$ward),
  };
}

export function joinDraft(content: DraftContent): Answers {
  const stored: Answers = { ...content.answers, $about_you: content.aboutYou };
  if (content.about) stored.$about = content.about;
  if (content.postcodeWard !== undefined) stored.$postcode_ward = content.postcodeWard;
  if (content.chosenWard !== undefined) stored.$ward = content.chosenWard;
  return stored;
}

export type StepKind = 'page' | 'ward' | 'about-you' | 'about-response';

export interface Step {
  key: string;
  kind: StepKind;
  title: string;
  description?: string;
  questions: Question[];
}

export interface StepOptions {
  includeAboutYou: boolean;
}

/** The first postcode answer among the visible questions, if any. */
export function postcodeAnswer(definition: QuestionnaireDefinition, answers: Answers): string | undefined {
  for (const page of visibleParts(definition, answers).pages) {
    for (const question of page.questions) {
      const value = answers[question.key];
      if (question.type === 'postcode' && typeof value === 'string') return value;
    }
  }
  return undefined;
}

/** Whether the questionnaire has a ward question of its own (then an unknown postcode needs no ward step). */
export const asksWard = (definition: QuestionnaireDefinition) =>
  definition.pages.some((page) => page.questions.some((question) => question.type === 'ward'));

export function stepsOf(definition: QuestionnaireDefinition, content: DraftContent, options: StepOptions): Step[] {
  const steps: Step[] = [];
  const needsWard = content.postcodeWard === '' && !asksWard(definition);
  for (const page of visibleParts(definition, content.answers).pages) {
    if (page.questions.length === 0) continue;
    steps.push({
      key: page.key,
      kind: 'page',
      title: page.title,
      description: page.description,
      questions: page.questions,
    });
    const hasPostcode = page.questions.some((q) => q.type === 'postcode' && typeof content.answers[q.key] === 'string');
    if (needsWard && hasPostcode)
      steps.push({ key: WARD_STEP, kind: 'ward', title: 'Your ward', questions: [WARD_QUESTION] });
  }
  if (options.includeAboutYou) {
    steps.push({
      key: ABOUT_YOU_STEP,
      kind: 'about-you',
      title: ABOUT_YOU_PAGE.title,
      description: ABOUT_YOU_PAGE.description,
      questions: ABOUT_YOU_PAGE.questions,
    });
  }
  steps.push({ key: ABOUT_RESPONSE_STEP, kind: 'about-response', title: 'About your response', questions: [] });
  return steps;
}

const isAnswered = (question: Question, answers: Answers) =>
  isDisplayOnly(question.type) || !question.required || answers[question.key] !== undefined;

/** Whether a step still needs something before the response can be sent. */
export function stepIncomplete(step: Step, content: DraftContent): boolean {
  switch (step.kind) {
    case 'page':
      return !step.questions.every((question) => isAnswered(question, content.answers));
    case 'ward':
      return content.chosenWard === undefined;
    case 'about-you':
      return false;
    case 'about-response':
      return content.about === undefined;
  }
}

/** Answers as they will be stored: hidden questions' answers dropped. */
export function storedAnswers(definition: QuestionnaireDefinition, content: DraftContent): Answers {
  return pruneHiddenAnswers(definition, content.answers);
}

/** The ward a response is counted in: a ward question's answer, else the postcode's ward, else the person's choice. */
export function wardOf(definition: QuestionnaireDefinition, content: DraftContent): string | null {
  for (const page of visibleParts(definition, content.answers).pages) {
    for (const question of page.questions) {
      const value = content.answers[question.key];
      if (question.type === 'ward' && typeof value === 'string') return value;
    }
  }
  if (content.postcodeWard) return content.postcodeWard;
  if (content.chosenWard && content.chosenWard !== NOT_IN_WARDS) return content.chosenWard;
  return null;
}
