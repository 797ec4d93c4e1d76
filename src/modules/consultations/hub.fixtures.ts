/**
 * Test data for the hub's tests, inserted straight into the tables so the tests do not depend on
 * the demo seed. Not imported by the app.
 */
import { build } from '../../../test/helpers.ts';
import type { Deps } from '../../deps.ts';
import { organisations, staffUsers } from '../accounts/index.ts';
import { DEMO_WARDS_FILE, importWardBoundaries } from '../geography/index.ts';
import {
  consultationDocuments,
  consultationPartners,
  consultations,
  consultationWards,
  standardsChecks,
  standardsJustifications,
} from './consultations.tables.ts';

export const ABBEY = 'E05014053';
export const BEAM = 'E05014056';
export const VILLAGE = 'E05014070';

/** A fresh app on an empty database with the real wards and two organisations. */
export async function buildHub(options: { now?: string } = {}) {
  const context = await build({ seed: false, ...options });
  await importWardBoundaries(context.deps.db, DEMO_WARDS_FILE);
  const [council] = await context.deps.db
    .insert(organisations)
    .values({ slug: 'test-council', name: 'Test Borough Council', kind: 'council' })
    .returning();
  const [nhs] = await context.deps.db
    .insert(organisations)
    .values({ slug: 'test-nhs', name: 'Test NHS Trust', kind: 'nhs' })
    .returning();
  const [officer] = await context.deps.db
    .insert(staffUsers)
    .values({
      organisationId: council!.id,
      email: 'officer@test.example',
      name: 'Olu Officer',
      role: 'engagement_officer',
    })
    .returning();
  return { ...context, council: council!, nhs: nhs!, officer: officer! };
}

let counter = 0;

type ConsultationInput = Partial<typeof consultations.$inferInsert> & {
  wards?: string[];
  partners?: string[];
};

/** Inserts a consultation (open, closing in a month, by default) with its wards and partners. */
export async function addConsultation(deps: Deps, leadOrganisationId: string, input: ConsultationInput = {}) {
  counter += 1;
  const now = deps.clock.now().getTime();
  const { wards = [], partners = [], ...values } = input;
  const [row] = await deps.db
    .insert(consultations)
    .values({
      slug: `consultation-${counter}`,
      title: `Consultation number ${counter}`,
      summary: 'A summary.',
      leadOrganisationId,
      state: 'open',
      opensAt: new Date(now - 7 * 86_400_000),
      closesAt: new Date(now + 30 * 86_400_000),
      ...values,
    })
    .returning();
  if (wards.length)
    await deps.db.insert(consultationWards).values(wards.map((wardCode) => ({ consultationId: row!.id, wardCode })));
  if (partners.length) {
    await deps.db
      .insert(consultationPartners)
      .values(partners.map((organisationId) => ({ consultationId: row!.id, organisationId })));
  }
  return row!;
}

export { consultationDocuments, standardsChecks, standardsJustifications };
