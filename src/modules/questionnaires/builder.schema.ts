/**
 * What a questionnaire definition must be before it is saved, and the builder's forms. The whole
 * definition is checked on every save (not just the part a form changed), so moving a page can
 * never leave a condition pointing forwards and deleting a question can never orphan one.
 */
import { z } from 'zod';
import { ABOUT_YOU_KEYS } from './about-you.ts';
import { DEFAULT_LONG_LIMIT } from './answer-parsing.ts';
import {
  OTHER_VALUE,
  QUESTION_TYPES,
  type Condition,
  type DocumentSection,
  type Option,
  type Question,
  type QuestionnaireDefinition,
  type QuestionType,
} from './questionnaire.types.ts';

export const KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
/** Option values become part of field names (key__value), so they are as plain as keys. */
export const VALUE_PATTERN = /^[a-z0-9][a-z0-9_]{0,39}$/;
export const MAX_TEXT = 500;
export const MAX_HINT = 1000;
export const MAX_BODY = 10000;
export const MAX_SHORT_LIMIT = 500;

export const TYPE_LABELS: Record<QuestionType, { label: string; hint: string }> = {
  short_text: { label: 'Short text', hint: 'A name, a word or a sentence' },
  long_text: { label: 'Long text', hint: 'Comments, with a character limit' },
  single_choice: { label: 'Single choice', hint: 'Radios: pick one, with an optional “Other, please specify”' },
  multiple_choice: { label: 'Multiple choice', hint: 'Checkboxes: pick several, with an optional maximum' },
  dropdown: { label: 'Dropdown', hint: 'Pick one from a long list' },
  agreement: { label: 'Agreement scale', hint: 'Strongly agree to strongly disagree, plus don’t know' },
  matrix: { label: 'Matrix', hint: 'Several rows, each rated on the same scale' },
  number: { label: 'Number', hint: 'With an optional range' },
  date: { label: 'Date', hint: 'Day, month and year' },
  ranking: { label: 'Ranking', hint: 'Put options in order of importance' },
  postcode: { label: 'UK postcode', hint: 'Checked for the right format' },
  ward: { label: 'Ward', hint: 'Pick from the borough’s ward list' },
  email: { label: 'Email address', hint: 'Checked for the right format' },
  consent: { label: 'Consent', hint: 'A box to tick to agree' },
  information: { label: 'Information', hint: 'Text to read, not a question' },
  document_comment: { label: 'Comment on a document', hint: 'Numbered sections people comment on one by one' },
};

export const CHOICE_TYPES: QuestionType[] = ['single_choice', 'multiple_choice', 'dropdown', 'ranking'];
/** Questions a condition may look at: those with a fixed list of answers. */
export const CONDITIONABLE_TYPES: QuestionType[] = [
  'single_choice',
  'multiple_choice',
  'dropdown',
  'agreement',
  'ward',
];

export const OPERATOR_LABELS: Record<Condition['operator'], string> = {
  equals: 'is',
  not_equals: 'is not',
  includes: 'includes',
};

// ---------------------------------------------------------------------------------------------
// The stored definition

const optionSchema = z.object({ value: z.string(), label: z.string() });
const conditionSchema = z.object({
  questionKey: z.string(),
  operator: z.enum(['equals', 'not_equals', 'includes']),
  value: z.string(),
});
const sectionSchema = z.object({ number: z.string(), heading: z.string(), text: z.string() });

const questionSchema = z.object({
  key: z.string(),
  type: z.enum(QUESTION_TYPES),
  text: z.string(),
  hint: z.string().optional(),
  required: z.boolean(),
  condition: conditionSchema.optional(),
  options: z.array(optionSchema).optional(),
  allowOther: z.boolean().optional(),
  maxChoices: z.number().int().optional(),
  maxLength: z.number().int().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  integer: z.boolean().optional(),
  rows: z.array(optionSchema).optional(),
  body: z.string().optional(),
  sections: z.array(sectionSchema).optional(),
});

const pageSchema = z.object({
  key: z.string(),
  title: z.string(),
  description: z.string().optional(),
  condition: conditionSchema.optional(),
  questions: z.array(questionSchema),
});

/** Extra facts the definition is checked against: the ward codes a `ward` condition may name. */
export interface DefinitionContext {
  wardCodes?: string[];
}

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

