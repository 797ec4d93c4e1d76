/**
 * The rising-issue rule, in one place so the page, the flag and the tests agree.
 *
 * For each ward and topic, compare the last 4 weeks (28 days up to and including today) with the
 * 12 weeks before them. An issue is rising when residents raised it at least RISING_MIN_RECENT
 * times in the last 4 weeks AND at least twice as often as the weekly rate of the 12 weeks before
 * (recent ≥ 2 × previous ÷ 3, the previous count scaled to 4 weeks). With nothing heard before,
 * RISING_MIN_RECENT times in 4 weeks is enough. Borough-wide items (no ward) count as their own
 * "whole borough" row; they are not spread over every ward.
 */

export const RISING_MIN_RECENT = 3;
export const RECENT_DAYS = 28;
export const PREVIOUS_DAYS = 84;

export interface WardTopicCount {
  wardCode: string | null;
  topic: string;
  recent: number;
  previous: number;
}

export function isRising(recent: number, previous: number): boolean {
  return recent >= RISING_MIN_RECENT && recent * 3 >= 2 * previous;
}

export interface RisingIssue extends WardTopicCount {
  /** Items per 4 weeks in the 12 weeks before, for the sentence "up from 1.3 every 4 weeks". */
  previousRate: number;
}

/** The rising ones, most recent mentions first. */
export function risingIssues(counts: readonly WardTopicCount[]): RisingIssue[] {
  return counts
    .filter((c) => isRising(c.recent, c.previous))
    .map((c) => ({ ...c, previousRate: Math.round((c.previous / 3) * 10) / 10 }))
    .sort(
      (a, b) =>
        b.recent - a.recent || (a.wardCode ?? '').localeCompare(b.wardCode ?? '') || a.topic.localeCompare(b.topic),
    );
}

/** The day RECENT_DAYS and RECENT_DAYS + PREVIOUS_DAYS before today (ISO dates): the windows' first days. */
export function windows(today: string) {
  const day = (offset: number) => {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - offset);
    return d.toISOString().slice(0, 10);
  };
  return { recentFrom: day(RECENT_DAYS - 1), previousFrom: day(RECENT_DAYS - 1 + PREVIOUS_DAYS) };
}
