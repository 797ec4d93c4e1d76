import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { count, groupBallots, type Election } from './counting.ts';
import { electionOf, parsePb, writePb } from './pabulib.ts';

const approval = (budget: number, projects: [string, number][], ballots: string[][]): Election => ({
  budget,
  ballotType: 'approval',
  projects: projects.map(([id, cost]) => ({ id, cost })),
  ballots: ballots.map((projects) => ({ projects })),
});
const times = (n: number, ballot: string[]) => Array.from({ length: n }, () => ballot);

describe('greedy', () => {
  it('funds by votes and skips projects that no longer fit', () => {
    // D (6 votes) costs more than the whole budget; A fits (4 left); B (5) does not; C (4) does.
    const e = approval(
      10,
      [
        ['A', 6],
        ['B', 5],
        ['C', 4],
        ['D', 11],
      ],
      [...times(6, ['D']), ...times(5, ['A']), ...times(4, ['B']), ...times(3, ['C'])],
    );
    const r = count(e, { rule: 'greedy' });
    expect(r.funded).toEqual(['A', 'C']);
    expect(r.spent).toBe(10);
    const b = r.projects.find((p) => p.id === 'B')!;
    expect(b).toMatchObject({ funded: false, remainingBefore: 4, votes: 4 });
  });

  it('breaks a tie in votes by the lower cost, then by the list order', () => {
    const e = approval(
      5,
      [
        ['X', 5],
        ['Y', 4],
        ['Z', 4],
      ],
      [
        ['X', 'Y', 'Z'],
        ['X', 'Y', 'Z'],
      ],
    );
    expect(count(e, { rule: 'greedy' }).funded).toEqual(['Y']);
  });

  it('with points, breaks a tie in points by the lower cost and then the most voters', () => {
    const e: Election = {
      budget: 3,
      ballotType: 'cumulative',
      projects: [
        { id: 'P', cost: 3 },
        { id: 'Q', cost: 3 },
      ],
      // P: 4 points from one voter; Q: 4 points from two voters.
      ballots: [
        { projects: ['P'], points: [4] },
        { projects: ['Q'], points: [2] },
        { projects: ['Q'], points: [2] },
      ],
    };
    expect(count(e, { rule: 'greedy' }).funded).toEqual(['Q']);
  });

  it('never spends more than the budget', () => {
    const e = approval(
      7,
      [
        ['A', 4],
        ['B', 4],
        ['C', 3],
      ],
      [['A', 'B', 'C'], ['A', 'B'], ['A']],
    );
    const r = count(e, { rule: 'greedy' });
    expect(r.funded).toEqual(['A', 'C']);
    expect(r.spent).toBeLessThanOrEqual(7);
  });
});

