/**
 * A questionnaire is a versioned JSON definition: pages of questions with stable keys. One
 * engine serves consultations, event registration, panel sign-up and evaluation surveys.
 */

export const QUESTION_TYPES = [
  'short_text',
  'long_text',
  'single_choice',
  'multiple_choice',
  'dropdown',
  'agreement',
  'matrix',
  'number',
  'date',
  'ranking',
  'postcode',
  'ward',
  'email',
  'consent',
  'information',
  'document_comment',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export interface Option {
  value: string;
  label: string;
}

/** Show a page or question only when an earlier answer matches. */
export interface Condition {
  questionKey: string;
  /** equals: a single answer is this value; includes: a multiple answer contains it; not_equals: answered otherwise. */
  operator: 'equals' | 'not_equals' | 'includes';
  value: string;
}

export interface DocumentSection {
  number: string;
  heading: string;
  text: string;
}

export interface Question {
  /** Stable across versions: answers are stored under it. Lower-case letters, digits and underscores. */
  key: string;
  type: QuestionType;
  text: string;
  hint?: string;
  required: boolean;
  condition?: Condition;
  /** single_choice, multiple_choice, dropdown, ranking; matrix columns when not the agreement scale. */
  options?: Option[];
  /** single_choice: offer "Other, please specify". */
  allowOther?: boolean;
  /** multiple_choice: most options a person may select. */
  maxChoices?: number;
  /** short_text and long_text. */
  maxLength?: number;
  /** number. */
  min?: number;
  max?: number;
  integer?: boolean;
  /** matrix: the rows rated on one scale (options, or the agreement scale when options are absent). */
  rows?: Option[];
  /** consent: what the person agrees to; information: the text shown. */
  body?: string;
  /** document_comment: the numbered sections people comment on. */
  sections?: DocumentSection[];
}

export interface Page {
  key: string;
  title: string;
  description?: string;
  condition?: Condition;
  questions: Question[];
}

export interface QuestionnaireDefinition {
  pages: Page[];
}

/** single_choice's "Other" text is stored beside the answer under `${key}_other`. */
export const OTHER_VALUE = 'other';
export const otherKey = (key: string) => `${key}_other`;

export type AnswerValue = string | number | boolean | string[] | Record<string, string>;
export type Answers = Record<string, AnswerValue>;

export const AGREEMENT_SCALE: Option[] = [
  { value: 'strongly_agree', label: 'Strongly agree' },
  { value: 'agree', label: 'Agree' },
  { value: 'neither', label: 'Neither agree nor disagree' },
  { value: 'disagree', label: 'Disagree' },
  { value: 'strongly_disagree', label: 'Strongly disagree' },
  { value: 'dont_know', label: "Don't know" },
];

/** Types that take no answer. */
export const isDisplayOnly = (type: QuestionType) => type === 'information';
