/**
 * Turns one page's submitted form into typed answers and GOV.UK error messages, per question
 * type. Pure: the responding journey, staff data entry and CSV import all use it.
 */
import {
  AGREEMENT_SCALE,
  OTHER_VALUE,
  otherKey,
  type AnswerValue,
  type Option,
  type Question,
} from './questionnaire.types.ts';

export type FormBody = Record<string, string | string[] | undefined>;

export interface FieldError {
  key: string;
  /** The id of the input the error summary links to. */
  anchor: string;
  text: string;
}

export interface ParseContext {
  /** The wards a `ward` question offers. */
  wards: Option[];
}

export const DEFAULT_SHORT_LIMIT = 200;
export const DEFAULT_LONG_LIMIT = 5000;
const POSTCODE = /^(GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})$/;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[A-Za-z]{2,}$/;

const quoted = (question: Question) => `“${question.text.replace(/[?.:]$/, '')}”`;

/** Field names that hold one question's parts, so check-answers and errors can link to them. */
export const fieldName = {
  part: (question: Question, part: string) => `${question.key}__${part}`,
  dateDay: (question: Question) => `${question.key}-day`,
};

function single(body: FormBody, name: string): string {
  const value = body[name];
  const raw = Array.isArray(value) ? value[0] : value;
  return typeof raw === 'string' ? raw.replace(/\r\n/g, '\n').trim() : '';
}

function many(body: FormBody, name: string): string[] {
  const value = body[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => v.trim()).filter(Boolean);
}

