/** When feedback falls due, and how urgent it is. Pure, so it is unit tested without a database. */
import { feedbackDueDate } from '../consultations/index.ts';

/** "Due soon" and the reminder both start this long before the deadline. */
export const DUE_SOON_DAYS = 14;

/**
 * The close date plus the organisation's weeks, at midday London time on that calendar day. The
 * consultations module's rule, so the staff lists and the public consultation page name one date.
 */
export const feedbackDueOn = (closesAt: Date, weeks: number): Date => feedbackDueDate(closesAt, weeks);

export type DueStatus = 'overdue' | 'due-soon' | 'due';

export function dueStatus(due: Date, now: Date): DueStatus {
  // Due at the end of its day: overdue only once that London day has passed.
  const endOfDay = due.getTime() + 12 * 3_600_000;
  if (now.getTime() > endOfDay) return 'overdue';
  return due.getTime() - now.getTime() <= DUE_SOON_DAYS * 86_400_000 ? 'due-soon' : 'due';
}
