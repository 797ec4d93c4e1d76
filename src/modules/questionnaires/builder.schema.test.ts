import { describe, expect, it } from 'vitest';
import {
  deriveKey,
  parseOptionLines,
  parseSectionBlocks,
  questionFormSchema,
  validateDefinition,
} from './builder.schema.ts';
import { addQuestion, deletePage, moveQuestion } from './definition-edits.ts';
import { EVERY_TYPE_DEFINITION } from './question-fixtures.ts';
import type { QuestionnaireDefinition } from './questionnaire.types.ts';

const wardCodes = ['E05014053'];
const messages = (definition: unknown) => {
  const result = validateDefinition(definition, { wardCodes });
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};
const withQuestions = (...questions: unknown[]): QuestionnaireDefinition =>
  ({ pages: [{ key: 'p1', title: 'One', questions }] }) as QuestionnaireDefinition;
const choice = {
  key: 'travel',
  type: 'single_choice',
  text: 'How?',
  required: true,
  options: [{ value: 'bus', label: 'Bus' }],
};

describe('definition schema', () => {
  it('accepts a definition using every type', () => {
    expect(messages(EVERY_TYPE_DEFINITION)).toEqual([]);
  });

  it('refuses duplicate keys, including a clash with another question’s “other” answer', () => {
    expect(messages(withQuestions(choice, { ...choice, text: 'Again?' }))).toContain(
      'pages.0.questions.1.key: Each question needs a different key: “travel” is already used by “How?”',
    );
    const clash = messages(
      withQuestions(
        { ...choice, allowOther: true },
        { key: 'travel_other', type: 'short_text', text: 'Other', required: false },
      ),
    );
    expect(clash.join()).toContain('“travel_other” is already used');
  });

  it('refuses bad keys, About you keys and empty text', () => {
    expect(messages(withQuestions({ ...choice, key: 'Travel Mode' })).join()).toContain(
      'The key must start with a lower-case letter',
    );
    expect(messages(withQuestions({ ...choice, key: 'x'.repeat(41) })).join()).toContain('The key must start');
    expect(messages(withQuestions({ ...choice, key: 'ethnic_group' })).join()).toContain(
      'kept for the About you questions',
    );
    expect(messages(withQuestions({ ...choice, text: '  ' })).join()).toContain('Enter the question text');
  });

  it('refuses choice questions without options, with duplicate values, or with a maximum over the count', () => {
    expect(messages(withQuestions({ ...choice, options: [] })).join()).toContain('Enter at least 1 option');
    expect(messages(withQuestions({ ...choice, options: [choice.options[0], choice.options[0]] })).join()).toContain(
      '“bus” is used twice',
    );
    expect(messages(withQuestions({ ...choice, type: 'multiple_choice', maxChoices: 2 })).join()).toContain(
      'between 1 and the number of options (1)',
    );
    expect(messages(withQuestions({ ...choice, type: 'ranking' })).join()).toContain('Enter at least 2 options');
    expect(
      messages(withQuestions({ ...choice, allowOther: true, options: [{ value: 'other', label: 'Other' }] })).join(),
    ).toContain('cannot have the value “other”');
    expect(
      messages(withQuestions({ key: 'm', type: 'matrix', text: 'Rate', required: false, rows: [] })).join(),
    ).toContain('Enter at least 1 row');
  });

  it('refuses a range whose minimum is above its maximum, and blocks without their text', () => {
    expect(
      messages(withQuestions({ key: 'n', type: 'number', text: 'N', required: false, min: 5, max: 1 })).join(),
    ).toContain('The largest number must be');
    expect(messages(withQuestions({ key: 'c', type: 'consent', text: 'C', required: true })).join()).toContain(
      'Enter what people agree to',
    );
    expect(
      messages(withQuestions({ key: 'd', type: 'document_comment', text: 'D', required: false, sections: [] })).join(),
    ).toContain('Enter at least 1 document section');
  });

  it('allows conditions only on earlier pages’ choice questions, with a real answer and a fitting operator', () => {
    const later = (condition: unknown, extra: unknown[] = []) =>
      messages({
        pages: [
          {
            key: 'p1',
            title: 'One',
            questions: [choice, { key: 'note', type: 'short_text', text: 'Note', required: false }, ...extra],
          },
          { key: 'p2', title: 'Two', condition, questions: [] },
        ],
      });
    expect(later({ questionKey: 'travel', operator: 'equals', value: 'bus' })).toEqual([]);
    expect(later({ questionKey: 'travel', operator: 'equals', value: 'car' }).join()).toContain(
      'not one of the options',
    );
    expect(later({ questionKey: 'travel', operator: 'includes', value: 'bus' }).join()).toContain(
      'only works with multiple choice',
    );
    expect(later({ questionKey: 'note', operator: 'equals', value: 'x' }).join()).toContain(
      'a question with a list of answers',
    );
    expect(later({ questionKey: 'nowhere', operator: 'equals', value: 'x' }).join()).toContain('on an earlier page');
    const ward = { key: 'ward', type: 'ward', text: 'Ward', required: false };
    expect(later({ questionKey: 'ward', operator: 'equals', value: 'E05014053' }, [ward])).toEqual([]);
    expect(later({ questionKey: 'ward', operator: 'equals', value: 'E99' }, [ward]).join()).toContain(
      'not one of the options',
    );
    // Same page is not earlier: without JavaScript the page cannot react to an answer on itself.
    const samePage = withQuestions(choice, {
      key: 'why',
      type: 'short_text',
      text: 'Why?',
      required: false,
      condition: { questionKey: 'travel', operator: 'equals', value: 'bus' },
    });
    expect(messages(samePage).join()).toContain('on an earlier page');
  });
});

