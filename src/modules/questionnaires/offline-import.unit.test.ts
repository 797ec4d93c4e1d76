import { describe, expect, it } from 'vitest';
import { parseQuestion } from './answer-parsing.ts';
import {
  csvCell,
  isNote,
  matchWard,
  parseCsv,
  planColumns,
  rowToBody,
  templateCsv,
  wardGuidance,
} from './offline-import.ts';
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
      'ward',
      'likes',
      'grid__a',
      'when',
    ]);
    // A note on the ward column, then the example row.
    expect(parsed.records[1]!.cells).toEqual([
      '# Lines starting with # are not imported. ward: optional. The ward’s name or its ONS code (E05…); capitals and spaces do not matter',
    ]);
    expect(isNote(parsed.records[1]!)).toBe(true);
    const { plan, problems } = planColumns(parsed.records[0]!.cells, questions);
    expect(problems).toEqual([]);
    const { body } = rowToBody(plan, parsed.records[2]!.cells, []);
    expect(parseQuestion(questions[0]!, body, { wards: [] }).error).toBeUndefined();
  });
});

describe('the ward column', () => {
  const wards = [
    { value: 'E05014053', label: 'Abbey' },
    { value: 'E05014062', label: 'Eastbrook & Rylands' },
    { value: 'E05014056', label: 'Chadwell Heath' },
  ];
  const postcode: Question = { key: 'postcode', type: 'postcode', text: 'Postcode?', required: false };
  const homeWard: Question = { key: 'home_ward', type: 'ward', text: 'Ward?', required: false };

  it('matches a code or a name whatever the capitals and spaces, and "&" as "and"', () => {
    expect(matchWard('E05014053', wards)).toBe('E05014053');
    expect(matchWard('e05014053', wards)).toBe('E05014053');
    expect(matchWard('abbey', wards)).toBe('E05014053');
    expect(matchWard('  CHADWELL   heath ', wards)).toBe('E05014056');
    expect(matchWard('chadwellheath', wards)).toBe('E05014056');
    expect(matchWard('Eastbrook and Rylands', wards)).toBe('E05014062');
    expect(matchWard('Abbey Rd', wards)).toBeUndefined();
    expect(matchWard('none', wards)).toBeUndefined();
  });

  it('reads the cell into the ward, or a problem naming what was typed', () => {
    const { plan, problems } = planColumns(['channel', 'received', 'ward'], [postcode]);
    expect(problems).toEqual([]);
    expect(rowToBody(plan, ['paper', '2026-03-02', 'chadwell heath'], wards)).toMatchObject({
      ward: 'E05014056',
      problems: [],
    });
    expect(rowToBody(plan, ['paper', '2026-03-02', ''], wards).ward).toBeUndefined();
    const bad = rowToBody(plan, ['paper', '2026-03-02', 'Abbey Rd'], wards);
    expect(bad.ward).toBeUndefined();
    expect(bad.problems).toEqual([
      {
        field: 'ward',
        column: 'ward',
        text: '“Abbey Rd” is not a ward in this area. Use the ward’s name or its code (E05…), or leave it empty',
      },
    ]);
  });

  it('reads a ward question’s answer the same way', () => {
    const { plan } = planColumns(['channel', 'received', 'home_ward'], [homeWard]);
    expect(rowToBody(plan, ['paper', '2026-03-02', ' ABBEY '], wards).body.home_ward).toBe('E05014053');
  });

  it('says what wins over the column', () => {
    expect(wardGuidance([postcode])).toContain(
      'If there is the ward of a postcode in our list, that ward is used instead',
    );
    expect(wardGuidance([homeWard, postcode])).toContain(
      'If there is an answer in the “home_ward” column or the ward of a postcode in our list, that ward is used instead',
    );
  });

  it('leaves the column to a question keyed "ward", so older files still mean the same', () => {
    const ward: Question = { key: 'ward', type: 'short_text', text: 'Your ward?', required: false };
    const { plan } = planColumns(['channel', 'received', 'ward'], [ward]);
    expect(plan[2]).toMatchObject({ kind: 'answer', question: ward });
    expect(wardGuidance([ward])).toBeNull();
    expect(templateCsv([ward], wards, '2026-03-02').split('\r\n')).toHaveLength(3); // no note line
  });
});
