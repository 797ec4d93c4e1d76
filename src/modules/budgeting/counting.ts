/**
 * Counting a participatory budgeting vote: pure functions, no database.
 *
 * Two rules:
 * - greedy: projects in order of votes (total utility), each funded if it still fits, skipped if not;
 * - the Method of Equal Shares (MES) with the Add1 completion: every voter holds an equal share of the
 *   budget; a project is bought by its supporters, each paying at most their remaining share, choosing
 *   the project whose supporters pay least per unit of utility (ρ). Add1 raises the virtual budget by
 *   £1 per voter and counts again, for as long as the outcome still fits the real budget.
 *
 * Utilities per ballot type (what "votes" means to each rule):
 * - approval: cardinality (1 per approved project; the default) or cost (an approved project is worth
 *   its cost, the utility equalshares.net uses for approval ballots);
 * - cumulative: the points given;
 * - ranking: Borda points (a ballot of k ranked projects gives k to the first, 1 to the last).
 *
 * Ties (equal votes for greedy, equal ρ for MES) go to the lower cost, then the most votes (number of
 * ballots naming the project), then the project listed first, so every count is reproducible.
 *
 * Identical ballots are grouped and weighted before counting: their holders always pay the same, so a
 * group is one voter with a weight. That is what makes 60,000 ballots count in well under a second.
 */

export type BallotType = 'approval' | 'cumulative' | 'ranking';
export type Rule = 'greedy' | 'mes';
export type ApprovalUtility = 'cardinality' | 'cost';

export interface CountProject {
  id: string;
  cost: number;
}

/** One ballot: the projects chosen, with points (cumulative), or in order of preference (ranking). */
export interface CountBallot {
  projects: string[];
  points?: number[];
}

export interface Election {
  budget: number;
  ballotType: BallotType;
  projects: CountProject[];
  ballots: CountBallot[];
}

export interface CountOptions {
  rule: Rule;
  approvalUtility?: ApprovalUtility;
  /** MES only: run the Add1 completion (default true). */
  add1?: boolean;
}

export interface ProjectOutcome {
  id: string;
  cost: number;
  /** Ballots naming the project. */
  votes: number;
  /** Total utility (points or Borda score; equals votes for approval with cardinality utility). */
  score: number;
  funded: boolean;
  /** Order in which it was funded (1 first), null if not funded. */
  order: number | null;
  /** greedy: the money left when the project's turn came (before paying for it). */
  remainingBefore: number;
  /** MES: how many voters paid a share of its cost. */
  payers: number;
  /** MES, not funded: what its supporters still held between them at the end of the count. */
  supportersMoney: number;
}

export interface CountResult {
  rule: Rule;
  budget: number;
  spent: number;
  voters: number;
  /** Distinct ballots after grouping. */
  groups: number;
  /** MES: the per-voter share the final (Add1) count used; greedy: 0. */
  perVoterBudget: number;
  /** MES: how many counts the Add1 completion ran. */
  add1Rounds: number;
  funded: string[];
  projects: ProjectOutcome[];
}

interface Group {
  weight: number;
  /** Project indexes and the utility each gives. */
  idx: Int32Array;
  util: Float64Array;
}

const EPS = 1e-9;

/** Utilities of one ballot per project index, by ballot type. */
function ballotUtilities(
  ballot: CountBallot,
  ballotType: BallotType,
  index: Map<string, number>,
  costs: number[],
  approvalUtility: ApprovalUtility,
): Map<number, number> {
  const out = new Map<number, number>();
  const k = ballot.projects.length;
  ballot.projects.forEach((id, position) => {
    const i = index.get(id);
    if (i === undefined || out.has(i)) return;
    let u: number;
    if (ballotType === 'cumulative') u = ballot.points?.[position] ?? 1;
    else if (ballotType === 'ranking') u = k - position;
    else u = approvalUtility === 'cost' ? costs[i]! : 1;
    if (u > 0) out.set(i, u);
  });
  return out;
}

/** Groups identical ballots (same projects, same utilities) with a weight each. */
export function groupBallots(election: Election, approvalUtility: ApprovalUtility = 'cardinality') {
  const index = new Map(election.projects.map((p, i) => [p.id, i]));
  const costs = election.projects.map((p) => p.cost);
  const groups = new Map<string, Group>();
  const add = (key: string, idx: number[], util: number[]) => {
    const group = groups.get(key);
    if (group) group.weight += 1;
    else groups.set(key, { weight: 1, idx: Int32Array.from(idx), util: Float64Array.from(util) });
  };
  for (const ballot of election.ballots) {
    if (election.ballotType === 'approval') {
      // The common case, kept cheap: a sorted list of project indexes is the whole ballot.
      const idx = [...new Set(ballot.projects.map((id) => index.get(id)).filter((i) => i !== undefined))].sort(
        (a, b) => a - b,
      );
      add(idx.join(','), idx, approvalUtility === 'cost' ? idx.map((i) => costs[i]!) : idx.map(() => 1));
      continue;
    }
    const utilities = [...ballotUtilities(ballot, election.ballotType, index, costs, approvalUtility)].sort(
      (a, b) => a[0] - b[0],
    );
    add(
      utilities.map(([i, u]) => `${i}:${u}`).join(','),
      utilities.map(([i]) => i),
      utilities.map(([, u]) => u),
    );
  }
  return [...groups.values()];
}

