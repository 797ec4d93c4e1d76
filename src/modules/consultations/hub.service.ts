/**
 * Use-cases of the public hub: the home page, "Find a consultation", the consultation page and
 * the feeds. Read-only, and only ever public states: a draft's slug is simply not found.
 */
import type { Deps } from '../../deps.ts';
import type { ConsultationLink, ConsultationPanel } from '../module.ts';
import { consultationLinks, consultationPanels } from './consultation-links.ts';
import type { Db } from '../../db/client.ts';
import { listWardsWithGeometry, renderWardMap, type MapWard } from '../geography/index.ts';
import { LADDER_LABELS, STATE_LABELS, TOPICS, isTopic, type ConsultationState, type LadderRung } from './catalogue.ts';
import { documentUrl } from './document-types.ts';
import { feedbackDueDate } from './feedback-due-date.ts';
import type { StatusFilter } from './hub.schema.ts';
import * as repo from './hub.repository.ts';

export const PAGE_SIZE = 20;
export const FEED_SIZE = 50;

const STATUS_STATES: Record<StatusFilter, ConsultationState[]> = {
  open: ['open'],
  forthcoming: ['scheduled'],
  closed: ['closed', 'feedback_published', 'archived'],
};

const STATUS_ORDER: Record<StatusFilter, repo.HubOrder> = {
  open: 'closing-soonest',
  forthcoming: 'opening-soonest',
  closed: 'closed-most-recently',
};

export const STATUS_FILTER_LABELS: Record<StatusFilter, string> = {
  open: 'Open',
  forthcoming: 'Forthcoming',
  closed: 'Closed',
};

/** What the public sees for a state: scheduled reads "Forthcoming"; colour is never the only cue. */
export function publicStatus(state: string): { text: string; classes: string } {
  switch (state) {
    case 'open':
      return { text: 'Open', classes: 'govuk-tag--green' };
    case 'scheduled':
      return { text: 'Forthcoming', classes: 'govuk-tag--blue' };
    case 'feedback_published':
      return { text: 'Closed: feedback published', classes: 'govuk-tag--purple' };
    case 'archived':
      return { text: 'Closed: archived', classes: 'govuk-tag--grey' };
    default:
      return { text: STATE_LABELS[state as ConsultationState] ?? 'Closed', classes: 'govuk-tag--grey' };
  }
}

export interface WardData {
  wards: MapWard[];
  names: Map<string, string>;
  /** "Barking and Dagenham": the authority the wards belong to. */
  authorityName: string;
}

// Boundaries are imported before the app serves and never change at run time: load them once per database.
const wardCache = new WeakMap<Db, Promise<WardData>>();

/** Ward names and geometry, loaded once and cached (an empty result is not cached, so a later import is seen). */
export function loadWards(db: Db): Promise<WardData> {
  let cached = wardCache.get(db);
  if (!cached) {
    cached = listWardsWithGeometry(db).then((rows) => {
      const wards = rows.map((w) => ({ code: w.code, name: w.name, geometry: w.geometry }));
      if (wards.length === 0) wardCache.delete(db);
      return {
        wards,
        names: new Map(wards.map((w) => [w.code, w.name])),
        authorityName: rows[0]?.authorityName ?? 'the borough',
      };
    });
    cached.catch(() => wardCache.delete(db));
    wardCache.set(db, cached);
  }
  return cached;
}

/** The authority whose wards are loaded ("Barking and Dagenham"), for page text. */
export async function authorityName(deps: Deps): Promise<string> {
  return (await loadWards(deps.db)).authorityName;
}

export interface FindInput {
  status: StatusFilter;
  q: string;
  ward?: string;
  topic?: string;
  organisation?: string;
  page: number;
}

export interface ActiveFilter {
  label: string;
  /** The same search without this filter. */
  removeHref: string;
}

/** Builds a /consultations link for the given filters, leaving out empty ones and page 1. */
export function findHref(input: Partial<FindInput>): string {
  const params = new URLSearchParams();
  if (input.status && input.status !== 'open') params.set('status', input.status);
  if (input.q) params.set('q', input.q);
  if (input.ward) params.set('ward', input.ward);
  if (input.topic) params.set('topic', input.topic);
  if (input.organisation) params.set('organisation', input.organisation);
  if (input.page && input.page > 1) params.set('page', String(input.page));
  const query = params.toString();
  return query ? `/consultations?${query}` : '/consultations';
}

/**
 * "Find a consultation": filters a resident chose, validated against real wards, topics and
 * organisations (an unknown one is dropped rather than failing the page), one page of results
 * and the total. A page past the end shows the last page.
 */
