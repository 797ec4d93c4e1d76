/**
 * The residents' responding journey under /consultations/:slug/respond: start, one page per
 * visible section, "About you", "About your response", check answers, send, confirmation; save
 * and come back later; invitation links. HTTP only: the use-cases decide.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { responseSubmitted } from './response-listeners.ts';
import type { Deps } from '../../deps.ts';
import { toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import type { FieldError, FormBody } from './answer-parsing.ts';
import { firstFieldId } from './answer-parsing.ts';
import { checkResumeLink, resumeDraft, sendResumeLink } from './drafts.service.ts';
import { openInvitation } from './responding-invitations.service.ts';
import { PUBLICATION_CONSENTS, RESPONDENT_TYPES, formFields, saveForLaterSchema } from './responding.schema.ts';
import {
  findStep,
  firstIncompleteStep,
  nextStepKey,
  openJourney,
  previousStepKey,
  saveStep,
  sentResponse,
  submitResponse,
  type Journey,
  type JourneyOutcome,
  type RespondSession,
} from './responding.service.ts';
import { ABOUT_RESPONSE_STEP, WARD_STEP, withNotInWards, type Step } from './responding.steps.ts';
import { answerHtml, escapeHtml, pageErrors, questionItems } from './responding.view-model.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    /** Per questionnaire id: this browser's draft and whether it opened an invitation. */
    respond: Record<string, RespondSession>;
  }
}

type Params = { slug: string };
const base = (slug: string) => `/consultations/${slug}/respond`;
const view = (name: string) => `questionnaires/respond/${name}.njk`;

function sessionFor(request: FastifyRequest, questionnaireId: string): RespondSession {
  return (request.session.get('respond') ?? {})[questionnaireId] ?? {};
}

function remember(request: FastifyRequest, questionnaireId: string, update: RespondSession | undefined) {
  const all = { ...(request.session.get('respond') ?? {}) };
  if (update) all[questionnaireId] = { ...all[questionnaireId], ...update };
  else delete all[questionnaireId];
  request.session.set('respond', all);
}

