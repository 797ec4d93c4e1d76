/** When feedback falls due, and how urgent it is. Pure, so it is unit tested without a database. */
import { londonParts } from '../../web/format.ts';

export const DEFAULT_FEEDBACK_WEEKS = 6;
/** "Due soon" and the reminder both start this long before the deadline. */
export const DUE_SOON_DAYS = 14;

/**
 * The close date plus the organisation's weeks, at midday London time on that calendar day (as
 * the hub's feedbackDueDate does for the partnership's six weeks), so the day never shifts with BST.
 */
export function feedbackDueOn(closesAt: Date, weeks: number): Date {
  const { year, month, day } = londonParts(closesAt);
  return new Date(Date.UTC(Number(year), Number(month) - 1, Number(day) + weeks * 7, 12));
}

export type DueStatus = 'overdue' | 'due-soon' | 'due';

export function dueStatus(due: Date, now: Date): DueStatus {
  // Due at the end of its day: overdue only once that London day has passed.
  const endOfDay = due.getTime() + 12 * 3_600_000;
  if (now.getTime() > endOfDay) return 'overdue';
  return due.getTime() - now.getTime() <= DUE_SOON_DAYS * 86_400_000 ? 'due-soon' : 'due';
}
