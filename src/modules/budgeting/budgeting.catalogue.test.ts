import { describe, expect, it } from 'vitest';
import { checkBallot, electionFrom, explain, phaseOf } from './budgeting.catalogue.ts';
import { count } from './counting.ts';

const projects = [
  { id: 'a', title: 'Benches', cost: 6000 },
  { id: 'b', title: 'Trees', cost: 5000 },
  { id: 'c', title: 'Mural', cost: 2000 },
];
const rules = (ballotType: string, extra: Record<string, number | null> = {}) => ({
  ballotType,
  budget: 10000,
  maxProjects: null,
  maxPoints: null,
  ...extra,
});

describe('ballots', () => {
  it('knapsack: refuses a choice over the budget and says the total', () => {
    const over = checkBallot(rules('knapsack'), projects, { projects: ['a', 'b'] });
    expect(over).toMatchObject({ ok: false, total: 11000 });
    if (!over.ok) expect(over.message).toContain('£11,000, which is more than the £10,000 budget');
    expect(checkBallot(rules('knapsack'), projects, { projects: ['a', 'c', 'zzz'] })).toMatchObject({
      ok: true,
      total: 8000,
    });
    expect(checkBallot(rules('knapsack'), projects, {})).toMatchObject({
      ok: false,
      message: 'Select at least one project',
    });
  });

  it('approval: a maximum number of projects', () => {
    expect(checkBallot(rules('approval', { maxProjects: 2 }), projects, { projects: ['a', 'b', 'c'] })).toMatchObject({
      ok: false,
      message: 'Select no more than 2 projects',
    });
    expect(checkBallot(rules('approval', { maxProjects: 2 }), projects, { projects: ['a', 'b'] }).ok).toBe(true);
  });

  it('cumulative: whole points within the total', () => {
    const r = rules('cumulative', { maxPoints: 5 });
    expect(checkBallot(r, projects, { 'points-a': '3', 'points-b': '3' })).toMatchObject({ ok: false, total: 6 });
    expect(checkBallot(r, projects, { 'points-a': 'two' })).toMatchObject({ ok: false, field: 'points-a' });
    expect(checkBallot(r, projects, { 'points-a': '3', 'points-c': '2', 'points-b': '' })).toMatchObject({
      ok: true,
      selections: [
        { projectId: 'a', points: 3 },
        { projectId: 'c', points: 2 },
      ],
    });
  });

  it('ranking: 1, 2, 3 each once', () => {
    const r = rules('ranking', { maxProjects: 2 });
    expect(checkBallot(r, projects, { 'rank-a': '1', 'rank-b': '1' }).ok).toBe(false);
    expect(checkBallot(r, projects, { 'rank-a': '1', 'rank-b': '2', 'rank-c': '3' }).ok).toBe(false);
    expect(checkBallot(r, projects, { 'rank-b': '1', 'rank-a': '2' })).toMatchObject({
      ok: true,
      selections: [
        { projectId: 'b', points: 1 },
        { projectId: 'a', points: 2 },
      ],
    });
  });
});

describe('phases and explanations', () => {
  const d = (s: string) => new Date(`2027-0${s}T12:00:00Z`);
  const p = {
    ideasFrom: d('1-01'),
    feasibilityFrom: d('2-01'),
    votingFrom: d('3-01'),
    votingUntil: d('4-01'),
    deliveryFrom: d('6-01'),
    resultsPublishedAt: null as Date | null,
  };
  it('follows the dates, and waits for published results after the close', () => {
    expect(phaseOf(p, d('1-15'))).toBe('ideas');
    expect(phaseOf(p, d('2-15'))).toBe('feasibility');
    expect(phaseOf(p, d('3-15'))).toBe('voting');
    expect(phaseOf(p, d('5-01'))).toBe('counting');
    expect(phaseOf({ ...p, resultsPublishedAt: d('4-02') }, d('5-01'))).toBe('results');
    expect(phaseOf({ ...p, resultsPublishedAt: d('4-02') }, d('7-01'))).toBe('delivery');
  });

  it('says why each project was or was not funded', () => {
    const e = electionFrom(
      { ballotType: 'knapsack', budget: 12 },
      [
        { id: 'A', cost: 8 },
        { id: 'B', cost: 4 },
        { id: 'C', cost: 4 },
        { id: 'D', cost: 3 },
      ],
      [
        ...Array.from({ length: 4 }, () => [
          { projectId: 'A', points: 1 },
          { projectId: 'B', points: 1 },
        ]),
        ...Array.from({ length: 2 }, () => [{ projectId: 'C', points: 1 }]),
      ],
    );
    const mes = count(e, { rule: 'mes' });
    expect(explain(mes, 'B')).toBe('Funded: 4 voters shared its £4 cost.');
    expect(explain(mes, 'A')).toBe('Not funded: would have needed £8 when £4 was left.');
    expect(explain(mes, 'D')).toBe('Not funded: nobody voted for it.');
    const greedy = count(e, { rule: 'greedy' });
    expect(explain(greedy, 'A')).toBe('Funded: 4 votes, and its £8 cost fitted in the £8 still left.');
    expect(explain(greedy, 'C')).toBe('Not funded: would have needed £4 when £0 was left.');
  });
});