describe('Method of Equal Shares', () => {
  it('gives a minority its fair share where greedy gives everything to the majority', () => {
    // 6 voters, £12: £2 each. Four want A (£8) and B (£4); two want C (£4).
    const e = approval(
      12,
      [
        ['A', 8],
        ['B', 4],
        ['C', 4],
      ],
      [...times(4, ['A', 'B']), ...times(2, ['C'])],
    );
    expect(count(e, { rule: 'greedy' }).funded).toEqual(['B', 'A']);
    const r = count(e, { rule: 'mes' });
    // B costs its 4 supporters £1 each (ρ = 1); they then hold £4 between them, too little for A (£8);
    // C's two supporters pay £2 each. A would not fit in the £4 left, so Add1 has nothing to add.
    expect(r.funded).toEqual(['B', 'C']);
    expect(r.projects.find((p) => p.id === 'B')!.payers).toBe(4);
    expect(r.projects.find((p) => p.id === 'C')!.payers).toBe(2);
    expect(r.projects.find((p) => p.id === 'A')!.supportersMoney).toBeCloseTo(4);
    expect(r.add1Rounds).toBe(0);
  });

  it('Add1 raises the share by £1 a voter while the outcome still fits', () => {
    // £9, 3 voters (£3 each). Two want X (£7): £6 is not enough. One wants Y (£2).
    const e = approval(
      9,
      [
        ['X', 7],
        ['Y', 2],
      ],
      [['X'], ['X'], ['Y']],
    );
    expect(count(e, { rule: 'mes', add1: false }).funded).toEqual(['Y']);
    const r = count(e, { rule: 'mes' });
    // At £4 each, X's supporters hold £8 and buy it at £3.50 each; Y + X = £9 fits.
    expect(r.funded).toEqual(['Y', 'X']);
    expect(r.perVoterBudget).toBe(4);
    expect(r.spent).toBe(9);
  });

  it('Add1 stops before an outcome that would overspend, even if that leaves money', () => {
    // £10, 3 voters (£3.33). Two want X (£7), one wants Y (£4): neither affordable. At £4.33 both
    // are, costing £11 > £10, so Add1 stops and nothing is funded.
    const e = approval(
      10,
      [
        ['X', 7],
        ['Y', 4],
      ],
      [['X'], ['X'], ['Y']],
    );
    const r = count(e, { rule: 'mes' });
    expect(r.funded).toEqual([]);
    expect(r.add1Rounds).toBe(1);
    expect(r.projects.find((p) => p.id === 'X')!.supportersMoney).toBeCloseTo(20 / 3);
  });

  it('breaks a tie in ρ by the lower cost, then the most votes, then the list order', () => {
    // £3, 3 voters (£1 each). R (£2) is shared by two voters and S (£1) is one voter's: both ρ = 1.
    const byCost = approval(
      3,
      [
        ['R', 2],
        ['S', 1],
      ],
      [['R'], ['R'], ['S']],
    );
    expect(count(byCost, { rule: 'mes' }).funded).toEqual(['S', 'R']);
    // £6, 3 voters (£2 each). P (£2): one voter gives 2 points; Q (£2): two voters give 1 point: both ρ = 1.
    const byVotes: Election = {
      budget: 6,
      ballotType: 'cumulative',
      projects: [
        { id: 'P', cost: 2 },
        { id: 'Q', cost: 2 },
      ],
      ballots: [
        { projects: ['P'], points: [2] },
        { projects: ['Q'], points: [1] },
        { projects: ['Q'], points: [1] },
      ],
    };
    expect(count(byVotes, { rule: 'mes' }).funded).toEqual(['Q', 'P']);
    // Same cost, same supporters, only one fits: the one listed first.
    const exact = approval(
      2,
      [
        ['R', 2],
        ['S', 2],
      ],
      [
        ['R', 'S'],
        ['R', 'S'],
      ],
    );
    expect(count(exact, { rule: 'mes' }).funded).toEqual(['R']);
  });

  it('uses points as utilities for cumulative ballots', () => {
    // £6, 2 voters (£3). Voter 1: A 3 points, B 1 point. Voter 2: B 2 points. A (£4) is beyond voter 1's £3.
    const e: Election = {
      budget: 6,
      ballotType: 'cumulative',
      projects: [
        { id: 'A', cost: 4 },
        { id: 'B', cost: 2 },
      ],
      ballots: [
        { projects: ['A', 'B'], points: [3, 1] },
        { projects: ['B'], points: [2] },
      ],
    };
    expect(count(e, { rule: 'mes', add1: false }).funded).toEqual(['B']);
    // At £5 each, voter 1 still holds £4.33 after paying £0.67 for B and can buy A: B + A = £6.
    const r = count(e, { rule: 'mes' });
    expect(r.funded).toEqual(['B', 'A']);
    expect(r.perVoterBudget).toBe(5);
    expect(r.add1Rounds).toBe(2);
  });

  it('uses Borda points for rankings, and cost utilities for approval when asked', () => {
    const ranking: Election = {
      budget: 5,
      ballotType: 'ranking',
      projects: [
        { id: 'A', cost: 5 },
        { id: 'B', cost: 5 },
      ],
      ballots: [{ projects: ['A', 'B'] }, { projects: ['B', 'A'] }, { projects: ['B', 'A'] }],
    };
    const r = count(ranking, { rule: 'greedy' });
    expect(r.projects.map((p) => p.score)).toEqual([4, 5]);
    expect(r.funded).toEqual(['B']);
    const e = approval(
      10,
      [
        ['A', 8],
        ['B', 2],
      ],
      [['A'], ['B']],
    );
    expect(count(e, { rule: 'mes', approvalUtility: 'cost' }).spent).toBeLessThanOrEqual(10);
  });

  it('never exceeds the budget on random elections', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let t = 0; t < 40; t++) {
      const projects = Array.from({ length: 2 + Math.floor(rand() * 8) }, (_, i): [string, number] => [
        `p${i}`,
        1 + Math.floor(rand() * 50),
      ]);
      const ballots = Array.from({ length: 1 + Math.floor(rand() * 30) }, () =>
        projects.filter(() => rand() < 0.4).map(([id]) => id),
      );
      const e = approval(20 + Math.floor(rand() * 100), projects, ballots);
      for (const rule of ['greedy', 'mes'] as const) {
        const r = count(e, { rule });
        expect(r.spent).toBeLessThanOrEqual(e.budget);
        expect(new Set(r.funded).size).toBe(r.funded.length);
      }
    }
  });

  it('groups identical ballots, whatever their order', () => {
    const e = approval(
      10,
      [
        ['A', 1],
        ['B', 1],
      ],
      [['A', 'B'], ['B', 'A'], ['A'], ['A', 'A']],
    );
    const groups = groupBallots(e);
    expect(groups.map((g) => g.weight).sort()).toEqual([2, 2]);
  });
});

