/**
 * The questionnaire the results tests respond to, question by question. Each test file builds its
 * own definition from these because its assertions count on exactly those questions and options
 * (export columns, which answers are hidden as small numbers), so the copies may differ.
 */
import type { FastifyInstance } from 'fastify';
import { Browser } from '../../../test/helpers.ts';
import type { Option, Question, QuestionnaireDefinition } from './questionnaire.types.ts';

export const SUPPORT: Question = {
  key: 'support',
  type: 'single_choice',
  text: 'Do you support the proposal?',
  required: true,
  allowOther: true,
  options: [
    { value: 'yes', label: 'Yes' },
    { value: 'no', label: 'No' },
  ],
};

export const PRIORITIES: Question = {
  key: 'priorities',
  type: 'multiple_choice',
  text: 'What matters most?',
  required: false,
  options: [
    { value: 'parks', label: 'Parks' },
    { value: 'roads', label: 'Roads' },
  ],
};

export const RATING: Question = {
  key: 'rating',
  type: 'matrix',
  text: 'How do you rate these?',
  required: false,
  rows: [
    { value: 'paths', label: 'Paths' },
    { value: 'lighting', label: 'Lighting' },
  ],
};

export const AGREE: Question = {
  key: 'agree',
  type: 'consent',
  text: 'Do you agree to take part?',
  required: false,
  body: 'I agree',
};

export const COMMENTS: Question = { key: 'comments', type: 'long_text', text: 'Anything else?', required: false };

export const POSTCODE: Question = {
  key: 'postcode',
  type: 'postcode',
  text: 'What is your postcode?',
  required: false,
};

export const PLAN: Question = {
  key: 'plan',
  type: 'document_comment',
  text: 'Comment on the plan',
  required: false,
  sections: [
    { number: '1', heading: 'Parks', text: 'About parks' },
    { number: '2', heading: 'Roads', text: 'About roads' },
  ],
};

/** A choice question with more options after its own. */
export const withOptions = (question: Question, ...more: Option[]): Question => ({
  ...question,
  options: [...(question.options ?? []), ...more],
});

/** One page, "Your views", holding the given questions in order. */
export const resultsDefinition = (questions: Question[]): QuestionnaireDefinition => ({
  pages: [{ key: 'main', title: 'Your views', questions }],
});

/**
 * Browsers that each come from their own address in `prefix` (like "10.43.0"), so the per-address
 * rate limits never trip a test that signs in or responds many times.
 */
export function browsersFrom(prefix: string) {
  let lastOctet = 0;
  return (app: FastifyInstance) => {
    const remoteAddress = `${prefix}.${++lastOctet}`;
    return new Browser({
      inject: (options: object) => app.inject({ ...options, remoteAddress }),
    } as unknown as FastifyInstance);
  };
}
