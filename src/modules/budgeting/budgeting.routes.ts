/** HTTP for participatory budgeting: public process pages, proposing, voting and results; staff running a process. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff, type CurrentUser } from '../../web/auth.ts';
import { singleError, toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import { londonParts } from '../../web/format.ts';
import { flash } from '../../web/render.ts';
import { shareMeta } from '../../web/share-meta.ts';
import { listWardNames } from '../geography/index.ts';
import {
  BALLOT_KINDS,
  DELIVERY_STAGES,
  PHASE_LABELS,
  RULES,
  formatPounds,
  phaseOf,
  rulesFrozen,
  type BallotCheck,
} from './budgeting.catalogue.ts';
import { resultsChart } from './budgeting.charts.ts';
import * as policy from './budgeting.policy.ts';
import * as repo from './budgeting.repository.ts';
import {
  PHASE_DATES,
  PROCESS_ANCHORS,
  assessmentSchema,
  deliverySchema,
  eligibilitySchema,
  one,
  processSchema,
  proposalSchema,
  type FormValues,
} from './budgeting.schema.ts';
import * as service from './budgeting.service.ts';
import type { PbProcess } from './budgeting.tables.ts';
import { electionOf, parsePb } from './pabulib.ts';
import { count } from './counting.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    /** Voter row per process: pending until its code is entered, then verified. */
    pbVoters: Record<string, { id: string; verified: boolean }>;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const body = (request: FastifyRequest) =>
  request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
const staff = (request: FastifyRequest) => request.user as CurrentUser;
const staffActor = (request: FastifyRequest) => ({
  ...actorOf(request),
  organisationId: staff(request).organisationId,
});

interface Upload {
  filename: string;
  bytes: Buffer;
  tooLarge: boolean;
}
const uploads = new WeakMap<FastifyRequest, Upload[]>();

/** Upcoming phase changes, so cached public pages expire exactly when a process moves on. */
async function nextPhaseChange(deps: Deps, now: Date) {
  const all = await repo.listProcesses(deps.db);
  const times = all
    .flatMap((p) => [p.ideasFrom, p.feasibilityFrom, p.votingFrom, p.votingUntil, p.deliveryFrom])
    .filter((t) => t > now)
    .map((t) => t.getTime());
  return times.length ? new Date(Math.min(...times)) : null;
}

function dateValues(p: PbProcess): FormValues {
  const values: FormValues = {};
  const dates: Record<string, Date> = {
    ideasFrom: p.ideasFrom,
    feasibilityFrom: p.feasibilityFrom,
    votingFrom: p.votingFrom,
    votingLast: new Date(p.votingUntil.getTime() - 86_400_000),
    deliveryFrom: p.deliveryFrom,
  };
  for (const [field, date] of Object.entries(dates)) {
    const parts = londonParts(date);
    values[`${field}-day`] = String(Number(parts.day));
    values[`${field}-month`] = String(Number(parts.month));
    values[`${field}-year`] = parts.year;
  }
  return values;
}

const processValuesOf = (p: PbProcess): FormValues => ({
  title: p.title,
  slug: p.slug,
  description: p.description,
  area: p.wardCode ?? 'borough',
  budgetMode: p.budgetMode,
  budget: String(p.budget),
  perHeadPounds: p.perHeadPounds ?? '',
  population: p.population ? String(p.population) : '',
  ballotType: p.ballotType,
  maxProjects: p.maxProjects ? String(p.maxProjects) : '',
  maxPoints: p.maxPoints ? String(p.maxPoints) : '',
  rule: p.rule,
  minAge: String(p.minAge),
  ...dateValues(p),
});

const FORM_FIELDS = [
  'title',
  'slug',
  'description',
  'area',
  'budgetMode',
  'budget',
  'perHeadPounds',
  'population',
  'ballotType',
  'maxProjects',
  'maxPoints',
  'rule',
  'minAge',
];
function formValuesOf(b: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const f of FORM_FIELDS) values[f] = one(b[f]);
  for (const [f] of PHASE_DATES)
    for (const part of ['day', 'month', 'year']) values[`${f}-${part}`] = one(b[`${f}-${part}`]);
  return values;
}