function checkOptions(ctx: Ctx, path: Path, options: Option[] | undefined, what: string, min: number) {
  const list = options ?? [];
  if (list.length < min) {
    ctx.addIssue({ code: 'custom', path, message: `Enter at least ${min} ${what}${min === 1 ? '' : 's'}` });
    return;
  }
  const seen = new Set<string>();
  for (const option of list) {
    if (!option.label.trim()) ctx.addIssue({ code: 'custom', path, message: `Enter a label for every ${what}` });
    else if (option.label.length > MAX_TEXT)
      ctx.addIssue({ code: 'custom', path, message: `Each ${what} must be ${MAX_TEXT} characters or fewer` });
    if (!VALUE_PATTERN.test(option.value))
      ctx.addIssue({
        code: 'custom',
        path,
        message: `The ${what} value “${option.value}” must start with a letter or digit and use only lower-case letters, digits and underscores (up to 40)`,
      });
    if (seen.has(option.value))
      ctx.addIssue({
        code: 'custom',
        path,
        message: `Each ${what} must have a different value: “${option.value}” is used twice`,
      });
    seen.add(option.value);
  }
}

function checkQuestion(ctx: Ctx, path: Path, q: Question) {
  const at = (field: string) => [...path, field];
  if (!KEY_PATTERN.test(q.key))
    ctx.addIssue({
      code: 'custom',
      path: at('key'),
      message:
        'The key must start with a lower-case letter and use only lower-case letters, digits and underscores (up to 40)',
    });
  if (ABOUT_YOU_KEYS.has(q.key))
    ctx.addIssue({
      code: 'custom',
      path: at('key'),
      message: `The key “${q.key}” is kept for the About you questions. Choose another key`,
    });
  if (!q.text.trim()) ctx.addIssue({ code: 'custom', path: at('text'), message: 'Enter the question text' });
  if (q.text.length > MAX_TEXT)
    ctx.addIssue({
      code: 'custom',
      path: at('text'),
      message: `Question text must be ${MAX_TEXT} characters or fewer`,
    });
  if ((q.hint ?? '').length > MAX_HINT)
    ctx.addIssue({ code: 'custom', path: at('hint'), message: `Hint text must be ${MAX_HINT} characters or fewer` });

  if (CHOICE_TYPES.includes(q.type))
    checkOptions(ctx, at('options'), q.options, 'option', q.type === 'ranking' ? 2 : 1);
  if (q.type === 'single_choice' && q.allowOther && q.options?.some((o) => o.value === OTHER_VALUE))
    ctx.addIssue({
      code: 'custom',
      path: at('options'),
      message: 'An option cannot have the value “other” when “Other, please specify” is offered',
    });
  if (q.type === 'matrix') {
    checkOptions(ctx, at('rows'), q.rows, 'row', 1);
    if (q.options?.length) checkOptions(ctx, at('options'), q.options, 'scale point', 2);
  }
  if (q.type === 'multiple_choice' && q.maxChoices !== undefined) {
    if (q.maxChoices < 1 || q.maxChoices > (q.options?.length ?? 0))
      ctx.addIssue({
        code: 'custom',
        path: at('maxChoices'),
        message: `The most options people may select must be between 1 and the number of options (${q.options?.length ?? 0})`,
      });
  }
  if (
    (q.type === 'short_text' || q.type === 'long_text' || q.type === 'document_comment') &&
    q.maxLength !== undefined
  ) {
    const ceiling = q.type === 'short_text' ? MAX_SHORT_LIMIT : DEFAULT_LONG_LIMIT;
    if (q.maxLength < 1 || q.maxLength > ceiling)
      ctx.addIssue({
        code: 'custom',
        path: at('maxLength'),
        message: `The character limit must be between 1 and ${ceiling}`,
      });
  }
  if (q.type === 'number' && q.min !== undefined && q.max !== undefined && q.min > q.max)
    ctx.addIssue({
      code: 'custom',
      path: at('max'),
      message: 'The largest number must be the same as or more than the smallest',
    });
  if ((q.type === 'consent' || q.type === 'information') && !(q.body ?? '').trim())
    ctx.addIssue({
      code: 'custom',
      path: at('body'),
      message: q.type === 'consent' ? 'Enter what people agree to' : 'Enter the information to show',
    });
  if ((q.body ?? '').length > MAX_BODY)
    ctx.addIssue({ code: 'custom', path: at('body'), message: `The text must be ${MAX_BODY} characters or fewer` });
  if (q.type === 'document_comment') {
    const sections = q.sections ?? [];
    if (sections.length === 0)
      ctx.addIssue({ code: 'custom', path: at('sections'), message: 'Enter at least 1 document section' });
    const numbers = new Set<string>();
    for (const section of sections) {
      if (!section.number.trim() || !section.heading.trim() || !section.text.trim())
        ctx.addIssue({
          code: 'custom',
          path: at('sections'),
          message: 'Enter a number, a heading and the text for every section',
        });
      if (numbers.has(section.number))
        ctx.addIssue({
          code: 'custom',
          path: at('sections'),
          message: `Each section must have a different number: “${section.number}” is used twice`,
        });
      numbers.add(section.number);
    }
  }
}

