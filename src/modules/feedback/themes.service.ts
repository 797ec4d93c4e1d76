/**
 * "You said, we did": officers define themes for a closed consultation, code responses to them,
 * choose quotes, and answer every theme before the feedback can be published.
 */
import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { recordAudit } from '../audit/index.ts';
import { announceFeedback } from '../channels/index.ts';
import { findConsultation, publishFeedback, type Consultation } from '../consultations/index.ts';
import { loadQuestionnaire } from '../questionnaires/index.ts';
import { canPublishFeedback, canReadFeedback, canWriteFeedback } from './feedback.policy.ts';
import * as repo from './themes.repository.ts';
import type { Theme } from './feedback.tables.ts';

type User = Pick<CurrentUser, 'id' | 'role' | 'organisationId'>;

export const RESPONSES_PAGE_SIZE = 20;
const CHANNEL_LABELS: Record<string, string> = {
  online: 'Online',
  paper: 'Paper',
  email: 'Email',
  phone: 'Phone',
  event: 'At an event',
};

/** The consultation if this user may read its feedback pages; 'not-found' hides what they may not know. */
export async function consultationForFeedback(
  deps: Deps,
  user: User,
  id: string,
): Promise<{ ok: true; consultation: Consultation } | { ok: false; reason: 'not-found' }> {
  const consultation = await findConsultation(deps.db, id);
  if (!consultation || !canReadFeedback(user, consultation)) return { ok: false, reason: 'not-found' };
  return { ok: true, consultation };
}

/** The free-text questions of the consultation's questionnaire: what officers read and quote. */
export async function freeTextQuestions(deps: Deps, consultationId: string) {
  const { definition } = await loadQuestionnaire(deps, consultationId);
  return definition.pages
    .flatMap((page) => page.questions)
    .filter((q) => q.type === 'long_text' || q.type === 'short_text')
    .map((q) => ({ key: q.key, text: q.text }));
}

/** "We asked": every question people were asked, in order. */
export async function questionsAsked(deps: Deps, consultationId: string): Promise<string[]> {
  const { definition } = await loadQuestionnaire(deps, consultationId);
  return definition.pages
    .flatMap((page) => page.questions)
    .filter((q) => q.type !== 'information')
    .map((q) => q.text);
}

type WriteOutcome<T> = { ok: true; value: T } | { ok: false; reason: 'not-found' | 'not-allowed' };

async function writable(deps: Deps, user: User, consultationId: string) {
  const consultation = await findConsultation(deps.db, consultationId);
  if (!consultation || !canReadFeedback(user, consultation))
    return { ok: false as const, reason: 'not-found' as const };
  if (!canWriteFeedback(user, consultation)) return { ok: false as const, reason: 'not-allowed' as const };
  return { ok: true as const, consultation };
}

/** Adds a theme to a closed consultation's feedback. */
export async function createTheme(
  deps: Deps,
  actor: Actor,
  user: User,
  consultationId: string,
  input: { title: string; description: string },
): Promise<WriteOutcome<Theme>> {
  const check = await writable(deps, user, consultationId);
  if (!check.ok) return check;
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const theme = await repo.insertTheme(tx, { consultationId, ...input, createdAt: now, updatedAt: now });
    await recordAudit(tx, actor, {
      action: 'feedback.theme-created',
      entityType: 'consultation',
      entityId: consultationId,
      after: theme,
    });
    return { ok: true, value: theme };
  });
}

/** Saves a theme's wording and its answer: what we did, will do, or why we cannot. */
export async function saveTheme(
  deps: Deps,
  actor: Actor,
  user: User,
  consultationId: string,
  themeId: string,
  input: { title: string; description: string; responseKind: string; responseText: string },
): Promise<WriteOutcome<Theme>> {
  const check = await writable(deps, user, consultationId);
  if (!check.ok) return check;
  return deps.db.transaction(async (tx) => {
    const before = await repo.findTheme(tx, consultationId, themeId);
    if (!before) return { ok: false, reason: 'not-found' };
    const after = (await repo.updateTheme(tx, themeId, { ...input, updatedAt: deps.clock.now() }))!;
    await recordAudit(tx, actor, {
      action: 'feedback.theme-answered',
      entityType: 'consultation',
      entityId: consultationId,
      before,
      after,
    });
    return { ok: true, value: after };
  });
}

/**
 * Codes one response to a set of themes, optionally quoting one of its free-text answers. A quote
 * is refused unless the respondent allowed publication.
 */
export async function codeResponse(
  deps: Deps,
  actor: Actor,
  user: User,
  consultationId: string,
  responseId: string,
  input: { themes: string[]; quoteKey: string },
): Promise<{ ok: true } | { ok: false; reason: 'not-found' | 'not-allowed' | 'quote-not-allowed' | 'bad-input' }> {
  const check = await writable(deps, user, consultationId);
  if (!check.ok) return check;
  const [themes, questions] = await Promise.all([
    repo.listThemes(deps.db, consultationId),
    freeTextQuestions(deps, consultationId),
  ]);
  const themeIds = new Set(themes.map((t) => t.id));
  if (input.themes.some((id) => !themeIds.has(id))) return { ok: false, reason: 'bad-input' };
  const quoteKey = input.quoteKey || null;
  if (quoteKey && !questions.some((q) => q.key === quoteKey)) return { ok: false, reason: 'bad-input' };
  return deps.db.transaction(async (tx) => {
    const response = await repo.findResponse(tx, consultationId, responseId);
    if (!response) return { ok: false, reason: 'not-found' };
    if (quoteKey && !['publish_named', 'publish_anonymous'].includes(response.publicationConsent)) {
      return { ok: false, reason: 'quote-not-allowed' };
    }
    if (quoteKey && typeof (response.redactions[quoteKey] ?? response.answers[quoteKey]) !== 'string') {
      return { ok: false, reason: 'bad-input' };
    }
    const before = (await repo.codingsFor(tx, [responseId])).filter((c) => themeIds.has(c.themeId));
    await repo.replaceCodings(
      tx,
      responseId,
      [...new Set(input.themes)],
      [...themeIds],
      input.themes.length ? quoteKey : null,
    );
    await recordAudit(tx, actor, {
      action: 'feedback.response-coded',
      entityType: 'response',
      entityId: responseId,
      before,
      after: { themes: input.themes, quoteKey },
    });
    return { ok: true };
  });
}