export function respondingRoutes(app: FastifyInstance, deps: Deps) {
  /** Opens the journey, or answers with the page that says why not. */
  async function journeyOr(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { allowClosed?: boolean; linkGrantsAccess?: boolean } = {},
  ): Promise<Journey | undefined> {
    const { slug } = request.params as Params;
    const sessions = Object.values(request.session.get('respond') ?? {});
    const draftIds = sessions.flatMap((s) => (s.draftId ? [s.draftId] : []));
    const outcome = await openJourney(deps, slug, (id) => sessionFor(request, id), { ...options, draftIds });
    if (outcome.ok) return outcome.journey;
    refuse(reply, slug, outcome);
    return undefined;
  }

  function refuse(reply: FastifyReply, slug: string, outcome: Exclude<JourneyOutcome, { ok: true }>) {
    switch (outcome.reason) {
      case 'not-found':
        return reply.callNotFound();
      case 'not-open-yet':
        return reply.render(view('not-open'), { title: outcome.title, opensAt: outcome.opensAt, slug }, 403);
      case 'closed':
        return reply.render(view('closed'), { title: outcome.title, closesAt: outcome.closesAt, slug }, 410);
      case 'invitation-required':
        return reply.render(view('invitation-required'), { title: outcome.title, slug }, 403);
    }
  }

  const stepUrl = (journey: Journey, key: string) => `${base(journey.target.consultation.slug)}/${key}`;

  /** Once sent, every page of the journey leads to the confirmation. */
  function sentRedirect(journey: Journey, reply: FastifyReply) {
    if (!journey.draft?.submittedResponseId) return false;
    reply.redirect(`${base(journey.target.consultation.slug)}/confirmation`, 303);
    return true;
  }

  function estimateMinutes(journey: Journey) {
    const questions = journey.steps.reduce((n, step) => n + step.questions.length, 0);
    return Math.max(5, Math.ceil(questions / 2 / 5) * 5);
  }

  app.get('/consultations/:slug/respond', async (request, reply) => {
    const journey = await journeyOr(request, reply);
    if (!journey) return reply;
    const sent = await sentResponse(deps, journey);
    const resumeAt = journey.draft ? (firstIncompleteStep(journey)?.key ?? 'check-answers') : undefined;
    return reply.render(view('start'), {
      consultation: journey.target.consultation,
      questionnaire: journey.target.questionnaire,
      firstStep: journey.steps[0]!.key,
      resumeAt,
      sent,
      minutes: estimateMinutes(journey),
    });
  });

  app.post('/consultations/:slug/respond/start-again', async (request, reply) => {
    const journey = await journeyOr(request, reply);
    if (!journey) return reply;
    // One response per person stays one: only open questionnaires let a browser start afresh.
    if (journey.target.questionnaire.mode === 'open' && journey.draft?.submittedResponseId) {
      remember(request, journey.target.questionnaire.id, { draftId: undefined });
    }
    return reply.redirect(base(journey.target.consultation.slug), 303);
  });

  async function renderStep(
    reply: FastifyReply,
    journey: Journey,
    step: Step,
    returning: boolean,
    entered?: { body: FormBody; errors: FieldError[] } | { body: FormBody; aboutErrors: GovukErrors },
  ) {
    const slug = journey.target.consultation.slug;
    const previous = previousStepKey(journey, step.key);
    const back = returning ? `${base(slug)}/check-answers` : previous ? `${base(slug)}/${previous}` : base(slug);
    const action = `${base(slug)}/${step.key}${returning ? '?return=check' : ''}`;
    const common = { consultation: journey.target.consultation, step, back, action };
    if (step.kind === 'about-response') {
      const stored = journey.content.about;
      const values = entered ? formFields(entered.body) : (stored ?? {});
      const { questionnaire } = journey.target;
      return reply.render(
        view('about-response'),
        {
          ...common,
          values,
          errors: entered && 'aboutErrors' in entered ? entered.aboutErrors : undefined,
          askRespondentType: questionnaire.askRespondentType,
          askPublicationConsent: questionnaire.askPublicationConsent,
          respondentTypes: RESPONDENT_TYPES,
          publicationConsents: PUBLICATION_CONSENTS,
        },
        entered ? 422 : 200,
      );
    }
    const wards = step.key === WARD_STEP ? withNotInWards(journey.wards) : journey.wards;
    const source =
      entered && 'errors' in entered
        ? { body: entered.body, errors: entered.errors }
        : {
            answers:
              step.kind === 'ward'
                ? journey.content.chosenWard
                  ? { ward: journey.content.chosenWard }
                  : {}
                : step.kind === 'about-you'
                  ? journey.content.aboutYou
                  : journey.content.answers,
          };
    const errors = entered && 'errors' in entered ? pageErrors(entered.errors) : undefined;
    return reply.render(
      view('page'),
      { ...common, items: questionItems(step.questions, source, wards), errors },
      errors ? 422 : 200,
    );
  }

  app.get('/consultations/:slug/respond/:stepKey', async (request, reply) => {
    const journey = await journeyOr(request, reply);
    if (!journey) return reply;
    if (sentRedirect(journey, reply)) return reply;
    const { stepKey } = request.params as Params & { stepKey: string };
    const step = findStep(journey, stepKey);
    if (!step) {
      // A page hidden by the answers so far: carry on from the start rather than show a dead end.
      if (journey.definition.pages.some((page) => page.key === stepKey)) return reply.redirect(base(journey.target.consultation.slug), 303);
      return reply.callNotFound();
    }
    return renderStep(reply, journey, step, (request.query as Record<string, string>).return === 'check');
  });

  app.post(
    '/consultations/:slug/respond/:stepKey',
    { config: { rateLimit: { max: 120, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const journey = await journeyOr(request, reply);
      if (!journey) return reply;
      if (sentRedirect(journey, reply)) return reply;
      const { stepKey } = request.params as Params & { stepKey: string };
      const step = findStep(journey, stepKey);
      if (!step) return reply.callNotFound();
      const returning = (request.query as Record<string, string>).return === 'check';
      const body = formFields(request.body);
      const saveForLater = (request.body as Record<string, unknown> | undefined)?.action === 'save';
      const outcome = await saveStep(deps, journey, step, body, { keepValid: saveForLater });
      if (!outcome.ok) {
        if (outcome.reason === 'already-sent') return reply.redirect(`${base(journey.target.consultation.slug)}/confirmation`, 303);
        if (outcome.reason === 'invalid') return renderStep(reply, journey, step, returning, { body, errors: outcome.errors });
        return renderStep(reply, journey, step, returning, { body, aboutErrors: toGovukErrors(outcome.error) });
      }
      remember(request, journey.target.questionnaire.id, { draftId: outcome.draftId });
      if (saveForLater) return reply.redirect(`${base(journey.target.consultation.slug)}/save-and-return`, 303);
      return reply.redirect(stepUrl(outcome.journey, nextStepKey(outcome.journey, step.key, returning)), 303);
    },
  );

  function checkAnswerSections(journey: Journey) {
    const slug = journey.target.consultation.slug;
    const change = (step: Step, anchor: string, what: string) => ({
      items: [{ href: `${base(slug)}/${step.key}?return=check#${anchor}`, text: 'Change', visuallyHiddenText: what.toLowerCase() }],
    });
    return journey.steps.map((step) => {
      if (step.kind === 'about-response') {
        const about = journey.content.about ?? {};
        const { questionnaire } = journey.target;
        const rows: { key: string; html: string; anchor: string }[] = [];
        if (questionnaire.askRespondentType) {
          rows.push({ key: 'Responding as', anchor: 'respondentType', html: escapeHtml(RESPONDENT_TYPES.find((t) => t.value === about.respondentType)?.text ?? 'Not answered') });
          if (about.respondentType === 'organisation') rows.push({ key: 'Organisation or group', anchor: 'organisationName', html: escapeHtml(about.organisationName ?? '') });
        }
        if (questionnaire.askPublicationConsent) {
          rows.push({ key: 'Publishing your response', anchor: 'publicationConsent', html: escapeHtml(PUBLICATION_CONSENTS.find((c) => c.value === about.publicationConsent)?.text ?? 'Not answered') });
          if (about.publicationConsent === 'publish_named') rows.push({ key: 'Name to publish', anchor: 'respondentName', html: escapeHtml(about.respondentName ?? '') });
        }
        rows.push({ key: 'Email for a receipt', anchor: 'email', html: about.email ? escapeHtml(about.email) : '<span class="govuk-hint">None</span>' });
        if (about.email) rows.push({ key: 'Tell me when feedback is published', anchor: 'wantsUpdates', html: about.wantsUpdates === 'yes' ? 'Yes' : 'No' });
        return {
          title: step.title,
          rows: rows.map((row) => ({ key: { text: row.key }, value: { html: row.html }, actions: change(step, row.anchor, row.key) })),
        };
      }
      const answers =
        step.kind === 'ward'
          ? { ward: journey.content.chosenWard ?? '' }
          : step.kind === 'about-you'
            ? journey.content.aboutYou
            : journey.content.answers;
      const wards = step.kind === 'ward' ? withNotInWards(journey.wards) : journey.wards;
      return {
        title: step.title,
        rows: step.questions
          .filter((question) => question.type !== 'information')
          .map((question) => ({
            key: { text: question.text },
            value: { html: answerHtml(question, answers[question.key], answers, wards) },
            actions: change(step, firstFieldId(question), question.text),
          })),
      };
    });
  }

  app.get('/consultations/:slug/respond/check-answers', async (request, reply) => {
    const journey = await journeyOr(request, reply);
    if (!journey) return reply;
    if (sentRedirect(journey, reply)) return reply;
    const missing = firstIncompleteStep(journey);
    if (!journey.draft || missing) return reply.redirect(stepUrl(journey, missing?.key ?? journey.steps[0]!.key), 303);
    return reply.render(view('check-answers'), {
      consultation: journey.target.consultation,
      sections: checkAnswerSections(journey),
      back: stepUrl(journey, ABOUT_RESPONSE_STEP),
    });
  });

  app.post(
    '/consultations/:slug/respond/check-answers',
    { config: { rateLimit: { max: 60, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const journey = await journeyOr(request, reply);
      if (!journey) return reply;
      const outcome = await submitResponse(deps, journey);
      const slug = journey.target.consultation.slug;
      if (outcome.ok) {
        await responseSubmitted(deps, { responseId: outcome.responseId, consultationSlug: slug, request });
        return reply.redirect(`${base(slug)}/confirmation`, 303);
      }
      switch (outcome.reason) {
        case 'no-draft':
          return reply.redirect(base(slug), 303);
        case 'incomplete':
          return reply.redirect(`${base(slug)}/${outcome.stepKey}`, 303);
        case 'already-responded':
          return reply.render(view('already-responded'), { title: journey.target.consultation.title, reference: outcome.reference, slug }, 409);
      }
    },
  );

  app.get('/consultations/:slug/respond/confirmation', async (request, reply) => {
    // What is sent stays sent: the confirmation shows even after the consultation closes.
    const journey = await journeyOr(request, reply, { allowClosed: true });
    if (!journey) return reply;
    const sent = await sentResponse(deps, journey);
    if (!sent) return reply.redirect(base(journey.target.consultation.slug), 303);
    return reply.render(view('confirmation'), {
      consultation: journey.target.consultation,
      reference: sent.reference,
      email: sent.respondentEmail,
      canStartAgain: journey.target.questionnaire.mode === 'open',
    });
  });

  async function renderSaveForLater(reply: FastifyReply, journey: Journey, values: Record<string, string>, errors?: GovukErrors) {
    return reply.render(
      view('save-for-later'),
      {
        consultation: journey.target.consultation,
        values,
        errors,
        back: stepUrl(journey, firstIncompleteStep(journey)?.key ?? 'check-answers'),
      },
      errors ? 422 : 200,
    );
  }

  app.get('/consultations/:slug/respond/save-and-return', async (request, reply) => {
    const journey = await journeyOr(request, reply);
    if (!journey) return reply;
    if (sentRedirect(journey, reply)) return reply;
    if (!journey.draft) return reply.redirect(base(journey.target.consultation.slug), 303);
    return renderSaveForLater(reply, journey, { email: journey.draft.email ?? journey.content.about?.email ?? '' });
  });

  app.post(
    '/consultations/:slug/respond/save-and-return',
    { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const journey = await journeyOr(request, reply);
      if (!journey) return reply;
      if (sentRedirect(journey, reply)) return reply;
      const body = formFields(request.body);
      const parsed = saveForLaterSchema.safeParse(body);
      if (!parsed.success) return renderSaveForLater(reply, journey, { email: String(body.email ?? '') }, toGovukErrors(parsed.error));
      const outcome = await sendResumeLink(deps, journey, parsed.data.email);
      if (!outcome.ok) return reply.redirect(base(journey.target.consultation.slug), 303);
      return reply.redirect(`${base(journey.target.consultation.slug)}/save-and-return/sent`, 303);
    },
  );

  app.get('/consultations/:slug/respond/save-and-return/sent', async (request, reply) => {
    const journey = await journeyOr(request, reply);
    if (!journey) return reply;
    if (!journey.draft?.email) return reply.redirect(base(journey.target.consultation.slug), 303);
    return reply.render(view('save-for-later-sent'), {
      consultation: journey.target.consultation,
      email: journey.draft.email,
      continueAt: stepUrl(journey, firstIncompleteStep(journey)?.key ?? 'check-answers'),
    });
  });

  app.get('/consultations/:slug/respond/resume/:token', async (request, reply) => {
    // The token is a credential: keep it out of Referer headers sent to other sites.
    reply.header('referrer-policy', 'no-referrer');
    const journey = await journeyOr(request, reply, { linkGrantsAccess: true });
    if (!journey) return reply;
    const { token } = request.params as { token: string };
    const checked = await checkResumeLink(deps, journey.target.questionnaire.id, token);
    if (!checked.ok) return reply.render(view('resume-expired'), { consultation: journey.target.consultation }, 410);
    return reply.render(view('resume'), { consultation: journey.target.consultation, action: request.url });
  });

  app.post(
    '/consultations/:slug/respond/resume/:token',
    { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      reply.header('referrer-policy', 'no-referrer');
      const journey = await journeyOr(request, reply, { linkGrantsAccess: true });
      if (!journey) return reply;
      const questionnaireId = journey.target.questionnaire.id;
      const { token } = request.params as { token: string };
      const outcome = await resumeDraft(deps, questionnaireId, token);
      if (!outcome.ok) return reply.render(view('resume-expired'), { consultation: journey.target.consultation }, 410);
      // Holding a link to this questionnaire's draft is the same access the invitation gave.
      remember(request, questionnaireId, { draftId: outcome.draft.id, invited: true });
      const resumed = await journeyOr(request, reply);
      if (!resumed) return reply;
      return reply.redirect(stepUrl(resumed, firstIncompleteStep(resumed)?.key ?? 'check-answers'), 303);
    },
  );

  app.get('/consultations/:slug/respond/invite/:token', async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const { slug, token } = request.params as Params & { token: string };
    const outcome = await openInvitation(deps, slug, token);
    if (!outcome.ok) {
      if (outcome.reason === 'already-responded') {
        return reply.render(view('already-responded'), { title: outcome.title, reference: outcome.reference, slug }, 409);
      }
      return reply.render(view('invitation-invalid'), {}, 404);
    }
    remember(request, outcome.target.questionnaire.id, { draftId: outcome.draftId, invited: true });
    return reply.redirect(base(slug), 303);
  });
}