function checkCondition(
  ctx: Ctx,
  path: Path,
  condition: Condition,
  earlier: Map<string, Question>,
  context: DefinitionContext,
  subject: string,
) {
  const target = earlier.get(condition.questionKey);
  if (!target) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: `The condition must refer to a question on an earlier page: the condition on ${subject} uses “${condition.questionKey}”, which is not on an earlier page`,
    });
    return;
  }
  if (!CONDITIONABLE_TYPES.includes(target.type)) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: `The condition on ${subject} must refer to a question with a list of answers`,
    });
    return;
  }
  const multiple = target.type === 'multiple_choice';
  if (multiple !== (condition.operator === 'includes')) {
    ctx.addIssue({
      code: 'custom',
      path,
      message: multiple
        ? 'Use “includes” for a multiple choice question'
        : '“Includes” only works with multiple choice questions. Use “is” or “is not”',
    });
    return;
  }
  const values =
    target.type === 'agreement'
      ? ['strongly_agree', 'agree', 'neither', 'disagree', 'strongly_disagree', 'dont_know']
      : target.type === 'ward'
        ? context.wardCodes
        : [...(target.options ?? []).map((o) => o.value), ...(target.allowOther ? [OTHER_VALUE] : [])];
  if (values && !values.includes(condition.value))
    ctx.addIssue({
      code: 'custom',
      path,
      message: `The condition’s answer “${condition.value}” is not one of the options of “${target.text}”`,
    });
}

/** The zod schema for a whole definition, with every cross-question rule. */
export function definitionSchema(context: DefinitionContext = {}) {
  return z.object({ pages: z.array(pageSchema) }).superRefine((definition, ctx) => {
    const keys = new Map<string, string>();
    const pageKeys = new Set<string>();
    // Only questions on earlier pages: the answer is already known when the page is shown, with or without JS.
    const earlier = new Map<string, Question>();
    for (const [p, page] of definition.pages.entries()) {
      const pagePath = ['pages', p];
      if (!KEY_PATTERN.test(page.key) || pageKeys.has(page.key))
        ctx.addIssue({ code: 'custom', path: [...pagePath, 'key'], message: 'Each page needs a different key' });
      pageKeys.add(page.key);
      if (!page.title.trim())
        ctx.addIssue({ code: 'custom', path: [...pagePath, 'title'], message: 'Enter a page title' });
      if (page.title.length > 200)
        ctx.addIssue({
          code: 'custom',
          path: [...pagePath, 'title'],
          message: 'Page title must be 200 characters or fewer',
        });
      if ((page.description ?? '').length > 2000)
        ctx.addIssue({
          code: 'custom',
          path: [...pagePath, 'description'],
          message: 'Page description must be 2000 characters or fewer',
        });
      if (page.condition)
        checkCondition(ctx, [...pagePath, 'condition'], page.condition, earlier, context, `page “${page.title}”`);
      for (const [i, question] of page.questions.entries()) {
        const path = [...pagePath, 'questions', i];
        checkQuestion(ctx, path, question);
        if (question.condition)
          checkCondition(ctx, [...path, 'condition'], question.condition, earlier, context, `“${question.text}”`);
        for (const name of [question.key, ...(question.allowOther ? [`${question.key}_other`] : [])]) {
          if (keys.has(name))
            ctx.addIssue({
              code: 'custom',
              path: [...path, 'key'],
              message: `Each question needs a different key: “${name}” is already used by “${keys.get(name)}”`,
            });
          keys.set(name, question.text);
        }
      }
      for (const question of page.questions) earlier.set(question.key, question);
    }
  });
}