export type PublishOutcome =
  | { ok: true }
  | { ok: false; reason: 'not-found' | 'not-allowed' | 'wrong-state' | 'no-themes' }
  | { ok: false; reason: 'unanswered'; themes: Theme[] };

/**
 * Publishes the feedback: refused while there are no themes or any theme lacks "what we did /
 * why we cannot"; then the consultation moves to feedback published (its own use-case, which
 * audits the move) and respondents and subscribers are told.
 */
export async function publishConsultationFeedback(
  deps: Deps,
  actor: Actor,
  user: User,
  consultationId: string,
  summary: string,
): Promise<PublishOutcome> {
  const consultation = await findConsultation(deps.db, consultationId);
  if (!consultation || !canReadFeedback(user, consultation)) return { ok: false, reason: 'not-found' };
  if (consultation.state !== 'closed') return { ok: false, reason: 'wrong-state' };
  if (!canPublishFeedback(user, consultation)) return { ok: false, reason: 'not-allowed' };
  const themes = await repo.listThemes(deps.db, consultationId);
  if (!themes.length) return { ok: false, reason: 'no-themes' };
  const unanswered = themes.filter((t) => !t.responseKind || !t.responseText.trim());
  if (unanswered.length) return { ok: false, reason: 'unanswered', themes: unanswered };
  const moved = await publishFeedback(deps, actor, user, consultationId, summary);
  if (!moved.ok)
    return {
      ok: false,
      reason:
        moved.reason === 'not-found' ? 'not-found' : moved.reason === 'not-allowed' ? 'not-allowed' : 'wrong-state',
    };
  // The announcement job would find it within a minute; telling people now is what they expect.
  await announceFeedback(deps, consultationId);
  return { ok: true };
}

export interface QuoteView {
  reference: string;
  text: string;
  /** Only for publish_named. */
  name: string | null;
  responseId: string;
}

/** Everything "you said, we did" shows, for the staff pages and the public panel. */
export async function feedbackView(deps: Deps, consultationId: string) {
  const [themes, quotes, mix] = await Promise.all([
    repo.listThemes(deps.db, consultationId),
    repo.listQuotes(deps.db, consultationId),
    repo.channelMix(deps.db, consultationId),
  ]);
  // Every response has exactly one channel, so the mix adds up to the total.
  const total = mix.reduce((sum, m) => sum + Number(m.count), 0);
  const citations = await repo.citationsFor(
    deps.db,
    themes.map((t) => t.id),
  );
  return {
    total,
    channels: mix.map((m) => ({
      label: CHANNEL_LABELS[m.channel] ?? m.channel,
      count: Number(m.count),
      percent: total ? Math.round((Number(m.count) / total) * 100) : 0,
    })),
    themes: themes.map((theme) => ({
      ...theme,
      answered: Boolean(theme.responseKind && theme.responseText.trim()),
      quotes: quotes
        .filter((q) => q.themeId === theme.id && q.text)
        .map((q): QuoteView => ({
          reference: q.reference,
          text: q.text!,
          name: q.consent === 'publish_named' ? q.name : null,
          responseId: q.responseId,
        })),
      considered: citations
        .filter((c) => c.theme_id === theme.id)
        .map((c) => ({
          decisionId: c.decision_id,
          title: c.title,
          makerName: c.maker_name,
          decidedOn: c.decided_on,
          how: c.how_considered,
        })),
    })),
  };
}

/** One page of responses with their free-text answers and current themes, for coding. */
export async function codingPage(deps: Deps, consultationId: string, page: number) {
  const [total, questions, themes] = await Promise.all([
    repo.countResponses(deps.db, consultationId),
    freeTextQuestions(deps, consultationId),
    repo.listThemes(deps.db, consultationId),
  ]);
  const pageCount = Math.max(1, Math.ceil(total / RESPONSES_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const list = await repo.listResponses(
    deps.db,
    consultationId,
    RESPONSES_PAGE_SIZE,
    (current - 1) * RESPONSES_PAGE_SIZE,
  );
  const codings = await repo.codingsFor(
    deps.db,
    list.map((r) => r.id),
  );
  return {
    total,
    page: current,
    pageCount,
    themes,
    questions,
    responses: list.map((r) => {
      const mine = codings.filter((c) => c.responseId === r.id);
      return {
        ...r,
        canQuote: r.publicationConsent === 'publish_named' || r.publicationConsent === 'publish_anonymous',
        texts: questions
          .map((q) => ({ key: q.key, question: q.text, text: r.answers[q.key], redacted: r.redactions[q.key] }))
          .filter((a) => typeof a.text === 'string' && a.text),
        themeIds: mine.map((c) => c.themeId),
        quoteKey: mine.find((c) => c.quoteKey)?.quoteKey ?? '',
      };
    }),
  };
}
