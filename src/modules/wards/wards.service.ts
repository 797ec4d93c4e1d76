/** Use-cases for ward profiles: one ward's profile, the borough overview, councillors' wards, exports. */
import type { Actor, Deps } from '../../deps.ts';
import * as repo from './wards.repository.ts';
import * as intel from './intelligence.repository.ts';
import { buildTrend } from './intelligence.service.ts';
import { lastMonths, londonDate, SENTIMENTS } from './wards.catalogue.ts';
import {
  csvCell,
  listWardNames,
  listWardsWithGeometry,
  recordAudit,
  STATE_LABELS,
  type MapWard,
} from './wards.deps.ts';
import { invalidatePages } from '../../web/page-cache.ts';

/**
 * Ward boundaries never change while the app runs (a new import restarts it), and the map
 * renderer caches its projection per array: keep one array per process.
 */
let boundaries: { at: number; wards: MapWard[] } | undefined;
export async function wardBoundaries(deps: Deps): Promise<MapWard[]> {
  // Re-read after a minute so an import of another council's wards shows without a restart.
  if (!boundaries || Date.now() - boundaries.at > 60_000) {
    const wards = await listWardsWithGeometry(deps.db);
    if (
      !boundaries ||
      boundaries.wards.length !== wards.length ||
      boundaries.wards.some((w, i) => w.code !== wards[i]!.code)
    )
      boundaries = { at: Date.now(), wards };
    else boundaries.at = Date.now();
  }
  return boundaries.wards;
}

export type Area = 'public' | 'staff';

/**
 * Responses per ward over the whole borough: every profile needs the borough's total, and counting
 * 100,000 responses on every view was most of a profile's database time. Residents' submissions
 * bump no page-cache tag either, so profiles already lag new responses by the cache's lifetime;
 * this keeps the figure at most a minute old, with one query in flight per process.
 */
const RESPONSE_COUNTS_TTL_MS = 60_000;
const responseCounts = new WeakMap<object, { at: number; value: Promise<Map<string, number>> }>();
function responsesByWard(deps: Deps): Promise<Map<string, number>> {
  const now = Date.now();
  const known = responseCounts.get(deps.db);
  if (known && now - known.at <= RESPONSE_COUNTS_TTL_MS) return known.value;
  const value = repo.responsesByWard(deps.db);
  responseCounts.set(deps.db, { at: now, value });
  value.catch(() => responseCounts.delete(deps.db));
  return value;
}

const percent = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null);

/** Everything one ward's page shows. Undefined when there is no such ward. */
export async function wardProfile(deps: Deps, code: string, area: Area) {
  const wards = await listWardNames(deps.db);
  const ward = wards.find((w) => w.code === code);
  if (!ward) return undefined;
  const now = deps.clock.now();
  const today = londonDate(now);
  const months = lastMonths(today, 12);
  const from = `${months[0]}-01`;
  const yearAgo = new Date(`${from}T00:00:00Z`);
  const [census, population, rows, responseCounts, recent] = await Promise.all([
    repo.censusForWard(deps.db, code),
    repo.populationByWard(deps.db),
    repo.profileRows(deps.db, {
      wardCode: code,
      now,
      since: yearAgo,
      from,
      limit: area === 'staff' ? 20 : 10,
      publishedThemesOnly: area === 'public',
    }),
    responsesByWard(deps),
    area === 'staff' ? intel.listItems(deps.db, { wardCode: code }, 10) : Promise.resolve(undefined),
  ]);
  const consultations = { open: rows.open, past: rows.past, openCount: rows.open_count, pastCount: rows.past_count };
  const responseMonths = new Map(rows.responses_by_month.map((r) => [r.month, r.n]));
  const events = { upcoming: rows.events, upcomingCount: rows.events_upcoming, pastCount: rows.events_past };
  const activities = rows.activities;
  const panel = rows.panel_members;
  const themes = rows.themes;
  const councillors = rows.councillors.map((name) => ({ name }));
  const trend = buildTrend(
    months,
    rows.intelligence_by_month_topic,
    new Map(rows.intelligence_by_month.map((r) => [r.month, r.n])),
    6,
  );
  const sentiment = new Map(rows.sentiment.map((r) => [r.sentiment, r.n]));
  const perConsultation = new Map(
    [...rows.open, ...rows.past].map((c) => [c.id, { total: Number(c.total), fromWard: Number(c.from_ward) }]),
  );

  const boroughPopulation = [...population.values()].reduce((a, p) => a + p.value, 0);
  const wardPopulation = population.get(code);
  const residentsShare = wardPopulation ? percent(wardPopulation.value, boroughPopulation) : null;
  const responsesFromWard = responseCounts.get(code) ?? 0;
  const responsesWithWard = [...responseCounts.values()].reduce((a, b) => a + b, 0);

  const datasets = new Map<
    string,
    {
      dataset: string;
      title: string;
      isDemo: boolean;
      source: string;
      rows: { category: string; value: number; isTotal: boolean }[];
    }
  >();
  for (const row of census) {
    const set = datasets.get(row.dataset) ?? {
      dataset: row.dataset,
      title: row.datasetTitle,
      isDemo: row.isDemo,
      source: row.source,
      rows: [],
    };
    set.rows.push({ category: row.category, value: Number(row.value), isTotal: row.isTotal });
    datasets.set(row.dataset, set);
  }
  const censusTables = [...datasets.values()].map((set) => {
    const total =
      set.rows.find((r) => r.isTotal)?.value ?? set.rows.filter((r) => !r.isTotal).reduce((a, r) => a + r.value, 0);
    return {
      ...set,
      total,
      rows: set.rows.map((r) => ({ ...r, percent: r.isTotal ? null : percent(r.value, total) })),
    };
  });

  const withResponses = (c: repo.ConsultationRow) => {
    const counts = perConsultation.get(c.id) ?? { total: 0, fromWard: 0 };
    return {
      ...c,
      stateLabel: STATE_LABELS[c.state as keyof typeof STATE_LABELS] ?? c.state,
      ...counts,
      share: percent(counts.fromWard, counts.total),
    };
  };

  return {
    ward,
    today,
    councillors: councillors.map((c) => c.name),
    census: censusTables,
    anyDemoCensus: censusTables.some((t) => t.isDemo),
    population: wardPopulation ?? null,
    engagement: {
      open: consultations.open.map(withResponses),
      past: consultations.past.map(withResponses),
      openCount: consultations.openCount,
      pastCount: consultations.pastCount,
      responsesFromWard,
      responsesWithWard,
      responseShare: percent(responsesFromWard, responsesWithWard),
      residentsShare,
      populationIsDemo: wardPopulation?.isDemo ?? false,
      events,
      activities,
      panelMembers: panel,
    },
    themes: themes.map((t) => ({ ...t, n: Number(t.n) })),
    intelligence: {
      trend,
      total: trend.totals.reduce((a, b) => a + b, 0),
      sentiment: Object.entries(SENTIMENTS).map(([key, label]) => ({ key, label, n: sentiment.get(key) ?? 0 })),
      recent: recent?.items,
    },
    overTime: {
      months,
      responses: months.map((m) => responseMonths.get(m) ?? 0),
      intelligence: trend.totals,
    },
  };
}
export type WardProfile = NonNullable<Awaited<ReturnType<typeof wardProfile>>>;

