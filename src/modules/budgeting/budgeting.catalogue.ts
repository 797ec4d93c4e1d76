/**
 * The words and the rules of a PB process that need no database: phases from dates, what each ballot
 * type asks for, checking a ballot, turning ballots into an election, and explaining a count in plain words.
 */
import type { BallotType as CountBallotType, CountResult, Election } from './counting.ts';
import type { PbProcess, Selection } from './budgeting.tables.ts';

export type Phase = 'upcoming' | 'ideas' | 'feasibility' | 'voting' | 'counting' | 'results' | 'delivery';
export type BallotKind = 'knapsack' | 'approval' | 'cumulative' | 'ranking';

export const BALLOT_KINDS: Record<BallotKind, { label: string; hint: string }> = {
  knapsack: {
    label: 'Choose projects up to the budget',
    hint: 'Voters choose any projects whose costs add up to no more than the budget',
  },
  approval: { label: 'Choose up to a number of projects', hint: 'Voters choose up to the maximum number of projects' },
  cumulative: { label: 'Share out points', hint: 'Voters share out a number of points between the projects they like' },
  ranking: { label: 'Rank projects', hint: 'Voters put projects in order of preference, up to the maximum number' },
};

export const RULES = {
  greedy: {
    label: 'Most votes first',
    hint: 'Projects with the most votes are funded first; any that no longer fit are skipped',
  },
  mes: {
    label: 'Method of Equal Shares',
    hint: 'Every voter gets an equal share of the budget and projects are bought by the voters who want them, so every group of voters gets its fair share',
  },
} as const;

export const PHASE_LABELS: Record<Phase, string> = {
  upcoming: 'Starting soon',
  ideas: 'Sharing ideas',
  feasibility: 'Checking ideas',
  voting: 'Voting open',
  counting: 'Voting closed',
  results: 'Results',
  delivery: 'Delivering projects',
};

export const DELIVERY_STAGES = {
  planning: 'Planning',
  in_progress: 'In progress',
  completed: 'Completed',
  delayed: 'Delayed',
} as const;
export type DeliveryStage = keyof typeof DELIVERY_STAGES;

type Dates = Pick<
  PbProcess,
  'ideasFrom' | 'feasibilityFrom' | 'votingFrom' | 'votingUntil' | 'deliveryFrom' | 'resultsPublishedAt'
>;

/** Where a process is, from its dates: the phases follow one another, results once they are published. */
export function phaseOf(p: Dates, now: Date): Phase {
  if (now < p.ideasFrom) return 'upcoming';
  if (now < p.feasibilityFrom) return 'ideas';
  if (now < p.votingFrom) return 'feasibility';
  if (now < p.votingUntil) return 'voting';
  if (!p.resultsPublishedAt) return 'counting';
  return now < p.deliveryFrom ? 'results' : 'delivery';
}

/** The voting rules are frozen from the moment voting opens: changing them would change ballots already cast. */
export const rulesFrozen = (p: Pick<PbProcess, 'votingFrom'>, now: Date) => now >= p.votingFrom;

export const formatPounds = (n: number) => `£${Math.round(n).toLocaleString('en-GB')}`;

export interface BallotProject {
  id: string;
  title: string;
  cost: number;
}

type BallotRules = Pick<PbProcess, 'ballotType' | 'budget' | 'maxProjects' | 'maxPoints'>;

export type BallotCheck =
  { ok: true; selections: Selection[]; total: number } | { ok: false; field: string; message: string; total: number };

const one = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');
const many = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);

/**
 * Checks a submitted ballot against the process's rules. Field names: `projects` (checkboxes) for
 * knapsack and approval, `points-<id>` for cumulative, `rank-<id>` for ranking. Unknown project ids are ignored.
 */