function tally(n: number, groups: Group[]) {
  const votes = new Float64Array(n);
  const score = new Float64Array(n);
  for (const g of groups)
    for (let j = 0; j < g.idx.length; j++) {
      votes[g.idx[j]!]! += g.weight;
      score[g.idx[j]!]! += g.weight * g.util[j]!;
    }
  return { votes, score };
}

/** The greedy rule: most votes first, skip what no longer fits. */
function greedy(election: Election, votes: Float64Array, score: Float64Array) {
  const p = election.projects;
  const order = p
    .map((_, i) => i)
    .sort((a, b) => score[b]! - score[a]! || p[a]!.cost - p[b]!.cost || votes[b]! - votes[a]! || a - b);
  let left = election.budget;
  const funded: number[] = [];
  const remainingBefore = new Float64Array(p.length);
  for (const i of order) {
    remainingBefore[i] = left;
    if (score[i]! <= 0) continue;
    if (p[i]!.cost <= left + EPS) {
      funded.push(i);
      left -= p[i]!.cost;
    }
  }
  return { funded, remainingBefore };
}

interface MesRun {
  funded: number[];
  payers: Float64Array;
  money: Float64Array;
}

/**
 * One run of MES at a given per-voter share. Supporters of each project are kept as group indexes;
 * a project's ρ (price per unit of utility) only rises as money is spent, so a candidate whose last
 * known ρ is already worse than the best found this round is not recomputed (the reference
 * implementation's lazy pruning).
 */
function mesRun(
  costs: number[],
  groups: Group[],
  supporters: Int32Array[],
  supportUtil: Float64Array[],
  share: number,
  votes: Float64Array,
): MesRun {
  const n = costs.length;
  const money = new Float64Array(groups.length).fill(share);
  const wts = Float64Array.from(groups, (g) => g.weight);
  const payers = new Float64Array(n);
  const funded: number[] = [];
  // Last known ρ per project (lower is better); starts at the ρ of a project with all money unspent.
  const rhoKnown = new Float64Array(n);
  const alive = new Uint8Array(n);
  for (let c = 0; c < n; c++) {
    let totalUtil = 0;
    for (let j = 0; j < supporters[c]!.length; j++) totalUtil += wts[supporters[c]![j]!]! * supportUtil[c]![j]!;
    if (totalUtil > 0 && costs[c]! > 0) {
      alive[c] = 1;
      rhoKnown[c] = costs[c]! / totalUtil;
    }
  }
  const utilAll = (sup: Int32Array, ut: Float64Array) => {
    let total = 0;
    for (let j = 0; j < sup.length; j++) total += wts[sup[j]!]! * ut[j]!;
    return total;
  };

  const better = (a: number, rhoA: number, b: number, rhoB: number) => {
    if (b < 0) return true;
    if (rhoA < rhoB - EPS * Math.max(1, rhoB)) return true;
    if (rhoA > rhoB + EPS * Math.max(1, rhoB)) return false;
    return (
      costs[a]! < costs[b]! || (costs[a] === costs[b] && (votes[a]! > votes[b]! || (votes[a] === votes[b] && a < b)))
    );
  };

  for (;;) {
    const candidates: number[] = [];
    for (let c = 0; c < n; c++) if (alive[c]) candidates.push(c);
    candidates.sort((a, b) => rhoKnown[a]! - rhoKnown[b]!);
    let best = -1;
    let bestRho = Infinity;
    for (const c of candidates) {
      if (rhoKnown[c]! > bestRho * (1 + EPS) + EPS) break;
      const sup = supporters[c]!;
      const ut = supportUtil[c]!;
      let available = 0;
      for (let j = 0; j < sup.length; j++) available += wts[sup[j]!]! * money[sup[j]!]!;
      const cost = costs[c]!;
      if (available < cost - EPS * Math.max(1, cost)) {
        alive[c] = 0;
        continue;
      }
      // Water-filling: the smallest ρ with Σ weight·min(money, ρ·u) = cost. Start from the ρ at which
      // nobody runs out; each step caps those who would run out and solves again. ρ only rises and
      // the capped set only grows, so it stops at the exact answer, with no sorting.
      let rho = cost / utilAll(sup, ut);
      for (;;) {
        let cappedMoney = 0;
        let freeUtil = 0;
        for (let j = 0; j < sup.length; j++) {
          const g = sup[j]!;
          const w = wts[g]!;
          if (money[g]! < rho * ut[j]!) cappedMoney += w * money[g]!;
          else freeUtil += w * ut[j]!;
        }
        if (freeUtil <= 0) break;
        const next = (cost - cappedMoney) / freeUtil;
        if (next <= rho * (1 + 1e-12)) {
          rho = Math.max(rho, next);
          break;
        }
        rho = next;
      }
      rhoKnown[c] = rho;
      if (better(c, rho, best, bestRho)) {
        best = c;
        bestRho = rho;
      }
    }
    if (best < 0) break;
    funded.push(best);
    alive[best] = 0;
    const sup = supporters[best]!;
    const ut = supportUtil[best]!;
    let count = 0;
    for (let j = 0; j < sup.length; j++) {
      const g = sup[j]!;
      const pay = Math.min(money[g]!, bestRho * ut[j]!);
      if (pay > EPS) count += wts[g]!;
      money[g] = money[g]! - pay;
    }
    payers[best] = count;
  }
  return { funded, payers, money };
}