export async function findConsultations(deps: Deps, input: FindInput) {
  const [{ names: wardNames }, organisations] = await Promise.all([
    loadWards(deps.db),
    repo.listOrganisations(deps.db),
  ]);
  const applied: FindInput = { status: input.status, q: input.q, page: input.page };
  if (input.ward && wardNames.has(input.ward)) applied.ward = input.ward;
  if (input.topic && isTopic(input.topic)) applied.topic = input.topic;
  const organisationId = input.organisation ? organisations.find((o) => o.slug === input.organisation)?.id : undefined;
  if (organisationId) applied.organisation = input.organisation;
  // Text with no letters or digits cannot match anything: treat it as no keyword at all.
  const keyword = /[\p{L}\p{N}]/u.test(input.q) ? input.q : undefined;
  const filters: repo.HubFilters = {
    states: STATUS_STATES[input.status],
    q: keyword,
    wardCode: applied.ward,
    topic: applied.topic,
    organisationId,
  };
  const order = STATUS_ORDER[input.status];
  let page = input.page;
  const [firstTry, total] = await Promise.all([
    repo.findPage(deps.db, filters, order, PAGE_SIZE, (page - 1) * PAGE_SIZE),
    repo.countMatching(deps.db, filters),
  ]);
  let results = firstTry;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (page > pages) {
    page = pages;
    results = total > 0 ? await repo.findPage(deps.db, filters, order, PAGE_SIZE, (page - 1) * PAGE_SIZE) : [];
  }
  applied.page = page;

  const active: ActiveFilter[] = [];
  if (keyword) active.push({ label: `Containing “${keyword}”`, removeHref: findHref({ ...applied, q: '', page: 1 }) });
  if (applied.ward)
    active.push({
      label: `Ward: ${wardNames.get(applied.ward)}`,
      removeHref: findHref({ ...applied, ward: undefined, page: 1 }),
    });
  if (applied.topic)
    active.push({
      label: `Topic: ${TOPICS[applied.topic as keyof typeof TOPICS]}`,
      removeHref: findHref({ ...applied, topic: undefined, page: 1 }),
    });
  if (applied.organisation) {
    const name = organisations.find((o) => o.slug === applied.organisation)?.name ?? applied.organisation;
    active.push({
      label: `Organisation: ${name}`,
      removeHref: findHref({ ...applied, organisation: undefined, page: 1 }),
    });
  }

  return {
    applied,
    results: results.map((r) => ({ ...r, status: publicStatus(r.state) })),
    total,
    page,
    pages,
    pagination: paginationOf(applied, page, pages),
    active,
    options: {
      wards: [...wardNames].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name)),
      topics: Object.entries(TOPICS).map(([slug, label]) => ({ slug, label })),
      organisations: organisations.map(({ slug, name }) => ({ slug, name })),
    },
  };
}

/** govukPagination's items: first, last, and two either side of the current page, with ellipses between. */
function paginationOf(applied: FindInput, page: number, pages: number) {
  if (pages <= 1) return null;
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = [];
  let previous = 0;
  for (let n = 1; n <= pages; n++) {
    if (n !== 1 && n !== pages && Math.abs(n - page) > 2) continue;
    if (previous && n - previous > 1) items.push({ ellipsis: true });
    items.push({ number: n, href: findHref({ ...applied, page: n }), current: n === page });
    previous = n;
  }
  return {
    items,
    previous: page > 1 ? { href: findHref({ ...applied, page: page - 1 }) } : undefined,
    next: page < pages ? { href: findHref({ ...applied, page: page + 1 }) } : undefined,
  };
}

