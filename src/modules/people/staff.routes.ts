/** Staff pages: panels, member records, groups and contacts, imports, targets, health and samples. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff, type CurrentUser } from '../../web/auth.ts';
import { singleError, toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { AUDIENCES, TOPICS } from '../consultations/index.ts';
import { listWardNames } from '../geography/index.ts';
import { ABOUT_YOU_PAGE } from '../questionnaires/index.ts';
import { formBody, isUuid, listValue, textValues } from './form.ts';
import * as groups from './groups.service.ts';
import { healthChart } from './health-chart.ts';
import { dryRunImport, runImport } from './import.service.ts';
import * as policy from './people.policy.ts';
import { contactPersonSchema, drawSchema, GROUP_KINDS, groupSchema, inviteSchema } from './people.schema.ts';
import * as sampling from './sampling.service.ts';
import * as staff from './staff.service.ts';

const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
const uploads = new WeakMap<FastifyRequest, { filename: string; bytes: Buffer; tooLarge: boolean }>();

/** preHandler: staff for whom `allowed` holds; others see 403. */
const guard = (allowed: (user: CurrentUser) => boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
  if (!request.user) return requireStaff(request, reply);
  if (!allowed(request.user)) return forbidden(reply);
};

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const points = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)} points`;

export async function staffRoutes(app: FastifyInstance, deps: Deps) {
  const officers = guard(policy.canSeeGroups);
  const partnership = guard(policy.runsPanels);

  app.get('/staff/people', { preHandler: requireStaff }, async (request, reply) => {
    const user = request.user!;
    return reply.render('people/staff/overview.njk', {
      panels: await staff.panelsOverview(deps),
      canListMembers: policy.canSeeGroups(user),
      canSeeGroups: policy.canSeeGroups(user),
      canImport: policy.canImport(user),
      runsPanels: policy.runsPanels(user),
      statusLabels: staff.STATUS_LABELS,
    });
  });

  async function panelOr404(slug: string, reply: FastifyReply) {
    const panel = await staff.findPanel(deps, slug);
    if (!panel) await notFound(reply);
    return panel;
  }

  app.get<{ Params: { slug: string }; Querystring: { status?: string; page?: string } }>(
    '/staff/people/panels/:slug',
    { preHandler: officers },
    async (request, reply) => {
      const panel = await panelOr404(request.params.slug, reply);
      if (!panel) return reply;
      const status = (staff.STATUSES as readonly string[]).includes(request.query.status ?? '')
        ? request.query.status
        : undefined;
      const page = Math.max(1, Math.min(10_000, Number.parseInt(request.query.page ?? '1', 10) || 1));
      const list = await staff.listMembers(deps, request.user!, panel.id, status, page);
      const wards = await staff.wardNames(deps);
      const base = `/staff/people/panels/${panel.slug}?${status ? `status=${status}&` : ''}page=`;
      return reply.render('people/staff/panel.njk', {
        panel,
        status,
        list,
        page,
        wards: Object.fromEntries(wards),
        statusLabels: staff.STATUS_LABELS,
        statuses: staff.STATUSES,
        pagination: {
          previous: page > 1 ? { href: `${base}${page - 1}` } : undefined,
          next: page < list.pageCount ? { href: `${base}${page + 1}` } : undefined,
        },
        runsPanels: policy.runsPanels(request.user!),
        samples: policy.runsPanels(request.user!) ? await sampling.listPanelSamples(deps, panel.id) : [],
      });
    },
  );

  app.get<{ Params: { slug: string } }>(
    '/staff/people/panels/:slug/health',
    { preHandler: requireStaff },
    async (request, reply) => {
      const panel = await panelOr404(request.params.slug, reply);
      if (!panel) return reply;
      const health = await sampling.panelHealth(deps, panel.id);
      const sections = health.sections.map((s, i) => ({
        ...s,
        chart: healthChart(`${s.label}: share of panel beside target`, s.rows, String(i)),
        tableRows: s.rows.map((r) => [
          { text: r.label },
          { text: String(r.count), format: 'numeric' },
          { text: pct(r.share), format: 'numeric' },
          { text: pct(r.target), format: 'numeric' },
          { text: points(r.gap), format: 'numeric' },
          { html: r.underRepresented ? '<strong class="govuk-tag govuk-tag--red">Under-represented</strong>' : 'No' },
        ]),
        under: s.rows.filter((r) => r.underRepresented).map((r) => r.label),
      }));
      return reply.render('people/staff/health.njk', {
        panel,
        health,
        sections,
        runsPanels: policy.runsPanels(request.user!),
      });
    },
  );

  // Member records: 404 for anyone who may not see this person, so an ID in a URL reveals nothing.
  app.get<{ Params: { id: string } }>('/staff/people/members/:id', { preHandler: officers }, async (request, reply) => {
    if (!isUuid(request.params.id)) return notFound(reply);
    const outcome = await staff.viewMemberRecord(deps, request.user!, actorOf(request), request.params.id);
    if (!outcome.ok) return notFound(reply);
    const wards = await staff.wardNames(deps);
    const { view } = outcome;
    return reply.render('people/staff/member.njk', {
      view,
      wardName: view.person.wardCode ? wards.get(view.person.wardCode) : undefined,
      topicNames: view.person.topics.map((t) => TOPICS[t as keyof typeof TOPICS] ?? t),
      showEquality: outcome.showEquality,
      equality: ABOUT_YOU_PAGE.questions.map((q) => ({
        question: q.text,
        answer: q.options?.find((o) => o.value === view.equality[q.key])?.label ?? 'Not answered',
      })),
      statusLabels: staff.STATUS_LABELS,
      statusItems: staff.STATUSES.map((s) => ({ value: s, text: staff.STATUS_LABELS[s] })),
      canManage: policy.canManageMembers(request.user!),
    });
  });

  app.post<{ Params: { id: string } }>(
    '/staff/people/members/:id/status',
    { preHandler: partnership },
    async (request, reply) => {
      if (!isUuid(request.params.id)) return notFound(reply);
      const body = formBody(request.body);
      const status = typeof body.status === 'string' ? body.status : '';
      const panelId = typeof body.panel === 'string' ? body.panel : '';
      if (!(staff.STATUSES as readonly string[]).includes(status) || !isUuid(panelId))
        return reply.code(400).render('pages/400.njk', {}, 400);
      const outcome = await staff.changeMembershipStatus(
        deps,
        actorOf(request),
        request.params.id,
        panelId,
        status as staff.MembershipStatus,
      );
      if (!outcome.ok) {
        if (outcome.reason === 'unconfirmed')
          flash(reply, 'Only the person can make their membership active, by confirming from the link we sent');
        else return notFound(reply);
      } else
        flash(reply, `Membership changed to ${staff.STATUS_LABELS[status as staff.MembershipStatus].toLowerCase()}`);
      return reply.redirect(`/staff/people/members/${request.params.id}`, 303);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/staff/people/members/:id/erase',
    { preHandler: partnership },
    async (request, reply) => {
      if (!isUuid(request.params.id)) return notFound(reply);
      return reply.render('people/staff/erase.njk', { id: request.params.id });
    },
  );

  app.post<{ Params: { id: string } }>(
    '/staff/people/members/:id/erase',
    { preHandler: partnership },
    async (request, reply) => {
      if (!isUuid(request.params.id)) return notFound(reply);
      const outcome = await staff.eraseByStaff(deps, request.user!, actorOf(request), request.params.id);
      if (!outcome.ok && outcome.reason === 'not-found') return notFound(reply);
      flash(reply, 'The person’s personal data has been erased');
      return reply.redirect('/staff/people', 303);
    },
  );

  // --- Groups and contact lists -------------------------------------------------------------
  const filterOf = (query: Record<string, string | undefined>, wardCodes: string[]) => ({
    kind: query.kind && query.kind in GROUP_KINDS ? query.kind : undefined,
    community: query.community && query.community in AUDIENCES ? query.community : undefined,
    ward: query.ward && wardCodes.includes(query.ward) ? query.ward : undefined,
    q: query.q ? query.q.slice(0, 100) : undefined,
  });

  async function filterItems(filter: ReturnType<typeof filterOf>) {
    const wards = await listWardNames(deps.db);
    return {
      kindItems: [
        { value: '', text: 'Any kind' },
        ...Object.entries(GROUP_KINDS).map(([value, text]) => ({ value, text, selected: filter.kind === value })),
      ],
      communityItems: [
        { value: '', text: 'Any community' },
        ...Object.entries(AUDIENCES).map(([value, a]) => ({
          value,
          text: a.label,
          selected: filter.community === value,
        })),
      ],
      wardItems: [
        { value: '', text: 'Any ward' },
        ...wards.map((w) => ({ value: w.code, text: w.name, selected: filter.ward === w.code })),
      ],
    };
  }

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/staff/people/groups',
    { preHandler: officers },
    async (request, reply) => {
      const wards = await listWardNames(deps.db);
      const filter = filterOf(
        request.query,
        wards.map((w) => w.code),
      );
      const found = await groups.listGroups(deps, filter);
      return reply.render('people/staff/groups.njk', {
        filter,
        ...(await filterItems(filter)),
        groups: found,
        kinds: GROUP_KINDS,
        audiences: AUDIENCES,
        canAdd: policy.canAddGroup(request.user!),
        contactsHref: `/staff/people/contacts?${new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]).toString()}`,
      });
    },
  );

  async function renderGroupForm(reply: FastifyReply, values: Record<string, unknown>, errors?: GovukErrors) {
    const wards = await listWardNames(deps.db);
    const selected = (key: string) => (Array.isArray(values[key]) ? (values[key] as string[]) : []);
    return reply.render(
      'people/staff/group-form.njk',
      {
        values,
        errors,
        kindItems: Object.entries(GROUP_KINDS).map(([value, text]) => ({
          value,
          text,
          checked: values.kind === value,
        })),
        communityItems: Object.entries(AUDIENCES).map(([value, a]) => ({
          value,
          text: a.label,
          hint: { text: `Community of ${a.kind}` },
          checked: selected('communities').includes(value),
        })),
        wardItems: wards.map((w) => ({ value: w.code, text: w.name, checked: selected('wards').includes(w.code) })),
      },
      errors ? 422 : 200,
    );
  }

  app.get('/staff/people/groups/new', { preHandler: guard(policy.canAddGroup) }, async (_request, reply) =>
    renderGroupForm(reply, { communities: [], wards: [] }),
  );

  app.post('/staff/people/groups/new', { preHandler: guard(policy.canAddGroup) }, async (request, reply) => {
    const body = formBody(request.body);
    const values = {
      ...textValues(body, ['name', 'kind', 'description', 'email', 'boroughWide']),
      communities: listValue(body, 'communities'),
      wards: listValue(body, 'wards'),
    };
    const wards = await listWardNames(deps.db);
    const parsed = groupSchema(wards.map((w) => w.code)).safeParse(body);
    if (!parsed.success)
      return renderGroupForm(
        reply,
        values,
        toGovukErrors(parsed.error, { kind: 'kind', communities: 'communities', wards: 'wards' }),
      );
    const outcome = await groups.createGroup(deps, request.user!, actorOf(request), parsed.data);
    flash(reply, `${outcome.group.name} added`);
    return reply.redirect(`/staff/people/groups/${outcome.group.id}`, 303);
  });

  async function renderGroup(
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    values: Record<string, string> = {},
    errors?: GovukErrors,
  ) {
    const found = await groups.loadGroup(deps, request.user!, request.params.id);
    if (!found) return notFound(reply);
    const wards = await staff.wardNames(deps);
    return reply.render(
      'people/staff/group.njk',
      {
        found,
        kindLabel: GROUP_KINDS[found.group.kind as keyof typeof GROUP_KINDS] ?? found.group.kind,
        communities: found.group.communities.map((c) => AUDIENCES[c as keyof typeof AUDIENCES]?.label ?? c),
        wardNames: found.group.wardCodes.map((c) => wards.get(c) ?? c),
        values,
        errors,
      },
      errors ? 422 : 200,
    );
  }

  app.get<{ Params: { id: string } }>('/staff/people/groups/:id', { preHandler: officers }, async (request, reply) =>
    renderGroup(request, reply),
  );

  app.post<{ Params: { id: string } }>(
    '/staff/people/groups/:id/contacts',
    { preHandler: officers },
    async (request, reply) => {
      const body = formBody(request.body);
      const values = textValues(body, ['name', 'role', 'email', 'phone']);
      const parsed = contactPersonSchema.safeParse(body);
      if (!parsed.success) return renderGroup(request, reply, values, toGovukErrors(parsed.error));
      const outcome = await groups.addContact(deps, request.user!, actorOf(request), request.params.id, parsed.data);
      if (!outcome.ok) return outcome.reason === 'forbidden' ? forbidden(reply) : notFound(reply);
      flash(reply, 'Contact added');
      return reply.redirect(`/staff/people/groups/${request.params.id}`, 303);
    },
  );

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/staff/people/contacts',
    { preHandler: officers },
    async (request, reply) => {
      const wards = await listWardNames(deps.db);
      const filter = filterOf(
        request.query,
        wards.map((w) => w.code),
      );
      const contacts = await groups.contactList(deps, filter);
      const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]).toString();
      return reply.render('people/staff/contacts.njk', {
        filter,
        ...(await filterItems(filter)),
        contacts,
        exportHref: `/staff/people/contacts.csv${query ? `?${query}` : ''}`,
      });
    },
  );

  app.get<{ Querystring: Record<string, string | undefined> }>(
    '/staff/people/contacts.csv',
    { preHandler: officers },
    async (request, reply) => {
      const wards = await listWardNames(deps.db);
      const csv = await groups.exportContactList(
        deps,
        actorOf(request),
        filterOf(
          request.query,
          wards.map((w) => w.code),
        ),
      );
      return reply
        .header('content-disposition', 'attachment; filename="contact-list.csv"')
        .header('cache-control', 'no-store')
        .type('text/csv; charset=utf-8')
        .send(csv);
    },
  );

  // --- Samples ----------------------------------------------------------------------------
  async function renderDraw(
    reply: FastifyReply,
    panel: { id: string; slug: string; name: string },
    values: Record<string, unknown>,
    errors?: GovukErrors,
  ) {
    const { targets, demo } = await sampling.loadTargets(deps);
    const catalogue = await sampling.characteristicCatalogue(deps);
    const chosen = Array.isArray(values.characteristics) ? (values.characteristics as string[]) : [];
    return reply.render(
      'people/staff/sample-new.njk',
      {
        panel,
        values,
        errors,
        demo,
        characteristicItems: Object.keys(targets).map((c) => ({
          value: c,
          text: catalogue[c]?.label ?? c,
          checked: chosen.includes(c),
        })),
      },
      errors ? 422 : 200,
    );
  }

  app.get<{ Params: { slug: string } }>(
    '/staff/people/panels/:slug/samples/new',
    { preHandler: partnership },
    async (request, reply) => {
      const panel = await panelOr404(request.params.slug, reply);
      if (!panel) return reply;
      const { targets } = await sampling.loadTargets(deps);
      return renderDraw(reply, panel, {
        size: '100',
        excludeDays: '90',
        seed: '',
        characteristics: Object.keys(targets),
      });
    },
  );

  app.post<{ Params: { slug: string } }>(
    '/staff/people/panels/:slug/samples/new',
    { preHandler: partnership },
    async (request, reply) => {
      const panel = await panelOr404(request.params.slug, reply);
      if (!panel) return reply;
      const body = formBody(request.body);
      const values = {
        ...textValues(body, ['size', 'excludeDays', 'seed']),
        characteristics: listValue(body, 'characteristics'),
      };
      const { targets } = await sampling.loadTargets(deps);
      const parsed = drawSchema(Object.keys(targets)).safeParse(body);
      if (!parsed.success)
        return renderDraw(reply, panel, values, toGovukErrors(parsed.error, { characteristics: 'characteristics' }));
      const outcome = await sampling.drawPanelSample(deps, actorOf(request), panel.id, parsed.data);
      if (!outcome.ok) {
        const message =
          outcome.reason === 'no-targets'
            ? 'Import population targets before drawing a sample'
            : 'The panel has no active members who can be chosen';
        return renderDraw(reply, panel, values, singleError('size', message));
      }
      return reply.redirect(`/staff/people/samples/${outcome.sampleId}`, 303);
    },
  );

  async function renderSample(
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    values: Record<string, string> = {},
    errors?: GovukErrors,
  ) {
    const sample = await sampling.findSample(deps, request.params.id);
    if (!sample) return notFound(reply);
    const report = await sampling.sampleReport(deps, sample.id);
    if (!report) return notFound(reply);
    const panel = (await staff.panelsOverview(deps)).find((p) => p.id === sample.panelId);
    const questionnaires = await sampling.invitableQuestionnaires(deps);
    return reply.render(
      'people/staff/sample.njk',
      {
        report,
        panel,
        values,
        errors,
        limit: deps.config.people,
        worst: points(report.worst).replace('+', ''),
        deviationRows: report.deviations.map((d) => [
          { text: d.characteristicLabel },
          { text: d.label },
          { text: pct(d.target), format: 'numeric' },
          { text: `${pct(d.achieved)} (${d.count})`, format: 'numeric' },
          { text: points(d.achieved - d.target), format: 'numeric' },
        ]),
        questionnaireItems: [
          { value: '', text: 'Select a consultation' },
          ...questionnaires.map((q) => ({ value: q.id, text: q.title, selected: values.questionnaire === q.id })),
        ],
        purposeItems: [
          {
            value: 'consultation',
            text: 'A consultation (a private link to its questionnaire)',
            checked: values.purpose === 'consultation',
          },
          { value: 'focus_group', text: 'A focus group', checked: values.purpose === 'focus_group' },
        ],
      },
      errors ? 422 : 200,
    );
  }

  app.get<{ Params: { id: string } }>(
    '/staff/people/samples/:id',
    { preHandler: partnership },
    async (request, reply) => renderSample(request, reply),
  );

  app.post<{ Params: { id: string } }>(
    '/staff/people/samples/:id/invite',
    { preHandler: partnership },
    async (request, reply) => {
      const sample = await sampling.findSample(deps, request.params.id);
      if (!sample) return notFound(reply);
      const body = formBody(request.body);
      const values = textValues(body, ['purpose', 'questionnaire', 'focusGroup']);
      const questionnaires = await sampling.invitableQuestionnaires(deps);
      const parsed = inviteSchema(questionnaires.map((q) => q.id)).safeParse(body);
      if (!parsed.success)
        return renderSample(request, reply, values, toGovukErrors(parsed.error, { purpose: 'purpose' }));
      const outcome = await sampling.inviteSample(deps, actorOf(request), sample.id, parsed.data);
      if (!outcome.ok) {
        if (outcome.reason === 'already-invited') flash(reply, 'This sample has already been invited');
        else return notFound(reply);
      } else flash(reply, `${outcome.invited} invited; ${outcome.skipped} not invited (see the reasons below)`);
      return reply.redirect(`/staff/people/samples/${sample.id}`, 303);
    },
  );

  // --- Uploads: list import and census targets (multipart only in this scope) -----------------
  await app.register(async (scope) => {
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12 },
      async onFile(part) {
        const bytes = await part.toBuffer();
        uploads.set(this, { filename: part.filename, bytes, tooLarge: part.file.truncated });
      },
    });

    const uploaded = (request: FastifyRequest): { csv?: string; error?: string } => {
      const file = uploads.get(request);
      const carried = formBody(request.body).csv;
      if (typeof carried === 'string' && carried) return { csv: Buffer.from(carried, 'base64').toString('utf8') };
      if (!file || !file.bytes.length) return { error: 'Select a CSV file' };
      if (file.tooLarge) return { error: 'The file must be smaller than 2 MB' };
      if (!/\.csv$/i.test(file.filename)) return { error: 'The selected file must be a CSV' };
      return { csv: file.bytes.toString('utf8') };
    };

    async function renderImport(
      request: FastifyRequest,
      reply: FastifyReply,
      extra: Record<string, unknown> = {},
      status = 200,
    ) {
      const panels = await staff.panelsOverview(deps);
      const panel = typeof extra.panel === 'string' ? extra.panel : '';
      return reply.render(
        'people/staff/import.njk',
        {
          panelItems: panels.map((p) => ({ value: p.slug, text: p.name, checked: p.slug === panel })),
          organisationName: request.user!.organisationName,
          ...extra,
        },
        status,
      );
    }

    scope.get('/staff/people/import', { preHandler: guard(policy.canImport) }, async (request, reply) =>
      renderImport(request, reply),
    );

    scope.post('/staff/people/import', { preHandler: guard(policy.canImport) }, async (request, reply) => {
      const body = formBody(request.body);
      const panelSlug = typeof body.panel === 'string' ? body.panel : '';
      const panel = panelSlug ? await staff.findPanel(deps, panelSlug) : undefined;
      const file = uploaded(request);
      if (!panel || !file.csv) {
        const errors: GovukErrors = { list: [], fields: {} };
        if (!panel) {
          errors.fields.panel = { text: 'Select a panel' };
          errors.list.push({ text: 'Select a panel', href: '#panel' });
        }
        if (!file.csv) {
          errors.fields.file = { text: file.error! };
          errors.list.push({ text: file.error!, href: '#file' });
        }
        return renderImport(request, reply, { errors, panel: panelSlug }, 422);
      }
      if (body.confirm === 'yes') {
        const outcome = await runImport(deps, request.user!, actorOf(request), panel.id, file.csv);
        if (!outcome.ok)
          return renderImport(
            request,
            reply,
            { errors: singleError('file', outcome.dryRun.fatal!), panel: panelSlug },
            422,
          );
        flash(
          reply,
          `Imported: ${outcome.created} new, ${outcome.linked} already held and linked, ${outcome.skipped} rows skipped`,
        );
        return reply.redirect(`/staff/people/panels/${panel.slug}`, 303);
      }
      const dryRun = await dryRunImport(deps, file.csv);
      if (dryRun.fatal)
        return renderImport(request, reply, { errors: singleError('file', dryRun.fatal), panel: panelSlug }, 422);
      return reply.render('people/staff/import-check.njk', {
        panel,
        dryRun,
        csv: Buffer.from(file.csv, 'utf8').toString('base64'),
        newCount: dryRun.rows.length - dryRun.matchesExisting,
      });
    });

    async function renderTargets(
      reply: FastifyReply,
      user: CurrentUser,
      extra: Record<string, unknown> = {},
      status = 200,
    ) {
      const { targets, demo, sources } = await sampling.loadTargets(deps);
      const catalogue = await sampling.characteristicCatalogue(deps);
      const sections = Object.entries(targets).map(([c, shares]) => ({
        label: catalogue[c]?.label ?? c,
        rows: Object.entries(shares).map(([k, v]) => [
          { text: catalogue[c]?.categories.get(k) ?? k },
          { text: k },
          { text: pct(v), format: 'numeric' },
        ]),
      }));
      return reply.render(
        'people/staff/targets.njk',
        { sections, demo, sources, canSet: policy.canSetTargets(user), ...extra },
        status,
      );
    }

    scope.get('/staff/people/targets', { preHandler: requireStaff }, async (request, reply) =>
      renderTargets(reply, request.user!),
    );

    scope.post('/staff/people/targets', { preHandler: guard(policy.canSetTargets) }, async (request, reply) => {
      const body = formBody(request.body);
      const source = typeof body.source === 'string' ? body.source.trim() : '';
      const file = uploaded(request);
      const errors: GovukErrors = { list: [], fields: {} };
      if (!source) {
        errors.fields.source = { text: 'Enter where the figures come from, like “ONS Census 2021, TS007A”' };
        errors.list.push({ text: errors.fields.source.text, href: '#source' });
      } else if (source.length > 200) {
        errors.fields.source = { text: 'Source must be 200 characters or fewer' };
        errors.list.push({ text: errors.fields.source.text, href: '#source' });
      }
      if (!file.csv) {
        errors.fields.file = { text: file.error! };
        errors.list.push({ text: file.error!, href: '#file' });
      }
      if (errors.list.length) return renderTargets(reply, request.user!, { errors, values: { source } }, 422);
      const parsed = await sampling.parseTargets(deps, file.csv!);
      if (parsed.errors.length || !parsed.rows.length) {
        const problems = parsed.errors.length
          ? parsed.errors.slice(0, 20).map((e) => e.message)
          : ['The file has no rows we can use'];
        return renderTargets(
          reply,
          request.user!,
          {
            errors: {
              list: problems.map((text) => ({ text, href: '#file' })),
              fields: { file: { text: problems[0]! } },
            },
            values: { source },
          },
          422,
        );
      }
      await sampling.importTargets(deps, actorOf(request), parsed, source);
      flash(reply, `Targets imported: ${parsed.rows.length} rows`);
      return reply.redirect('/staff/people/targets', 303);
    });
  });
}