/** Validates a definition; the issues carry paths like pages.0.questions.2.key. */
export function validateDefinition(definition: unknown, context: DefinitionContext = {}) {
  return definitionSchema(context).safeParse(definition) as
    { success: true; data: QuestionnaireDefinition } | { success: false; error: z.ZodError };
}

// ---------------------------------------------------------------------------------------------
// Forms

const text = (max: number, tooLong: string) => z.string().trim().max(max, tooLong).optional().default('');

/** "value|label" or a plain label per line; a plain label's value is derived from it. */
export function parseOptionLines(input: string): Option[] {
  return input
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const bar = line.indexOf('|');
      if (bar > 0) return { value: line.slice(0, bar).trim(), label: line.slice(bar + 1).trim() };
      return { value: slugValue(line), label: line };
    });
}

export const optionLines = (options: Option[] | undefined) =>
  (options ?? []).map((o) => `${o.value}|${o.label}`).join('\n');

/** Blocks separated by a blank line: "number | heading | text" (the text may run over several lines). */
export function parseSectionBlocks(input: string): DocumentSection[] | null {
  const blocks = input
    .replace(/\r\n/g, '\n')
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean);
  const sections: DocumentSection[] = [];
  for (const block of blocks) {
    const parts = block.split('|');
    if (parts.length < 3) return null;
    const [number, heading, ...rest] = parts;
    sections.push({ number: number!.trim(), heading: heading!.trim(), text: rest.join('|').trim() });
  }
  return sections;
}

export const sectionBlocks = (sections: DocumentSection[] | undefined) =>
  (sections ?? []).map((s) => `${s.number} | ${s.heading} | ${s.text}`).join('\n\n');

export function slugValue(label: string): string {
  const slug = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '');
  return slug || 'option';
}

/** A key from the question text: "How do you travel?" → how_do_you_travel. */
export function deriveKey(textValue: string, taken: Set<string>): string {
  let base = slugValue(textValue).slice(0, 36).replace(/_+$/, '');
  if (!/^[a-z]/.test(base)) base = `q_${base}`.slice(0, 36);
  let key = base;
  for (let n = 2; taken.has(key) || ABOUT_YOU_KEYS.has(key); n++) key = `${base}_${n}`;
  return key;
}

/** "key::value" from the condition picker, with the operator chosen beside it. */
const conditionFields = {
  conditionAnswer: z.string().optional().default(''),
  conditionOperator: z.string().optional().default('equals'),
};

function conditionFrom(answer: string, operator: string, ctx: Ctx): Condition | undefined {
  if (!answer) return undefined;
  const sep = answer.indexOf('::');
  if (sep < 1) {
    ctx.addIssue({ code: 'custom', path: ['conditionAnswer'], message: 'Select an answer from the list' });
    return undefined;
  }
  if (!['equals', 'not_equals', 'includes'].includes(operator)) {
    ctx.addIssue({ code: 'custom', path: ['conditionOperator'], message: 'Select how the answer must match' });
    return undefined;
  }
  return {
    questionKey: answer.slice(0, sep),
    operator: operator as Condition['operator'],
    value: answer.slice(sep + 2),
  };
}

export const pageFormSchema = z
  .object({
    title: z
      .string({ error: 'Enter a page title' })
      .trim()
      .min(1, 'Enter a page title')
      .max(200, 'Page title must be 200 characters or fewer'),
    description: text(2000, 'Page description must be 2000 characters or fewer'),
    ...conditionFields,
  })
  .transform((form, ctx) => ({
    title: form.title,
    description: form.description || undefined,
    condition: conditionFrom(form.conditionAnswer, form.conditionOperator, ctx),
  }));
export type PageForm = z.infer<typeof pageFormSchema>;

const optionalNumber = (message: string, integer = false) =>
  z
    .string()
    .optional()
    .default('')
    .transform((raw, ctx) => {
      const value = raw.trim().replace(/,/g, '');
      if (!value) return undefined;
      const n = Number(value);
      if (!/^-?\d+(\.\d+)?$/.test(value) || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return n;
    });

const yes = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v.includes('yes') : v === 'yes'));

