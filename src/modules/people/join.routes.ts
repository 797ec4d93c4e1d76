/** Public pages: joining a panel (works without JavaScript), confirming, and the member's own account. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { singleError, toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { TOPICS } from '../consultations/index.ts';
import { listWardNames } from '../geography/index.ts';
import { ABOUT_YOU_PAGE } from '../questionnaires/index.ts';
import { formBody, listValue, textValues } from './form.ts';
import {
  answered,
  firstUnanswered,
  isStep,
  nextStep,
  parseStep,
  previousStep,
  STEP_TITLES,
  type Step,
} from './join.steps.ts';
import * as members from './membership.service.ts';
import type { JoinDraft } from './membership.service.ts';
import { CHANNELS, detailsSchema, signInSchema } from './people.schema.ts';
import * as staff from './staff.service.ts';
import { looksLikeToken } from './tokens.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    peopleJoin: JoinDraft;
    memberId: string;
    memberUntil: number;
  }
}

/** A member's sign-in lasts an hour: long enough to change details, short on a shared computer. */
const MEMBER_SESSION_MS = 60 * 60_000;
const RATE_LIMIT = { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } };
/** Ten question pages plus corrections: generous for a person (or an office behind one address). */
const JOIN_RATE_LIMIT = { config: { rateLimit: { max: 120, timeWindow: '1 minute' } } };
/** Sending a request to join emails someone: a tighter brake on scripted sign-ups. */
const SUBMIT_RATE_LIMIT = { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } };

export function joinRoutes(app: FastifyInstance, deps: Deps) {
  const draftOf = (request: FastifyRequest): JoinDraft => request.session.get('peopleJoin') ?? {};

  async function openPanels() {
    return (await staff.panelsOverview(deps)).filter((p) => p.openToJoin);
  }

  app.get('/panels', async (_request, reply) => {
    return reply.render('people/start.njk', { panels: await openPanels() });
  });

  async function renderStep(
    reply: FastifyReply,
    step: Step,
    draft: JoinDraft,
    values: Record<string, unknown>,
    errors?: GovukErrors,
    change = false,
  ) {
    const panels = await openPanels();
    const wards = await listWardNames(deps.db);
    const previous = previousStep(draft, step);
    const selected = (key: string) => (Array.isArray(values[key]) ? (values[key] as string[]) : []);
    return reply.render(
      'people/join-step.njk',
      {
        step,
        title: STEP_TITLES[step],
        values,
        errors,
        change,
        backHref: change ? '/panels/join/check' : previous ? `/panels/join/${previous}` : '/panels',
        panelItems: panels.map((p) => ({
          value: p.slug,
          text: p.name,
          hint: { text: p.description },
          checked: selected('panels').includes(p.slug),
        })),
        wardItems: [
          { value: '', text: 'Select your ward' },
          ...wards.map((w) => ({ value: w.code, text: w.name, selected: values.ward === w.code })),
        ],
        topicItems: Object.entries(TOPICS).map(([value, text]) => ({
          value,
          text,
          checked: selected('topics').includes(value),
        })),
        channelItems: Object.entries(CHANNELS).map(([value, text]) => ({
          value,
          text,
          checked: selected('channels').includes(value),
        })),
        aboutYou: ABOUT_YOU_PAGE,
        privacyVersion: members.PRIVACY_NOTICE_VERSION,
      },
      errors ? 422 : 200,
    );
  }

  const valuesFromDraft = (draft: JoinDraft): Record<string, unknown> => ({
    panels: draft.panels ?? [],
    fullName: draft.fullName ?? '',
    email: draft.email ?? '',
    phone: draft.phone ?? '',
    postcode: draft.postcode ?? '',
    ward: draft.wardCode ?? '',
    topics: draft.topics ?? [],
    channels: draft.channels ?? [],
    address: draft.address ?? '',
    language: draft.language ?? '',
    accessNeeds: draft.accessNeeds ?? '',
    consent: draft.consent ? 'yes' : '',
    ...(draft.aboutYou ?? {}),
  });

  app.get<{ Params: { step: string }; Querystring: { change?: string } }>(
    '/panels/join/:step',
    async (request, reply) => {
      const { step } = request.params;
      if (step === 'check') return showCheck(request, reply);
      if (step === 'sent') return reply.render('people/join-sent.njk', {});
      if (!isStep(step)) return reply.callNotFound();
      const draft = draftOf(request);
      // Questions are answered in order: a later page opened first sends you back to the first gap.
      const gap = firstUnanswered(draft);
      if (gap && gap !== step && !answered(draft, step) && STEP_ORDER(gap) < STEP_ORDER(step)) {
        return reply.redirect(`/panels/join/${gap}`, 303);
      }
      return renderStep(reply, step, draft, valuesFromDraft(draft), undefined, request.query.change === '1');
    },
  );

  app.post('/panels/join/check', SUBMIT_RATE_LIMIT, async (request, reply) => submitJoin(request, reply));

  app.post<{ Params: { step: string }; Querystring: { change?: string } }>(
    '/panels/join/:step',
    JOIN_RATE_LIMIT,
    async (request, reply) => {
      const { step } = request.params;
      if (!isStep(step)) return reply.callNotFound();
      const body = formBody(request.body);
      const draft = draftOf(request);
      const change = request.query.change === '1';
      const panels = await openPanels();
      const wards = await listWardNames(deps.db);
      const values = {
        ...valuesFromDraft(draft),
        ...textValues(body, [
          'fullName',
          'email',
          'phone',
          'postcode',
          'ward',
          'address',
          'language',
          'accessNeeds',
          ...ABOUT_YOU_PAGE.questions.map((q) => q.key),
        ]),
        panels: listValue(body, 'panels'),
        topics: listValue(body, 'topics'),
        channels: listValue(body, 'channels'),
        consent: listValue(body, 'consent')[0] ?? '',
      };
      const parsed = parseStep(step, body, {
        panelSlugs: panels.map((p) => p.slug),
        wardCodes: wards.map((w) => w.code),
      });
      if (!parsed.ok) return renderStep(reply, step, draft, values, parsed.errors, change);
      const next: JoinDraft = { ...draft, ...parsed.changes };
      if (step === 'channels') {
        if (next.channels!.includes('email') && !next.email)
          return renderStep(
            reply,
            step,
            draft,
            values,
            singleError('channels', 'Go back and enter an email address to be contacted by email'),
            change,
          );
        if (next.channels!.includes('sms') && !next.phone)
          return renderStep(
            reply,
            step,
            draft,
            values,
            singleError('channels', 'Go back and enter a mobile phone number to be contacted by text message'),
            change,
          );
      }
      if (step === 'postcode') {
        const ward = await members.lookUpWard(deps, next.postcode!);
        next.wardCode = ward ?? (draft.wardKnown ? null : (draft.wardCode ?? null));
        next.wardKnown = ward !== null;
      }
      request.session.set('peopleJoin', next);
      // A changed postcode we do not know still needs its ward, even when changing from check answers.
      if (step === 'postcode' && !next.wardKnown)
        return reply.redirect(`/panels/join/ward${change ? '?change=1' : ''}`, 303);
      if (change) return reply.redirect('/panels/join/check', 303);
      return reply.redirect(`/panels/join/${nextStep(next, step)}`, 303);
    },
  );

  async function showCheck(request: FastifyRequest, reply: FastifyReply, errors?: GovukErrors) {
    const draft = draftOf(request);
    const gap = firstUnanswered(draft);
    if (gap) return reply.redirect(`/panels/join/${gap}`, 303);
    const panels = await openPanels();
    const wards = await staff.wardNames(deps);
    const aboutYou = ABOUT_YOU_PAGE.questions.map((q) => ({
      question: q.text,
      answer: q.options?.find((o) => o.value === draft.aboutYou?.[q.key])?.label ?? 'Not answered',
    }));
    return reply.render(
      'people/join-check.njk',
      {
        draft,
        errors,
        panelNames: panels.filter((p) => draft.panels?.includes(p.slug)).map((p) => p.name),
        wardName: draft.wardCode ? wards.get(draft.wardCode) : undefined,
        topicNames: (draft.topics ?? []).map((t) => TOPICS[t as keyof typeof TOPICS] ?? t),
        channelNames: (draft.channels ?? []).map((c) => CHANNELS[c as keyof typeof CHANNELS] ?? c),
        aboutYou,
        privacyVersion: members.PRIVACY_NOTICE_VERSION,
      },
      errors ? 422 : 200,
    );
  }

  async function submitJoin(request: FastifyRequest, reply: FastifyReply) {
    const draft = draftOf(request);
    const gap = firstUnanswered(draft);
    if (gap) return reply.redirect(`/panels/join/${gap}`, 303);
    const panels = await openPanels();
    const panelIds = panels.filter((p) => draft.panels?.includes(p.slug)).map((p) => p.id);
    const outcome = await members.requestToJoin(deps, draft, panelIds);
    if (!outcome.ok) return reply.redirect('/panels/join/panels', 303);
    request.session.set('peopleJoin', undefined);
    return reply.redirect('/panels/join/sent', 303);
  }

  // Emailed links open a page with a button: mail scanners that follow links must not use them up.
  function linkPage(purpose: 'confirm' | 'sign-in' | 'change-email') {
    return async (request: FastifyRequest<{ Params: { token: string } }>, reply: FastifyReply) => {
      reply.header('referrer-policy', 'no-referrer');
      const { token } = request.params;
      const valid = looksLikeToken(token) && (await members.checkLink(deps, token, purpose)).ok;
      if (!valid) return reply.render('people/link-expired.njk', {}, 410);
      return reply.render('people/link-confirm.njk', { token, action: purpose });
    };
  }

  app.get<{ Params: { token: string } }>('/panels/confirm/:token', linkPage('confirm'));

  app.post<{ Params: { token: string } }>('/panels/confirm/:token', RATE_LIMIT, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const { token } = request.params;
    const outcome = looksLikeToken(token) ? await members.confirmMembership(deps, token) : { ok: false as const };
    if (!outcome.ok) return reply.render('people/link-expired.njk', {}, 410);
    signInMember(request, outcome.personId);
    flash(reply, 'You have joined the panel');
    return reply.redirect('/panels/account', 303);
  });

  function signInMember(request: FastifyRequest, personId: string) {
    request.session.set('memberId', personId);
    request.session.set('memberUntil', deps.clock.now().getTime() + MEMBER_SESSION_MS);
  }

  app.get<{ Params: { token: string } }>('/panels/change-email/:token', linkPage('change-email'));

  app.post<{ Params: { token: string } }>('/panels/change-email/:token', RATE_LIMIT, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const { token } = request.params;
    const outcome = looksLikeToken(token)
      ? await members.confirmEmailChange(deps, token)
      : { ok: false as const, reason: 'invalid' as const };
    if (!outcome.ok) {
      if (outcome.reason === 'in-use') return reply.render('people/email-change-refused.njk', {}, 409);
      return reply.render('people/link-expired.njk', {}, 410);
    }
    // The link may be followed on another device: only the member's own signed-in session goes to their account.
    if (request.session.get('memberId') === outcome.personId) {
      flash(reply, 'Your email address has been changed');
      return reply.redirect('/panels/account', 303);
    }
    return reply.redirect('/panels/email-changed', 303);
  });

  // A share invitation from an import: the page says who asks; only the button press grants anything.
  app.get<{ Params: { token: string } }>('/panels/share/:token', async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const { token } = request.params;
    const valid = looksLikeToken(token) && (await members.checkShareLink(deps, token)).ok;
    if (!valid) return reply.render('people/link-expired.njk', {}, 410);
    return reply.render('people/link-confirm.njk', { token, action: 'share' });
  });

  app.post<{ Params: { token: string } }>('/panels/share/:token', RATE_LIMIT, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const { token } = request.params;
    const outcome = looksLikeToken(token) ? await members.acceptShare(deps, token) : { ok: false as const };
    if (!outcome.ok) return reply.render('people/link-expired.njk', {}, 410);
    request.session.regenerate();
    signInMember(request, outcome.personId);
    flash(reply, 'You have joined the panel');
    return reply.redirect('/panels/account', 303);
  });

  app.get('/panels/email-changed', async (_request, reply) => reply.render('people/email-changed.njk', {}));

  app.get('/panels/sign-in', async (_request, reply) => reply.render('people/sign-in.njk', { values: {} }));

  app.post('/panels/sign-in', RATE_LIMIT, async (request, reply) => {
    const body = formBody(request.body);
    const parsed = signInSchema.safeParse(body);
    if (!parsed.success)
      return reply.render(
        'people/sign-in.njk',
        { values: textValues(body, ['email']), errors: toGovukErrors(parsed.error) },
        422,
      );
    await members.sendSignInLink(deps, parsed.data.email);
    return reply.redirect('/panels/sign-in/sent', 303);
  });

  app.get('/panels/sign-in/sent', async (_request, reply) => reply.render('people/sign-in-sent.njk', {}));

  app.get<{ Params: { token: string } }>('/panels/sign-in/:token', linkPage('sign-in'));

  app.post<{ Params: { token: string } }>('/panels/sign-in/:token', RATE_LIMIT, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const { token } = request.params;
    const outcome = looksLikeToken(token) ? await members.signInWithLink(deps, token) : { ok: false as const };
    if (!outcome.ok) return reply.render('people/link-expired.njk', {}, 410);
    request.session.regenerate();
    signInMember(request, outcome.personId);
    return reply.redirect('/panels/account', 303);
  });

  /** The signed-in member, or a redirect to the sign-in page. */
  async function member(request: FastifyRequest, reply: FastifyReply) {
    const id = request.session.get('memberId');
    const until = request.session.get('memberUntil') ?? 0;
    if (!id || until < deps.clock.now().getTime()) {
      await reply.redirect('/panels/sign-in', 303);
      return undefined;
    }
    const view = await members.loadMember(deps, id);
    if (!view) {
      request.session.set('memberId', undefined);
      await reply.redirect('/panels/sign-in', 303);
      return undefined;
    }
    return view;
  }

  app.get('/panels/account', async (request, reply) => {
    const view = await member(request, reply);
    if (!view) return reply;
    const wards = await staff.wardNames(deps);
    return reply.render('people/account.njk', {
      view,
      wardName: view.person.wardCode ? wards.get(view.person.wardCode) : undefined,
      topicNames: view.person.topics.map((t) => TOPICS[t as keyof typeof TOPICS] ?? t),
      channelNames: view.person.channels.map((c) => CHANNELS[c as keyof typeof CHANNELS] ?? c),
      paused: view.memberships.some((m) => m.status === 'paused'),
      active: view.memberships.some((m) => m.status === 'active'),
      statusLabels: staff.STATUS_LABELS,
    });
  });

  function renderDetails(
    reply: FastifyReply,
    view: members.MemberView,
    values: Record<string, unknown>,
    errors?: GovukErrors,
  ) {
    const selected = (key: string) => (Array.isArray(values[key]) ? (values[key] as string[]) : []);
    return reply.render(
      'people/account-details.njk',
      {
        values,
        errors,
        pendingEmail: view.pendingEmail?.email,
        topicItems: Object.entries(TOPICS).map(([value, text]) => ({
          value,
          text,
          checked: selected('topics').includes(value),
        })),
        channelItems: Object.entries(CHANNELS).map(([value, text]) => ({
          value,
          text,
          checked: selected('channels').includes(value),
        })),
      },
      errors ? 422 : 200,
    );
  }

  app.get('/panels/account/details', async (request, reply) => {
    const view = await member(request, reply);
    if (!view) return reply;
    const p = view.person;
    return renderDetails(reply, view, {
      fullName: p.fullName ?? '',
      email: p.email ?? '',
      phone: p.phone ?? '',
      postcode: p.postcode ?? '',
      address: p.address ?? '',
      language: p.language ?? '',
      accessNeeds: p.accessNeeds ?? '',
      topics: p.topics,
      channels: p.channels,
    });
  });

  app.post('/panels/account/details', async (request, reply) => {
    const view = await member(request, reply);
    if (!view) return reply;
    const body = formBody(request.body);
    const values = {
      ...textValues(body, ['fullName', 'email', 'phone', 'postcode', 'address', 'language', 'accessNeeds']),
      topics: listValue(body, 'topics'),
      channels: listValue(body, 'channels'),
    };
    const parsed = detailsSchema.safeParse(body);
    if (!parsed.success)
      return renderDetails(
        reply,
        view,
        values,
        toGovukErrors(parsed.error, { topics: 'topics', channels: 'channels' }),
      );
    const ward =
      parsed.data.postcode !== view.person.postcode
        ? await members.lookUpWard(deps, parsed.data.postcode)
        : view.person.wardCode;
    const outcome = await members.updateDetails(deps, view.person.id, parsed.data, ward);
    if (!outcome.ok) {
      if (outcome.reason === 'contact-in-use')
        return renderDetails(
          reply,
          view,
          values,
          singleError('phone', 'This mobile phone number is already used by another member'),
        );
      return reply.redirect('/panels/sign-in', 303);
    }
    flash(
      reply,
      outcome.emailChangeSentTo
        ? `We have sent a link to ${outcome.emailChangeSentTo}; your address will change when you follow it`
        : 'Your details have been updated',
    );
    return reply.redirect('/panels/account', 303);
  });

  app.post('/panels/account/pause', async (request, reply) => {
    const view = await member(request, reply);
    if (!view) return reply;
    const pause = formBody(request.body).action !== 'resume';
    await members.setPaused(deps, view.person.id, pause);
    flash(
      reply,
      pause
        ? 'Your membership is paused. We will not invite you to take part until you resume it'
        : 'Your membership has resumed',
    );
    return reply.redirect('/panels/account', 303);
  });

  app.get('/panels/account/download', async (request, reply) => {
    const view = await member(request, reply);
    if (!view) return reply;
    const data = await members.exportOwnData(deps, view.person.id);
    return reply
      .header('content-disposition', 'attachment; filename="my-residents-panel-data.json"')
      .header('cache-control', 'no-store')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });

  app.get('/panels/account/leave', async (request, reply) => {
    const view = await member(request, reply);
    if (!view) return reply;
    return reply.render('people/leave.njk', {});
  });

  app.post('/panels/account/leave', async (request, reply) => {
    const view = await member(request, reply);
    if (!view) return reply;
    await members.leave(deps, view.person.id);
    request.session.set('memberId', undefined);
    request.session.set('memberUntil', undefined);
    return reply.redirect('/panels/left', 303);
  });

  app.get('/panels/left', async (_request, reply) => reply.render('people/left.njk', {}));

  app.post('/panels/account/sign-out', async (request, reply) => {
    request.session.set('memberId', undefined);
    request.session.set('memberUntil', undefined);
    flash(reply, 'You have signed out');
    return reply.redirect('/panels', 303);
  });
}

const STEP_ORDER = (step: Step) =>
  ['panels', 'name', 'contact', 'postcode', 'ward', 'topics', 'channels', 'needs', 'about-you', 'consent'].indexOf(
    step,
  );