describe('builder forms', () => {
  it('reads options as labels or value|label, and sections as blocks', () => {
    expect(parseOptionLines('By bus\n\ncar|By car\n')).toEqual([
      { value: 'by_bus', label: 'By bus' },
      { value: 'car', label: 'By car' },
    ]);
    expect(parseSectionBlocks('1 | Aims | Line one\nline two\n\n2|Places|Text with | a bar')).toEqual([
      { number: '1', heading: 'Aims', text: 'Line one\nline two' },
      { number: '2', heading: 'Places', text: 'Text with | a bar' },
    ]);
    expect(parseSectionBlocks('just text')).toBeNull();
  });

  it('derives a unique key from the question text', () => {
    expect(deriveKey('How do you travel?', new Set())).toBe('how_do_you_travel');
    expect(deriveKey('How do you travel?', new Set(['how_do_you_travel']))).toBe('how_do_you_travel_2');
    expect(deriveKey('2025 budget', new Set())).toBe('q_2025_budget');
    expect(deriveKey('What is your sex?', new Set())).toMatch(/^[a-z][a-z0-9_]{0,39}$/);
  });

  it('turns a question form into the stored shape, ignoring fields the type does not use', () => {
    const parsed = questionFormSchema('number').parse({
      text: ' Age ',
      required: 'no',
      min: '0',
      max: '120',
      integer: 'yes',
      options: 'ignored',
    });
    expect(parsed).toEqual({ key: '', type: 'number', text: 'Age', required: false, min: 0, max: 120, integer: true });
    const bad = questionFormSchema('number').safeParse({ text: 'Age', required: 'maybe', min: 'ten' });
    expect(bad.success ? [] : bad.error.issues.map((i) => i.message)).toEqual([
      'Select whether people must answer this question',
      'Enter the smallest number as a number, like 0',
    ]);
  });
});

describe('definition edits', () => {
  const base: QuestionnaireDefinition = {
    pages: [
      { key: 'p1', title: 'One', questions: [choice as never] },
      { key: 'p2', title: 'Two', questions: [] },
    ],
  };

  it('derives keys for new questions and leaves the original untouched', () => {
    const result = addQuestion('p2', { key: '', type: 'short_text', text: 'How?', required: false })(base);
    expect(result.ok && result.definition.pages[1]!.questions[0]!.key).toBe('how');
    expect(base.pages[1]!.questions).toHaveLength(0);
  });

  it('moves a question past the end of its page onto the next one', () => {
    const result = moveQuestion('travel', 'down')(base);
    expect(result.ok && result.definition.pages.map((p) => p.questions.length)).toEqual([0, 1]);
    expect(moveQuestion('travel', 'up')(base)).toEqual({ ok: true, definition: base });
  });

  it('reports pages and questions that do not exist', () => {
    expect(deletePage('p9')(base)).toEqual({ ok: false, reason: 'not_found' });
    expect(moveQuestion('nope', 'up')(base)).toEqual({ ok: false, reason: 'not_found' });
  });
});
