/**
 * Clash and fatigue detection: pure functions over activities, so the rules are unit tested on
 * their edge cases and the SQL only has to find a superset of candidates.
 *
 * Rules:
 * - Windows are half-open [startsAt, endsAt): two windows overlap when each starts before the
 *   other ends. An activity ending on 31 March (endsAt = 1 April 00:00) and one starting on
 *   1 April touch and do NOT clash.
 * - Place: a borough-wide activity reaches every ward, so it shares a place with any activity;
 *   otherwise the two must share a ward.
 * - A clash is an overlapping window, a shared place, and at least one shared audience or topic:
 *   the same people asked about the same kind of thing at the same time.
 * - Cancelled activities never clash and are never counted for fatigue.
 * - Fatigue: in any calendar quarter an activity touches, a ward (borough-wide counts for every
 *   ward), an audience or the residents' panel asked by more than `limit` activities.
 */
import { AUDIENCES, TOPICS } from '../consultations/index.ts';
import { quarterLabel, quartersOverlapping, quarterWindow, type Quarter } from './plan.catalogue.ts';

export interface PlannedActivity {
  id: string;
  title: string;
  organisationId: string;
  status: string;
  audiences: string[];
  topics: string[];
  wardCodes: string[];
  boroughWide: boolean;
  usesPanel: boolean;
  startsAt: Date;
  endsAt: Date;
}

export interface Clash {
  other: PlannedActivity;
  sameOrganisation: boolean;
  /** Plain-words reasons, e.g. "Both in Gascoigne", "Both ask council tenants and leaseholders". */
  reasons: string[];
}

const intersect = (a: string[], b: string[]) => a.filter((x) => b.includes(x));

export function windowsOverlap(a: Pick<PlannedActivity, 'startsAt' | 'endsAt'>, b: typeof a): boolean {
  return a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();
}

function sharedPlace(a: PlannedActivity, b: PlannedActivity, wardName: (code: string) => string): string | null {
  if (a.boroughWide && b.boroughWide) return 'Both borough-wide';
  if (a.boroughWide || b.boroughWide) return 'One is borough-wide, so it reaches the same wards';
  const wards = intersect(a.wardCodes, b.wardCodes);
  return wards.length ? `Both in ${wards.map(wardName).join(', ')}` : null;
}

const shares = (a: string[], b: string[]) => a.some((x) => b.includes(x));

/**
 * Whether two activities clash, by the rules above, without explaining why: the list page only
 * counts, and findClashes keeps exactly the pairs this accepts.
 */
export function clashes(a: PlannedActivity, b: PlannedActivity): boolean {
  if (a.id === b.id || a.status === 'cancelled' || b.status === 'cancelled') return false;
  if (!windowsOverlap(a, b)) return false;
  if (!a.boroughWide && !b.boroughWide && !shares(a.wardCodes, b.wardCodes)) return false;
  return shares(a.audiences, b.audiences) || shares(a.topics, b.topics);
}

/**
 * For each activity, how many of `others` it clashes with (the `clashes` rule), counting at most
 * `limit`: the list page's counts for a whole page at once. Wards, audiences and topics become
 * bit masks and windows numbers, so each pair is a few integer tests; `others` sorted by start
 * lets each activity look only at windows that can reach it. Falls back to `clashes` itself if a
 * vocabulary is too large for a mask (it never is: the catalogues are fixed and small).
 */
export function countClashes(activities: PlannedActivity[], others: PlannedActivity[], limit: number) {
  const sorted = [...others].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const bits = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()];
  const mask = (dimension: number, values: string[]) => {
    let m = 0;
    for (const v of values) {
      const map = bits[dimension]!;
      if (!map.has(v)) map.set(v, map.size);
      m |= 1 << map.get(v)!;
    }
    return m;
  };
  const shape = (a: PlannedActivity) => ({
    start: a.startsAt.getTime(),
    end: a.endsAt.getTime(),
    wards: a.boroughWide ? -1 : mask(0, a.wardCodes),
    audiences: mask(1, a.audiences),
    topics: mask(2, a.topics),
  });
  const shaped = sorted.map(shape);
  const mine = activities.map(shape);
  const masksFit = bits.every((map) => map.size <= 31);
  const longest = shaped.reduce((most, o) => Math.max(most, o.end - o.start), 0);
  const counts = new Map<string, number>();
  activities.forEach((activity, k) => {
    const a = mine[k]!;
    let n = 0;
    if (activity.status !== 'cancelled') {
      const to = firstStartAtOrAfter(shaped, a.end);
      for (let i = firstStartAtOrAfter(shaped, a.start - longest); i < to && n < limit; i++) {
        const o = shaped[i]!;
        if (!masksFit) {
          if (clashes(activity, sorted[i]!)) n++;
          continue;
        }
        if (o.end <= a.start || sorted[i]!.status === 'cancelled' || sorted[i]!.id === activity.id) continue;
        if (a.wards !== -1 && o.wards !== -1 && (a.wards & o.wards) === 0) continue;
        if ((a.audiences & o.audiences) !== 0 || (a.topics & o.topics) !== 0) n++;
      }
    }
    counts.set(activity.id, n);
  });
  return counts;
}

