/**
 * The tallies behind the dashboard agree with a scan of the stored responses, whatever happens to
 * the responses (inserted, About you added, changed, erased, deleted) and before or after compaction.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { build } from '../../../test/helpers.ts';
import { ABOUT_YOU_PAGE } from './about-you.ts';
import type { QuestionnaireDefinition } from './questionnaire.types.ts';
import { createRespondable } from './responding.fixtures.ts';
import {
  countAnswers,
  headline,
  scanAnswers,
  scanHeadline,
  type ResultFilters,
  type Series,
} from './results.repository.ts';
import { compactPendingTallies } from './results-tallies.service.ts';

const DEFINITION: QuestionnaireDefinition = {
  pages: [
    {
      key: 'main',
      title: 'Views',
      questions: [
        { key: 'support', type: 'agreement', text: 'Do you agree?', required: true },
        {
          key: 'priorities',
          type: 'multiple_choice',
          text: 'What matters?',
          required: false,
          options: [
            { value: 'parks', label: 'Parks' },
            { value: 'roads', label: 'Roads' },
          ],
        },
        {
          key: 'rating',
          type: 'matrix',
          text: 'Rate',
          required: false,
          rows: [
            { value: 'paths', label: 'Paths' },
            { value: 'lights', label: 'Lights' },
          ],
        },
        { key: 'agree', type: 'consent', text: 'Consent', required: false, body: 'I agree' },
        { key: 'comments', type: 'long_text', text: 'Comments', required: false },
      ],
    },
  ],
};

const SERIES: Series[] = [
  { id: 'support', key: 'support', kind: 'single' },
  { id: 'priorities', key: 'priorities', kind: 'multiple' },
  { id: 'rating-paths', key: 'rating', kind: 'row', row: 'paths' },
  { id: 'rating-lights', key: 'rating', kind: 'row', row: 'lights' },
  { id: 'agree', key: 'agree', kind: 'single' },
  ...ABOUT_YOU_PAGE.questions.map((q) => ({
    id: `about-${q.key}`,
    key: q.key,
    kind: 'single' as const,
    source: 'equalities' as const,
  })),
];

const sorted = (map: Map<string, { answered: number; counts: { value: string; count: number }[] }>) =>
  [...map].map(([id, e]) => [id, e.answered, [...e.counts].sort((a, b) => a.value.localeCompare(b.value))]);

describe('results tallies', async () => {
  const { deps } = await build();
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const fixture = await createRespondable(deps, { definition: DEFINITION });
  const [ward1, ward2] = await q<{ code: string }>('SELECT code FROM wards ORDER BY code LIMIT 2');
  const scales = ['agree', 'disagree', 'neither'];

  async function insert(i: number) {
    const [row] = await q<{ id: string }>(
      `INSERT INTO responses (questionnaire_id, version, reference, idempotency_key, answers, channel, ward_code,
         respondent_type, submitted_at)
       VALUES ($1, 1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        fixture.questionnaireId,
        `T-${randomUUID()}`,
        randomUUID(),
        JSON.stringify({
          support: scales[i % 3],
          ...(i % 2 ? { priorities: i % 4 === 1 ? ['parks', 'roads'] : ['roads'] } : {}),
          rating: i % 5 ? { paths: scales[i % 3] } : { paths: 'agree', lights: 'disagree' },
          ...(i % 3 === 0 ? { agree: true } : {}),
          comments: `Comment ${i}`,
        }),
        i % 4 ? 'online' : 'paper',
        i % 3 ? ward1!.code : i % 2 ? ward2!.code : null,
        i % 6 ? 'individual' : 'organisation',
        // Around midnight in London: the day is the London day, not the UTC one.
        new Date(Date.UTC(2026, 6, 1 + (i % 3), 23, 30)).toISOString(),
      ],
    );
    if (i % 2 === 0) {
      await q('INSERT INTO response_equalities (response_id, questionnaire_id, answers) VALUES ($1, $2, $3)', [
        row!.id,
        fixture.questionnaireId,
        JSON.stringify({ age_band: i % 4 ? '25_to_34' : '65_to_74', sex: 'female' }),
      ]);
    }
    return row!.id;
  }

  async function expectTalliesMatchScan() {
    const filterSets: ResultFilters[] = [
      {},
      { channel: 'paper' },
      { ward: ward1!.code },
      { respondentType: 'organisation' },
    ];
    for (const filters of filterSets) {
      const [tallied, scanned] = await Promise.all([
        countAnswers(deps.db, fixture.questionnaireId, filters, SERIES),
        scanAnswers(deps.db, fixture.questionnaireId, filters, SERIES),
      ]);
      expect(sorted(tallied), JSON.stringify(filters)).toEqual(sorted(scanned));
      expect(await headline(deps.db, fixture.questionnaireId, filters)).toEqual(
        await scanHeadline(deps.db, fixture.questionnaireId, filters),
      );
    }
  }

  const ids: string[] = [];
  for (let i = 0; i < 40; i++) ids.push(await insert(i));

  it('counts every answer, About you included, as a scan of the responses does', async () => {
    const counted = await countAnswers(deps.db, fixture.questionnaireId, {}, SERIES);
    expect(counted.get('priorities')!.answered).toBe(20);
    expect((await headline(deps.db, fixture.questionnaireId, {})).total).toBe(40);
    await expectTalliesMatchScan();
  });

  it('follows changes, erasure of About you and deletion', async () => {
    await q(
      `UPDATE responses SET channel = 'email', answers = answers || '{"support": "strongly_agree"}' WHERE id = $1`,
      [ids[0]],
    );
    await q(`UPDATE responses SET respondent_name = 'Erased' WHERE id = $1`, [ids[1]]);
    await q('DELETE FROM response_equalities WHERE response_id = $1', [ids[2]]);
    await q('DELETE FROM responses WHERE id = ANY($1)', [[ids[3], ids[4]]]);
    await expectTalliesMatchScan();
    expect((await headline(deps.db, fixture.questionnaireId, {})).total).toBe(38);
  });

  it('gives the same figures after compaction, from far fewer rows', async () => {
    const [before] = await q<{ n: number }>(
      'SELECT count(*)::int AS n FROM response_tallies WHERE questionnaire_id = $1',
      [fixture.questionnaireId],
    );
    expect(await compactPendingTallies(deps)).toBeGreaterThanOrEqual(1);
    const [after] = await q<{ n: number; pending: number }>(
      'SELECT count(*)::int AS n, count(*) FILTER (WHERE NOT compacted)::int AS pending FROM response_tallies WHERE questionnaire_id = $1',
      [fixture.questionnaireId],
    );
    expect(after!.n).toBeLessThan(before!.n / 2);
    expect(after!.pending).toBe(0);
    await expectTalliesMatchScan();
    // Responses after compaction append again and still add up.
    await insert(41);
    await expectTalliesMatchScan();
    expect(await compactPendingTallies(deps)).toBe(1);
    await expectTalliesMatchScan();
  });
});