/** One row per ward: residents, responses, responses per 1,000 residents, intelligence heard, panel members. */
export async function boroughOverview(deps: Deps) {
  const today = londonDate(deps.clock.now());
  const from = `${lastMonths(today, 12)[0]}-01`;
  const [wards, population, responses, intelligence, panel] = await Promise.all([
    listWardNames(deps.db),
    repo.populationByWard(deps.db),
    responsesByWard(deps),
    repo.intelligenceByWard(deps.db, from),
    repo.panelMembersByWard(deps.db),
  ]);
  const rows = wards.map((w) => {
    const residents = population.get(w.code)?.value ?? null;
    const n = responses.get(w.code) ?? 0;
    return {
      code: w.code,
      name: w.name,
      residents,
      responses: n,
      perThousand: residents ? Math.round((n / residents) * 10000) / 10 : null,
      intelligence: intelligence.get(w.code) ?? 0,
      panelMembers: panel.get(w.code) ?? 0,
    };
  });
  return { rows, populationIsDemo: [...population.values()].some((p) => p.isDemo), hasPopulation: population.size > 0 };
}
export type Overview = Awaited<ReturnType<typeof boroughOverview>>;

/** The overview as CSV: counts only, no personal data, every cell formula-escaped. */
export function overviewCsv(overview: Overview): string {
  const header = [
    'Ward code',
    'Ward',
    'Usual residents',
    'Responses',
    'Responses per 1,000 residents',
    'Intelligence items (12 months)',
    'Panel members',
  ];
  const lines = [header.map(csvCell).join(',')];
  for (const r of overview.rows)
    lines.push(
      [r.code, r.name, r.residents ?? '', r.responses, r.perThousand ?? '', r.intelligence, r.panelMembers]
        .map((v) => csvCell(String(v)))
        .join(','),
    );
  if (overview.populationIsDemo) lines.push(csvCell('Usual residents are demo figures, not census data'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** One ward's profile as CSV sections: census, consultations with responses, topics heard by month. */
export function profileCsv(profile: WardProfile): string {
  const lines: string[] = [];
  const row = (...cells: (string | number | null)[]) =>
    lines.push(cells.map((c) => csvCell(String(c ?? ''))).join(','));
  row('Ward', profile.ward.name, profile.ward.code);
  row();
  row('Census table', 'Category', 'Value', 'Percent', 'Source');
  for (const t of profile.census)
    for (const r of t.rows)
      row(
        `${t.dataset} ${t.title}`,
        r.category,
        r.value,
        r.percent,
        t.isDemo ? 'DEMO figures, not census data' : t.source,
      );
  row();
  row('Consultation', 'State', 'Responses', 'From this ward', 'Percent from this ward');
  for (const c of [...profile.engagement.open, ...profile.engagement.past])
    row(c.title, c.stateLabel, c.total, c.fromWard, c.share);
  row();
  row('Topic heard', ...profile.intelligence.trend.months, 'Total');
  for (const t of profile.intelligence.trend.topics) row(t.label, ...t.counts, t.total);
  row('All intelligence items', ...profile.intelligence.trend.totals, profile.intelligence.total);
  row(
    'Responses from the ward',
    ...profile.overTime.responses,
    profile.overTime.responses.reduce((a, b) => a + b, 0),
  );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** An administrator sets the wards a councillor represents, audited. */
export async function assignCouncillorWards(deps: Deps, actor: Actor, councillorId: string, codes: string[]) {
  return deps.db.transaction(async (tx) => {
    const councillor = await repo.findCouncillor(tx, councillorId);
    if (!councillor) return { ok: false as const, reason: 'not-found' as const };
    const before = await repo.wardsOfCouncillor(tx, councillorId);
    await repo.setWardsOfCouncillor(tx, councillorId, [...new Set(codes)]);
    await recordAudit(tx, actor, {
      action: 'wards.councillor-wards-set',
      entityType: 'staff_user',
      entityId: councillorId,
      before: { wards: before },
      after: { wards: [...new Set(codes)].sort() },
    });
    await invalidatePages(tx, 'wards');
    return { ok: true as const, councillor };
  });
}
