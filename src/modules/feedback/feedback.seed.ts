/**
 * Demo data: the published Council Tax Support consultation gets its themes, its demo responses
 * coded to them (as an officer would, by what each answer says), a decision citing them and
 * progress, so the public timeline and the results library have something real to show. Dates
 * follow the consultation's own: decided after it closed, delivered after that.
 * Idempotent: skipped when that consultation already has themes.
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Deps } from '../../deps.ts';
import { londonParts } from '../../web/format.ts';
import { claimAnnouncement } from '../channels/index.ts';
import { findConsultationBySlug } from '../consultations/index.ts';
import { questionnaires, responses } from '../questionnaires/index.ts';
import { feedbackCodings } from './feedback.tables.ts';
import * as decisionsRepo from './decisions.repository.ts';
import * as themesRepo from './themes.repository.ts';

export async function seedFeedback(deps: Deps) {
  const c = await findConsultationBySlug(deps.db, 'council-tax-support-scheme');
  if (!c || (await themesRepo.listThemes(deps.db, c.id)).length) return;
  const now = deps.clock.now();
  const closed = c.closesAt ?? now;
  // Decided on the date the consultation page promised (when that has passed), delivered a week on.
  const promised = c.decisionDate ? new Date(`${c.decisionDate}T12:00:00Z`) : new Date(closed.getTime() + 5 * WEEK);
  const decided = earlier(promised, now);
  const decidedOn = isoDate(decided);
  const deliveredOn = isoDate(earlier(new Date(decided.getTime() + WEEK), now));
  await deps.db.transaction(async (tx) => {
    // Seeded history is already told: never announce it to anyone.
    await claimAnnouncement(tx, c.id, 'feedback', c.stateChangedAt);
    const carers = await themesRepo.insertTheme(tx, {
      consultationId: c.id,
      title: 'Protect unpaid carers',
      description: 'Carers on low incomes would lose support under the proposed bands.',
      responseKind: 'we_did',
      responseText: 'We added a carers’ band, so unpaid carers keep the support they get now.',
      createdAt: now,
      updatedAt: now,
    });
    const simpler = await themesRepo.insertTheme(tx, {
      consultationId: c.id,
      title: 'Make it simpler to apply',
      description: 'People found the current forms long and confusing.',
      responseKind: 'we_will',
      responseText: 'A shorter online form goes live in April, with help by phone and at libraries.',
      createdAt: now,
      updatedAt: now,
    });
    const noRise = await themesRepo.insertTheme(tx, {
      consultationId: c.id,
      title: 'Do not raise Council Tax at all',
      responseKind: 'cannot',
      responseText: 'Council Tax levels are set in the budget, not in this scheme, so we could not consider this here.',
      createdAt: now,
      updatedAt: now,
    });
    const decision = await decisionsRepo.insertDecision(tx, {
      organisationId: c.leadOrganisationId,
      makerKind: 'full_council',
      makerName: 'Full Council',
      decidedOn,
      title: 'Council Tax Support scheme 2026/27',
      decision: 'Full Council agreed the banded scheme with a carers’ band.',
      reportUrl: '',
      minutesUrl: '',
      createdAt: now,
    });
    await decisionsRepo.linkConsultations(tx, decision.id, [c.id]);
    await codeByWhatTheySaid(tx, c.id, [
      { themeId: carers.id, says: /protect carers|unpaid carers|carers save|band for carers|care for my|carer’s allowance/i },
      { themeId: simpler.id, says: /simpl|easier|form|confusing|understand/i },
      { themeId: noRise.id, says: /raise council tax|too high|keep council tax down|cut waste/i },
    ]);
    await claimAnnouncement(tx, c.id, `decision:${decision.id}`, now);
    await decisionsRepo.replaceCitations(tx, decision.id, [
      {
        themeId: carers.id,
        howConsidered: 'The report set out carers’ concerns; the carers’ band was added in response.',
      },
      { themeId: simpler.id, howConsidered: 'The report committed to a shorter application form.' },
    ]);
    await decisionsRepo.insertUpdate(tx, {
      decisionId: decision.id,
      status: 'done',
      note: 'The new scheme started, with the carers’ band.',
      occurredOn: deliveredOn,
      createdAt: now,
    });
  });
}

const WEEK = 7 * 24 * 60 * 60 * 1000;

const earlier = (a: Date, b: Date) => (a < b ? a : b);

function isoDate(value: Date): string {
  const p = londonParts(value);
  return `${p.year}-${p.month.padStart(2, '0')}-${p.day.padStart(2, '0')}`;
}

/**
 * Codes each written answer to every theme whose words it uses, and quotes two consenting answers
 * a theme from those that make that point alone, so a quote never reads as being about another.
 */
async function codeByWhatTheySaid(db: Db, consultationId: string, rules: { themeId: string; says: RegExp }[]) {
  const rows = await db
    .select({
      id: responses.id,
      text: sql<string | null>`${responses.answers}->>'agree_reasons'`,
      consent: responses.publicationConsent,
    })
    .from(responses)
    .innerJoin(questionnaires, eq(questionnaires.id, responses.questionnaireId))
    .where(eq(questionnaires.ownerId, consultationId))
    .orderBy(responses.submittedAt, responses.id);
  const quoted = new Map<string, number>();
  const codings = rows.flatMap((row) =>
    rules
      .filter((rule) => row.text && rule.says.test(row.text))
      .map((rule) => {
        const quotes = quoted.get(rule.themeId) ?? 0;
        const alone = rules.filter((other) => other.says.test(row.text!)).length === 1;
        const quote = alone && row.consent !== 'do_not_publish' && quotes < 2;
        if (quote) quoted.set(rule.themeId, quotes + 1);
        return { themeId: rule.themeId, responseId: row.id, quoteKey: quote ? 'agree_reasons' : null };
      }),
  );
  for (let i = 0; i < codings.length; i += 500) await db.insert(feedbackCodings).values(codings.slice(i, i + 500));
}
