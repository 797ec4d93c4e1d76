/** HTTP for ward profiles: the public overview and profiles, the staff and councillor views, exports, councillors' wards. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff, type CurrentUser } from '../../web/auth.ts';
import { toGovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { barChart, choroplethClasses, monthlyColumns } from './wards.charts.ts';
import { monthLabel } from './wards.catalogue.ts';
import * as policy from './wards.policy.ts';
import * as repo from './wards.repository.ts';
import { councillorWardsSchema, many } from './intelligence.schema.ts';
import {
  assignCouncillorWards,
  boroughOverview,
  overviewCsv,
  profileCsv,
  wardBoundaries,
  wardProfile,
  type Area,
  type Overview,
  type WardProfile,
} from './wards.service.ts';
import { listWardNames, renderWardMap } from './wards.deps.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WARD_CODE = /^[EWSN]\d{8}$/;
const staff = (request: FastifyRequest) => request.user as CurrentUser;
const PUBLIC_TAGS = { pageCache: { tags: ['wards', 'consultations', 'plan', 'feedback', 'panels'] as const } };

const formatNumber = (n: number) => n.toLocaleString('en-GB');

/** What both overview pages draw: the chart, the choropleth with its legend, and the table. */
async function overviewView(deps: Deps, overview: Overview) {
  const byRate = overview.hasPopulation;
  const value = (r: Overview['rows'][number]) => (byRate ? r.perThousand : r.responses);
  const measure = byRate ? 'Responses per 1,000 residents' : 'Responses';
  const boundaries = await wardBoundaries(deps);
  const { fills, classes, none } = choroplethClasses(
    overview.rows.map((r) => ({ code: r.code, name: r.name, value: value(r) })),
    formatNumber,
  );
  const sorted = [...overview.rows].sort((a, b) => (value(b) ?? -1) - (value(a) ?? -1) || a.name.localeCompare(b.name));
  const top = sorted[0];
  return {
    measure,
    rows: overview.rows,
    populationIsDemo: overview.populationIsDemo,
    chart: barChart(
      sorted.map((r) => ({ label: r.name, value: value(r) })),
      {
        id: 'wards-chart',
        title: `${measure} by ward`,
        desc: top
          ? `${overview.rows.length} wards, highest first. Highest: ${top.name}, ${formatNumber(value(top) ?? 0)}. The same figures are in the table below.`
          : 'No wards are loaded.',
      },
    ),
    map: renderWardMap(boundaries, [], {
      id: 'wards-map',
      width: 320,
      label: `Map of the wards shaded by ${measure.toLowerCase()}`,
      fills,
    }),
    legend: classes,
    noFigure: none,
  };
}

function profileView(profile: WardProfile, boundaries: Awaited<ReturnType<typeof wardBoundaries>>) {
  const months = profile.overTime.months;
  return {
    ...profile,
    map: renderWardMap(boundaries, [profile.ward.code], { id: 'ward-map', width: 300 }),
    monthLabels: months.map(monthLabel),
    responsesChart: monthlyColumns(months, profile.overTime.responses, {
      id: 'responses-chart',
      title: `Responses from ${profile.ward.name} by month`,
    }),
    intelligenceChart: monthlyColumns(months, profile.overTime.intelligence, {
      id: 'intelligence-chart',
      title: `What residents in ${profile.ward.name} told staff, items by month`,
    }),
  };
}

async function renderProfile(deps: Deps, request: FastifyRequest, reply: FastifyReply, area: Area) {
  const { code } = request.params as { code: string };
  if (!WARD_CODE.test(code)) return notFound(reply);
  const profile = await wardProfile(deps, code, area);
  if (!profile) return notFound(reply);
  const view = profileView(profile, await wardBoundaries(deps));
  if (area === 'public') return reply.render('wards/ward.njk', { ...view, area });
  const user = staff(request);
  const mine = user.role === 'councillor' ? await repo.wardsOfCouncillor(deps.db, user.id) : [];
  return reply.render('wards/ward.njk', {
    ...view,
    area,
    isMine: mine.includes(code),
    canRecord: policy.canRecordIntelligence(user),
  });
}

function csv(reply: FastifyReply, name: string, body: string) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