export function checkBallot(rules: BallotRules, projects: BallotProject[], body: Record<string, unknown>): BallotCheck {
  const byId = new Map(projects.map((p) => [p.id, p]));
  const firstId = projects[0] ? projects[0].id : 'none';
  if (rules.ballotType === 'knapsack' || rules.ballotType === 'approval') {
    const chosen = [...new Set(many(body.projects))].filter((id) => byId.has(id));
    const total = chosen.reduce((s, id) => s + byId.get(id)!.cost, 0);
    if (chosen.length === 0) return { ok: false, field: 'projects', message: 'Select at least one project', total };
    if (rules.ballotType === 'knapsack' && total > rules.budget)
      return {
        ok: false,
        field: 'projects',
        message: `The projects you selected cost ${formatPounds(total)}, which is more than the ${formatPounds(rules.budget)} budget. Remove some projects`,
        total,
      };
    if (rules.ballotType === 'approval' && rules.maxProjects && chosen.length > rules.maxProjects)
      return {
        ok: false,
        field: 'projects',
        message: `Select no more than ${rules.maxProjects} projects`,
        total,
      };
    return { ok: true, selections: chosen.map((projectId) => ({ projectId, points: 1 })), total };
  }
  if (rules.ballotType === 'cumulative') {
    const selections: Selection[] = [];
    for (const p of projects) {
      const raw = one(body[`points-${p.id}`]).trim();
      if (raw === '' || raw === '0') continue;
      if (!/^\d+$/.test(raw))
        return {
          ok: false,
          field: `points-${p.id}`,
          message: `Points for ${p.title} must be a whole number, like 2`,
          total: 0,
        };
      selections.push({ projectId: p.id, points: Number(raw) });
    }
    const total = selections.reduce((s, x) => s + x.points, 0);
    if (!selections.length)
      return { ok: false, field: `points-${firstId}`, message: 'Give points to at least one project', total };
    if (rules.maxPoints && total > rules.maxPoints)
      return {
        ok: false,
        field: `points-${selections[0]!.projectId}`,
        message: `You gave ${total} points. Give no more than ${rules.maxPoints} points in total`,
        total,
      };
    return { ok: true, selections, total };
  }
  // ranking
  const ranked: Selection[] = [];
  for (const p of projects) {
    const raw = one(body[`rank-${p.id}`]).trim();
    if (raw === '') continue;
    if (!/^\d+$/.test(raw) || Number(raw) < 1)
      return {
        ok: false,
        field: `rank-${p.id}`,
        message: `The rank for ${p.title} must be a whole number, like 1 for your first choice`,
        total: 0,
      };
    ranked.push({ projectId: p.id, points: Number(raw) });
  }
  if (!ranked.length) return { ok: false, field: `rank-${firstId}`, message: 'Rank at least one project', total: 0 };
  const max = rules.maxProjects ?? projects.length;
  if (ranked.length > max)
    return {
      ok: false,
      field: `rank-${ranked[0]!.projectId}`,
      message: `Rank no more than ${max} projects`,
      total: ranked.length,
    };
  const ranks = ranked.map((r) => r.points).sort((a, b) => a - b);
  if (ranks.some((r, i) => r !== i + 1))
    return {
      ok: false,
      field: `rank-${ranked[0]!.projectId}`,
      message: `Number your choices 1, 2, 3 and so on, using each number once`,
      total: ranked.length,
    };
  return { ok: true, selections: ranked.sort((a, b) => a.points - b.points), total: ranked.length };
}

const COUNT_TYPE: Record<BallotKind, CountBallotType> = {
  knapsack: 'approval',
  approval: 'approval',
  cumulative: 'cumulative',
  ranking: 'ranking',
};

/** The election to count: feasible projects at their checked cost, and every ballot's selections. */
export function electionFrom(
  p: Pick<PbProcess, 'ballotType' | 'budget'>,
  projects: { id: string; cost: number }[],
  ballots: Selection[][],
): Election {
  const kind = p.ballotType as BallotKind;
  return {
    budget: p.budget,
    ballotType: COUNT_TYPE[kind],
    projects,
    ballots: ballots.map((s) =>
      kind === 'ranking'
        ? { projects: [...s].sort((a, b) => a.points - b.points).map((x) => x.projectId) }
        : { projects: s.map((x) => x.projectId), points: s.map((x) => x.points) },
    ),
  };
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** One plain sentence per project saying why it was or was not funded. */
export function explain(result: CountResult, projectId: string): string {
  const o = result.projects.find((p) => p.id === projectId);
  if (!o) return '';
  const cost = formatPounds(o.cost);
  const left = formatPounds(result.budget - result.spent);
  if (o.funded) {
    if (result.rule === 'mes') return `Funded: ${plural(o.payers, 'voter', 'voters')} shared its ${cost} cost.`;
    return `Funded: ${plural(o.votes, 'vote', 'votes')}, and its ${cost} cost fitted in the ${formatPounds(o.remainingBefore)} still left.`;
  }
  if (o.votes === 0) return 'Not funded: nobody voted for it.';
  if (result.rule === 'greedy')
    return `Not funded: would have needed ${cost} when ${formatPounds(o.remainingBefore)} was left.`;
  if (o.cost > result.budget - result.spent) return `Not funded: would have needed ${cost} when ${left} was left.`;
  return `Not funded: its ${plural(o.votes, 'supporter', 'supporters')} had ${formatPounds(o.supportersMoney)} of their equal shares left between them, and it needed ${cost}.`;
}
