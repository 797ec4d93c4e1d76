/** HTTP for petitions: the public list, standards, starting, signing, confirming; staff moderation. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodError } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff, type CurrentUser } from '../../web/auth.ts';
import { toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { shareMeta } from '../../web/share-meta.ts';
import { listWardNames } from '../geography/index.ts';
import { isDisposable } from './disposable-domains.ts';
import { COUNT_STALENESS_MS, publicCounts } from './petition-counts.ts';
import {
  REJECTION_CODES,
  REJECTION_REASONS,
  STATUS_LABELS,
  STATUS_TAG_CLASSES,
  type RejectionCode,
} from './petitions.catalogue.ts';
import * as policy from './petitions.policy.ts';
import * as repo from './petitions.repository.ts';
import {
  DEBATE_FIELDS,
  debateSchema,
  INVALIDATE_FIELDS,
  invalidateSchema,
  MODERATE_FIELDS,
  moderateSchema,
  responseSchema,
  SETTINGS_FIELDS,
  settingsSchema,
  SIGNER_FIELDS,
  signSchema,
  START_FIELDS,
  startSchema,
  valuesOf,
  type FormValues,
} from './petitions.schema.ts';
import {
  confirmByToken,
  findByToken,
  invalidate,
  linkState,
  moderatePetition,
  publicState,
  publishDebate,
  publishResponse,
  saveSettings,
  signPetition,
  startPetition,
  takesSignatures,
} from './petitions.service.ts';
import type { Petition } from './petitions.tables.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const staff = (request: FastifyRequest) => request.user as CurrentUser;
const errorsOf = (error: ZodError) => toGovukErrors(error, { inBorough: 'inBorough', date: 'date-day' });

/** A signing journey may be tried this often per address per minute; stated in the README. */
const SIGN_RATE = { max: 20, timeWindow: '1 minute' };
const START_RATE = { max: 5, timeWindow: '1 hour' };

export function wardNamer(wards: { code: string; name: string }[]) {
  const names = new Map(wards.map((w) => [w.code, w.name]));
  return (code: string | null) => (code ? (names.get(code) ?? code) : 'Postcode not in our list');
}

export function petitionView(petition: Petition, now: Date) {
  const state = publicState(petition, now);
  return {
    ...petition,
    state,
    stateLabel: STATUS_LABELS[state],
    stateClass: STATUS_TAG_CLASSES[state],
    takesSignatures: takesSignatures(petition, now),
    rejection: petition.rejectionCode ? REJECTION_REASONS[petition.rejectionCode as RejectionCode] : null,
  };
}

/** Public pages in the page cache; they expire within COUNT_STALENESS_MS so counts stay near live. */
const CACHED = { config: { pageCache: { tags: ['petitions'] as const } } };