/** Normalises a UK postcode to "RM10 7BB", or null when it is not one. */
export function normalisePostcode(input: string): string | null {
  const compact = input.toUpperCase().replace(/\s+/g, '');
  if (!POSTCODE.test(compact)) return null;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

export function optionsFor(question: Question, context: ParseContext): Option[] {
  if (question.type === 'agreement') return AGREEMENT_SCALE;
  if (question.type === 'ward') return context.wards;
  return question.options ?? [];
}

interface Parsed {
  value?: AnswerValue;
  extra?: Record<string, AnswerValue>;
  error?: { text: string; anchor?: string };
}

/** Parses one question's part of the form. Empty optional answers produce no value. */
export function parseQuestion(question: Question, body: FormBody, context: ParseContext): Parsed {
  const offered = (value: string) => optionsFor(question, context).some((option) => option.value === value);
  const requiredText = { text: `Enter an answer to ${quoted(question)}` };
  const requiredChoice = { text: `Select an answer to ${quoted(question)}` };

  switch (question.type) {
    case 'information':
      return {};

    case 'short_text':
    case 'long_text': {
      const value = single(body, question.key);
      const limit = question.maxLength ?? (question.type === 'short_text' ? DEFAULT_SHORT_LIMIT : DEFAULT_LONG_LIMIT);
      if (!value) return question.required ? { error: requiredText } : {};
      if (value.length > limit) return { error: { text: `Your answer must be ${limit} characters or fewer` } };
      return { value };
    }

    case 'email': {
      const value = single(body, question.key);
      if (!value) return question.required ? { error: { text: `Enter an email address` } } : {};
      if (value.length > 254 || !EMAIL.test(value)) {
        return { error: { text: 'Enter an email address in the correct format, like name@example.com' } };
      }
      return { value: value.toLowerCase() };
    }

    case 'postcode': {
      const value = single(body, question.key);
      if (!value) return question.required ? { error: { text: 'Enter a postcode' } } : {};
      const postcode = normalisePostcode(value);
      if (!postcode) return { error: { text: 'Enter a full UK postcode, like RM10 7BB' } };
      return { value: postcode };
    }

    case 'number': {
      const raw = single(body, question.key).replace(/,/g, '');
      if (!raw) return question.required ? { error: requiredText } : {};
      const value = Number(raw);
      if (!/^-?\d+(\.\d+)?$/.test(raw) || !Number.isFinite(value))
        return { error: { text: 'Enter a number, like 3 or 12.5' } };
      if (question.integer && !Number.isInteger(value)) return { error: { text: 'Enter a whole number, like 3' } };
      const { min, max } = question;
      if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
        const range =
          min !== undefined && max !== undefined
            ? `between ${min} and ${max}`
            : min !== undefined
              ? `${min} or more`
              : `${max} or less`;
        return { error: { text: `Enter a number ${range}` } };
      }
      return { value };
    }

    case 'date': {
      const parts = {
        day: single(body, `${question.key}-day`),
        month: single(body, `${question.key}-month`),
        year: single(body, `${question.key}-year`),
      };
      const anchor = `${question.key}-day`;
      if (!parts.day && !parts.month && !parts.year)
        return question.required ? { error: { text: `Enter a date for ${quoted(question)}`, anchor } } : {};
      const missing = (['day', 'month', 'year'] as const).filter((part) => !parts[part]);
      if (missing.length > 0)
        return {
          error: { text: `The date must include a ${missing.join(' and ')}`, anchor: `${question.key}-${missing[0]}` },
        };
      const [day, month, year] = [Number(parts.day), Number(parts.month), Number(parts.year)];
      const date = new Date(Date.UTC(year, month - 1, day));
      const real =
        /^\d{1,2}$/.test(parts.day) &&
        /^\d{1,2}$/.test(parts.month) &&
        /^\d{4}$/.test(parts.year) &&
        date.getUTCFullYear() === year &&
        date.getUTCMonth() === month - 1 &&
        date.getUTCDate() === day;
      if (!real) return { error: { text: 'The date must be a real date, like 27 3 2007', anchor } };
      return { value: date.toISOString().slice(0, 10) };
    }

    case 'single_choice':
    case 'dropdown':
    case 'agreement':
    case 'ward': {
      const value = single(body, question.key);
      if (!value) return question.required ? { error: requiredChoice } : {};
      const isOther = question.type === 'single_choice' && question.allowOther && value === OTHER_VALUE;
      if (!isOther && !offered(value)) return { error: { text: 'Select one of the options shown' } };
      if (isOther) {
        const other = single(body, otherKey(question.key));
        if (!other) return { error: { text: 'Enter your other answer', anchor: otherKey(question.key) } };
        if (other.length > DEFAULT_SHORT_LIMIT)
          return {
            error: {
              text: `Your other answer must be ${DEFAULT_SHORT_LIMIT} characters or fewer`,
              anchor: otherKey(question.key),
            },
          };
        return { value, extra: { [otherKey(question.key)]: other } };
      }
      return { value };
    }

    case 'multiple_choice': {
      const values = [...new Set(many(body, question.key))];
      if (values.length === 0)
        return question.required ? { error: { text: `Select at least one answer to ${quoted(question)}` } } : {};
      if (values.some((value) => !offered(value))) return { error: { text: 'Select only the options shown' } };
      if (question.maxChoices && values.length > question.maxChoices) {
        return { error: { text: `Select no more than ${question.maxChoices} options` } };
      }
      return { value: values };
    }

    case 'consent': {
      const value = single(body, question.key);
      if (value !== 'yes') return question.required ? { error: { text: `Confirm that you agree to take part` } } : {};
      return { value: true };
    }

    case 'matrix': {
      const rows = question.rows ?? [];
      const scale = question.options?.length ? question.options : AGREEMENT_SCALE;
      const value: Record<string, string> = {};
      for (const row of rows) {
        const chosen = single(body, fieldName.part(question, row.value));
        if (!chosen) continue;
        if (!scale.some((option) => option.value === chosen))
          return { error: { text: 'Select one of the options shown', anchor: fieldName.part(question, row.value) } };
        value[row.value] = chosen;
      }
      const unanswered = rows.find((row) => !(row.value in value));
      if (question.required && unanswered) {
        return {
          error: {
            text: `Select an answer for “${unanswered.label}”`,
            anchor: fieldName.part(question, unanswered.value),
          },
        };
      }
      return Object.keys(value).length ? { value } : {};
    }

    case 'ranking': {
      const options = question.options ?? [];
      const ranks = options.map((option) => single(body, fieldName.part(question, option.value)));
      const anchor = options[0] ? fieldName.part(question, options[0].value) : question.key;
      if (ranks.every((rank) => !rank))
        return question.required ? { error: { text: `Rank the options for ${quoted(question)}`, anchor } } : {};
      const numbers = ranks.map(Number);
      const valid = numbers.every((n, i) => ranks[i] && Number.isInteger(n) && n >= 1 && n <= options.length);
      if (!valid) return { error: { text: `Give every option a rank from 1 to ${options.length}`, anchor } };
      if (new Set(numbers).size !== numbers.length)
        return { error: { text: 'Give each option a different rank', anchor } };
      const ordered = options
        .map((option, i) => ({ option: option.value, rank: numbers[i]! }))
        .sort((a, b) => a.rank - b.rank);
      return { value: ordered.map((entry) => entry.option) };
    }

    case 'document_comment': {
      const value: Record<string, string> = {};
      const sections = question.sections ?? [];
      for (const [index, section] of sections.entries()) {
        const comment = single(body, fieldName.part(question, `s${index}`));
        if (!comment) continue;
        if (comment.length > (question.maxLength ?? DEFAULT_LONG_LIMIT)) {
          return {
            error: {
              text: `Your comment on section ${section.number} must be ${question.maxLength ?? DEFAULT_LONG_LIMIT} characters or fewer`,
              anchor: fieldName.part(question, `s${index}`),
            },
          };
        }
        value[section.number] = comment;
      }
      if (question.required && Object.keys(value).length === 0) {
        return { error: { text: 'Comment on at least one section', anchor: fieldName.part(question, 's0') } };
      }
      return Object.keys(value).length ? { value } : {};
    }
  }
}

