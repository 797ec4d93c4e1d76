/**
 * Prepares what the shared question partial shows (stored answers, or what was entered with its
 * errors) and answers as check-answers shows them. Field names are the ones answer-parsing.ts reads.
 */
import { fieldName, optionsFor, type FieldError, type FormBody } from './answer-parsing.ts';
import {
  AGREEMENT_SCALE,
  OTHER_VALUE,
  otherKey,
  type AnswerValue,
  type Answers,
  type Option,
  type Question,
} from './questionnaire.types.ts';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML the way Nunjucks autoescaping does. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** What the shared question partial needs for one question. */
export interface QuestionItem {
  question: Question;
  value: unknown;
  otherValue?: string;
  error?: { text: string };
  wards: Option[];
}

function text(body: FormBody, name: string): string {
  const value = body[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** What a person typed for one question, in the shape the partial shows (after a 422). */
export function enteredValue(question: Question, body: FormBody): unknown {
  const key = question.key;
  switch (question.type) {
    case 'date':
      return { day: text(body, `${key}-day`), month: text(body, `${key}-month`), year: text(body, `${key}-year`) };
    case 'matrix':
      return Object.fromEntries(
        (question.rows ?? []).map((row) => [row.value, text(body, fieldName.part(question, row.value))]),
      );
    case 'ranking':
      return Object.fromEntries(
        (question.options ?? []).map((option) => [option.value, text(body, fieldName.part(question, option.value))]),
      );
    case 'document_comment':
      return Object.fromEntries(
        (question.sections ?? []).map((section, index) => [
          section.number,
          text(body, fieldName.part(question, `s${index}`)),
        ]),
      );
    case 'multiple_choice': {
      const value = body[key];
      return value === undefined ? [] : Array.isArray(value) ? value : [value];
    }
    default:
      return text(body, key);
  }
}

/** One page's questions with stored answers, or with what was entered and its errors. */
export function questionItems(
  questions: Question[],
  source: { answers: Answers } | { body: FormBody; errors: FieldError[] },
  wards: Option[],
): QuestionItem[] {
  return questions.map((question) => {
    if ('answers' in source) {
      const other = source.answers[otherKey(question.key)];
      return {
        question,
        value: source.answers[question.key],
        otherValue: typeof other === 'string' ? other : undefined,
        wards,
      };
    }
    const error = source.errors.find((e) => e.key === question.key);
    return {
      question,
      value: enteredValue(question, source.body),
      otherValue: text(source.body, otherKey(question.key)),
      error: error ? { text: error.text } : undefined,
      wards,
    };
  });
}

/** The error summary for a page: each message links to the input it is about. */
export function pageErrors(errors: FieldError[]) {
  return { list: errors.map((error) => ({ text: error.text, href: `#${error.anchor}` })), fields: {} };
}

const labelOf = (options: Option[], value: string) => options.find((option) => option.value === value)?.label ?? value;

/** One answer as check-answers shows it (HTML, escaped here). */
export function answerHtml(
  question: Question,
  answer: AnswerValue | undefined,
  answers: Answers,
  wards: Option[],
): string {
  if (answer === undefined || answer === '') return '<span class="govuk-hint">Not answered</span>';
  const options = optionsFor(question, { wards });
  const lines = (items: string[]) => items.map(escapeHtml).join('<br>');
  switch (question.type) {
    case 'single_choice':
    case 'dropdown':
    case 'agreement':
    case 'ward':
      if (answer === OTHER_VALUE) return lines([`Other: ${asText(answers[otherKey(question.key)])}`]);
      return lines([labelOf(options, asText(answer))]);
    case 'multiple_choice':
      return lines((answer as string[]).map((value) => labelOf(options, value)));
    case 'ranking':
      return lines((answer as string[]).map((value, index) => `${index + 1}. ${labelOf(options, value)}`));
    case 'matrix': {
      const scale = question.options?.length ? question.options : AGREEMENT_SCALE;
      return lines(
        (question.rows ?? [])
          .filter((row) => (answer as Record<string, string>)[row.value])
          .map((row) => `${row.label}: ${labelOf(scale, (answer as Record<string, string>)[row.value]!)}`),
      );
    }
    case 'document_comment':
      return lines(
        Object.entries(answer as Record<string, string>).map(([section, comment]) => `Section ${section}: ${comment}`),
      );
    case 'consent':
      return 'I agree';
    case 'date': {
      const [year, month, day] = asText(answer).split('-').map(Number);
      return escapeHtml(
        new Date(Date.UTC(year!, month! - 1, day)).toLocaleDateString('en-GB', {
          day: 'numeric',
          month: 'long',
          year: 'numeric',
          timeZone: 'UTC',
        }),
      );
    }
    default:
      return lines(asText(answer).split('\n'));
  }
}

/** Text answers are strings and numbers; anything else has its own case above. */
function asText(value: AnswerValue | undefined): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}
