/** One question of every type, for tests of the builder, preview, print and the shared partial. */
import type { Question, QuestionnaireDefinition } from './questionnaire.types.ts';

export const EVERY_TYPE: Question[] = [
  { key: 'name', type: 'short_text', text: 'What is your name?', required: false, maxLength: 100 },
  {
    key: 'views',
    type: 'long_text',
    text: 'Tell us what you think',
    hint: 'Be specific',
    required: true,
    maxLength: 1000,
  },
  {
    key: 'travel',
    type: 'single_choice',
    text: 'How do you usually travel?',
    required: true,
    allowOther: true,
    options: [
      { value: 'walk', label: 'Walk' },
      { value: 'bus', label: 'Bus' },
    ],
  },
  {
    key: 'uses',
    type: 'multiple_choice',
    text: 'What do you use the park for?',
    required: false,
    maxChoices: 2,
    options: [
      { value: 'play', label: 'Play' },
      { value: 'sport', label: 'Sport' },
      { value: 'rest', label: 'Rest' },
    ],
  },
  {
    key: 'library',
    type: 'dropdown',
    text: 'Which library do you use most?',
    required: false,
    options: [
      { value: 'barking', label: 'Barking Learning Centre' },
      { value: 'dagenham', label: 'Dagenham Library' },
    ],
  },
  { key: 'agree_plan', type: 'agreement', text: 'Do you agree with the plan?', required: true },
  {
    key: 'rate',
    type: 'matrix',
    text: 'How would you rate these?',
    required: false,
    rows: [
      { value: 'lighting', label: 'Lighting' },
      { value: 'paths', label: 'Paths' },
    ],
  },
  { key: 'visits', type: 'number', text: 'How many visits a month?', required: false, min: 0, max: 60, integer: true },
  { key: 'moved_in', type: 'date', text: 'When did you move in?', required: false },
  {
    key: 'priorities',
    type: 'ranking',
    text: 'Rank these priorities',
    required: false,
    options: [
      { value: 'safety', label: 'Safety' },
      { value: 'cleanliness', label: 'Cleanliness' },
      { value: 'trees', label: 'Trees' },
    ],
  },
  { key: 'home_postcode', type: 'postcode', text: 'What is your postcode?', required: false },
  { key: 'home_ward', type: 'ward', text: 'Which ward do you live in?', required: false },
  { key: 'contact_email', type: 'email', text: 'What is your email address?', required: false },
  {
    key: 'agree_terms',
    type: 'consent',
    text: 'Consent',
    body: 'I agree to be contacted about this.',
    required: false,
  },
  {
    key: 'about_plan',
    type: 'information',
    text: 'About the plan',
    body: 'The plan covers five years.',
    required: false,
  },
  {
    key: 'doc',
    type: 'document_comment',
    text: 'Comment on the draft strategy',
    required: false,
    sections: [
      { number: '1', heading: 'Introduction', text: 'Why we need a strategy.' },
      { number: '2', heading: 'Our aims', text: 'What we want to achieve.' },
    ],
  },
];

export const EVERY_TYPE_DEFINITION: QuestionnaireDefinition = {
  pages: [
    { key: 'page_1', title: 'Your views', questions: EVERY_TYPE.slice(0, 8) },
    { key: 'page_2', title: 'More about you', questions: EVERY_TYPE.slice(8) },
  ],
};
