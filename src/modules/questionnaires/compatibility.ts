/**
 * Once responses exist, a new version of a questionnaire must still describe every stored
 * answer. Wording may change; removing or retyping a question, or removing an option, may not.
 */
import type { Question, QuestionnaireDefinition } from './questionnaire.types.ts';

export interface Incompatibility {
  questionKey: string;
  text: string;
}

function questionsByKey(definition: QuestionnaireDefinition): Map<string, Question> {
  return new Map(definition.pages.flatMap((page) => page.questions).map((question) => [question.key, question]));
}

const valuesOf = (options: { value: string }[] | undefined) => new Set((options ?? []).map((option) => option.value));

export function findIncompatibilities(
  current: QuestionnaireDefinition,
  next: QuestionnaireDefinition,
): Incompatibility[] {
  const before = questionsByKey(current);
  const after = questionsByKey(next);
  const problems: Incompatibility[] = [];
  for (const [key, old] of before) {
    if (old.type === 'information') continue;
    const now = after.get(key);
    if (!now) {
      problems.push({ questionKey: key, text: `Question “${old.text}” has answers, so it cannot be removed` });
      continue;
    }
    if (now.type !== old.type) {
      problems.push({ questionKey: key, text: `Question “${old.text}” has answers, so its type cannot change` });
      continue;
    }
    const removedOptions = [...valuesOf(old.options)].filter((value) => !valuesOf(now.options).has(value));
    const removedRows = [...valuesOf(old.rows)].filter((value) => !valuesOf(now.rows).has(value));
    if (removedOptions.length || removedRows.length) {
      problems.push({ questionKey: key, text: `Question “${old.text}” has answers, so its options cannot be removed` });
    }
    if (old.allowOther && !now.allowOther) {
      problems.push({ questionKey: key, text: `Question “${old.text}” has answers, so “Other” cannot be removed` });
    }
    const oldSections = new Set((old.sections ?? []).map((section) => section.number));
    if (
      (now.sections ?? []).length < oldSections.size ||
      [...oldSections].some((n) => !(now.sections ?? []).some((s) => s.number === n))
    ) {
      problems.push({
        questionKey: key,
        text: `Question “${old.text}” has comments, so its sections cannot be removed`,
      });
    }
  }
  return problems;
}
