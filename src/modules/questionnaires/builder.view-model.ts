/**
 * What the builder, preview and print pages show: conditions in words, the condition picker's
 * choices, a question's form values, and the standard pages every questionnaire adds.
 */
import type { z } from 'zod';
import type { GovukErrors } from '../../web/errors.ts';
import { ABOUT_YOU_PAGE } from './about-you.ts';
import {
  CONDITIONABLE_TYPES,
  fieldOfIssue,
  OPERATOR_LABELS,
  optionLines,
  sectionBlocks,
  TYPE_LABELS,
  type Settings,
} from './builder.schema.ts';
import type { Incompatibility } from './compatibility.ts';
import {
  AGREEMENT_SCALE,
  OTHER_VALUE,
  type Condition,
  type Option,
  type Page,
  type Question,
  type QuestionnaireDefinition,
} from './questionnaire.types.ts';

export const typeLabel = (question: Question) => TYPE_LABELS[question.type].label;

function answersOf(question: Question, wards: Option[]): Option[] {
  if (question.type === 'agreement') return AGREEMENT_SCALE;
  if (question.type === 'ward') return wards;
  const options = question.options ?? [];
  return question.allowOther ? [...options, { value: OTHER_VALUE, label: 'Other' }] : options;
}

/** "Shown only if “How do you travel?” is “Bus”". */
export function conditionInWords(
  condition: Condition | undefined,
  definition: QuestionnaireDefinition,
  wards: Option[],
) {
  if (!condition) return '';
  const target = definition.pages.flatMap((p) => p.questions).find((q) => q.key === condition.questionKey);
  if (!target)
    return `Shown only if question “${condition.questionKey}” ${OPERATOR_LABELS[condition.operator]} “${condition.value}”`;
  const label = answersOf(target, wards).find((o) => o.value === condition.value)?.label ?? condition.value;
  return `Shown only if “${target.text}” ${OPERATOR_LABELS[condition.operator]} “${label}”`;
}

/** Every answer of every choice question on the pages before this one: "key::value" items for one select. */
export function conditionChoices(
  definition: QuestionnaireDefinition,
  pageIndex: number,
  wards: Option[],
  selected: string,
) {
  const items: { value: string; text: string; selected?: boolean }[] = [
    { value: '', text: 'Always show', selected: selected === '' },
  ];
  for (const page of definition.pages.slice(0, pageIndex)) {
    for (const question of page.questions) {
      if (!CONDITIONABLE_TYPES.includes(question.type)) continue;
      for (const option of answersOf(question, wards)) {
        const value = `${question.key}::${option.value}`;
        items.push({ value, text: `${question.text} – ${option.label}`, selected: value === selected });
      }
    }
  }
  return items;
}

export const conditionValue = (condition: Condition | undefined): Record<string, string> =>
  condition
    ? { conditionAnswer: `${condition.questionKey}::${condition.value}`, conditionOperator: condition.operator }
    : {};

/** The question form's fields, filled from a stored question. */
export function questionFormValues(question: Question): Record<string, string> {
  return {
    text: question.text,
    hint: question.hint ?? '',
    key: question.key,
    required: question.required ? 'yes' : 'no',
    options: optionLines(question.options),
    allowOther: question.allowOther ? 'yes' : '',
    maxChoices: question.maxChoices?.toString() ?? '',
    maxLength: question.maxLength?.toString() ?? '',
    min: question.min?.toString() ?? '',
    max: question.max?.toString() ?? '',
    integer: question.integer ? 'yes' : '',
    rows: optionLines(question.rows),
    body: question.body ?? '',
    sections: sectionBlocks(question.sections),
    conditionAnswer: '',
    conditionOperator: 'equals',
    ...conditionValue(question.condition),
  };
}

/** What a person typed, as strings, to show back on a 422. */
export function echo(body: unknown, keys: string[]): Record<string, string> {
  const record = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return Object.fromEntries(
    keys.map((key) => {
      const value = record[key];
      return [key, typeof value === 'string' ? value : Array.isArray(value) ? String(value[0] ?? '') : ''];
    }),
  );
}

