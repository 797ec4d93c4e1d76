/**
 * Demo data: the published Council Tax Support consultation gets its themes, answers, a decision
 * citing them and progress, so the public timeline and the results library have something real
 * to show. Idempotent: skipped when that consultation already has themes.
 */
import type { Deps } from '../../deps.ts';
import { claimAnnouncement } from '../channels/index.ts';
import { findConsultationBySlug } from '../consultations/index.ts';
import * as decisionsRepo from './decisions.repository.ts';
import * as themesRepo from './themes.repository.ts';

export async function seedFeedback(deps: Deps) {
  const c = await findConsultationBySlug(deps.db, 'council-tax-support-scheme');
  if (!c || (await themesRepo.listThemes(deps.db, c.id)).length) return;
  const now = deps.clock.now();
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
    await themesRepo.insertTheme(tx, {
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
      decidedOn: '2026-02-27',
      title: 'Council Tax Support scheme 2026/27',
      decision: 'Full Council agreed the banded scheme with a carers’ band.',
      reportUrl: '',
      minutesUrl: '',
      createdAt: now,
    });
    await decisionsRepo.linkConsultations(tx, decision.id, [c.id]);
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
      note: 'The new scheme started on 1 April.',
      occurredOn: '2026-04-01',
      createdAt: now,
    });
  });
}