/** The id of the first input of a question: where an error summary link lands. */
export function firstFieldId(question: Question): string {
  switch (question.type) {
    case 'date':
      return `${question.key}-day`;
    case 'matrix':
      return question.rows?.[0] ? fieldName.part(question, question.rows[0].value) : question.key;
    case 'ranking':
      return question.options?.[0] ? fieldName.part(question, question.options[0].value) : question.key;
    case 'document_comment':
      return fieldName.part(question, 's0');
    default:
      return question.key;
  }
}

/** Parses every question on a page; answers for the valid ones are kept even when others have errors. */
/** Questions answered by one field holding one value. */
const ONE_VALUE = new Set<string>([
  'short_text',
  'long_text',
  'single_choice',
  'dropdown',
  'agreement',
  'number',
  'postcode',
  'ward',
  'email',
]);

/** Two different values for a one-answer question (a hand-made or doubled form): ask, rather than pick one. */
function answeredTwice(question: Question, body: FormBody): boolean {
  const value = body[question.key];
  if (!ONE_VALUE.has(question.type) || !Array.isArray(value)) return false;
  return new Set(value.map((v) => v.trim()).filter(Boolean)).size > 1;
}

export function parsePage(questions: Question[], body: FormBody, context: ParseContext) {
  const answers: Record<string, AnswerValue> = {};
  const errors: FieldError[] = [];
  for (const question of questions) {
    if (answeredTwice(question, body)) {
      errors.push({
        key: question.key,
        anchor: firstFieldId(question),
        text: `Give one answer to ${quoted(question)}`,
      });
      continue;
    }
    const parsed = parseQuestion(question, body, context);
    if (parsed.error) {
      errors.push({
        key: question.key,
        anchor: parsed.error.anchor ?? firstFieldId(question),
        text: parsed.error.text,
      });
      continue;
    }
    if (parsed.value !== undefined) answers[question.key] = parsed.value;
    Object.assign(answers, parsed.extra);
  }
  return { answers, errors };
}
