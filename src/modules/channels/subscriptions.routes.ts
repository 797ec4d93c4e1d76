/** Public pages: subscribe (double opt-in), confirm, and one-click unsubscribe. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../web/auth.ts';
import { toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import { listOrganisations } from '../accounts/index.ts';
import { findConsultationBySlug, PUBLIC_STATES, TOPICS, type Consultation } from '../consultations/index.ts';
import { listWardNames } from '../geography/index.ts';
import { formList, formStrings } from './channels.forms.ts';
import { subscribeSchema } from './subscriptions.schema.ts';
import * as service from './subscriptions.service.ts';

export function subscriptionsRoutes(app: FastifyInstance, deps: Deps) {
  async function options() {
    const [wards, organisations] = await Promise.all([listWardNames(deps.db), listOrganisations(deps.db)]);
    return {
      wards: wards.map((w) => ({ value: w.code, text: w.name })),
      topics: Object.entries(TOPICS).map(([value, text]) => ({ value, text })),
      organisations: organisations.map((o) => ({ value: o.id, text: o.name })),
    };
  }

  async function scopedConsultation(slug: unknown): Promise<Consultation | null | 'missing'> {
    if (typeof slug !== 'string' || !slug) return null;
    const c = await findConsultationBySlug(deps.db, slug);
    return c && PUBLIC_STATES.includes(c.state as never) ? c : 'missing';
  }

  async function form(
    reply: FastifyReply,
    consultation: Consultation | null,
    values: Record<string, unknown>,
    errors?: GovukErrors,
    status = 200,
  ) {
    const o = await options();
    const picked = (key: string) => new Set((values[key] as string[] | undefined) ?? []);
    const mark = (items: { value: string; text: string }[], key: string) =>
      items.map((i) => ({ ...i, checked: picked(key).has(i.value) }));
    return reply.render(
      'channels/subscribe.njk',
      {
        consultation,
        values,
        errors,
        wards: mark(o.wards, 'wards'),
        topics: mark(o.topics, 'topics'),
        organisations: mark(o.organisations, 'organisations'),
      },
      status,
    );
  }

  app.get('/subscribe', async (request, reply) => {
    const consultation = await scopedConsultation((request.query as { consultation?: string }).consultation);
    if (consultation === 'missing') return notFound(reply);
    return form(reply, consultation, { frequency: 'immediate', channel: 'email' });
  });

  app.post('/subscribe', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    const consultation = await scopedConsultation(body.consultation);
    if (consultation === 'missing') return notFound(reply);
    const values = {
      ...formStrings(body, ['channel', 'email', 'phone', 'frequency']),
      wards: formList(body, 'wards'),
      topics: formList(body, 'topics'),
      organisations: formList(body, 'organisations'),
    };
    const o = await options();
    const schema = subscribeSchema({
      scoped: Boolean(consultation),
      wards: o.wards.map((w) => w.value),
      topics: o.topics.map((t) => t.value),
      organisations: o.organisations.map((x) => x.value),
    });
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      return form(
        reply,
        consultation,
        values,
        toGovukErrors(parsed.error, { channel: 'channel', frequency: 'frequency', wards: 'wards' }),
        422,
      );
    }
    const names = (items: { value: string; text: string }[], chosen: string[]) =>
      items.filter((i) => chosen.includes(i.value)).map((i) => i.text);
    const description = consultation
      ? `updates about “${consultation.title}”`
      : `new consultations and updates for ${[
          ...names(o.wards, parsed.data.wards),
          ...names(o.topics, parsed.data.topics),
          ...names(o.organisations, parsed.data.organisations),
        ].join(', ')}`;
    await service.subscribe(deps, parsed.data, { consultationId: consultation?.id ?? null, description });
    return reply.redirect(`/subscribe/check?by=${parsed.data.channel}`, 303);
  });

  app.get('/subscribe/check', async (request, reply) =>
    reply.render('channels/subscribe-check.njk', {
      channel: (request.query as { by?: string }).by === 'sms' ? 'sms' : 'email',
    }),
  );

  app.get('/subscribe/confirm/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const outcome = await service.checkConfirmation(deps, token);
    reply.header('referrer-policy', 'no-referrer');
    if (!outcome.ok) return reply.render('channels/link-invalid.njk', {}, 410);
    return reply.render('channels/subscribe-confirm.njk', { token, alreadyConfirmed: outcome.alreadyConfirmed });
  });

  app.post('/subscribe/confirm/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const outcome = await service.confirmSubscription(deps, token);
    if (!outcome.ok) return reply.render('channels/link-invalid.njk', {}, 410);
    return reply.redirect('/subscribe/confirmed', 303);
  });

  app.get('/subscribe/confirmed', async (_request, reply) => reply.render('channels/subscribe-confirmed.njk'));

  app.get('/unsubscribe/:token', async (request, reply) => {
    const { token } = request.params as { token: string };
    const outcome = await service.checkUnsubscribe(deps, token);
    reply.header('referrer-policy', 'no-referrer');
    if (!outcome.ok) return reply.render('channels/link-invalid.njk', {}, 410);
    return reply.render('channels/unsubscribe.njk', {
      token,
      alreadyDone: Boolean(outcome.subscription.unsubscribedAt),
    });
  });

  // RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no session or CSRF token; the
  // signed token in the address is the proof, and the worst a forger could do is unsubscribe someone.
  app.post(
    '/unsubscribe/:token',
    { config: { csrf: false, rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const { token } = request.params as { token: string };
      const outcome = await service.unsubscribe(deps, token);
      const oneClick = formStrings(request.body, ['List-Unsubscribe'])['List-Unsubscribe'] === 'One-Click';
      if (!outcome.ok) return oneClick ? reply.code(404).send('') : reply.render('channels/link-invalid.njk', {}, 410);
      if (oneClick) return reply.code(200).type('text/plain').send('Unsubscribed');
      return reply.redirect('/unsubscribe/done', 303);
    },
  );

  app.get('/unsubscribe/done', async (_request, reply) => reply.render('channels/unsubscribed.njk'));
}
