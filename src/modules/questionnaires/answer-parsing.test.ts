import { describe, expect, it } from 'vitest';
import { normalisePostcode, parsePage, parseQuestion } from './answer-parsing.ts';
import type { Question } from './questionnaire.types.ts';

const context = { wards: [{ value: 'E05014053', label: 'Abbey' }] };
const q = (question: Partial<Question> & Pick<Question, 'type'>): Question => ({
  key: 'q',
  text: 'Your view?',
  required: true,
  ...question,
});
const options = [
  { value: 'red', label: 'Red' },
  { value: 'blue', label: 'Blue' },
  { value: 'green', label: 'Green' },
];

describe('parsing answers by question type', () => {
  it('asks for required answers in plain words, naming the question', () => {
    expect(parseQuestion(q({ type: 'short_text' }), {}, context).error?.text).toBe('Enter an answer to “Your view”');
    expect(parseQuestion(q({ type: 'single_choice', options }), {}, context).error?.text).toBe(
      'Select an answer to “Your view”',
    );
    expect(parseQuestion(q({ type: 'short_text', required: false }), {}, context)).toEqual({});
  });

  it('asks again when a one-answer question arrives with two different answers, and takes a doubled one', () => {
    const choice = q({ type: 'single_choice', options });
    const twice = parsePage([choice], { q: ['red', 'blue'] }, context);
    expect(twice.errors).toEqual([{ key: 'q', anchor: 'q', text: 'Give one answer to “Your view”' }]);
    expect(twice.answers).toEqual({});
    expect(parsePage([choice], { q: ['red', 'red'] }, context).answers).toEqual({ q: 'red' });
    const ticks = parsePage([q({ type: 'multiple_choice', options })], { q: ['red', 'blue'] }, context);
    expect(ticks.errors).toEqual([]);
  });

  it('limits text length and keeps script tags as plain text', () => {
    expect(parseQuestion(q({ type: 'long_text', maxLength: 10 }), { q: 'x'.repeat(11) }, context).error?.text).toBe(
      'Your answer must be 10 characters or fewer',
    );
    expect(parseQuestion(q({ type: 'short_text' }), { q: ' <script>alert(1)</script> ' }, context).value).toBe(
      '<script>alert(1)</script>',
    );
  });

  it('normalises postcodes and rejects ones that are not', () => {
    expect(normalisePostcode('rm107bb')).toBe('RM10 7BB');
    expect(normalisePostcode('IG11 7LX')).toBe('IG11 7LX');
    expect(parseQuestion(q({ type: 'postcode' }), { q: 'NOT A CODE' }, context).error?.text).toBe(
      'Enter a full UK postcode, like RM10 7BB',
    );
  });

  it('checks numbers for format, whole numbers and range', () => {
    const number = q({ type: 'number', min: 1, max: 10, integer: true });
    expect(parseQuestion(number, { q: 'ten' }, context).error?.text).toBe('Enter a number, like 3 or 12.5');
    expect(parseQuestion(number, { q: '2.5' }, context).error?.text).toBe('Enter a whole number, like 3');
    expect(parseQuestion(number, { q: '11' }, context).error?.text).toBe('Enter a number between 1 and 10');
    expect(parseQuestion(number, { q: '7' }, context).value).toBe(7);
  });

  it('refuses impossible and incomplete dates, linking to the part to fix', () => {
    const date = q({ type: 'date' });
    expect(parseQuestion(date, { 'q-day': '31', 'q-month': '2', 'q-year': '2027' }, context).error?.text).toBe(
      'The date must be a real date, like 27 3 2007',
    );
    expect(parseQuestion(date, { 'q-day': '3', 'q-year': '2027' }, context).error).toEqual({
      text: 'The date must include a month',
      anchor: 'q-month',
    });
    expect(parseQuestion(date, { 'q-day': '3', 'q-month': '8', 'q-year': '2027' }, context).value).toBe('2027-08-03');
  });

  it('refuses option values that were not offered, and too many checkboxes', () => {
    expect(parseQuestion(q({ type: 'single_choice', options }), { q: 'purple' }, context).error?.text).toBe(
      'Select one of the options shown',
    );
    expect(parseQuestion(q({ type: 'multiple_choice', options }), { q: ['red', 'hacked'] }, context).error?.text).toBe(
      'Select only the options shown',
    );
    expect(
      parseQuestion(q({ type: 'multiple_choice', options, maxChoices: 2 }), { q: ['red', 'blue', 'green'] }, context)
        .error?.text,
    ).toBe('Select no more than 2 options');
    expect(parseQuestion(q({ type: 'ward' }), { q: 'E05014053' }, context).value).toBe('E05014053');
    expect(parseQuestion(q({ type: 'ward' }), { q: 'E05999999' }, context).error).toBeDefined();
  });

  it('stores "Other, please specify" beside the answer', () => {
    const question = q({ type: 'single_choice', options, allowOther: true });
    expect(parseQuestion(question, { q: 'other' }, context).error?.text).toBe('Enter your other answer');
    expect(parseQuestion(question, { q: 'other', q_other: 'Orange' }, context)).toEqual({
      value: 'other',
      extra: { q_other: 'Orange' },
    });
  });

  it('rates every matrix row on the scale and ranks options uniquely', () => {
    const matrix = q({
      type: 'matrix',
      rows: [
        { value: 'parks', label: 'Parks' },
        { value: 'roads', label: 'Roads' },
      ],
    });
    expect(parseQuestion(matrix, { q__parks: 'agree' }, context).error?.text).toBe('Select an answer for “Roads”');
    expect(parseQuestion(matrix, { q__parks: 'agree', q__roads: 'disagree' }, context).value).toEqual({
      parks: 'agree',
      roads: 'disagree',
    });
    const ranking = q({ type: 'ranking', options });
    expect(parseQuestion(ranking, { q__red: '1', q__blue: '1', q__green: '2' }, context).error?.text).toBe(
      'Give each option a different rank',
    );
    expect(parseQuestion(ranking, { q__red: '2', q__blue: '3', q__green: '1' }, context).value).toEqual([
      'green',
      'red',
      'blue',
    ]);
  });

  it('collects comments per document section', () => {
    const question = q({
      type: 'document_comment',
      required: false,
      sections: [
        { number: '1', heading: 'Purpose', text: '…' },
        { number: '2.1', heading: 'Parking', text: '…' },
      ],
    });
    expect(parseQuestion(question, { q__s1: 'Too few spaces' }, context).value).toEqual({ '2.1': 'Too few spaces' });
  });

  it('keeps the valid answers on a page when another answer has an error', () => {
    const result = parsePage(
      [q({ key: 'name', type: 'short_text' }), q({ key: 'email', type: 'email' })],
      { name: 'Ada', email: 'not-an-email' },
      context,
    );
    expect(result.answers).toEqual({ name: 'Ada' });
    expect(result.errors).toEqual([
      { key: 'email', anchor: 'email', text: 'Enter an email address in the correct format, like name@example.com' },
    ]);
  });
});
