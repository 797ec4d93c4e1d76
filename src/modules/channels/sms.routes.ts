/** Notify's received-text callback, the staff texts inbox, and "text us your view" settings per consultation. */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff, type CurrentUser } from '../../web/auth.ts';
import { toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { findConsultation, listPartnerIds, type Consultation } from '../consultations/index.ts';
import { textQuestionsOf } from '../questionnaires/index.ts';
import { formStrings } from './channels.forms.ts';
import { smsSettingsSchema } from './channels.schema.ts';
import { inbox, markHandled, offerTextResponses, receiveText, textSetting } from './sms.service.ts';
import { UUID } from './sql-rows.ts';

const staff = (request: FastifyRequest) => request.user as CurrentUser;
const isReviewer = (u: CurrentUser) => u.role === 'administrator' || u.role === 'engagement_officer';

const receivedTextSchema = z.object({
  id: z.string().min(1).max(100),
  source_number: z.string().min(5).max(20),
  destination_number: z.string().max(20).optional(),
  message: z.string().max(2000),
  date_received: z.string().max(40),
});

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function smsRoutes(app: FastifyInstance, deps: Deps) {
  // Notify's callback: JSON, no session or CSRF; the bearer token configured in Notify is the proof.
  app.post(
    '/notify/received-text',
    { config: { csrf: false, rateLimit: { max: 600, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const token = deps.config.notifyInboundToken;
      if (!token) return reply.code(404).send({ error: 'Not found' });
      if (!bearerMatches(request.headers.authorization, token)) return reply.code(401).send({ error: 'Unauthorised' });
      const parsed = receivedTextSchema.safeParse(request.body);
      if (!parsed.success) return reply.code(400).send({ error: 'Not a received text message' });
      const outcome = await receiveText(deps, parsed.data);
      return reply.code(200).send({ outcome });
    },
  );

  app.get('/staff/texts', { preHandler: requireStaff }, async (request, reply) => {
    if (!isReviewer(staff(request))) return forbidden(reply);
    const handled = (request.query as { show?: string }).show === 'handled';
    return reply.render('channels/texts.njk', { messages: await inbox(deps, { handled }), handled });
  });

  app.post('/staff/texts/:id/handled', { preHandler: requireStaff }, async (request, reply) => {
    if (!isReviewer(staff(request))) return forbidden(reply);
    const { id } = request.params as { id: string };
    if (!UUID.test(id) || !(await markHandled(deps, actorOf(request), id))) return notFound(reply);
    flash(reply, 'Marked as dealt with');
    return reply.redirect('/staff/texts', 303);
  });

  async function consultationFor(request: FastifyRequest, reply: FastifyReply): Promise<Consultation | null> {
    const { id } = request.params as { id: string };
    const c = await findConsultation(deps.db, id);
    const user = staff(request);
    const mine =
      c &&
      (isReviewer(user) ||
        (user.role !== 'councillor' &&
          (c.leadOrganisationId === user.organisationId ||
            (await listPartnerIds(deps.db, c.id)).includes(user.organisationId))));
    if (!c) {
      notFound(reply);
      return null;
    }
    if (!mine) {
      forbidden(reply);
      return null;
    }
    return c;
  }

  async function settingsPage(
    reply: FastifyReply,
    c: Consultation,
    values?: Record<string, string>,
    errors?: GovukErrors,
  ) {
    const [setting, questions] = await Promise.all([textSetting(deps, c.id), textQuestionsOf(deps.db, c.id)]);
    const chosen = values?.questionKey ?? setting?.questionKey ?? questions?.questions[0]?.key;
    return reply.render(
      'channels/text-responses.njk',
      {
        consultation: c,
        setting,
        values: values ?? { keyword: setting?.keyword ?? '' },
        questions: (questions?.questions ?? []).map((q) => ({ value: q.key, text: q.text, checked: q.key === chosen })),
        errors,
      },
      errors ? 422 : 200,
    );
  }

  app.get('/staff/consultations/:id/text-responses', { preHandler: requireStaff }, async (request, reply) => {
    const c = await consultationFor(request, reply);
    return c ? settingsPage(reply, c) : reply;
  });

  app.post('/staff/consultations/:id/text-responses', { preHandler: requireStaff }, async (request, reply) => {
    const c = await consultationFor(request, reply);
    if (!c) return reply;
    const values = formStrings(request.body, ['keyword', 'questionKey']);
    const parsed = smsSettingsSchema.safeParse(values);
    if (!parsed.success)
      return settingsPage(reply, c, values, toGovukErrors(parsed.error, { questionKey: 'questionKey' }));
    const outcome = await offerTextResponses(deps, actorOf(request), c.id, parsed.data);
    if (!outcome.ok) {
      const text =
        outcome.reason === 'keyword-taken'
          ? 'Another consultation uses this keyword: choose another'
          : 'Select the question a text answers';
      const field = outcome.reason === 'keyword-taken' ? 'keyword' : 'questionKey';
      return settingsPage(reply, c, values, { list: [{ text, href: `#${field}` }], fields: { [field]: { text } } });
    }
    flash(reply, `People can now text ${parsed.data.keyword} and their view`);
    return reply.redirect(`/staff/consultations/${c.id}/text-responses`, 303);
  });
}
