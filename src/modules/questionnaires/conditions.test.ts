import { describe, expect, it } from 'vitest';
import { pruneHiddenAnswers, visibleParts } from './conditions.ts';
import type { QuestionnaireDefinition } from './questionnaire.types.ts';

const definition: QuestionnaireDefinition = {
  pages: [
    {
      key: 'p1',
      title: 'Libraries',
      questions: [
        {
          key: 'uses_library',
          type: 'single_choice',
          text: 'Do you use a library?',
          required: true,
          options: [
            { value: 'yes', label: 'Yes' },
            { value: 'no', label: 'No' },
          ],
        },
        {
          key: 'which',
          type: 'short_text',
          text: 'Which one?',
          required: false,
          condition: { questionKey: 'uses_library', operator: 'equals', value: 'yes' },
        },
        {
          key: 'why_not',
          type: 'long_text',
          text: 'Why not?',
          required: false,
          condition: { questionKey: 'uses_library', operator: 'equals', value: 'no' },
        },
      ],
    },
    {
      key: 'p2',
      title: 'Opening hours',
      condition: { questionKey: 'which', operator: 'not_equals', value: '' },
      questions: [{ key: 'hours', type: 'short_text', text: 'Best hours?', required: false }],
    },
  ],
};

describe('conditional display', () => {
  it('shows follow-up questions and pages only when earlier answers match', () => {
    const yes = visibleParts(definition, { uses_library: 'yes', which: 'Barking' });
    expect(yes.pages.map((p) => p.key)).toEqual(['p1', 'p2']);
    expect(yes.pages[0]!.questions.map((q) => q.key)).toEqual(['uses_library', 'which']);
    const no = visibleParts(definition, { uses_library: 'no' });
    expect(no.pages.map((p) => p.key)).toEqual(['p1']);
    expect(no.pages[0]!.questions.map((q) => q.key)).toEqual(['uses_library', 'why_not']);
  });

  it('drops answers to questions that became hidden, through chains of conditions', () => {
    // Changed from "yes" to "no": "which" is hidden, so the page that depended on it is hidden too.
    const kept = pruneHiddenAnswers(definition, {
      uses_library: 'no',
      which: 'Barking',
      hours: '9 to 5',
      why_not: 'Too far',
    });
    expect(kept).toEqual({ uses_library: 'no', why_not: 'Too far' });
  });
});