function firstStartAtOrAfter(sorted: { start: number }[], value: number) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]!.start < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The clashes between one activity and candidates (which may include itself and cancelled ones). */
export function findClashes(
  activity: PlannedActivity,
  candidates: PlannedActivity[],
  wardName: (code: string) => string = (code) => code,
): Clash[] {
  const found: Clash[] = [];
  for (const other of candidates) {
    if (!clashes(activity, other)) continue;
    const place = sharedPlace(activity, other, wardName)!;
    const audiences = intersect(activity.audiences, other.audiences);
    const topics = intersect(activity.topics, other.topics);
    const reasons = [place];
    if (audiences.length)
      reasons.push(`Both ask ${audiences.map((a) => AUDIENCES[a as keyof typeof AUDIENCES]?.label ?? a).join(', ')}`);
    if (topics.length)
      reasons.push(`Both about ${topics.map((t) => TOPICS[t as keyof typeof TOPICS] ?? t).join(', ')}`);
    found.push({ other, sameOrganisation: other.organisationId === activity.organisationId, reasons });
  }
  return found.sort((a, b) => a.other.startsAt.getTime() - b.other.startsAt.getTime());
}

export interface FatigueWarning {
  quarter: Quarter;
  quarterLabel: string;
  kind: 'ward' | 'audience' | 'panel';
  key: string;
  label: string;
  /** Activities asking this group in the quarter, this one included. */
  count: number;
  limit: number;
}

export interface AskedCount {
  kind: FatigueWarning['kind'];
  key: string;
  /** Other live activities asking this group in the quarter. */
  others: number;
}

/**
 * What the database counts for one quarter (plan.repository fatigueCounts), written out in
 * TypeScript: the specification the SQL is tested against.
 */
export function countAsked(
  activity: PlannedActivity,
  others: PlannedActivity[],
  quarter: Quarter,
  allWards: string[],
): AskedCount[] {
  const window = quarterWindow(quarter);
  const inQuarter = others.filter(
    (o) =>
      o.id !== activity.id &&
      o.status !== 'cancelled' &&
      windowsOverlap(o, { startsAt: window.start, endsAt: window.end }),
  );
  const wardsOf = (a: PlannedActivity) => (a.boroughWide ? allWards : a.wardCodes);
  return [
    ...wardsOf(activity).map((key) => ({
      kind: 'ward' as const,
      key,
      others: inQuarter.filter((o) => wardsOf(o).includes(key)).length,
    })),
    ...activity.audiences.map((key) => ({
      kind: 'audience' as const,
      key,
      others: inQuarter.filter((o) => o.audiences.includes(key)).length,
    })),
    ...(activity.usesPanel
      ? [{ kind: 'panel' as const, key: 'panel', others: inQuarter.filter((o) => o.usesPanel).length }]
      : []),
  ];
}

/** Turns one quarter's counts into warnings: asked by more than `limit` activities, this one included. */
export function fatigueWarnings(
  quarter: Quarter,
  counts: AskedCount[],
  limit: number,
  wardName: (code: string) => string,
): FatigueWarning[] {
  const labelOf = (count: AskedCount) =>
    count.kind === 'ward'
      ? wardName(count.key)
      : count.kind === 'panel'
        ? "The residents' panel"
        : (AUDIENCES[count.key as keyof typeof AUDIENCES]?.label ?? count.key);
  return counts
    .filter((count) => count.others + 1 > limit)
    .map((count) => ({
      quarter,
      quarterLabel: quarterLabel(quarter),
      kind: count.kind,
      key: count.key,
      label: labelOf(count),
      count: count.others + 1,
      limit,
    }));
}

/**
 * The groups this activity would ask more often than the limit in any quarter it touches.
 * `others` may include the activity itself and cancelled ones; both are skipped.
 */
export function findFatigue(
  activity: PlannedActivity,
  others: PlannedActivity[],
  limit: number,
  labels: { ward: (code: string) => string; allWards: string[] },
): FatigueWarning[] {
  if (activity.status === 'cancelled') return [];
  return quartersOverlapping(activity.startsAt, activity.endsAt).flatMap((quarter) =>
    fatigueWarnings(quarter, countAsked(activity, others, quarter, labels.allWards), limit, labels.ward),
  );
}