describe('real pabulib files', () => {
  const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, 'fixtures', name), 'utf8');

  it('Warsaw 2017, Marysin Południowy: greedy reproduces the city’s selected project; MES picks the other', () => {
    const parsed = parsePb(fixture('poland_warszawa_2017_marysin-poludniowy.pb'));
    if (!parsed.ok) throw new Error(parsed.reason);
    const { file } = parsed;
    expect(file.meta.rule).toBe('greedy');
    expect(file.votes).toHaveLength(Number(file.meta.num_votes));
    const e = electionOf(file)!;
    const greedy = count(e, { rule: 'greedy' });
    const selected = file.projects.filter((p) => p.selected).map((p) => p.id);
    expect(greedy.funded).toEqual(selected);
    // The votes column agrees with the ballots.
    for (const p of file.projects) expect(greedy.projects.find((o) => o.id === p.id)!.votes).toBe(p.votes);
    // MES: 136 supporters × £486 = £66,100 cannot buy the £115,000 project; the 129 behind the £34,600 one can.
    expect(count(e, { rule: 'mes' }).funded).toEqual(['1198']);
  });

  it('Warsaw 2017, Wesoła: all four selected projects, by both rules', () => {
    const parsed = parsePb(fixture('poland_warszawa_2017_wesola_plac-wojska-polskiego.pb'));
    if (!parsed.ok) throw new Error(parsed.reason);
    const e = electionOf(parsed.file)!;
    const selected = parsed.file.projects
      .filter((p) => p.selected)
      .map((p) => p.id)
      .sort();
    expect(count(e, { rule: 'greedy' }).funded.sort()).toEqual(selected);
    expect(count(e, { rule: 'mes' }).funded.sort()).toEqual(selected);
  });

  it('writes a file that reads back to the same election', () => {
    const text = writePb({
      meta: { description: 'Test; with "quotes"', budget: 10, rule: 'equalshares/add1' },
      ballotType: 'cumulative',
      projects: [
        { id: 'a', cost: 4, name: 'Bench; park', votes: 2, selected: true },
        { id: 'b', cost: 6, name: 'Trees', votes: 1, selected: false },
      ],
      votes: [
        { voterId: '1', projects: ['a', 'b'], points: [2, 1] },
        { voterId: '2', projects: ['a'], points: [3] },
      ],
    });
    const parsed = parsePb(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(parsed.file.meta).toMatchObject({
      description: 'Test; with "quotes"',
      budget: '10',
      num_votes: '2',
      vote_type: 'cumulative',
    });
    expect(parsed.file.projects[0]).toMatchObject({ id: 'a', name: 'Bench; park', selected: true });
    expect(parsed.file.votes[0]).toMatchObject({ projects: ['a', 'b'], points: [2, 1] });
  });

  it('refuses a file with no budget or no projects', () => {
    expect(parsePb('META\nkey;value\nPROJECTS\nproject_id;cost\n1;5\n')).toMatchObject({ ok: false });
    expect(parsePb('META\nkey;value\nbudget;5\n')).toMatchObject({ ok: false });
  });
});
