/**
 * The partnership's consultation standards as a pure function: the Gunning principles and the
 * engagement strategy's principles become concrete checks that pass, warn or block. A warning is
 * resolved once an officer writes why it is acceptable; a block must be fixed.
 */
import type { Config } from '../../config.ts';
import { formatDate, londonParts } from '../../web/format.ts';
import { AUDIENCES, isAudience } from './catalogue.ts';
import { feedbackDueDate } from './feedback-due-date.ts';
import type { CheckOutcome, CheckResult, CheckStatus, Principle } from './standards.types.ts';
import { findJargon } from './standards-jargon.ts';
import type { Consultation } from './consultations.tables.ts';

/** The parts of a consultation the standards look at. */
export type CheckedConsultation = Pick<
  Consultation,
  | 'title'
  | 'summary'
  | 'background'
  | 'proposal'
  | 'whatCanChange'
  | 'whatCannotChange'
  | 'howResponsesUsed'
  | 'decisionMaker'
  | 'decisionDate'
  | 'audiences'
  | 'opensAt'
  | 'closesAt'
  | 'offlineResponse'
  | 'contactDetails'
  | 'equalitiesLiaison'
>;

/** The configured thresholds (weeks): STANDARDS_* in config.ts. */
export type Thresholds = Config['standards'];

export interface CheckContext {
  documentsCount: number;
  now: Date;
  thresholds: Thresholds;
  wardsCount: number;
  partnerCount: number;
  /** The lead organisation's feedback promise (organisations.feedback_weeks). */
  feedbackWeeks: number;
}

export interface CheckRun {
  outcome: CheckOutcome;
  results: CheckResult[];
}

const DAY = 24 * 60 * 60 * 1000;
const WEEK = 7 * DAY;
// A period that crosses a clock change is an hour short or long in real time; that hour must not
// turn "exactly 6 weeks" into a warning.
const CLOCK_CHANGE_TOLERANCE = 60 * 60 * 1000;
const MAX_AVERAGE_SENTENCE_WORDS = 25;

const blank = (value: string | null | undefined) => !value || value.trim() === '';

/** The London calendar date of an instant as YYYY-MM-DD. */
function londonDate(value: Date): string {
  const p = londonParts(value);
  return `${p.year}-${p.month.padStart(2, '0')}-${p.day.padStart(2, '0')}`;
}

function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function weeksLabel(weeks: number): string {
  return weeks === 1 ? '1 week' : `${weeks} weeks`;
}

/** Whether [opens, closes] touches Christmas and New Year (24 Dec to 1 Jan) or August. */
export function holidaysOverlapped(opensAt: Date, closesAt: Date): string[] {
  const start = londonDate(opensAt);
  const end = londonDate(closesAt);
  const found = new Set<string>();
  for (let year = Number(start.slice(0, 4)); year <= Number(end.slice(0, 4)); year++) {
    const overlaps = (from: string, to: string) => start <= to && end >= from;
    if (overlaps(`${year - 1}-12-24`, `${year}-01-01`) || overlaps(`${year}-12-24`, `${year + 1}-01-01`)) {
      found.add('Christmas and New Year');
    }
    if (overlaps(`${year}-08-01`, `${year}-08-31`)) found.add('the August holiday');
  }
  return [...found];
}

