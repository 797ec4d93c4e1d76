/** The engagement principles and the two-question "How was taking part?" survey. */
import type { Question } from '../questionnaires/index.ts';

export const PRINCIPLES = {
  timely: {
    label: 'Timely',
    question: 'Did people have time to find out, think and respond, early enough to make a difference?',
  },
  meaningful: {
    label: 'Meaningful',
    question: 'Could what people said really change the outcome, and were they told what could not change?',
  },
  inclusive: {
    label: 'Inclusive',
    question: 'Did we hear from the communities affected, including those we seldom hear from?',
  },
  accessible: {
    label: 'Accessible',
    question: 'Could everyone take part: formats, languages, places, times, online and offline?',
  },
  targeted: { label: 'Targeted', question: 'Did we reach the people most affected?' },
  relevant: { label: 'Relevant', question: 'Did we ask about things people could influence, in plain words?' },
  value_for_money: {
    label: 'Value for money',
    question: 'Was the cost in proportion to the decision and to what we learned?',
  },
} as const;
export type Principle = keyof typeof PRINCIPLES;

export const RATINGS = { met: 'Met', partly: 'Partly met', not_met: 'Not met' } as const;

/** Reuses the questionnaire engine's question types, so parsing and rendering match the responding journey. */
export const PARTICIPATION_SURVEY: Question[] = [
  {
    key: 'ease',
    type: 'single_choice',
    text: 'How easy was it to take part?',
    required: true,
    options: [
      { value: 'very_easy', label: 'Very easy' },
      { value: 'easy', label: 'Easy' },
      { value: 'neither', label: 'Neither easy nor difficult' },
      { value: 'difficult', label: 'Difficult' },
      { value: 'very_difficult', label: 'Very difficult' },
    ],
  },
  {
    key: 'improve',
    type: 'long_text',
    text: 'What could we do better next time?',
    hint: 'Do not include personal information, such as your name or address.',
    required: false,
    maxLength: 2000,
  },
];
