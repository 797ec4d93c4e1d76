/**
 * Save and come back later: a single-use link, emailed, that brings a server-side draft back
 * into whichever browser opens it. Only the SHA-256 hash of the link's token is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Deps } from '../../deps.ts';
import { claimMessage, releaseClaim } from '../../notifications/message-claims.ts';
import {
  consumeResumeToken,
  findDraftByLiveToken,
  setDraftEmail,
  setResumeToken,
  type Draft,
} from './drafts.repository.ts';

/** The one-message-per-person record (src/notifications/message-claims.ts): per address and questionnaire. */
const RESUME_PURPOSE = 'questionnaire-resume';
import type { Journey } from './responding.service.ts';

export const newToken = () => randomBytes(32).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
/** Tokens are 32 random bytes in base64url; anything else cannot be one and never reaches the database. */
export const looksLikeToken = (token: string) => /^[A-Za-z0-9_-]{43}$/.test(token);

export type ResumeLinkOutcome = { ok: true; email: string } | { ok: false; reason: 'no-draft' | 'already-sent' };

/**
 * Emails a link that restores this draft. A new link replaces any earlier one; the link expires
 * when the consultation closes (the draft's expiry).
 */
export async function sendResumeLink(deps: Deps, journey: Journey, email: string): Promise<ResumeLinkOutcome> {
  const draft = journey.draft;
  if (!draft) return { ok: false, reason: 'no-draft' };
  if (draft.submittedResponseId) return { ok: false, reason: 'already-sent' };
  const token = newToken();
  const tokenHash = hashToken(token);
  const { consultation } = journey.target;
  const sent = await deps.db.transaction(async (tx) => {
    // A repeat within 15 minutes (or past the address's daily cap) keeps the link already sent
    // working and sends nothing; the answer is the same "we have sent you a link".
    const claim = await claimMessage(tx, {
      purpose: RESUME_PURPOSE,
      scope: draft.questionnaireId,
      contact: email,
      now: deps.clock.now(),
    });
    if (!claim.send) return setDraftEmail(tx, draft.id, email, deps.clock.now());
    if (!(await setResumeToken(tx, draft.id, email, tokenHash, deps.clock.now()))) return false;
    await deps.notifier.queue(tx, {
      reference: `response-resume:${tokenHash.slice(0, 32)}`,
      template: 'response-resume',
      recipient: email,
      personalisation: {
        title: consultation.title,
        link: `${deps.config.baseUrl}/consultations/${consultation.slug}/respond/resume/${token}`,
        closes: consultation.closesAt ? consultation.closesAt.toISOString() : '',
      },
    });
    return true;
  });
  return sent ? { ok: true, email } : { ok: false, reason: 'already-sent' };
}

export type ResumeOutcome = { ok: true; draft: Draft } | { ok: false; reason: 'used-or-expired' };

/** Whether a resume link still works, without using it (the page behind the link asks first). */
export async function checkResumeLink(deps: Deps, questionnaireId: string, token: string): Promise<ResumeOutcome> {
  if (!looksLikeToken(token)) return { ok: false, reason: 'used-or-expired' };
  const draft = await findDraftByLiveToken(deps.db, hashToken(token), deps.clock.now());
  return draft && draft.questionnaireId === questionnaireId
    ? { ok: true, draft }
    : { ok: false, reason: 'used-or-expired' };
}

/**
 * Uses a resume link up and returns its draft: of any number of clicks, the first wins and the
 * rest see "used". The caller puts the draft id into the session.
 */
export async function resumeDraft(deps: Deps, questionnaireId: string, token: string): Promise<ResumeOutcome> {
  if (!looksLikeToken(token)) return { ok: false, reason: 'used-or-expired' };
  const checked = await checkResumeLink(deps, questionnaireId, token);
  if (!checked.ok) return checked;
  const draft = await consumeResumeToken(deps.db, hashToken(token), deps.clock.now());
  if (!draft) return { ok: false, reason: 'used-or-expired' };
  // The link has done its job: asking for another one later sends straight away.
  if (draft.email)
    await releaseClaim(deps.db, { purpose: RESUME_PURPOSE, scope: draft.questionnaireId, contact: draft.email });
  return { ok: true, draft };
}
