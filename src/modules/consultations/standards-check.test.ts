import { describe, expect, it } from 'vitest';
import { fromLondon } from '../../web/format.ts';
import {
  averageSentenceLength,
  runStandardsCheck,
  type CheckedConsultation,
  type CheckContext,
} from './standards-check.ts';
import { findJargon } from './standards-jargon.ts';

const WEEK = 7 * 24 * 60 * 60 * 1000;
const opens = fromLondon(2027, 3, 1, 9, 0);

function good(overrides: Partial<CheckedConsultation> = {}): CheckedConsultation {
  return {
    title: 'Library opening hours',
    summary: 'We want to change when our libraries open. Tell us which hours suit you best.',
    background: 'Fewer people visit on weekday mornings.',
    proposal: 'Open later on weekdays and longer on Saturdays.',
    whatCanChange: 'The hours each library opens.',
    whatCannotChange: 'The number of libraries.',
    howResponsesUsed: 'We will publish a report and Cabinet will read it.',
    decisionMaker: 'Cabinet',
    decisionDate: '2027-08-20',
    audiences: ['residents'],
    opensAt: opens,
    closesAt: new Date(opens.getTime() + 12 * WEEK),
    offlineResponse: 'Paper copies at every library. Freephone 0800 000 0000.',
    contactDetails: 'engagement@council.example',
    equalitiesLiaison: '',
    ...overrides,
  };
}

const context: CheckContext = {
  documentsCount: 1,
  now: fromLondon(2027, 1, 10),
  thresholds: { blockWeeks: 2, minimumWeeks: 6, recommendedWeeks: 12, analysisWeeks: 4 },
  wardsCount: 0,
  partnerCount: 0,
  feedbackWeeks: 6,
};

const result = (run: ReturnType<typeof runStandardsCheck>, key: string) => run.results.find((r) => r.key === key)!;

