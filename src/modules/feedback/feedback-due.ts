/**
 * How urgent feedback is. When it falls due is the consultations module's feedbackDueDate, so the
 * staff lists and the public consultation page name one date. Pure, so unit tested without a database.
 */

/** "Due soon" and the reminder both start this long before the deadline. */
export const DUE_SOON_DAYS = 14;

export type DueStatus = 'overdue' | 'due-soon' | 'due';

export function dueStatus(due: Date, now: Date): DueStatus {
  // Due at the end of its day: overdue only once that London day has passed.
  const endOfDay = due.getTime() + 12 * 3_600_000;
  if (now.getTime() > endOfDay) return 'overdue';
  return due.getTime() - now.getTime() <= DUE_SOON_DAYS * 86_400_000 ? 'due-soon' : 'due';
}
