/**
 * What questionnaires add to a consultation's pages, from one look-up of its questionnaire:
 * "Respond online", the paper copy and published results on the public page; the builder,
 * invitations, offline entry and results on the staff page.
 */
import type {
  ConsultationLink,
  ConsultationLinkProvider,
  ConsultationPanelProvider,
  ConsultationRef,
} from '../module.ts';
import { ENTRY_STATES } from './offline.service.ts';
import { findQuestionnaireByOwner } from './questionnaires.repository.ts';

type Questionnaire = NonNullable<Awaited<ReturnType<typeof findQuestionnaireByOwner>>>;

const PUBLIC_STATES = new Set(['scheduled', 'open', 'closed', 'feedback_published', 'archived']);

function publicLinks(consultation: ConsultationRef, questionnaire: Questionnaire): ConsultationLink[] {
  // Private questionnaires are reached only through invitations, never from the public page.
  if (questionnaire.private) return [];
  const links: ConsultationLink[] = [];
  const base = `/consultations/${consultation.slug}`;
  if (consultation.state === 'open') {
    links.push({ area: 'public', text: 'Respond online', href: `${base}/respond`, primary: true });
  }
  if (PUBLIC_STATES.has(consultation.state)) {
    links.push({
      area: 'public',
      text: 'Print a paper copy of the questionnaire',
      href: `${base}/questionnaire/print`,
    });
  }
  if (questionnaire.resultsPublishedAt) {
    links.push({ area: 'public', text: 'Read the results', href: `${base}/results` });
  }
  return links;
}

function staffLinks(consultation: ConsultationRef, questionnaire: Questionnaire | undefined): ConsultationLink[] {
  const base = `/staff/consultations/${consultation.id}`;
  if (!questionnaire) return [{ area: 'staff', text: 'Create a questionnaire', href: `${base}/questionnaire` }];
  const links: ConsultationLink[] = [{ area: 'staff', text: 'Questionnaire', href: `${base}/questionnaire` }];
  if (questionnaire.private || questionnaire.mode === 'verified') {
    links.push({ area: 'staff', text: 'Private invitations', href: `${base}/questionnaire/invitations` });
  }
  links.push({ area: 'staff', text: 'Results and downloads', href: `${base}/results` });
  if (ENTRY_STATES.includes(consultation.state)) {
    links.push(
      { area: 'staff', text: 'Enter a paper, email, phone or event response', href: `${base}/responses/new` },
      { area: 'staff', text: 'Import responses from a CSV file', href: `${base}/responses/import` },
    );
  }
  return links;
}

export const questionnaireLinks: ConsultationLinkProvider = async (deps, consultation, area) => {
  const questionnaire = await findQuestionnaireByOwner(deps.db, consultation.id);
  if (area === 'staff') return staffLinks(consultation, questionnaire);
  return questionnaire ? publicLinks(consultation, questionnaire) : [];
};

/**
 * The Results section of the public consultation page once results are published: closed
 * consultations show no plain links, so the results get a section of their own.
 */
export const resultsPanels: ConsultationPanelProvider = async (deps, consultation, area) => {
  if (area !== 'public') return [];
  const questionnaire = await findQuestionnaireByOwner(deps.db, consultation.id);
  if (!questionnaire?.resultsPublishedAt) return [];
  const base = `/consultations/${consultation.slug}/results`;
  return [
    {
      area: 'public',
      template: 'questionnaires/panel-results.njk',
      context: {
        publishedAt: questionnaire.resultsPublishedAt,
        resultsHref: base,
        responsesHref: `${base}/responses`,
      },
    },
  ];
};