/** The question form: every type's fields are here; the ones a type does not use are ignored. */
export function questionFormSchema(type: QuestionType) {
  return z
    .object({
      text: z
        .string({ error: 'Enter the question text' })
        .trim()
        .min(1, type === 'information' ? 'Enter a heading' : 'Enter the question text')
        .max(MAX_TEXT, `Question text must be ${MAX_TEXT} characters or fewer`),
      hint: text(MAX_HINT, `Hint text must be ${MAX_HINT} characters or fewer`),
      key: z
        .string()
        .trim()
        .optional()
        .default('')
        .refine(
          (key) => !key || KEY_PATTERN.test(key),
          'The key must start with a lower-case letter and use only lower-case letters, digits and underscores (up to 40)',
        ),
      // Each rule sits on its field, so a form with several mistakes shows them all at once.
      required:
        type === 'information'
          ? z.string().optional().default('no')
          : z.enum(['yes', 'no'], { error: 'Select whether people must answer this question' }),
      options: z.string().optional().default(''),
      allowOther: yes,
      maxChoices: optionalNumber('Enter the most options people may select as a whole number, like 3', true),
      maxLength: optionalNumber('Enter the character limit as a whole number, like 500', true),
      min: optionalNumber('Enter the smallest number as a number, like 0'),
      max: optionalNumber('Enter the largest number as a number, like 100'),
      integer: yes,
      rows: z.string().optional().default(''),
      body: text(MAX_BODY, `The text must be ${MAX_BODY} characters or fewer`),
      sections: z
        .string()
        .optional()
        .default('')
        .refine(
          (sections) => type !== 'document_comment' || parseSectionBlocks(sections) !== null,
          'Write each section as “number | heading | text”, with a blank line between sections',
        ),
      ...conditionFields,
    })
    .transform((form, ctx): Omit<Question, 'key'> & { key: string } => {
      const question: Question = {
        key: form.key,
        type,
        text: form.text,
        required: type === 'information' ? false : form.required === 'yes',
      };
      if (form.hint) question.hint = form.hint;
      const condition = conditionFrom(form.conditionAnswer, form.conditionOperator, ctx);
      if (condition) question.condition = condition;
      if (CHOICE_TYPES.includes(type) || (type === 'matrix' && form.options.trim()))
        question.options = parseOptionLines(form.options);
      if (type === 'single_choice' && form.allowOther) question.allowOther = true;
      if (type === 'multiple_choice' && form.maxChoices !== undefined) question.maxChoices = form.maxChoices;
      if (
        (type === 'short_text' || type === 'long_text' || type === 'document_comment') &&
        form.maxLength !== undefined
      )
        question.maxLength = form.maxLength;
      if (type === 'number') {
        if (form.min !== undefined) question.min = form.min;
        if (form.max !== undefined) question.max = form.max;
        if (form.integer) question.integer = true;
      }
      if (type === 'matrix') question.rows = parseOptionLines(form.rows);
      if (type === 'consent' || type === 'information') question.body = form.body;
      if (type === 'document_comment') question.sections = parseSectionBlocks(form.sections) ?? [];
      return question;
    });
}

export const questionTypeSchema = z.object({
  type: z.enum(QUESTION_TYPES, { error: 'Select the type of question' }),
});

export const moveSchema = z.object({ direction: z.enum(['up', 'down']) });

const yesNo = (message: string) => z.enum(['yes', 'no'], { error: message }).transform((value) => value === 'yes');

export const settingsFormSchema = z.object({
  mode: z.enum(['open', 'verified'], { error: 'Select who can respond' }),
  private: yesNo('Select whether the questionnaire is private'),
  includeAboutYou: yesNo('Select whether to include the About you questions'),
  askRespondentType: yesNo('Select whether to ask if people respond for an organisation'),
  askPublicationConsent: yesNo('Select whether to ask for consent to publish responses'),
});
export type Settings = z.infer<typeof settingsFormSchema>;

/** The form field a definition issue belongs to, for a question or page form at this position. */
export function fieldOfIssue(path: PropertyKey[], at: { page: number; question?: number }): string | null {
  const [pages, p, third, q, field] = path;
  if (pages !== 'pages' || p !== at.page) return null;
  if (at.question === undefined) {
    if (third === 'condition') return 'conditionAnswer';
    return third === 'title' || third === 'description' ? third : null;
  }
  if (third !== 'questions' || q !== at.question) return null;
  return field === 'condition' ? 'conditionAnswer' : typeof field === 'string' ? field : null;
}