/** Turns a refused save into GOV.UK errors, pinned to the form's fields where the problem is on this page or question. */
export function saveErrors(
  outcome: { reason: 'invalid'; issues: z.core.$ZodIssue[] } | { reason: 'incompatible'; problems: Incompatibility[] },
  at: { page: number; question?: number } | null,
  fallbackAnchor: string,
): GovukErrors {
  const errors: GovukErrors = { list: [], fields: {} };
  if (outcome.reason === 'incompatible') {
    for (const problem of outcome.problems) errors.list.push({ text: problem.text, href: `#${fallbackAnchor}` });
    return errors;
  }
  const seen = new Set<string>();
  for (const issue of outcome.issues) {
    const field = at ? fieldOfIssue(issue.path, at) : null;
    if (seen.has(issue.message)) continue;
    seen.add(issue.message);
    if (field && !errors.fields[field]) errors.fields[field] = { text: issue.message };
    errors.list.push({ text: issue.message, href: `#${field ?? fallbackAnchor}` });
  }
  return errors;
}

/** The standard pages the responding journey adds around the consultation's own questions. */
export function standardPages(
  settings: Pick<Settings, 'askRespondentType' | 'includeAboutYou' | 'askPublicationConsent'>,
) {
  const before: Page[] = [];
  const after: Page[] = [];
  if (settings.askRespondentType) {
    before.push({
      key: 'respondent',
      title: 'About your response',
      questions: [
        {
          key: 'respondent_type',
          type: 'single_choice',
          text: 'Are you responding as an individual or on behalf of an organisation?',
          required: true,
          options: [
            { value: 'individual', label: 'As an individual' },
            { value: 'organisation', label: 'On behalf of an organisation' },
          ],
        },
        {
          key: 'organisation_name',
          type: 'short_text',
          text: 'Name of the organisation',
          hint: 'Only if you are responding on behalf of an organisation',
          required: false,
        },
      ],
    });
  }
  if (settings.includeAboutYou) after.push(ABOUT_YOU_PAGE);
  if (settings.askPublicationConsent) {
    after.push({
      key: 'publication',
      title: 'Publishing your response',
      questions: [
        {
          key: 'publication_consent',
          type: 'single_choice',
          text: 'May we publish your response?',
          hint: 'We remove contact details and anything that could identify someone else before publishing.',
          required: true,
          options: [
            { value: 'publish_named', label: 'Yes, with my name or my organisation’s name' },
            { value: 'publish_anonymous', label: 'Yes, but without my name' },
            { value: 'do_not_publish', label: 'No, do not publish my response' },
          ],
        },
      ],
    });
  }
  return { before, after };
}

/** Every page a resident could see, in order, for the preview and the paper copy. */
export function allPages(definition: QuestionnaireDefinition, settings: Settings): (Page & { standard?: boolean })[] {
  const { before, after } = standardPages(settings);
  return [
    ...before.map((p) => ({ ...p, standard: true })),
    ...definition.pages,
    ...after.map((p) => ({ ...p, standard: true })),
  ];
}

/** Question numbers for the paper copy (information blocks are not numbered). */
export function numberQuestions(pages: Page[]): Record<string, number> {
  const numbers: Record<string, number> = {};
  let n = 0;
  for (const page of pages) for (const q of page.questions) if (q.type !== 'information') numbers[q.key] = ++n;
  return numbers;
}

/** "Answer only if you answered “Bus” to question 3": a paper copy cannot hide questions. */
export function conditionForPaper(
  condition: Condition | undefined,
  pages: Page[],
  numbers: Record<string, number>,
  wards: Option[],
) {
  if (!condition) return '';
  const target = pages.flatMap((p) => p.questions).find((q) => q.key === condition.questionKey);
  if (!target) return '';
  const label = answersOf(target, wards).find((o) => o.value === condition.value)?.label ?? condition.value;
  const how =
    condition.operator === 'not_equals' ? 'did not answer' : condition.operator === 'includes' ? 'ticked' : 'answered';
  return `Only answer this if you ${how} “${label}” to question ${numbers[target.key]}.`;
}