/** What every page about a process needs to say where it is. */
async function processView(deps: Deps, p: PbProcess) {
  const wards = await listWardNames(deps.db);
  const wardName = (code: string | null) => (code ? (wards.find((w) => w.code === code)?.name ?? code) : null);
  const phase = phaseOf(p, deps.clock.now());
  return {
    p,
    phase,
    phaseLabel: PHASE_LABELS[phase],
    area: wardName(p.wardCode) ?? 'the whole borough',
    wardName,
    wards,
    budget: formatPounds(p.budget),
    budgetNote:
      p.budgetMode === 'per_head' && p.perHeadPounds && p.population
        ? `£${Number(p.perHeadPounds).toFixed(2)} a head for ${p.population.toLocaleString('en-GB')} residents`
        : null,
    ballotLabel: BALLOT_KINDS[p.ballotType as keyof typeof BALLOT_KINDS]?.label ?? p.ballotType,
    ruleLabel: RULES[p.rule as keyof typeof RULES]?.label ?? p.rule,
    ruleHint: RULES[p.rule as keyof typeof RULES]?.hint ?? '',
    timeline: [
      { label: 'Sharing ideas', from: p.ideasFrom, key: 'ideas' },
      { label: 'Checking ideas', from: p.feasibilityFrom, key: 'feasibility' },
      { label: 'Voting', from: p.votingFrom, until: new Date(p.votingUntil.getTime() - 1), key: 'voting' },
      { label: 'Results', from: p.votingUntil, key: 'results' },
      { label: 'Delivery', from: p.deliveryFrom, key: 'delivery' },
    ],
  };
}

function ballotRows(
  p: PbProcess,
  projects: Awaited<ReturnType<typeof service.ballotProjects>>,
  values: Record<string, unknown>,
) {
  const chosen = new Set(
    (Array.isArray(values.projects) ? values.projects : [values.projects]).filter(Boolean).map(String),
  );
  return projects.map((x) => ({
    id: x.id,
    title: x.title,
    cost: x.cost,
    costText: formatPounds(x.cost),
    description: x.project.description,
    checked: chosen.has(x.id),
    points: one(values[`points-${x.id}`]),
    rank: one(values[`rank-${x.id}`]),
  }));
}

function ballotErrors(check: Extract<BallotCheck, { ok: false }>): GovukErrors {
  return singleError(check.field, check.message, check.field === 'projects' ? 'projects' : check.field);
}