/** Average words per sentence; a text without sentence ends counts as one sentence. */
export function averageSentenceLength(text: string): number {
  const sentences = text
    .split(/[.!?]+(?:\s|$)/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (sentences.length === 0) return 0;
  const words = sentences.reduce((sum, s) => sum + s.split(/\s+/).filter(Boolean).length, 0);
  return words / sentences.length;
}

/** Runs every check and works out the outcome, applying written justifications to warnings. */
export function runStandardsCheck(
  c: CheckedConsultation,
  context: CheckContext,
  justifications: Record<string, string> = {},
): CheckRun {
  const results: CheckResult[] = [];
  const add = (key: string, principle: Principle, title: string, status: CheckStatus, message: string) => {
    const result: CheckResult = { key, principle, title, status, message };
    const justification = justifications[key]?.trim();
    if (status === 'warning' && justification) result.justification = justification;
    results.push(result);
  };
  const { thresholds } = context;

  // Gunning 1: proposals are still formative, so there must be time to consider responses.
  if (!c.decisionDate) {
    add(
      'formative.decision-date',
      'formative',
      'The decision is due after responses have been considered',
      'warning',
      'No expected decision date is given, so nobody can see there is time to consider responses.',
    );
  } else if (c.closesAt && c.decisionDate <= londonDate(c.closesAt)) {
    add(
      'formative.decision-date',
      'formative',
      'The decision is due after responses have been considered',
      'block',
      `The decision is expected on ${formatDate(c.decisionDate)}, before the consultation closes on ${formatDate(c.closesAt)}.`,
    );
  } else if (c.closesAt && c.decisionDate < addDays(londonDate(c.closesAt), thresholds.analysisWeeks * 7)) {
    add(
      'formative.decision-date',
      'formative',
      'The decision is due after responses have been considered',
      'warning',
      `The decision is expected less than ${weeksLabel(thresholds.analysisWeeks)} after the consultation closes, which leaves little time to analyse responses.`,
    );
  } else {
    add(
      'formative.decision-date',
      'formative',
      'The decision is due after responses have been considered',
      'pass',
      `The decision is expected on ${formatDate(c.decisionDate)}${c.closesAt ? `, at least ${weeksLabel(thresholds.analysisWeeks)} after the consultation closes` : ''}.`,
    );
  }
  add(
    'formative.what-can-change',
    'formative',
    'It says what can still change',
    blank(c.whatCanChange) ? 'block' : 'pass',
    blank(c.whatCanChange)
      ? 'Say what residents can still influence. If nothing can change, this is not a consultation.'
      : 'What can still change is stated.',
  );

  // Gunning 2: enough information for an intelligent response.
  add(
    'sufficient-information.summary',
    'sufficient-information',
    'There is a summary',
    blank(c.summary) ? 'block' : 'pass',
    blank(c.summary) ? 'Write a plain-English summary of the proposal.' : 'A summary is given.',
  );
  add(
    'sufficient-information.proposal',
    'sufficient-information',
    'The proposal is described',
    blank(c.proposal) ? 'block' : 'pass',
    blank(c.proposal) ? 'Describe the proposal people are being asked about.' : 'The proposal is described.',
  );
  add(
    'sufficient-information.background',
    'sufficient-information',
    'The background is explained',
    blank(c.background) ? 'warning' : 'pass',
    blank(c.background) ? 'Explain why the change is being considered.' : 'The background is explained.',
  );
  add(
    'sufficient-information.documents',
    'sufficient-information',
    'Supporting documents are attached',
    context.documentsCount === 0 ? 'warning' : 'pass',
    context.documentsCount === 0
      ? 'No documents are attached. Add the full proposal, an equality impact assessment or other evidence.'
      : `${context.documentsCount} document${context.documentsCount === 1 ? ' is' : 's are'} attached.`,
  );
  add(
    'sufficient-information.how-responses-used',
    'sufficient-information',
    'It says how responses will be used',
    blank(c.howResponsesUsed) ? 'warning' : 'pass',
    blank(c.howResponsesUsed)
      ? 'Say how responses will be analysed and used in the decision.'
      : 'How responses will be used is stated.',
  );

  // Gunning 3: adequate time.
  if (!c.opensAt || !c.closesAt) {
    add(
      'adequate-time.period',
      'adequate-time',
      'The consultation is open long enough',
      'block',
      'Give an opening and a closing date.',
    );
  } else {
    const length = c.closesAt.getTime() - c.opensAt.getTime();
    const atLeast = (weeks: number) => length + CLOCK_CHANGE_TOLERANCE >= weeks * WEEK;
    const days = Math.round(length / DAY);
    const period = `The consultation is open for ${days} day${days === 1 ? '' : 's'}`;
    if (length <= 0) {
      add(
        'adequate-time.period',
        'adequate-time',
        'The consultation is open long enough',
        'block',
        'The closing date must be after the opening date.',
      );
    } else if (!atLeast(thresholds.blockWeeks)) {
      add(
        'adequate-time.period',
        'adequate-time',
        'The consultation is open long enough',
        'block',
        `${period}, less than ${weeksLabel(thresholds.blockWeeks)}. Nobody could respond properly in that time.`,
      );
    } else if (!atLeast(thresholds.minimumWeeks)) {
      add(
        'adequate-time.period',
        'adequate-time',
        'The consultation is open long enough',
        'warning',
        `${period}, shorter than the partnership's ${weeksLabel(thresholds.minimumWeeks)} minimum.`,
      );
    } else if (!atLeast(thresholds.recommendedWeeks)) {
      add(
        'adequate-time.period',
        'adequate-time',
        'The consultation is open long enough',
        'warning',
        `${period}, shorter than the recommended ${weeksLabel(thresholds.recommendedWeeks)}.`,
      );
    } else {
      add(
        'adequate-time.period',
        'adequate-time',
        'The consultation is open long enough',
        'pass',
        `${period}, at least the recommended ${weeksLabel(thresholds.recommendedWeeks)}.`,
      );
    }
    if (length > 0) {
      const holidays = holidaysOverlapped(c.opensAt, c.closesAt);
      add(
        'adequate-time.holidays',
        'adequate-time',
        'The period allows for holidays',
        holidays.length > 0 ? 'warning' : 'pass',
        holidays.length > 0
          ? `The consultation runs over ${holidays.join(' and ')}. Add at least a week for each, as fewer people take part then.`
          : 'The consultation does not run over Christmas and New Year or August.',
      );
    }
  }

  // Gunning 4: conscientious consideration needs someone accountable for the decision.
  add(
    'conscientious-consideration.decision-maker',
    'conscientious-consideration',
    'It names who will make the decision',
    blank(c.decisionMaker) ? 'block' : 'pass',
    blank(c.decisionMaker)
      ? 'Name the person or body who will decide, such as Cabinet.'
      : `The decision will be made by ${c.decisionMaker.trim()}.`,
  );

  // Engagement principles.
  add(
    'clear-purpose.stated',
    'clear-purpose',
    'The purpose is clear',
    blank(c.title) || blank(c.summary) ? 'block' : 'pass',
    blank(c.title) || blank(c.summary)
      ? 'Give a title and a summary that say what the consultation is about.'
      : 'The title and summary say what the consultation is about.',
  );
  add(
    'what-can-change.cannot',
    'what-can-change',
    'It says what cannot change',
    blank(c.whatCannotChange) ? 'warning' : 'pass',
    blank(c.whatCannotChange)
      ? 'Say what is already decided or fixed, so people do not spend time on it.'
      : 'What cannot change is stated.',
  );
  add(
    'inclusive.offline',
    'inclusive',
    'People can respond without the internet',
    blank(c.offlineResponse) ? 'block' : 'pass',
    blank(c.offlineResponse)
      ? 'Say how people can respond on paper, by phone or in person, so nobody without the internet is left out.'
      : 'Ways to respond on paper or by phone are given.',
  );
  add(
    'inclusive.contact',
    'inclusive',
    'Contact details are given',
    blank(c.contactDetails) ? 'warning' : 'pass',
    blank(c.contactDetails)
      ? 'Give contact details for questions and for other formats, such as large print or another language.'
      : 'Contact details are given.',
  );

  const identity = c.audiences.filter((a) => isAudience(a) && AUDIENCES[a].kind === 'identity');
  if (identity.length > 0 && blank(c.equalitiesLiaison)) {
    add(
      'equalities-liaison.recorded',
      'equalities-liaison',
      'The equalities fora have been involved',
      'warning',
      `The consultation is aimed at ${identity.map((a) => AUDIENCES[a as keyof typeof AUDIENCES].label.toLowerCase()).join(', ')}, but no liaison with the equalities fora is recorded.`,
    );
  } else {
    add(
      'equalities-liaison.recorded',
      'equalities-liaison',
      'The equalities fora have been involved',
      'pass',
      blank(c.equalitiesLiaison)
        ? 'No communities of identity are targeted, so liaison is not needed.'
        : 'Liaison with the equalities fora is recorded.',
    );
  }

  // The key keeps its old name: stored checks and justifications refer to it. The weeks are the
  // lead organisation's, so this states the same date as the public page and the staff lists.
  const weeks = context.feedbackWeeks;
  add(
    'feedback.within-six-weeks',
    'feedback',
    `Feedback is published within ${weeks} weeks of closing`,
    'pass',
    c.closesAt
      ? `Feedback to residents is due by ${formatDate(feedbackDueDate(c.closesAt, weeks))}, ${weeks} weeks after the consultation closes.`
      : `Feedback to residents is due ${weeks} weeks after the consultation closes.`,
  );

  const average = averageSentenceLength(c.summary);
  add(
    'plain-english.sentence-length',
    'plain-english',
    'The summary uses short sentences',
    average > MAX_AVERAGE_SENTENCE_WORDS ? 'warning' : 'pass',
    average > MAX_AVERAGE_SENTENCE_WORDS
      ? `Sentences in the summary average ${Math.round(average)} words. Aim for ${MAX_AVERAGE_SENTENCE_WORDS} words or fewer.`
      : `Sentences in the summary average ${Math.round(average)} words.`,
  );
  const jargon = findJargon(`${c.title} ${c.summary}`);
  add(
    'plain-english.jargon',
    'plain-english',
    'The title and summary avoid jargon',
    jargon.length > 0 ? 'warning' : 'pass',
    jargon.length > 0
      ? `Replace jargon with everyday words: ${jargon.map((w) => `“${w}”`).join(', ')}.`
      : 'No jargon found.',
  );

  return { outcome: outcomeOf(results), results };
}

/** Blocked if anything blocks; warnings while any warning lacks a justification; otherwise pass. */
export function outcomeOf(results: CheckResult[]): CheckOutcome {
  if (results.some((r) => r.status === 'block')) return 'blocked';
  if (results.some((r) => r.status === 'warning' && !r.justification)) return 'warnings';
  return 'pass';
}

export const PRINCIPLE_LABELS: Record<Principle, string> = {
  formative: 'Gunning 1: proposals are still at a formative stage',
  'sufficient-information': 'Gunning 2: enough information to respond',
  'adequate-time': 'Gunning 3: enough time to respond',
  'conscientious-consideration': 'Gunning 4: responses will be properly considered',
  'clear-purpose': 'A clear purpose',
  'what-can-change': 'What can and cannot change',
  inclusive: 'Inclusive: everyone can take part',
  'equalities-liaison': 'Equalities fora',
  feedback: 'Feedback to residents',
  'plain-english': 'Plain English',
};
