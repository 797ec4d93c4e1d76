/** The one rule for when residents are promised feedback. Pure, for the hub, the standards check and other modules. */
import { londonParts } from '../../web/format.ts';

/**
 * The lead organisation's weeks (organisations.feedback_weeks) after the London date the
 * consultation closed, at midday that day, so the day never shifts with the clocks.
 */
export function feedbackDueDate(closesAt: Date, weeks: number): Date {
  const { year, month, day } = londonParts(closesAt);
  return new Date(Date.UTC(Number(year), Number(month) - 1, Number(day) + weeks * 7, 12));
}
