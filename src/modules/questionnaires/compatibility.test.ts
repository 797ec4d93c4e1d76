import { describe, expect, it } from 'vitest';
import { findIncompatibilities } from './compatibility.ts';
import type { QuestionnaireDefinition } from './questionnaire.types.ts';

const base: QuestionnaireDefinition = {
  pages: [
    {
      key: 'p1',
      title: 'Parking',
      questions: [
        { key: 'agree', type: 'agreement', text: 'Do you agree?', required: true },
        {
          key: 'zone',
          type: 'single_choice',
          text: 'Which zone?',
          required: true,
          options: [
            { value: 'a', label: 'A' },
            { value: 'b', label: 'B' },
          ],
        },
      ],
    },
  ],
};
const clone = () => structuredClone(base);

describe('changing a questionnaire that has responses', () => {
  it('allows wording fixes and new options or questions', () => {
    const next = clone();
    next.pages[0]!.questions[1]!.text = 'Which parking zone?';
    next.pages[0]!.questions[1]!.options!.push({ value: 'c', label: 'C' });
    next.pages[0]!.questions.push({ key: 'comments', type: 'long_text', text: 'Anything else?', required: false });
    expect(findIncompatibilities(base, next)).toEqual([]);
  });

  it('refuses removing or retyping a question, or removing an option', () => {
    const removed = clone();
    removed.pages[0]!.questions.shift();
    expect(findIncompatibilities(base, removed)[0]!.text).toContain('cannot be removed');
    const retyped = clone();
    retyped.pages[0]!.questions[0]!.type = 'short_text';
    expect(findIncompatibilities(base, retyped)[0]!.text).toContain('type cannot change');
    const fewerOptions = clone();
    fewerOptions.pages[0]!.questions[1]!.options!.pop();
    expect(findIncompatibilities(base, fewerOptions)[0]!.text).toContain('options cannot be removed');
  });
});
