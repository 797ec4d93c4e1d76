import {
  otherKey,
  type Answers,
  type Condition,
  type Page,
  type Question,
  type QuestionnaireDefinition,
} from './questionnaire.types.ts';

/** Whether a condition holds for the answers so far; no condition means always shown. */
export function conditionHolds(condition: Condition | undefined, answers: Answers): boolean {
  if (!condition) return true;
  const answer = answers[condition.questionKey];
  // An unanswered question matches nothing, not even not_equals: show follow-ups only to those who answered.
  if (answer === undefined || answer === '') return false;
  switch (condition.operator) {
    case 'equals':
      return answer === condition.value;
    case 'not_equals':
      return answer !== condition.value;
    case 'includes':
      return Array.isArray(answer) && answer.includes(condition.value);
  }
}

export interface VisibleQuestionnaire {
  pages: (Page & { questions: Question[] })[];
}

/**
 * The pages and questions shown for these answers. Conditions may chain (a question shown only
 * because of another shown question), so hidden questions' answers are dropped as we go: an
 * answer to a question the person can no longer see never counts.
 */
export function visibleParts(definition: QuestionnaireDefinition, answers: Answers): VisibleQuestionnaire {
  const seen: Answers = {};
  const pages: VisibleQuestionnaire['pages'] = [];
  for (const page of definition.pages) {
    if (!conditionHolds(page.condition, seen)) continue;
    const questions: Question[] = [];
    for (const question of page.questions) {
      if (!conditionHolds(question.condition, seen)) continue;
      questions.push(question);
      if (question.key in answers) seen[question.key] = answers[question.key]!;
      const other = otherKey(question.key);
      if (other in answers) seen[other] = answers[other]!;
    }
    pages.push({ ...page, questions });
  }
  return { pages };
}

/** Only the answers to questions that are visible: what gets stored. */
export function pruneHiddenAnswers(definition: QuestionnaireDefinition, answers: Answers): Answers {
  const kept: Answers = {};
  for (const page of visibleParts(definition, answers).pages) {
    for (const question of page.questions) {
      if (question.key in answers) kept[question.key] = answers[question.key]!;
      const other = otherKey(question.key);
      if (other in answers) kept[other] = answers[other]!;
    }
  }
  return kept;
}