export function petitionsRoutes(app: FastifyInstance, deps: Deps) {
  // Signature confirmations do not bump the tag (that would empty the cache at every signature under
  // load); instead every petitions page is kept for at most COUNT_STALENESS_MS.
  app.pageCache.schedule('petitions', async (_deps, now) => new Date(now.getTime() + COUNT_STALENESS_MS));
  async function council() {
    const found = await repo.councilOrganisation(deps.db);
    if (!found) throw new Error('No council organisation');
    return found;
  }

  async function byNumber(request: FastifyRequest) {
    const raw = (request.params as { number: string }).number;
    if (!/^\d{1,9}$/.test(raw)) return undefined;
    const petition = await repo.findPetitionByNumber(deps.db, Number(raw));
    return petition && petition.status !== 'draft' ? petition : undefined;
  }

  app.get('/petitions', CACHED, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const filters = ['open', 'responded', 'closed', 'rejected'] as const;
    const filter = filters.find((f) => f === query.state) ?? 'open';
    const now = deps.clock.now();
    const { id } = await council();
    const [rows, settings] = await Promise.all([
      repo.listPetitions(deps.db, id, filter, now),
      repo.getSettings(deps.db, id),
    ]);
    return reply.render('petitions/list.njk', {
      filter,
      filters: filters.map((f) => ({ value: f, current: f === filter })),
      petitions: rows.map((r) => ({ ...petitionView(r.petition, now), signatures: r.signatures })),
      settings,
    });
  });

  app.get('/petitions/standards', CACHED, async (_request, reply) => {
    const settings = await repo.getSettings(deps.db, (await council()).id);
    return reply.render('petitions/standards.njk', {
      reasons: REJECTION_CODES.map((c) => REJECTION_REASONS[c]),
      settings,
    });
  });

  // Starting a petition.
  app.get('/petitions/start', async (_request, reply) => {
    const settings = await repo.getSettings(deps.db, (await council()).id);
    return reply.render('petitions/start.njk', { values: {}, settings });
  });

  app.post('/petitions/start', { config: { rateLimit: START_RATE } }, async (request, reply) => {
    const values = valuesOf(request.body, START_FIELDS);
    const parsed = startSchema.safeParse(values);
    if (!parsed.success) {
      const settings = await repo.getSettings(deps.db, (await council()).id);
      return reply.render('petitions/start.njk', { values, settings, errors: errorsOf(parsed.error) }, 422);
    }
    await startPetition(deps, parsed.data, { ip: request.ip });
    return reply.redirect('/petitions/start/check-email', 303);
  });

  app.get('/petitions/start/check-email', async (_request, reply) =>
    reply.render('petitions/check-email.njk', { starting: true }),
  );

  // The petition page and signing.
  app.get('/petitions/:number', CACHED, async (request, reply) => {
    const petition = await byNumber(request);
    if (!petition) return notFound(reply);
    const now = deps.clock.now();
    const [counts, wards, settings, reached] = await Promise.all([
      publicCounts(deps, petition.id),
      listWardNames(deps.db),
      repo.getSettings(deps.db, petition.organisationId),
      repo.thresholdsReached(deps.db, petition.id),
    ]);
    const name = wardNamer(wards);
    const duplicateOf = petition.duplicateOf ? await repo.findPetition(deps.db, petition.duplicateOf) : undefined;
    const view = petitionView(petition, now);
    return reply.render('petitions/petition.njk', {
      petition: view,
      share: shareMeta(deps.config, {
        title: petition.title,
        description: petition.action,
        path: `/petitions/${petition.number}`,
        closesAt: view.takesSignatures ? petition.closesAt : null,
        note: view.takesSignatures ? undefined : view.stateLabel,
      }),
      signatures: counts.total,
      byWard: counts.byWard.map((w) => ({ ward: name(w.wardCode), n: w.n })),
      stalenessSeconds: (2 * COUNT_STALENESS_MS) / 1000,
      settings,
      reached: Object.fromEntries(reached.map((r) => [r.kind, r])),
      duplicateOf,
      supportersLeft: Math.max(0, settings.supportersNeeded - Math.max(0, counts.total - 1)),
    });
  });

  app.get('/petitions/:number/sign', async (request, reply) => {
    const petition = await byNumber(request);
    if (!petition) return notFound(reply);
    const now = deps.clock.now();
    if (!takesSignatures(petition, now))
      return reply.render('petitions/not-signable.njk', { petition: petitionView(petition, now) }, 410);
    return reply.render('petitions/sign.njk', { petition: petitionView(petition, now), values: {} });
  });

  app.post('/petitions/:number/sign', { config: { rateLimit: SIGN_RATE } }, async (request, reply) => {
    const petition = await byNumber(request);
    if (!petition) return notFound(reply);
    const now = deps.clock.now();
    const values = valuesOf(request.body, SIGNER_FIELDS);
    const parsed = signSchema.safeParse(values);
    if (!parsed.success)
      return reply.render(
        'petitions/sign.njk',
        { petition: petitionView(petition, now), values, errors: errorsOf(parsed.error) },
        422,
      );
    const outcome = await signPetition(deps, petition, parsed.data, { ip: request.ip });
    if (!outcome.ok) return reply.render('petitions/not-signable.njk', { petition: petitionView(petition, now) }, 410);
    return reply.redirect(`/petitions/${petition.number}/sign/check-email`, 303);
  });

  app.get('/petitions/:number/sign/check-email', async (request, reply) => {
    const petition = await byNumber(request);
    if (!petition) return notFound(reply);
    return reply.render('petitions/check-email.njk', { petition: petitionView(petition, deps.clock.now()) });
  });

  // The link from the email: GET shows a button (scanners follow links), POST confirms. The POST
  // takes no session or CSRF token: the 32-byte secret in the address is the proof (as for one-click
  // unsubscribe), and the worst a forged post could do is confirm the signature its owner asked for.
  // So neither page sets a cookie, and the pages after a confirmation are the same for everyone.
  app.get('/petitions/confirm/:token', async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const found = await findByToken(deps, (request.params as { token: string }).token);
    if (!found.ok) return reply.render('petitions/link-result.njk', { result: 'invalid' }, 404);
    const now = deps.clock.now();
    const state = linkState(found, now);
    const petition = petitionView(found.petition, now);
    if (state !== 'ready')
      return reply.render(
        'petitions/link-result.njk',
        { result: state, petition },
        state === 'already-confirmed' ? 200 : 410,
      );
    return reply.render('petitions/confirm.njk', { petition, creator: found.signature.isCreator });
  });

  app.post('/petitions/confirm/:token', { config: { csrf: false, rateLimit: SIGN_RATE } }, async (request, reply) => {
    reply.header('referrer-policy', 'no-referrer');
    const outcome = await confirmByToken(deps, (request.params as { token: string }).token);
    const now = deps.clock.now();
    if (!outcome.ok) {
      const petition = outcome.petition ? petitionView(outcome.petition, now) : undefined;
      return reply.render(
        'petitions/link-result.njk',
        { result: outcome.reason, petition },
        outcome.reason === 'invalid' ? 404 : 410,
      );
    }
    if (!outcome.first)
      return reply.render('petitions/link-result.njk', {
        result: 'already-confirmed',
        petition: petitionView(outcome.petition, now),
      });
    const next = outcome.signature.isCreator ? 'started' : 'confirmed';
    return reply.redirect(`/petitions/${outcome.petition.number}/${next}`, 303);
  });

  app.get('/petitions/:number/confirmed', CACHED, async (request, reply) => {
    const petition = await byNumber(request);
    if (!petition) return notFound(reply);
    return reply.render('petitions/link-result.njk', {
      result: 'confirmed',
      petition: petitionView(petition, deps.clock.now()),
    });
  });

  app.get('/petitions/:number/started', CACHED, async (request, reply) => {
    const petition = await byNumber(request);
    if (!petition) return notFound(reply);
    return reply.render('petitions/link-result.njk', {
      result: 'confirmed',
      creator: true,
      petition: petitionView(petition, deps.clock.now()),
      link: `${deps.config.baseUrl}/petitions/${petition.number}`,
      settings: await repo.getSettings(deps.db, petition.organisationId),
    });
  });

  // Staff.
  async function staffPetition(request: FastifyRequest, reply: FastifyReply) {
    const id = (request.params as { id: string }).id;
    const petition = UUID.test(id) ? await repo.findPetition(deps.db, id) : undefined;
    if (!petition) return void notFound(reply);
    if (!policy.canListPetitions(staff(request), petition.organisationId)) return void forbidden(reply);
    return petition;
  }

  app.get('/staff/petitions', { preHandler: requireStaff }, async (request, reply) => {
    const { id } = await council();
    if (!policy.canListPetitions(staff(request), id)) return forbidden(reply);
    const now = deps.clock.now();
    const [queue, all] = await Promise.all([
      repo.listPetitions(deps.db, id, 'moderation', now),
      repo.listPetitions(deps.db, id, 'all', now, 300),
    ]);
    return reply.render('petitions/staff-list.njk', {
      queue: queue.map((r) => ({ ...petitionView(r.petition, now), signatures: r.signatures })),
      petitions: all.map((r) => ({ ...petitionView(r.petition, now), signatures: r.signatures })),
      canChangeSettings: policy.canChangeSettings(staff(request), id),
    });
  });

  async function renderStaffPetition(
    request: FastifyRequest,
    reply: FastifyReply,
    petition: Petition,
    extra: { errors?: GovukErrors; values?: FormValues; form?: string } = {},
    status = 200,
  ) {
    const user = staff(request);
    const now = deps.clock.now();
    const canSee = policy.canSeeSignatures(user, petition);
    const [counts, officers, wards, reached, openPetitions, similar] = await Promise.all([
      repo.statusCounts(deps.db, petition.id),
      repo.leadOfficerChoices(deps.db, petition.organisationId),
      listWardNames(deps.db),
      repo.thresholdsReached(deps.db, petition.id),
      repo.openPetitionsForDuplicate(deps.db, petition.organisationId, petition.id, now),
      repo.similarOpenPetitions(deps.db, petition, now),
    ]);
    const signals = canSee
      ? await Promise.all([
          repo.networkSignals(deps.db, petition.id),
          repo.addressSignals(deps.db, petition.id, 3),
          repo.disposableSignals(deps.db, petition.id),
          repo.recentSignatures(deps.db, petition.id, 50),
        ])
      : null;
    const name = wardNamer(wards);
    const settings = await repo.getSettings(deps.db, petition.organisationId);
    return reply.render(
      'petitions/staff-petition.njk',
      {
        petition: petitionView(petition, now),
        counts: Object.fromEntries(counts.map((c) => [c.status, c.n])),
        leadOfficer: officers.find((o) => o.id === petition.leadOfficerId),
        officers,
        reached,
        settings,
        openPetitions,
        similar,
        reasons: REJECTION_CODES.map((code) => ({ value: code, text: REJECTION_REASONS[code].label })),
        canModerate: policy.canModerate(user, petition),
        canPublish: policy.canPublishResponse(user, petition),
        canInvalidate: policy.canInvalidate(user, petition),
        signals: signals && {
          networks: signals[0].map((n) => ({ ...n, flagged: n.busiestMinute >= 10 || n.signatures >= 50 })),
          addresses: signals[1],
          disposable: signals[2],
          disposableTotal: signals[2].reduce((s, d) => s + d.signatures, 0),
          recent: signals[3].map((s) => ({
            ...s,
            ward: name(s.wardCode),
            disposable: isDisposable(s.emailDomain),
          })),
        },
        values: extra.values ?? {},
        form: extra.form,
        errors: extra.errors,
      },
      status,
    );
  }

  app.get('/staff/petitions/:id', { preHandler: requireStaff }, async (request, reply) => {
    const petition = await staffPetition(request, reply);
    if (!petition) return;
    return renderStaffPetition(request, reply, petition);
  });

  app.post('/staff/petitions/:id/moderate', { preHandler: requireStaff }, async (request, reply) => {
    const petition = await staffPetition(request, reply);
    if (!petition) return;
    if (!policy.canModerate(staff(request), petition)) return forbidden(reply);
    const now = deps.clock.now();
    const values = valuesOf(request.body, MODERATE_FIELDS);
    const [officers, open] = await Promise.all([
      repo.leadOfficerChoices(deps.db, petition.organisationId),
      repo.openPetitionsForDuplicate(deps.db, petition.organisationId, petition.id, now),
    ]);
    const parsed = moderateSchema(
      officers.map((o) => o.id),
      open.map((o) => o.id),
    ).safeParse(values);
    if (!parsed.success)
      return renderStaffPetition(
        request,
        reply,
        petition,
        { values, form: 'moderate', errors: errorsOf(parsed.error) },
        422,
      );
    const v = parsed.data;
    const outcome = await moderatePetition(
      deps,
      actorOf(request),
      petition.id,
      v.decision === 'publish'
        ? { decision: 'publish', leadOfficerId: v.leadOfficerId }
        : {
            decision: 'reject',
            code: v.rejectionCode as RejectionCode,
            details: v.details,
            duplicateOf: v.rejectionCode === 'duplicate' ? v.duplicateOf : null,
          },
    );
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return notFound(reply);
      flash(reply, 'This petition has already been moderated');
      return reply.redirect(`/staff/petitions/${petition.id}`, 303);
    }
    flash(reply, v.decision === 'publish' ? 'Petition published' : 'Petition rejected');
    return reply.redirect(`/staff/petitions/${petition.id}`, 303);
  });

  app.post('/staff/petitions/:id/response', { preHandler: requireStaff }, async (request, reply) => {
    const petition = await staffPetition(request, reply);
    if (!petition) return;
    if (!policy.canPublishResponse(staff(request), petition)) return forbidden(reply);
    const values = valuesOf(request.body, ['response']);
    const parsed = responseSchema.safeParse(values);
    if (!parsed.success)
      return renderStaffPetition(
        request,
        reply,
        petition,
        { values, form: 'response', errors: errorsOf(parsed.error) },
        422,
      );
    const outcome = await publishResponse(deps, actorOf(request), petition.id, parsed.data.response);
    if (!outcome.ok) return outcome.reason === 'not-found' ? notFound(reply) : forbidden(reply);
    flash(reply, 'Response published on the petition');
    return reply.redirect(`/staff/petitions/${petition.id}`, 303);
  });

  app.post('/staff/petitions/:id/debate', { preHandler: requireStaff }, async (request, reply) => {
    const petition = await staffPetition(request, reply);
    if (!petition) return;
    if (!policy.canPublishResponse(staff(request), petition)) return forbidden(reply);
    const values = valuesOf(request.body, DEBATE_FIELDS);
    const parsed = debateSchema.safeParse(values);
    if (!parsed.success)
      return renderStaffPetition(
        request,
        reply,
        petition,
        { values, form: 'debate', errors: errorsOf(parsed.error) },
        422,
      );
    const outcome = await publishDebate(deps, actorOf(request), petition.id, parsed.data);
    if (!outcome.ok) return outcome.reason === 'not-found' ? notFound(reply) : forbidden(reply);
    flash(reply, 'Debate published on the petition');
    return reply.redirect(`/staff/petitions/${petition.id}`, 303);
  });

  app.post('/staff/petitions/:id/invalidate', { preHandler: requireStaff }, async (request, reply) => {
    const petition = await staffPetition(request, reply);
    if (!petition) return;
    const user = staff(request);
    if (!policy.canInvalidate(user, petition)) return forbidden(reply);
    const values = valuesOf(request.body, INVALIDATE_FIELDS);
    // The radios carry "network:<hash>" and "address:<hash>" so one choice names the group and its value.
    const [groupName, groupValue] = values.group!.split(':');
    if (groupValue) Object.assign(values, { group: groupName, value: groupValue });
    const parsed = invalidateSchema.safeParse(values);
    if (!parsed.success)
      return renderStaffPetition(
        request,
        reply,
        petition,
        { values, form: 'invalidate', errors: errorsOf(parsed.error) },
        422,
      );
    const { group, value, reason } = parsed.data;
    const result = await invalidate(
      deps,
      { ...actorOf(request), id: user.id },
      petition.id,
      group === 'disposable' ? { kind: 'disposable' } : { kind: group, value },
      reason,
    );
    flash(
      reply,
      `${result.invalidated} ${result.invalidated === 1 ? 'signature' : 'signatures'} invalidated (${result.confirmed} had been counted)`,
    );
    return reply.redirect(`/staff/petitions/${petition.id}`, 303);
  });

  app.get('/staff/petitions/settings', { preHandler: requireStaff }, async (request, reply) => {
    const { id } = await council();
    if (!policy.canChangeSettings(staff(request), id)) return forbidden(reply);
    const settings = await repo.getSettings(deps.db, id);
    return reply.render('petitions/settings.njk', {
      values: Object.fromEntries(SETTINGS_FIELDS.map((f) => [f, String(settings[f])])),
    });
  });

  app.post('/staff/petitions/settings', { preHandler: requireStaff }, async (request, reply) => {
    const { id } = await council();
    const user = staff(request);
    if (!policy.canChangeSettings(user, id)) return forbidden(reply);
    const values = valuesOf(request.body, SETTINGS_FIELDS);
    const parsed = settingsSchema.safeParse(values);
    if (!parsed.success) return reply.render('petitions/settings.njk', { values, errors: errorsOf(parsed.error) }, 422);
    await saveSettings(deps, { ...actorOf(request), id: user.id }, id, parsed.data);
    flash(reply, 'Petition settings saved');
    return reply.redirect('/staff/petitions', 303);
  });
}