export function wardsRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/wards', { config: PUBLIC_TAGS }, async (_request, reply) => {
    const overview = await boroughOverview(deps);
    return reply.render('wards/overview.njk', { ...(await overviewView(deps, overview)), area: 'public' });
  });

  app.get('/wards/:code', { config: PUBLIC_TAGS }, (request, reply) => renderProfile(deps, request, reply, 'public'));

  app.get('/staff/wards', { preHandler: requireStaff }, async (request, reply) => {
    const user = staff(request);
    const [overview, mine] = await Promise.all([
      boroughOverview(deps),
      user.role === 'councillor' ? repo.wardsOfCouncillor(deps.db, user.id) : Promise.resolve([]),
    ]);
    const mineSet = new Set(mine);
    return reply.render('wards/overview.njk', {
      ...(await overviewView(deps, overview)),
      area: 'staff',
      isCouncillor: user.role === 'councillor',
      myWards: overview.rows.filter((r) => mineSet.has(r.code)),
      otherWards: overview.rows.filter((r) => !mineSet.has(r.code)),
    });
  });

  app.get('/staff/wards/export.csv', { preHandler: requireStaff }, async (_request, reply) =>
    csv(reply, 'wards.csv', overviewCsv(await boroughOverview(deps))),
  );

  app.get('/staff/wards/:code', { preHandler: requireStaff }, (request, reply) =>
    renderProfile(deps, request, reply, 'staff'),
  );

  app.get('/staff/wards/:code/export.csv', { preHandler: requireStaff }, async (request, reply) => {
    const { code } = request.params as { code: string };
    const profile = WARD_CODE.test(code) ? await wardProfile(deps, code, 'staff') : undefined;
    if (!profile) return notFound(reply);
    return csv(reply, `ward-${code}.csv`, profileCsv(profile));
  });

  // ----- councillors' wards (administrators)

  app.get('/staff/admin/councillor-wards', { preHandler: requireStaff }, async (request, reply) => {
    if (!policy.canAssignCouncillors(staff(request))) return forbidden(reply);
    const [councillors, wards] = await Promise.all([repo.listCouncillors(deps.db), listWardNames(deps.db)]);
    const names = new Map(wards.map((w) => [w.code, w.name]));
    return reply.render('wards/councillors.njk', {
      councillors: councillors.map((c) => ({ ...c, wardNames: c.wardCodes.map((code) => names.get(code) ?? code) })),
    });
  });

  async function councillorForm(request: FastifyRequest, reply: FastifyReply) {
    if (!policy.canAssignCouncillors(staff(request))) return void forbidden(reply);
    const { id } = request.params as { id: string };
    const councillor = UUID.test(id) ? await repo.findCouncillor(deps.db, id) : undefined;
    if (!councillor) return void notFound(reply);
    return councillor;
  }

  const wardItems = (wards: { code: string; name: string }[], selected: string[]) =>
    wards.map((w) => ({ value: w.code, text: w.name, checked: selected.includes(w.code) }));

  app.get('/staff/admin/councillor-wards/:id', { preHandler: requireStaff }, async (request, reply) => {
    const councillor = await councillorForm(request, reply);
    if (!councillor) return reply;
    const [wards, mine] = await Promise.all([listWardNames(deps.db), repo.wardsOfCouncillor(deps.db, councillor.id)]);
    return reply.render('wards/councillor-form.njk', { councillor, wardItems: wardItems(wards, mine) });
  });

  app.post('/staff/admin/councillor-wards/:id', { preHandler: requireStaff }, async (request, reply) => {
    const councillor = await councillorForm(request, reply);
    if (!councillor) return reply;
    const wards = await listWardNames(deps.db);
    const selected = many((request.body as Record<string, unknown> | undefined)?.wards);
    const parsed = councillorWardsSchema(new Set(wards.map((w) => w.code))).safeParse({ wards: selected });
    if (!parsed.success)
      return reply.render(
        'wards/councillor-form.njk',
        { councillor, wardItems: wardItems(wards, selected), errors: toGovukErrors(parsed.error) },
        422,
      );
    const outcome = await assignCouncillorWards(deps, actorOf(request), councillor.id, parsed.data.wards);
    if (!outcome.ok) return notFound(reply);
    flash(reply, `Wards saved for ${councillor.name}`);
    return reply.redirect('/staff/admin/councillor-wards', 303);
  });
}
