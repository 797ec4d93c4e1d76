import path from 'node:path';
import type { ModuleManifest } from '../module.ts';
import { builderRoutes } from './builder.routes.ts';
import { respondingRoutes } from './responding.routes.ts';
import { offlineRoutes } from './offline.routes.ts';
import { resultsRoutes } from './results.routes.ts';
import { resultsPublicationRoutes } from './results-publication.routes.ts';
import { invitationsRoutes } from './invitations.routes.ts';
import { talliesJob } from './results-tallies.service.ts';
import { seedQuestionnaires } from './questionnaires.seed.ts';
import { seedDemoResponses } from './demo-responses.seed.ts';
import { seedDemoPostcodes } from './postcodes.service.ts';
import { questionnaireLinks, resultsPanels } from './consultation-page.ts';

export * from './questionnaire.types.ts';
export { parsePage, parseQuestion, normalisePostcode, firstFieldId, optionsFor } from './answer-parsing.ts';
export { visibleParts, pruneHiddenAnswers, conditionHolds } from './conditions.ts';
export { findIncompatibilities } from './compatibility.ts';
export { ABOUT_YOU_PAGE, ABOUT_YOU_KEYS } from './about-you.ts';
export { loadQuestionnaire } from './builder.service.ts';
/** For read-only joins in other modules' read queries (ADR 0007): feedback counts responses and tells respondents. */
export { questionnaires, responses } from './questionnaires.tables.ts';
export { inviteRespondent, issueInvitation } from './responding-invitations.service.ts';
export { forgetRespondent } from './respondent-erasure.ts';
/** One formula-escaping CSV cell for every export. */
export { csvCell } from './results-export.ts';
export { importPostcodeLookup, wardForPostcode } from './postcodes.service.ts';
/** Channels (issue 16): texts recorded as responses, and hearing that an online response was sent. */
export { recordTextResponse, textQuestionsOf, type TextQuestions } from './text-response.ts';
export { onResponseSubmitted, type ResponseSubmitted } from './response-listeners.ts';
export { suppressTable, SUPPRESSION_THRESHOLD, type PublicTable } from './results-suppression.ts';

export const questionnairesModule: ModuleManifest = {
  name: 'questionnaires',
  viewsDir: path.join(import.meta.dirname, 'views'),
  routes: (app, deps) => {
    builderRoutes(app, deps);
    respondingRoutes(app, deps);
    offlineRoutes(app, deps);
    resultsRoutes(app, deps);
    resultsPublicationRoutes(app, deps);
    invitationsRoutes(app, deps);
  },
  seed: async (deps) => {
    await seedDemoPostcodes(deps);
    await seedQuestionnaires(deps);
    await seedDemoResponses(deps);
  },
  consultationLinks: questionnaireLinks,
  consultationPanels: resultsPanels,
  jobs: [talliesJob],
};
