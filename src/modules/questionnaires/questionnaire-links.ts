import type { ConsultationLink, ConsultationLinkProvider } from '../module.ts';
import { findQuestionnaireByOwner } from './questionnaires.repository.ts';

const PUBLIC_STATES = new Set(['scheduled', 'open', 'closed', 'feedback_published', 'archived']);

/** "Respond online" and the paper copy on the public page; the builder on the staff page. */
export const questionnaireLinks: ConsultationLinkProvider = async (deps, consultation) => {
  const questionnaire = await findQuestionnaireByOwner(deps.db, consultation.id);
  const links: ConsultationLink[] = [
    {
      area: 'staff',
      text: questionnaire ? 'Questionnaire' : 'Create a questionnaire',
      href: `/staff/consultations/${consultation.id}/questionnaire`,
    },
  ];
  if (questionnaire && (questionnaire.private || questionnaire.mode === 'verified')) {
    links.push({
      area: 'staff',
      text: 'Private invitations',
      href: `/staff/consultations/${consultation.id}/questionnaire/invitations`,
    });
  }
  // Private questionnaires are reached only through invitations, never from the public page.
  if (!questionnaire || questionnaire.private) return links;
  if (consultation.state === 'open') {
    links.push({
      area: 'public',
      text: 'Respond online',
      href: `/consultations/${consultation.slug}/respond`,
      primary: true,
    });
  }
  if (PUBLIC_STATES.has(consultation.state)) {
    links.push({
      area: 'public',
      text: 'Print a paper copy of the questionnaire',
      href: `/consultations/${consultation.slug}/questionnaire/print`,
    });
  }
  return links;
};