const sum = (xs: number[], costs: number[]) => xs.reduce((s, i) => s + costs[i]!, 0);

/** Counts an election by the chosen rule. Budgets and costs are whole pounds (any unit works). */
export function count(election: Election, options: CountOptions): CountResult {
  const approvalUtility = options.approvalUtility ?? 'cardinality';
  const groups = groupBallots(election, approvalUtility);
  const n = election.projects.length;
  const costs = election.projects.map((p) => p.cost);
  const { votes, score } = tally(n, groups);
  const voters = groups.reduce((s, g) => s + g.weight, 0);
  const outcome = (funded: number[], extra: (i: number) => Partial<ProjectOutcome>): CountResult['projects'] =>
    election.projects.map((p, i) => ({
      id: p.id,
      cost: p.cost,
      votes: votes[i]!,
      score: score[i]!,
      funded: funded.includes(i),
      order: funded.includes(i) ? funded.indexOf(i) + 1 : null,
      remainingBefore: 0,
      payers: 0,
      supportersMoney: 0,
      ...extra(i),
    }));

  if (options.rule === 'greedy') {
    const { funded, remainingBefore } = greedy(election, votes, score);
    return {
      rule: 'greedy',
      budget: election.budget,
      spent: sum(funded, costs),
      voters,
      groups: groups.length,
      perVoterBudget: 0,
      add1Rounds: 0,
      funded: funded.map((i) => election.projects[i]!.id),
      projects: outcome(funded, (i) => ({ remainingBefore: remainingBefore[i]! })),
    };
  }

  const supportersList: number[][] = Array.from({ length: n }, () => []);
  const utilList: number[][] = Array.from({ length: n }, () => []);
  groups.forEach((g, gi) => {
    for (let j = 0; j < g.idx.length; j++) {
      supportersList[g.idx[j]!]!.push(gi);
      utilList[g.idx[j]!]!.push(g.util[j]!);
    }
  });
  const supporters = supportersList.map((s) => Int32Array.from(s));
  const supportUtil = utilList.map((u) => Float64Array.from(u));

  const baseShare = voters > 0 ? election.budget / voters : 0;
  let share = baseShare;
  let run = mesRun(costs, groups, supporters, supportUtil, share, votes);
  let rounds = 0;
  if (options.add1 !== false && voters > 0) {
    for (;;) {
      const spent = sum(run.funded, costs);
      const exhaustive = !election.projects.some(
        (p, i) => !run.funded.includes(i) && score[i]! > 0 && spent + p.cost <= election.budget + EPS,
      );
      if (exhaustive) break;
      // A share above the whole budget cannot buy anything more, so the loop always ends.
      if (share > election.budget + 1) break;
      const next = mesRun(costs, groups, supporters, supportUtil, share + 1, votes);
      rounds += 1;
      if (sum(next.funded, costs) > election.budget + EPS) break;
      share += 1;
      run = next;
    }
  }
  const supportersMoney = (i: number) => supporters[i]!.reduce((s, g) => s + groups[g]!.weight * run.money[g]!, 0);
  return {
    rule: 'mes',
    budget: election.budget,
    spent: sum(run.funded, costs),
    voters,
    groups: groups.length,
    perVoterBudget: share,
    add1Rounds: rounds,
    funded: run.funded.map((i) => election.projects[i]!.id),
    projects: outcome(run.funded, (i) => ({
      payers: run.payers[i]!,
      supportersMoney: run.funded.includes(i) ? 0 : supportersMoney(i),
    })),
  };
}
