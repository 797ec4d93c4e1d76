/**
 * Erasure for the people module (a panel member leaving): blanks this email address wherever the
 * questionnaires keep it (private invitations, drafts, and the contact fields of responses) while
 * the answers stay, unattributed, in the results.
 */
import { eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { questionnaireInvitations, responseDrafts, responses } from './questionnaires.tables.ts';

export async function forgetRespondent(tx: Db, email: string): Promise<void> {
  // The column is NOT NULL and unique per questionnaire: the row's own id keeps it unique.
  await tx
    .update(questionnaireInvitations)
    .set({
      email: sql`'erased-' || ${questionnaireInvitations.id}::text`,
      tokenHash: sql`'erased-' || ${questionnaireInvitations.id}::text`,
    })
    .where(eq(questionnaireInvitations.email, email));
  await tx
    .update(responseDrafts)
    .set({ email: null, verifiedEmail: null, resumeTokenHash: null })
    .where(or(eq(responseDrafts.email, email), eq(responseDrafts.verifiedEmail, email)));
  await tx
    .update(responses)
    .set({
      respondentName: null,
      respondentEmail: null,
      verifiedEmail: null,
      postcode: null,
      wantsUpdates: false,
      sourceMarker: null,
    })
    .where(or(eq(responses.respondentEmail, email), eq(responses.verifiedEmail, email)));
}