export async function budgetingRoutes(app: FastifyInstance, deps: Deps) {
  app.pageCache.schedule('budgeting', (d, now) => nextPhaseChange(d, now));
  const cached = { config: { pageCache: { tags: ['budgeting' as const, 'wards' as const] } } };

  async function bySlug(request: FastifyRequest, reply: FastifyReply) {
    const { slug } = request.params as { slug: string };
    const p = await repo.findProcessBySlug(deps.db, slug);
    if (!p) return void notFound(reply);
    return p;
  }

  // ---- Public pages ----

  app.get('/budgeting', cached, async (_request, reply) => {
    const all = await repo.listProcesses(deps.db);
    const wards = await listWardNames(deps.db);
    const now = deps.clock.now();
    return reply.render('budgeting/index.njk', {
      processes: all.map((p) => ({
        p,
        phaseLabel: PHASE_LABELS[phaseOf(p, now)],
        area: p.wardCode ? (wards.find((w) => w.code === p.wardCode)?.name ?? p.wardCode) : 'Whole borough',
        budget: formatPounds(p.budget),
      })),
    });
  });

  app.get('/budgeting/:slug', cached, async (request, reply) => {
    const p = await bySlug(request, reply);
    if (!p) return;
    const view = await processView(deps, p);
    const projects = await repo.listProjects(deps.db, p.id);
    return reply.render('budgeting/process.njk', {
      ...view,
      share: shareMeta(deps.config, {
        title: p.title,
        description: p.description,
        path: `/budgeting/${p.slug}`,
        closesAt: view.phase === 'voting' ? p.votingUntil : null,
        note: view.phase === 'voting' ? undefined : 'Participatory budgeting',
      }),
      projects: projects.map((x) => ({
        ...x,
        costText: formatPounds(service.costOf(x)),
        wardName: view.wardName(x.wardCode),
      })),
    });
  });

  app.get('/budgeting/:slug/projects/:id', cached, async (request, reply) => {
    const p = await bySlug(request, reply);
    if (!p) return;
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return notFound(reply);
    const project = await repo.findProject(deps.db, id);
    if (!project || project.processId !== p.id) return notFound(reply);
    const [photos, updates] = await Promise.all([
      repo.listPhotos(deps.db, [id]),
      repo.listDeliveryUpdates(deps.db, [id]),
    ]);
    const view = await processView(deps, p);
    const stored = p.resultsPublishedAt ? service.storedCount(p) : null;
    return reply.render('budgeting/project.njk', {
      ...view,
      project,
      costText: formatPounds(project.estimatedCost),
      assessedText: project.assessedCost ? formatPounds(project.assessedCost) : null,
      photos,
      updates: updates.map((u) => ({ ...u, stageLabel: DELIVERY_STAGES[u.stage as keyof typeof DELIVERY_STAGES] })),
      explanation: stored?.explanations[id] ?? null,
      funded: stored?.result.funded.includes(id) ?? false,
    });
  });

  app.get('/budgeting/:slug/photos/:id', async (request, reply) => {
    const p = await bySlug(request, reply);
    if (!p) return;
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return notFound(reply);
    const photo = await repo.findPhoto(deps.db, id);
    const project = photo ? await repo.findProject(deps.db, photo.projectId) : undefined;
    if (!photo || !project || project.processId !== p.id) return notFound(reply);
    const bytes = await deps.storage.get(photo.storageKey);
    if (!bytes) return notFound(reply);
    return reply
      .header('Content-Type', photo.contentType)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Cache-Control', 'public, max-age=3600')
      .send(bytes);
  });

  // Proposing a project: multipart, only in this scope, as consultations' document upload does.
  await app.register(async (scope) => {
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: deps.config.uploadMaxBytes, files: 3, fields: 12, parts: 16 },
      async onFile(part) {
        const bytes = await part.toBuffer();
        if (!part.filename || bytes.length === 0) return;
        const list = uploads.get(this) ?? [];
        list.push({ filename: part.filename, bytes, tooLarge: part.file.truncated });
        uploads.set(this, list);
      },
    });

    scope.get('/budgeting/:slug/propose', async (request, reply) => {
      const p = await bySlug(request, reply);
      if (!p) return;
      const view = await processView(deps, p);
      if (view.phase !== 'ideas') return reply.render('budgeting/not-now.njk', { ...view, what: 'propose' }, 409);
      return reply.render('budgeting/propose.njk', { ...view, values: { wardCode: p.wardCode ?? '' } });
    });

    scope.post('/budgeting/:slug/propose', async (request, reply) => {
      const p = await bySlug(request, reply);
      if (!p) return;
      const view = await processView(deps, p);
      if (view.phase !== 'ideas') return reply.render('budgeting/not-now.njk', { ...view, what: 'propose' }, 409);
      const b = body(request);
      const values: FormValues = {};
      for (const f of ['title', 'description', 'wardCode', 'estimatedCost', 'proposerName', 'proposerEmail'])
        values[f] = one(b[f]);
      const parsed = proposalSchema(view.wards, p.budget).safeParse(values);
      const files = uploads.get(request) ?? [];
      let errors = parsed.success ? null : toGovukErrors(parsed.error);
      const photoProblem = files.some((f) => f.tooLarge)
        ? 'Each photo must be smaller than the upload limit'
        : files.some((f) => !service.photoType(f))
          ? 'Each photo must be a JPEG or PNG'
          : null;
      if (photoProblem) {
        errors = errors ?? { list: [], fields: {} };
        errors.list.push({ text: photoProblem, href: '#photos' });
        errors.fields.photos = { text: photoProblem };
      }
      if (errors || !parsed.success) return reply.render('budgeting/propose.njk', { ...view, values, errors }, 422);
      const outcome = await service.proposeProject(deps, p, parsed.data, files);
      if (!outcome.ok) return reply.render('budgeting/not-now.njk', { ...view, what: 'propose' }, 409);
      return reply.redirect(`/budgeting/${p.slug}/propose/thanks`, 303);
    });
  });

  app.get('/budgeting/:slug/propose/thanks', async (request, reply) => {
    const p = await bySlug(request, reply);
    if (!p) return;
    return reply.render('budgeting/proposed.njk', await processView(deps, p));
  });

  // ---- Voting: eligibility → code → ballot ----

  const voterOf = (request: FastifyRequest, processId: string) => request.session.get('pbVoters')?.[processId];
  const setVoter = (request: FastifyRequest, processId: string, v: { id: string; verified: boolean }) =>
    request.session.set('pbVoters', { ...(request.session.get('pbVoters') ?? {}), [processId]: v });

  async function openForVoting(request: FastifyRequest, reply: FastifyReply) {
    const p = await bySlug(request, reply);
    if (!p) return;
    const view = await processView(deps, p);
    if (view.phase !== 'voting') {
      reply.render('budgeting/not-now.njk', { ...view, what: 'vote' }, 409);
      return;
    }
    return { p, view };
  }

  app.get('/budgeting/:slug/vote', async (request, reply) => {
    const open = await openForVoting(request, reply);
    if (!open) return;
    const voter = voterOf(request, open.p.id);
    if (voter?.verified) return reply.redirect(`/budgeting/${open.p.slug}/vote/ballot`, 303);
    return reply.render('budgeting/vote-start.njk', { ...open.view, values: {} });
  });

  app.post('/budgeting/:slug/vote', async (request, reply) => {
    const open = await openForVoting(request, reply);
    if (!open) return;
    const { p, view } = open;
    const b = body(request);
    const values = { postcode: one(b.postcode), contact: one(b.contact), oldEnough: one(b.oldEnough) };
    const parsed = eligibilitySchema(p.minAge).safeParse(values);
    if (!parsed.success)
      return reply.render('budgeting/vote-start.njk', { ...view, values, errors: toGovukErrors(parsed.error) }, 422);
    const outcome = await service.requestCode(deps, p, parsed.data);
    if (!outcome.ok) {
      const message =
        outcome.reason === 'too-young'
          ? `You need to be aged ${p.minAge} or over to vote`
          : outcome.reason === 'outside-ward'
            ? `Only people who live in ${view.area} can vote in this budget. Check your postcode`
            : outcome.reason === 'outside-area'
              ? 'We cannot find that postcode in the borough. Check your postcode'
              : 'Voting is closed';
      const field = outcome.reason === 'too-young' ? 'oldEnough' : 'postcode';
      return reply.render(
        'budgeting/vote-start.njk',
        { ...view, values, errors: singleError(field, message, field === 'oldEnough' ? 'oldEnough' : field) },
        422,
      );
    }
    setVoter(request, p.id, { id: outcome.voterId, verified: false });
    return reply.redirect(`/budgeting/${p.slug}/vote/code`, 303);
  });

  app.get('/budgeting/:slug/vote/code', async (request, reply) => {
    const open = await openForVoting(request, reply);
    if (!open) return;
    if (!voterOf(request, open.p.id)) return reply.redirect(`/budgeting/${open.p.slug}/vote`, 303);
    return reply.render('budgeting/vote-code.njk', { ...open.view, values: {} });
  });

  app.post('/budgeting/:slug/vote/code', async (request, reply) => {
    const open = await openForVoting(request, reply);
    if (!open) return;
    const voter = voterOf(request, open.p.id);
    if (!voter) return reply.redirect(`/budgeting/${open.p.slug}/vote`, 303);
    const code = one(body(request).code);
    const render = (message: string) =>
      reply.render(
        'budgeting/vote-code.njk',
        { ...open.view, values: { code }, errors: singleError('code', message) },
        422,
      );
    if (!/^\d{6}$/.test(code.replace(/\s/g, ''))) return render('Enter the 6-digit code we sent you');
    const outcome = await service.verifyCode(deps, open.p, voter.id, code);
    if (!outcome.ok)
      return render(
        outcome.reason === 'wrong'
          ? 'The code is not right. Check it and try again'
          : 'The code has expired or was already used. Go back and ask for a new code',
      );
    setVoter(request, open.p.id, { id: voter.id, verified: true });
    return reply.redirect(`/budgeting/${open.p.slug}/vote/ballot`, 303);
  });

  async function renderBallot(
    reply: FastifyReply,
    open: { p: PbProcess; view: Awaited<ReturnType<typeof processView>> },
    values: Record<string, unknown>,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const projects = await service.ballotProjects(deps, open.p.id);
    return reply.render(
      'budgeting/ballot.njk',
      { ...open.view, rows: ballotRows(open.p, projects, values), values, ...extra },
      status,
    );
  }

  app.get('/budgeting/:slug/vote/ballot', async (request, reply) => {
    const open = await openForVoting(request, reply);
    if (!open) return;
    const voter = voterOf(request, open.p.id);
    if (!voter?.verified) return reply.redirect(`/budgeting/${open.p.slug}/vote`, 303);
    const existing = await repo.findBallot(deps.db, open.p.id, `voter:${voter.id}`);
    const values: Record<string, unknown> = {};
    if (existing) {
      values.projects = existing.selections.map((s) => s.projectId);
      for (const s of existing.selections) {
        values[`points-${s.projectId}`] = String(s.points);
        values[`rank-${s.projectId}`] = String(s.points);
      }
    }
    return renderBallot(reply, open, values, { changing: Boolean(existing) });
  });

  app.post('/budgeting/:slug/vote/ballot', async (request, reply) => {
    const open = await openForVoting(request, reply);
    if (!open) return;
    const voter = voterOf(request, open.p.id);
    if (!voter?.verified) return reply.redirect(`/budgeting/${open.p.slug}/vote`, 303);
    const b = body(request);
    const outcome = await service.castBallot(deps, open.p, voter.id, b);
    if (!outcome.ok && outcome.reason === 'invalid')
      return renderBallot(
        reply,
        open,
        b,
        {
          errors: ballotErrors(outcome.check),
          total: outcome.check.total,
          totalText: formatPounds(outcome.check.total),
        },
        422,
      );
    if (!outcome.ok && outcome.reason === 'closed')
      return reply.render('budgeting/not-now.njk', { ...open.view, what: 'vote' }, 409);
    if (!outcome.ok) return reply.redirect(`/budgeting/${open.p.slug}/vote`, 303);
    flash(reply, outcome.changed ? 'Your vote has been changed' : 'Your vote has been recorded');
    return reply.redirect(`/budgeting/${open.p.slug}/vote/done`, 303);
  });

  app.get('/budgeting/:slug/vote/done', async (request, reply) => {
    const p = await bySlug(request, reply);
    if (!p) return;
    const voter = voterOf(request, p.id);
    const ballot = voter?.verified ? await repo.findBallot(deps.db, p.id, `voter:${voter.id}`) : undefined;
    if (!ballot) return reply.redirect(`/budgeting/${p.slug}/vote`, 303);
    const projects = await service.ballotProjects(deps, p.id);
    const chosen = ballot.selections.map((s) => ({ ...projects.find((x) => x.id === s.projectId), points: s.points }));
    const total = chosen.reduce((s, x) => s + (x.cost ?? 0), 0);
    return reply.render('budgeting/vote-done.njk', {
      ...(await processView(deps, p)),
      chosen: chosen.map((c) => ({ ...c, costText: formatPounds(c.cost ?? 0) })),
      totalText: formatPounds(total),
    });
  });

  // ---- Results ----

  app.get('/budgeting/:slug/results', cached, async (request, reply) => {
    const p = await bySlug(request, reply);
    if (!p) return;
    const stored = p.resultsPublishedAt ? service.storedCount(p) : null;
    if (!stored) return notFound(reply);
    const view = await processView(deps, p);
    const projects = await repo.listProjects(deps.db, p.id, ['feasible']);
    const rows = resultRows(stored, projects);
    const updates = await repo.listDeliveryUpdates(deps.db, stored.result.funded);
    return reply.render('budgeting/results.njk', {
      ...view,
      share: shareMeta(deps.config, {
        title: `${p.title}: results`,
        description: p.description,
        path: `/budgeting/${p.slug}/results`,
        note: 'Results',
      }),
      stored,
      rows,
      chart: resultsChart(rows, p.budget),
      spentText: formatPounds(stored.result.spent),
      leftText: formatPounds(p.budget - stored.result.spent),
      latest: Object.fromEntries(
        stored.result.funded.map((id) => {
          const u = updates.find((x) => x.projectId === id);
          return [id, u ? DELIVERY_STAGES[u.stage as keyof typeof DELIVERY_STAGES] : 'Not started'];
        }),
      ),
    });
  });

  app.get('/budgeting/:slug/results.pb', async (request, reply) => {
    const p = await bySlug(request, reply);
    if (!p) return;
    if (!p.resultsPublishedAt) return notFound(reply);
    const text = await service.exportPabulib(deps, p);
    return reply
      .header('Content-Type', 'text/plain; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${p.slug}.pb"`)
      .send(text);
  });

  // ---- Staff ----

  app.get('/staff/budgeting', { preHandler: requireStaff }, async (request, reply) => {
    const all = await repo.listProcesses(deps.db);
    const now = deps.clock.now();
    return reply.render('budgeting/staff-index.njk', {
      processes: all.map((p) => ({
        p,
        phaseLabel: PHASE_LABELS[phaseOf(p, now)],
        budget: formatPounds(p.budget),
        canManage: policy.canManage(staff(request), p),
      })),
      canStart: policy.canStartProcess(staff(request)),
    });
  });

  async function formContext(values: FormValues, extra: Record<string, unknown> = {}) {
    const wards = await listWardNames(deps.db);
    return {
      values,
      areaItems: [
        { value: '', text: 'Choose the area' },
        { value: 'borough', text: 'The whole borough', selected: values.area === 'borough' },
        ...wards.map((w) => ({ value: w.code, text: w.name, selected: values.area === w.code })),
      ],
      ballotItems: Object.entries(BALLOT_KINDS).map(([value, k]) => ({
        value,
        text: k.label,
        hint: { text: k.hint },
        checked: values.ballotType === value,
      })),
      ruleItems: Object.entries(RULES).map(([value, r]) => ({
        value,
        text: r.label,
        hint: { text: r.hint },
        checked: values.rule === value,
      })),
      phaseDates: PHASE_DATES.map(([field, label]) => ({ field, label })),
      wards,
      ...extra,
    };
  }

  app.get('/staff/budgeting/new', { preHandler: requireStaff }, async (request, reply) => {
    if (!policy.canStartProcess(staff(request))) return forbidden(reply);
    return reply.render(
      'budgeting/process-form.njk',
      await formContext({ budgetMode: 'fixed', rule: 'mes', ballotType: 'knapsack', minAge: '16' }, { isNew: true }),
    );
  });

  app.post('/staff/budgeting/new', { preHandler: requireStaff }, async (request, reply) => {
    if (!policy.canStartProcess(staff(request))) return forbidden(reply);
    const values = formValuesOf(body(request));
    const context = await formContext(values, { isNew: true });
    const parsed = processSchema(context.wards).safeParse(values);
    if (!parsed.success)
      return reply.render(
        'budgeting/process-form.njk',
        { ...context, errors: toGovukErrors(parsed.error, PROCESS_ANCHORS) },
        422,
      );
    const outcome = await service.createProcess(deps, staffActor(request), parsed.data);
    if (!outcome.ok)
      return reply.render(
        'budgeting/process-form.njk',
        { ...context, errors: singleError('slug', 'That short web address is already used. Choose another') },
        422,
      );
    flash(reply, 'Budgeting process created');
    return reply.redirect(`/staff/budgeting/${outcome.process.id}`, 303);
  });

  async function managed(request: FastifyRequest, reply: FastifyReply, needManage = true) {
    const { id } = request.params as { id: string };
    if (!UUID.test(id)) return void notFound(reply);
    const p = await repo.findProcess(deps.db, id);
    if (!p) return void notFound(reply);
    if (needManage && !policy.canManage(staff(request), p)) return void forbidden(reply);
    return p;
  }

  async function renderStaffProcess(
    request: FastifyRequest,
    reply: FastifyReply,
    p: PbProcess,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const view = await processView(deps, p);
    const projects = await repo.listProjects(deps.db, p.id);
    const counts = await repo.ballotCounts(deps.db, p.id);
    const stored = service.storedCount(p);
    return reply.render(
      'budgeting/staff-process.njk',
      {
        ...view,
        projects: projects.map((x) => ({
          ...x,
          costText: formatPounds(service.costOf(x)),
          explanation: stored?.explanations[x.id],
          funded: stored?.result.funded.includes(x.id),
        })),
        counts,
        stored,
        spentText: stored ? formatPounds(stored.result.spent) : null,
        frozen: rulesFrozen(p, deps.clock.now()),
        canManage: policy.canManage(staff(request), p),
        canCount: deps.clock.now() >= p.votingUntil && !p.resultsPublishedAt,
        canPaper: deps.clock.now() >= p.votingFrom && !p.countedAt,
        ...extra,
      },
      status,
    );
  }

  app.get('/staff/budgeting/:id', { preHandler: requireStaff }, async (request, reply) => {
    const p = await managed(request, reply, false);
    if (!p) return;
    return renderStaffProcess(request, reply, p);
  });

  app.get('/staff/budgeting/:id/edit', { preHandler: requireStaff }, async (request, reply) => {
    const p = await managed(request, reply);
    if (!p) return;
    return reply.render(
      'budgeting/process-form.njk',
      await formContext(processValuesOf(p), { processId: p.id, frozen: rulesFrozen(p, deps.clock.now()) }),
    );
  });

  app.post('/staff/budgeting/:id/edit', { preHandler: requireStaff }, async (request, reply) => {
    const p = await managed(request, reply);
    if (!p) return;
    const values = formValuesOf(body(request));
    const context = await formContext(values, { processId: p.id, frozen: rulesFrozen(p, deps.clock.now()) });
    const parsed = processSchema(context.wards).safeParse(values);
    if (!parsed.success)
      return reply.render(
        'budgeting/process-form.njk',
        { ...context, errors: toGovukErrors(parsed.error, PROCESS_ANCHORS) },
        422,
      );
    const outcome = await service.updateProcess(deps, staffActor(request), p.id, parsed.data);
    if (!outcome.ok) {
      const errors =
        outcome.reason === 'frozen'
          ? singleError(
              'ballotType',
              'Voting has opened, so how people vote, how votes are counted, the budget, who can vote and the opening date cannot change',
              'ballotType',
            )
          : singleError('slug', 'That short web address is already used. Choose another');
      return reply.render('budgeting/process-form.njk', { ...context, errors }, 422);
    }
    flash(reply, 'Budgeting process updated');
    return reply.redirect(`/staff/budgeting/${p.id}`, 303);
  });

  async function managedProject(request: FastifyRequest, reply: FastifyReply) {
    const p = await managed(request, reply);
    if (!p) return;
    const { projectId } = request.params as { projectId: string };
    if (!UUID.test(projectId)) return void notFound(reply);
    const project = await repo.findProject(deps.db, projectId);
    if (!project || project.processId !== p.id) return void notFound(reply);
    return { p, project };
  }

  app.get('/staff/budgeting/:id/projects/:projectId', { preHandler: requireStaff }, async (request, reply) => {
    const found = await managedProject(request, reply);
    if (!found) return;
    const photos = await repo.listPhotos(deps.db, [found.project.id]);
    return reply.render('budgeting/assess.njk', {
      ...(await processView(deps, found.p)),
      project: found.project,
      photos,
      costText: formatPounds(found.project.estimatedCost),
      frozen: rulesFrozen(found.p, deps.clock.now()),
      values: {
        decision: found.project.status === 'proposed' ? '' : found.project.status,
        assessedCost: found.project.assessedCost ? String(found.project.assessedCost) : '',
        reason: found.project.feasibilityReason,
      },
    });
  });

  app.post('/staff/budgeting/:id/projects/:projectId', { preHandler: requireStaff }, async (request, reply) => {
    const found = await managedProject(request, reply);
    if (!found) return;
    const b = body(request);
    const values = { decision: one(b.decision), assessedCost: one(b.assessedCost), reason: one(b.reason) };
    const base = {
      ...(await processView(deps, found.p)),
      project: found.project,
      photos: await repo.listPhotos(deps.db, [found.project.id]),
      costText: formatPounds(found.project.estimatedCost),
      frozen: rulesFrozen(found.p, deps.clock.now()),
      values,
    };
    const parsed = assessmentSchema().safeParse(values);
    if (!parsed.success)
      return reply.render('budgeting/assess.njk', { ...base, errors: toGovukErrors(parsed.error) }, 422);
    const outcome = await service.assessProject(deps, staffActor(request), found.p, found.project.id, parsed.data);
    if (!outcome.ok) {
      const errors =
        outcome.reason === 'over-budget'
          ? singleError('assessedCost', `The cost must be no more than the budget of ${formatPounds(found.p.budget)}`)
          : singleError('decision', 'Voting has opened, so the projects on the ballot cannot change');
      return reply.render('budgeting/assess.njk', { ...base, errors }, 422);
    }
    flash(
      reply,
      outcome.project.status === 'feasible' ? 'Project will go to the vote' : 'Project will not go to the vote',
    );
    return reply.redirect(`/staff/budgeting/${found.p.id}`, 303);
  });

  app.get('/staff/budgeting/:id/paper', { preHandler: requireStaff }, async (request, reply) => {
    const p = await managed(request, reply);
    if (!p) return;
    const projects = await service.ballotProjects(deps, p.id);
    return reply.render('budgeting/paper.njk', {
      ...(await processView(deps, p)),
      rows: ballotRows(p, projects, {}),
      values: {},
    });
  });

  app.post('/staff/budgeting/:id/paper', { preHandler: requireStaff }, async (request, reply) => {
    const p = await managed(request, reply);
    if (!p) return;
    const b = body(request);
    const view = await processView(deps, p);
    const projects = await service.ballotProjects(deps, p.id);
    const values = { ...b, reference: one(b.reference), postcode: one(b.postcode) };
    const render = (errors: GovukErrors, total?: number) =>
      reply.render(
        'budgeting/paper.njk',
        {
          ...view,
          rows: ballotRows(p, projects, b),
          values,
          errors,
          total,
          totalText: total === undefined ? undefined : formatPounds(total),
        },
        422,
      );
    if (!/^[A-Za-z0-9-]{1,30}$/.test(values.reference))
      return render(
        singleError('reference', 'Enter the reference printed on the paper ballot, using letters, numbers and hyphens'),
      );
    const { normalisePostcode } = await import('../questionnaires/index.ts');
    const postcode = normalisePostcode(values.postcode);
    if (!postcode) return render(singleError('postcode', 'Enter the voter’s full postcode, like RM10 7BB'));
    const outcome = await service.enterPaperBallot(deps, staffActor(request), p, {
      reference: values.reference,
      postcode,
      body: b,
    });
    if (!outcome.ok) {
      if (outcome.reason === 'invalid') return render(ballotErrors(outcome.check), outcome.check.total);
      if (outcome.reason === 'outside-area')
        return render(singleError('postcode', `That postcode is not in ${view.area}`));
      return render(singleError('reference', 'Paper ballots cannot be entered before voting opens or after the count'));
    }
    flash(
      reply,
      outcome.replaced ? `Paper ballot ${values.reference} replaced` : `Paper ballot ${values.reference} entered`,
    );
    return reply.redirect(`/staff/budgeting/${p.id}/paper`, 303);
  });

  app.post('/staff/budgeting/:id/count', { preHandler: requireStaff }, async (request, reply) => {
    const p = await managed(request, reply);
    if (!p) return;
    const outcome = await service.countVotes(deps, staffActor(request), p);
    if (!outcome.ok)
      return renderStaffProcess(
        request,
        reply,
        p,
        {
          errors: singleError(
            'count',
            outcome.reason === 'still-open'
              ? 'Votes can be counted once voting has closed'
              : 'Results are already published',
          ),
        },
        422,
      );
    flash(reply, 'Votes counted. Check the results, then publish them');
    return reply.redirect(`/staff/budgeting/${p.id}#count`, 303);
  });

  app.post('/staff/budgeting/:id/publish', { preHandler: requireStaff }, async (request, reply) => {
    const p = await managed(request, reply);
    if (!p) return;
    const outcome = await service.publishResults(deps, staffActor(request), p);
    if (!outcome.ok)
      return renderStaffProcess(
        request,
        reply,
        p,
        { errors: singleError('count', 'Count the votes before publishing the results') },
        422,
      );
    flash(reply, 'Results published');
    return reply.redirect(`/staff/budgeting/${p.id}`, 303);
  });

  app.post('/staff/budgeting/:id/projects/:projectId/updates', { preHandler: requireStaff }, async (request, reply) => {
    const found = await managedProject(request, reply);
    if (!found) return;
    const b = body(request);
    const parsed = deliverySchema().safeParse({ stage: one(b.stage), body: one(b.body) });
    if (!parsed.success)
      return renderStaffProcess(
        request,
        reply,
        found.p,
        { errors: toGovukErrors(parsed.error), updateFor: found.project.id },
        422,
      );
    const outcome = await service.addDeliveryUpdate(deps, staffActor(request), found.p, found.project.id, parsed.data);
    if (!outcome.ok)
      return renderStaffProcess(
        request,
        reply,
        found.p,
        { errors: singleError('body', 'Only funded projects get delivery updates, once results are published') },
        422,
      );
    flash(reply, 'Delivery update published');
    return reply.redirect(`/staff/budgeting/${found.p.id}`, 303);
  });

  // A pabulib file checked against our count: both rules, and the file's own `selected` projects.
  await app.register(async (scope) => {
    const pbFiles = new WeakMap<FastifyRequest, Buffer>();
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: 50 * 1024 * 1024, files: 1, fields: 4, parts: 5 },
      async onFile(part) {
        pbFiles.set(this, await part.toBuffer());
      },
    });
    scope.get('/staff/budgeting/pabulib', { preHandler: requireStaff }, async (_request, reply) =>
      reply.render('budgeting/pabulib.njk', {}),
    );
    scope.post('/staff/budgeting/pabulib', { preHandler: requireStaff }, async (request, reply) => {
      const bytes = pbFiles.get(request);
      if (!bytes?.length)
        return reply.render('budgeting/pabulib.njk', { errors: singleError('file', 'Select a pabulib .pb file') }, 422);
      const parsed = parsePb(bytes.toString('utf8'));
      if (!parsed.ok)
        return reply.render(
          'budgeting/pabulib.njk',
          { errors: singleError('file', `The file could not be read: ${parsed.reason}`) },
          422,
        );
      const election = electionOf(parsed.file);
      if (!election)
        return reply.render(
          'budgeting/pabulib.njk',
          { errors: singleError('file', 'The file’s vote_type is not one Soundings can count') },
          422,
        );
      const greedy = count(election, { rule: 'greedy' });
      const mes = count(election, { rule: 'mes' });
      const selected = parsed.file.projects.filter((p) => p.selected).map((p) => p.id);
      const hasSelected = parsed.file.projects.some((p) => p.selected !== null);
      const same = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();
      return reply.render('budgeting/pabulib.njk', {
        meta: parsed.file.meta,
        voters: parsed.file.votes.length,
        budget: formatPounds(election.budget),
        hasSelected,
        greedyMatches: hasSelected && same(greedy.funded, selected),
        mesMatches: hasSelected && same(mes.funded, selected),
        projects: parsed.file.projects.map((p) => ({
          id: p.id,
          name: p.name,
          cost: formatPounds(p.cost),
          votes: greedy.projects.find((o) => o.id === p.id)?.votes ?? 0,
          selectedText: p.selected === null ? 'Not given' : p.selected ? 'Yes' : 'No',
          greedy: greedy.funded.includes(p.id),
          mes: mes.funded.includes(p.id),
        })),
      });
    });
  });
}

/** The results table's rows: funded first in the order they were funded, then the rest by votes. */
export function resultRows(stored: service.StoredCount, projects: { id: string; title: string }[]) {
  return stored.result.projects
    .map((o) => ({
      id: o.id,
      title: projects.find((p) => p.id === o.id)?.title ?? o.id,
      cost: o.cost,
      costText: formatPounds(o.cost),
      votes: o.votes,
      funded: o.funded,
      order: o.order,
      explanation: stored.explanations[o.id] ?? '',
    }))
    .sort((a, b) => (a.funded === b.funded ? (a.order ?? 0) - (b.order ?? 0) || b.votes - a.votes : a.funded ? -1 : 1));
}
