/**
 * The method picker: scores each method against what the officer needs and says why, in words.
 * Pure, so the scoring can be tested without a database. Methods that need more time or money
 * than is available are kept out of the recommendations but listed with the reason.
 */
import { AUDIENCES, LADDER_LABELS, type LadderRung } from '../consultations/index.ts';
import { COST_BANDS, PURPOSES, type CostBand, type Purpose } from './toolkit.methods.ts';

export interface PickerMethod {
  slug: string;
  name: string;
  purposes: string[];
  rungs: string[];
  audiences: string[];
  cost: string;
  weeks: number;
}

export interface PickerNeeds {
  purpose?: Purpose;
  rung?: LadderRung;
  audiences: string[];
  /** Weeks available before results are needed. */
  weeks?: number;
  budget?: CostBand;
}

export interface Recommendation<M extends PickerMethod = PickerMethod> {
  method: M;
  score: number;
  reasons: string[];
}

export interface PickerResult<M extends PickerMethod = PickerMethod> {
  recommended: Recommendation<M>[];
  ruledOut: { method: M; reasons: string[] }[];
}

const audienceLabel = (slug: string) => AUDIENCES[slug as keyof typeof AUDIENCES]?.label.toLowerCase() ?? slug;
const costRank = (cost: string) => COST_BANDS.indexOf(cost as CostBand);

export function pickMethods<M extends PickerMethod>(methods: M[], needs: PickerNeeds, limit = 5): PickerResult<M> {
  const recommended: Recommendation<M>[] = [];
  const ruledOut: PickerResult<M>['ruledOut'] = [];
  for (const method of methods) {
    const blockers: string[] = [];
    if (needs.weeks !== undefined && method.weeks > needs.weeks)
      blockers.push(`Needs about ${method.weeks} weeks; you have ${needs.weeks}`);
    if (needs.budget && costRank(method.cost) > costRank(needs.budget))
      blockers.push(`Costs more than a ${needs.budget} budget`);
    if (blockers.length) {
      ruledOut.push({ method, reasons: blockers });
      continue;
    }
    let score = 0;
    const reasons: string[] = [];
    if (needs.purpose && method.purposes.includes(needs.purpose)) {
      score += 3;
      reasons.push(`Suits your purpose: ${PURPOSES[needs.purpose].toLowerCase()}`);
    }
    if (needs.rung && method.rungs.includes(needs.rung)) {
      score += 3;
      reasons.push(`Works at the ${LADDER_LABELS[needs.rung].label.toLowerCase()} rung of the ladder`);
    }
    const reached = needs.audiences.filter((a) => method.audiences.includes(a));
    if (reached.length) {
      score += 2 * reached.length;
      reasons.push(`Reaches ${reached.map(audienceLabel).join(', ')}`);
    }
    if (needs.weeks !== undefined) reasons.push(`Fits your time: about ${method.weeks} weeks of ${needs.weeks}`);
    if (needs.budget) {
      if (costRank(method.cost) < costRank(needs.budget)) score += 1;
      reasons.push(`Within your budget (${method.cost} cost)`);
    }
    if (score > 0) recommended.push({ method, score, reasons });
  }
  recommended.sort(
    (a, b) => b.score - a.score || a.method.weeks - b.method.weeks || a.method.name.localeCompare(b.method.name),
  );
  return { recommended: recommended.slice(0, limit), ruledOut };
}
