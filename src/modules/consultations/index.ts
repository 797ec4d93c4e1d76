import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import type { ModuleManifest } from '../module.ts';
import { consultationsStaffRoutes } from './consultations.routes.ts';
import { tickConsultations } from './consultations-lifecycle.service.ts';
import { seedConsultations } from './consultations.seed.ts';
import { documentsRoutes } from './documents.routes.ts';
import { hubRoutes } from './hub.routes.ts';

export * from './catalogue.ts';
export type { CheckResult, CheckOutcome, CheckStatus, Principle } from './standards.types.ts';
export type { Consultation, ConsultationDocument } from './consultations.tables.ts';
/** For read-only joins in other modules' read queries (ADR 0007); never written outside this module. */
export { consultations, consultationWards, consultationPartners, consultationDocuments } from './consultations.tables.ts';
export { latestStandardsCheck } from './consultations.service.ts';
export { documentUrl } from './document-types.ts';
export { tickConsultations, publishFeedback } from './consultations-lifecycle.service.ts';
export { feedbackDueDate } from './feedback-due-date.ts';
export { canRead as canReadConsultation } from './consultations.policy.ts';
export {
  findConsultation,
  findConsultationBySlug,
  listPartnerIds,
  listConsultations,
} from './consultations.repository.ts';

export const TICK_JOB = 'consultations-tick';

async function routes(app: FastifyInstance, deps: Deps) {
  consultationsStaffRoutes(app, deps);
  await documentsRoutes(app, deps);
  // The hub's routes may become async (plugins); resolving covers both.
  await Promise.resolve(hubRoutes(app, deps));
}

export const consultationsModule: ModuleManifest = {
  name: 'consultations',
  viewsDir: path.join(import.meta.dirname, 'views'),
  routes,
  navigation: [
    { text: 'Find a consultation', href: '/consultations', area: 'public' },
    { text: 'Dashboard', href: '/staff', area: 'staff' },
    { text: 'Consultations', href: '/staff/consultations', area: 'staff' },
  ],
  seed: seedConsultations,
  jobs: [
    {
      name: TICK_JOB,
      everyMinute: true,
      run: async (deps) => {
        await tickConsultations(deps);
      },
    },
  ],
};
