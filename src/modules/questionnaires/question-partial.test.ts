/**
 * The shared question partial: each type renders with the field names and ids answer-parsing.ts
 * reads, proven by a round trip (render an answer, read the form back as a browser would submit
 * it, parse it, get the same answer).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createViewEnvironment } from '../../web/nunjucks.ts';
import { firstFieldId, parseQuestion, type FormBody } from './answer-parsing.ts';
import { EVERY_TYPE } from './question-fixtures.ts';
import { AGREEMENT_SCALE, type AnswerValue, type Question } from './questionnaire.types.ts';

const env = createViewEnvironment({ questionnaires: path.join(import.meta.dirname, 'views') });
const wards = [
  { value: 'E05014053', label: 'Abbey' },
  { value: 'E05014054', label: 'Alibon' },
];

function render(question: Question, extra: Record<string, unknown> = {}) {
  return env.renderString('{% include "questionnaires/partials/question.njk" %}', { question, wards, ...extra });
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** What a browser would submit for the rendered controls' current state. */
function submitted(html: string): FormBody {
  const body: Record<string, string[]> = {};
  const add = (name: string | undefined, value: string) => {
    if (name) (body[name] ??= []).push(value);
  };
  for (const [tag] of html.matchAll(/<input\b[^>]*>/g)) {
    const type = attr(tag, 'type') ?? 'text';
    if ((type === 'radio' || type === 'checkbox') && !/\schecked\b/.test(tag)) continue;
    add(attr(tag, 'name'), attr(tag, 'value') ?? '');
  }
  for (const [, open, inner] of html.matchAll(/(<select\b[^>]*>)([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected/.exec(inner!);
    add(attr(open!, 'name'), selected?.[1] ?? '');
  }
  for (const [, open, inner] of html.matchAll(/(<textarea\b[^>]*>)([\s\S]*?)<\/textarea>/g)) {
    add(attr(open!, 'name'), inner!);
  }
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, v.length === 1 ? v[0] : v]));
}

const SAMPLE: Record<string, AnswerValue> = {
  name: 'Jo Bloggs',
  views: 'More benches, please',
  travel: 'bus',
  uses: ['play', 'rest'],
  library: 'dagenham',
  agree_plan: 'disagree',
  rate: { lighting: 'agree', paths: 'strongly_disagree' },
  visits: 12,
  moved_in: '2019-03-07',
  priorities: ['trees', 'safety', 'cleanliness'],
  home_postcode: 'RM10 7BB',
  home_ward: 'E05014054',
  contact_email: 'jo@example.com',
  agree_terms: true,
  doc: { '2': 'Aims are too vague' },
};

describe('question partial', () => {
  for (const question of EVERY_TYPE.filter((q) => q.type !== 'information')) {
    it(`round-trips a ${question.type} answer through the form`, () => {
      const html = render(question, { value: SAMPLE[question.key] });
      const parsed = parseQuestion(question, submitted(html), { wards });
      expect(parsed.error).toBeUndefined();
      expect(parsed.value).toEqual(SAMPLE[question.key]);
      expect(html).toContain(`id="${firstFieldId(question)}"`);
    });
  }

  it('renders an empty form that parses to no answer for optional questions', () => {
    for (const question of EVERY_TYPE.filter((q) => !q.required)) {
      const parsed = parseQuestion(question, submitted(render(question)), { wards });
      expect(parsed, question.key).toEqual({});
    }
  });

  it('offers "Other, please specify" with the other text under key_other, and keeps it', () => {
    const travel = EVERY_TYPE.find((q) => q.key === 'travel')!;
    const html = render(travel, { value: 'other', otherValue: 'Tram' });
    expect(parseQuestion(travel, submitted(html), { wards })).toEqual({
      value: 'other',
      extra: { travel_other: 'Tram' },
    });
  });

  it('shows the agreement scale exactly as the engine defines it', () => {
    const html = render(EVERY_TYPE.find((q) => q.type === 'agreement')!);
    for (const option of AGREEMENT_SCALE) expect(html).toContain(`value="${option.value}"`);
    expect(html.match(/type="radio"/g)).toHaveLength(AGREEMENT_SCALE.length);
  });

  it('shows the error message and marks optional questions', () => {
    const name = EVERY_TYPE.find((q) => q.key === 'name')!;
    const html = render(name, { error: { text: 'Enter your name' } });
    expect(html).toContain('govuk-form-group--error');
    expect(html).toContain('Enter your name');
    expect(html).toContain('What is your name? (optional)');
    expect(render(name, { error: 'Plain string error' })).toContain('Plain string error');
  });

  it('renders information as text and document sections with their numbers', () => {
    expect(render(EVERY_TYPE.find((q) => q.type === 'information')!)).toContain('The plan covers five years.');
    const doc = render(EVERY_TYPE.find((q) => q.type === 'document_comment')!);
    expect(doc).toContain('Section 2: Our aims');
    expect(doc).toContain('name="doc__s1"');
  });

  it('escapes question text staff typed', () => {
    const html = render({ key: 'x', type: 'short_text', text: '<script>alert(1)</script>', required: true });
    expect(html).not.toContain('<script>alert');
  });
});