describe('runStandardsCheck', () => {
  it('passes a complete consultation open for 12 weeks', () => {
    const run = runStandardsCheck(good(), context);
    expect(run.results.filter((r) => r.status !== 'pass')).toEqual([]);
    expect(run.outcome).toBe('pass');
  });

  it('blocks a period shorter than 2 weeks, warns at exactly 2 and at exactly 6, passes at exactly 12', () => {
    const at = (ms: number) =>
      result(runStandardsCheck(good({ closesAt: new Date(opens.getTime() + ms) }), context), 'adequate-time.period');
    expect(at(2 * WEEK - 60_000 * 120).status).toBe('block');
    const two = at(2 * WEEK);
    expect(two.status).toBe('warning');
    expect(two.message).toContain("shorter than the partnership's 6 weeks minimum");
    const six = at(6 * WEEK);
    expect(six.status).toBe('warning');
    expect(six.message).toContain('shorter than the recommended 12 weeks');
    expect(at(12 * WEEK).status).toBe('pass');
  });

  it('counts 6 weeks across the spring clock change as 6 weeks', () => {
    const closes = fromLondon(2027, 4, 12, 9, 0); // BST began on 28 March
    const run = runStandardsCheck(good({ closesAt: closes }), context);
    expect(result(run, 'adequate-time.period').message).toContain('recommended 12 weeks');
  });

  it('blocks when dates are missing or the closing date is before the opening date', () => {
    expect(result(runStandardsCheck(good({ opensAt: null }), context), 'adequate-time.period').status).toBe('block');
    const backwards = runStandardsCheck(good({ closesAt: new Date(opens.getTime() - WEEK) }), context);
    expect(result(backwards, 'adequate-time.period').status).toBe('block');
    expect(backwards.outcome).toBe('blocked');
  });

  it('blocks a decision before the close, warns when under 4 weeks after it, warns when missing', () => {
    // Closes 24 May 2027
    expect(
      result(runStandardsCheck(good({ decisionDate: '2027-05-20' }), context), 'formative.decision-date').status,
    ).toBe('block');
    expect(
      result(runStandardsCheck(good({ decisionDate: '2027-06-01' }), context), 'formative.decision-date').status,
    ).toBe('warning');
    expect(
      result(runStandardsCheck(good({ decisionDate: '2027-06-21' }), context), 'formative.decision-date').status,
    ).toBe('pass');
    expect(result(runStandardsCheck(good({ decisionDate: null }), context), 'formative.decision-date').status).toBe(
      'warning',
    );
  });

  it('blocks missing essentials: what can change, summary, proposal, decision maker, offline response', () => {
    for (const [field, key] of [
      ['whatCanChange', 'formative.what-can-change'],
      ['summary', 'sufficient-information.summary'],
      ['proposal', 'sufficient-information.proposal'],
      ['decisionMaker', 'conscientious-consideration.decision-maker'],
      ['offlineResponse', 'inclusive.offline'],
    ] as const) {
      const run = runStandardsCheck(good({ [field]: '   ' }), context);
      expect(result(run, key).status, key).toBe('block');
      expect(run.outcome).toBe('blocked');
    }
  });

  it('warns about no documents, no cannot-change, no contact details and no use of responses', () => {
    const run = runStandardsCheck(good({ whatCannotChange: '', contactDetails: '', howResponsesUsed: '' }), {
      ...context,
      documentsCount: 0,
    });
    for (const key of [
      'sufficient-information.documents',
      'what-can-change.cannot',
      'inclusive.contact',
      'sufficient-information.how-responses-used',
    ]) {
      expect(result(run, key).status, key).toBe('warning');
    }
    expect(run.outcome).toBe('warnings');
  });

  it('warns over Christmas and over August', () => {
    const christmas = runStandardsCheck(
      good({ opensAt: fromLondon(2027, 11, 1), closesAt: fromLondon(2028, 1, 31) }),
      context,
    );
    expect(result(christmas, 'adequate-time.holidays').message).toContain('Christmas and New Year');
    const august = runStandardsCheck(
      good({ opensAt: fromLondon(2027, 7, 1), closesAt: fromLondon(2027, 9, 30), decisionDate: '2027-12-01' }),
      context,
    );
    expect(result(august, 'adequate-time.holidays').message).toContain('August');
  });

  it('asks for equalities liaison only when communities of identity are targeted', () => {
    expect(
      result(runStandardsCheck(good({ audiences: ['older-people'] }), context), 'equalities-liaison.recorded').status,
    ).toBe('warning');
    expect(
      result(
        runStandardsCheck(
          good({ audiences: ['older-people'], equalitiesLiaison: 'Met the Older People’s Forum' }),
          context,
        ),
        'equalities-liaison.recorded',
      ).status,
    ).toBe('pass');
    expect(
      result(runStandardsCheck(good({ audiences: ['businesses'] }), context), 'equalities-liaison.recorded').status,
    ).toBe('pass');
  });

  it('states when feedback is due, the lead organisation’s weeks after closing', () => {
    expect(result(runStandardsCheck(good(), context), 'feedback.within-six-weeks').message).toContain('5 July 2027');
    const eight = result(runStandardsCheck(good(), { ...context, feedbackWeeks: 8 }), 'feedback.within-six-weeks');
    expect(eight.title).toBe('Feedback is published within 8 weeks of closing');
    expect(eight.message).toContain('19 July 2027, 8 weeks after');
  });

  it('warns about long sentences and names the jargon found', () => {
    const long = Array.from({ length: 30 }, () => 'word').join(' ') + '.';
    expect(result(runStandardsCheck(good({ summary: long }), context), 'plain-english.sentence-length').status).toBe(
      'warning',
    );
    const jargon = result(
      runStandardsCheck(good({ summary: 'Going forward we will leverage stakeholder synergy.' }), context),
      'plain-english.jargon',
    );
    expect(jargon.status).toBe('warning');
    expect(jargon.message).toContain('“stakeholder”');
    expect(jargon.message).toContain('“going forward”');
  });

  it('treats a warning with a written justification as resolved, but never a block', () => {
    const six = good({ closesAt: new Date(opens.getTime() + 6 * WEEK) });
    expect(runStandardsCheck(six, context).outcome).toBe('warnings');
    expect(runStandardsCheck(six, context, { 'adequate-time.period': '  ' }).outcome).toBe('warnings');
    const justified = runStandardsCheck(six, context, {
      'adequate-time.period': 'The budget deadline is fixed by law.',
    });
    expect(justified.outcome).toBe('pass');
    expect(result(justified, 'adequate-time.period').justification).toBe('The budget deadline is fixed by law.');
    const blocked = runStandardsCheck(good({ decisionMaker: '' }), context, {
      'conscientious-consideration.decision-maker': 'Because',
    });
    expect(blocked.outcome).toBe('blocked');
  });
});

describe('plain English helpers', () => {
  it('matches whole words only', () => {
    expect(findJargon('Our robust plan')).toEqual(['robust']);
    expect(findJargon('robustness')).toEqual([]);
    expect(findJargon('Stakeholders met')).toEqual(['stakeholders']);
  });
  it('averages words per sentence', () => {
    expect(averageSentenceLength('One two three. Four five six seven eight!')).toBe(4);
    expect(averageSentenceLength('')).toBe(0);
  });
});
