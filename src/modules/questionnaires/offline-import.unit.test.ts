import { describe, expect, it } from 'vitest';
import { parseQuestion } from './answer-parsing.ts';
import { csvCell, parseCsv, planColumns, rowToBody, templateCsv } from './offline-import.ts';
import type { Question } from './questionnaire.types.ts';

describe('parseCsv', () => {
  it('reads quoted cells with commas, doubled quotes and newlines, and says where each record starts', () => {
    const text = '\uFEFFa,b,c\r\n1,"two, three","say ""hi"""\r\n"line one\nline two",x,\n\n4,5,6';
    const result = parseCsv(text);
    expect(result).toEqual({
      ok: true,
      records: [
        { line: 1, cells: ['a', 'b', 'c'] },
        { line: 2, cells: ['1', 'two, three', 'say "hi"'] },
        { line: 3, cells: ['line one\nline two', 'x', ''] },
        { line: 6, cells: ['4', '5', '6'] },
      ],
    });
  });

  it('refuses an unclosed quote, naming its line', () => {
    expect(parseCsv('a,b\n1,"oops\n2,3\n')).toEqual({ ok: false, line: 2 });
  });

  it('keeps formula-looking cells as the characters typed', () => {
    const result = parseCsv('a\n=SUM(A1:A9)\n"@cmd"\n');
    expect(result.ok && result.records.map((r) => r.cells[0])).toEqual(['a', '=SUM(A1:A9)', '@cmd']);
  });

  it('round-trips cells it writes', () => {
    const cells = ['plain', 'with, comma', 'with "quote"', 'two\nlines'];
    const result = parseCsv(cells.map(csvCell).join(','));
    expect(result.ok && result.records[0]!.cells).toEqual(cells);
  });
});

describe('CSV rows as form bodies', () => {
  const questions: Question[] = [
    {
      key: 'likes',
      type: 'multiple_choice',
      text: 'What do you like?',
      required: true,
      options: [
        { value: 'parks', label: 'Parks' },
        { value: 'roads', label: 'Roads' },
      ],
    },
    { key: 'grid', type: 'matrix', text: 'Rate', required: false, rows: [{ value: 'a', label: 'A' }] },
    { key: 'when', type: 'date', text: 'When?', required: false },
  ];

  it('maps "a; b", matrix key__row columns, labels and YYYY-MM-DD dates to what parseQuestion reads', () => {
    const { plan, problems } = planColumns(['channel', 'received', 'likes', 'grid__a', 'when'], questions);
    expect(problems).toEqual([]);
    const { body } = rowToBody(plan, ['paper', '2026-03-02', 'parks; Roads', 'Strongly agree', '2020-01-31'], []);
    expect(parseQuestion(questions[0]!, body, { wards: [] }).value).toEqual(['parks', 'roads']);
    expect(parseQuestion(questions[1]!, body, { wards: [] }).value).toEqual({ a: 'strongly_agree' });
    expect(parseQuestion(questions[2]!, body, { wards: [] }).value).toBe('2020-01-31');
    expect(body['receivedOn-day']).toBe('2');
  });

  it('reads blank respondent type and publication consent as the safe choices', () => {
    const { plan } = planColumns(['channel', 'received', 'respondent_type', 'publication_consent'], questions);
    expect(rowToBody(plan, ['paper', '2026-03-02', '', ''], []).body).toMatchObject({
      respondentType: 'individual',
      publicationConsent: 'do_not_publish',
    });
    expect(rowToBody(plan, ['paper', '2026-03-02', 'organisation', 'publish_named'], []).body).toMatchObject({
      respondentType: 'organisation',
      publicationConsent: 'publish_named',
    });
  });

  it('names unknown columns and dates in the wrong format', () => {
    expect(planColumns(['channel', 'received', 'colour'], questions).problems).toEqual([
      'Column 3 (“colour”) is not a question in this questionnaire or a known column',
    ]);
    const { plan } = planColumns(['channel', 'received', 'when'], questions);
    expect(rowToBody(plan, ['paper', '2/3/2026', '31-01-2020'], []).problems.map((p) => p.column)).toEqual([
      'received',
      'when',
    ]);
  });

  it('writes a template whose header the importer accepts', () => {
    const template = templateCsv(questions, [], '2026-03-02');
    const parsed = parseCsv(template);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.records[0]!.cells).toEqual([
      'channel',
      'received',
      'respondent_type',
      'organisation_name',
      'publication_consent',
      'respondent_name',
      'likes',
      'grid__a',
      'when',
    ]);
    const { plan, problems } = planColumns(parsed.records[0]!.cells, questions);
    expect(problems).toEqual([]);
    const { body } = rowToBody(plan, parsed.records[1]!.cells, []);
    expect(parseQuestion(questions[0]!, body, { wards: [] }).error).toBeUndefined();
  });
});