/** The home page: counts by public status, open ones closing soonest, forthcoming ones, and ways to browse. */
export async function homePage(deps: Deps) {
  const [counts, closingSoon, forthcoming, { wards, authorityName }] = await Promise.all([
    repo.countByState(deps.db),
    repo.findPage(deps.db, { states: ['open'] }, 'closing-soonest', 5, 0),
    repo.findPage(deps.db, { states: ['scheduled'] }, 'opening-soonest', 3, 0),
    loadWards(deps.db),
  ]);
  return {
    authorityName,
    counts: {
      open: counts.open ?? 0,
      forthcoming: counts.scheduled ?? 0,
      closed: (counts.closed ?? 0) + (counts.feedback_published ?? 0) + (counts.archived ?? 0),
    },
    closingSoon: closingSoon.map((r) => ({ ...r, status: publicStatus(r.state) })),
    forthcoming: forthcoming.map((r) => ({ ...r, status: publicStatus(r.state) })),
    wards: wards
      .map((w) => ({ name: w.name, href: findHref({ ward: w.code }) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    topics: Object.entries(TOPICS).map(([slug, label]) => ({ label, href: findHref({ topic: slug }) })),
  };
}

const FILE_TYPES: Record<string, string> = {
  'application/pdf': 'PDF',
  'application/msword': 'Word document',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'application/vnd.oasis.opendocument.text': 'OpenDocument text',
  'application/vnd.ms-excel': 'Excel spreadsheet',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'Excel spreadsheet',
  'application/vnd.oasis.opendocument.spreadsheet': 'OpenDocument spreadsheet',
  'application/vnd.ms-powerpoint': 'PowerPoint presentation',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PowerPoint presentation',
  'application/vnd.oasis.opendocument.presentation': 'OpenDocument presentation',
  'text/csv': 'CSV',
  'text/plain': 'Text',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
};

/** "PDF", "Word document"… from the content type, or the file's extension in capitals. */
export function fileType(contentType: string, filename: string): string {
  const known = FILE_TYPES[contentType.split(';')[0]!.trim().toLowerCase()];
  if (known) return known;
  const ext = /\.([a-z0-9]{1,8})$/i.exec(filename)?.[1];
  return ext ? ext.toUpperCase() : 'File';
}

/** "Checked against the consultation principles: 10 passed, 2 explained", and the checks behind it. */
function standardsSummary(check: repo.PublicStandardsCheck | null) {
  if (!check || !Array.isArray(check.results)) return null;
  const items = check.results.map((result) => {
    const justification = result.justification || check.justifications[result.key] || '';
    return { title: result.title, status: result.status, justification };
  });
  const passed = items.filter((i) => i.status === 'pass').length;
  const explained = items.filter((i) => i.status !== 'pass' && i.justification).length;
  const unexplained = items.length - passed - explained;
  const parts = [`${passed} passed`];
  if (explained) parts.push(`${explained} explained`);
  if (unexplained) parts.push(`${unexplained} not yet explained`);
  return { text: `Checked against the consultation principles: ${parts.join(', ')}`, items, runAt: check.runAt };
}

export type ConsultationPageOutcome =
  | {
      ok: true;
      consultation: ReturnType<typeof consultationView> & { links: ConsultationLink[]; panels: ConsultationPanel[] };
    }
  | { ok: false; reason: 'not-found' };

/** A public consultation's page. Drafts and consultations in review are not found, never forbidden. */
export async function consultationPage(deps: Deps, slug: string): Promise<ConsultationPageOutcome> {
  if (!/^[a-z0-9-]{1,200}$/.test(slug)) return { ok: false, reason: 'not-found' };
  const [row, wardData] = await Promise.all([repo.findPublicBySlug(deps.db, slug), loadWards(deps.db)]);
  if (!row) return { ok: false, reason: 'not-found' };
  const [links, panels] = await Promise.all([
    consultationLinks(deps, row, 'public'),
    consultationPanels(deps, row, 'public'),
  ]);
  return { ok: true, consultation: { ...consultationView(row, wardData), links, panels } };
}

function consultationView(row: repo.PublicConsultationRow, { wards, names, authorityName }: WardData) {
  const feedbackDue = row.closesAt ? feedbackDueDate(row.closesAt, row.feedbackWeeks) : null;
  const highlighted = row.boroughWide ? wards.map((w) => w.code) : row.wardCodes;
  const wardNames = row.wardCodes.map((code) => names.get(code) ?? code).sort((a, b) => a.localeCompare(b));
  const ladder = LADDER_LABELS[row.ladderRung as LadderRung] ?? LADDER_LABELS.consult;
  const phase: 'open' | 'forthcoming' | 'closed' | 'feedback' =
    row.state === 'open'
      ? 'open'
      : row.state === 'scheduled'
        ? 'forthcoming'
        : row.state === 'feedback_published'
          ? 'feedback'
          : 'closed';
  return {
    ...row,
    phase,
    status: publicStatus(row.state),
    feedbackDue,
    ladder,
    topicLabels: row.topics.filter(isTopic).map((t) => ({ label: TOPICS[t], href: findHref({ topic: t }) })),
    wardNames,
    authorityName,
    wardMap:
      wards.length > 0 && (row.boroughWide || row.wardCodes.length > 0)
        ? renderWardMap(wards, highlighted, {
            id: 'ward-map',
            width: 300,
            label: row.boroughWide ? `Map of ${authorityName} with every ward highlighted` : undefined,
          })
        : null,
    documents: row.documents.map((d) => ({
      ...d,
      href: documentUrl(row.slug, d.id, d.filename),
      type: fileType(d.contentType, d.filename),
    })),
    standards: standardsSummary(row.standardsCheck),
  };
}

/** The feeds' entries: the most recently changed public consultations, newest first. */
export async function feedEntries(deps: Deps) {
  const rows = await repo.listForFeed(deps.db, FEED_SIZE);
  return rows.map((r) => ({ ...r, status: publicStatus(r.state) }));
}

/** When the hub's pages next change without a write (page cache expiry). */
export function nextScheduledChange(deps: Deps, now: Date): Promise<Date | null> {
  return repo.nextOpeningOrClosing(deps.db, now);
}
