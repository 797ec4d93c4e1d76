/** Use-cases for community intelligence: record, change, import, trends and rising issues. */
import type { Actor, Deps } from '../../deps.ts';
import type { CurrentUser } from '../../web/auth.ts';
import type { ItemInput } from './intelligence.schema.ts';
import { checkImport, referencesIn, type ImportCheck } from './intelligence.import.ts';
import * as repo from './intelligence.repository.ts';
import { risingIssues, windows } from './intelligence.rising.ts';
import * as policy from './wards.policy.ts';
import { lastMonths, londonDate, type Channel } from './wards.catalogue.ts';
import { listWardNames, recordAudit, TOPICS } from './wards.deps.ts';
import { invalidatePages } from '../../web/page-cache.ts';

type Outcome<T> = ({ ok: true } & T) | { ok: false; reason: 'not-found' | 'forbidden' };

/** Records what residents said, for the user's own organisation, audited. */
export async function recordIntelligence(deps: Deps, user: CurrentUser, actor: Actor, input: ItemInput) {
  const item = await deps.db.transaction(async (tx) => {
    const row = await repo.insertItem(tx, { ...input, organisationId: user.organisationId, recordedBy: user.id });
    await recordAudit(tx, actor, {
      action: 'intelligence.recorded',
      entityType: 'intelligence_item',
      entityId: row.id,
      after: row,
    });
    await invalidatePages(tx, 'wards');
    return row;
  });
  return { ok: true as const, item };
}

/**
 * Changes an item. The record is read and the policy checked inside the transaction, so an item
 * of another organisation is refused however its id arrived.
 */
export async function changeIntelligence(
  deps: Deps,
  user: CurrentUser,
  actor: Actor,
  id: string,
  input: ItemInput,
): Promise<Outcome<{ item: repo.ItemValues }>> {
  const outcome = await deps.db.transaction(async (tx): Promise<Outcome<{ item: repo.ItemValues }>> => {
    const before = (await repo.findItem(tx, id))?.item;
    if (!before) return { ok: false, reason: 'not-found' };
    if (!policy.canEditIntelligence(user, before)) return { ok: false, reason: 'forbidden' };
    const after = await repo.updateItem(tx, id, input, deps.clock.now());
    await recordAudit(tx, actor, {
      action: 'intelligence.changed',
      entityType: 'intelligence_item',
      entityId: id,
      before,
      after,
    });
    await invalidatePages(tx, 'wards');
    return { ok: true, item: after! };
  });
  return outcome;
}

/** Checks an extract against the wards and what the organisation already imported (the dry run). */
export async function checkExtract(
  deps: Deps,
  user: CurrentUser,
  channel: Channel,
  text: string,
): Promise<ImportCheck> {
  const [wards, already] = await Promise.all([
    listWardNames(deps.db),
    repo.existingRefs(deps.db, user.organisationId, channel, referencesIn(text)),
  ]);
  return checkImport(text, { wards, today: londonDate(deps.clock.now()), alreadyImported: already });
}

/**
 * Imports an extract's good rows for the user's organisation in one audited transaction. Rows
 * already imported (same organisation, channel and reference) are skipped, even if two imports
 * of the same file race: the unique index decides.
 */
export async function importExtract(
  deps: Deps,
  user: CurrentUser,
  actor: Actor,
  channel: Channel,
  text: string,
  fileName: string,
) {
  const check = await checkExtract(deps, user, channel, text);
  if (check.fileProblem) return { ok: false as const, check };
  const imported = await deps.db.transaction(async (tx) => {
    const inserted = await repo.insertImported(
      tx,
      check.rows.map((row) => ({
        organisationId: user.organisationId,
        recordedBy: user.id,
        channel,
        wardCode: row.wardCode,
        topics: row.topics,
        summary: row.summary,
        sentiment: row.sentiment,
        needsAction: row.needsAction,
        actionBy: row.actionBy,
        heardOn: row.heardOn,
        sourceRef: row.reference,
      })),
    );
    await recordAudit(tx, actor, {
      action: 'intelligence.imported',
      entityType: 'intelligence_import',
      after: {
        fileName,
        channel,
        imported: inserted,
        problems: check.problems.length,
        duplicates: check.duplicates.length + (check.rows.length - inserted),
      },
    });
    if (inserted) await invalidatePages(tx, 'wards');
    return inserted;
  });
  return {
    ok: true as const,
    check,
    imported,
    skippedAsDuplicates: check.duplicates.length + (check.rows.length - imported),
  };
}

export interface TrendView {
  months: string[];
  topics: { key: string; label: string; counts: number[]; total: number }[];
  totals: number[];
}

/** Items per topic per month over the last `monthsBack` months, for one ward or the borough, biggest topics first. */
export async function topicTrend(deps: Deps, filter: repo.ItemFilter, monthsBack = 12, topN = 6): Promise<TrendView> {
  const months = lastMonths(londonDate(deps.clock.now()), monthsBack);
  const [counts, monthly] = await Promise.all([
    repo.countsByMonthAndTopic(deps.db, { ...filter, from: `${months[0]}-01` }),
    repo.countsByMonth(deps.db, { ...filter, from: `${months[0]}-01` }),
  ]);
  return buildTrend(months, counts, monthly, topN);
}

/** The trend from counts by month and topic and by month (an item may have several topics), biggest topics first. */
export function buildTrend(
  months: string[],
  counts: readonly { month: string; topic: string; n: number }[],
  monthly: ReadonlyMap<string, number>,
  topN: number,
): TrendView {
  const byTopic = new Map<string, number[]>();
  for (const c of counts) {
    const m = months.indexOf(c.month);
    if (m < 0) continue;
    const series = byTopic.get(c.topic) ?? months.map(() => 0);
    series[m]! += c.n;
    byTopic.set(c.topic, series);
  }
  const topics = [...byTopic]
    .map(([key, series]) => ({
      key,
      label: (TOPICS as Record<string, string>)[key] ?? key,
      counts: series,
      total: series.reduce((a, b) => a + b, 0),
    }))
    .sort((a, b) => b.total - a.total || a.label.localeCompare(b.label))
    .slice(0, topN);
  return { months, topics, totals: months.map((m) => monthly.get(m) ?? 0) };
}

/** Rising issues today, with ward and topic names. */
export async function listRising(deps: Deps) {
  const today = londonDate(deps.clock.now());
  const { recentFrom, previousFrom } = windows(today);
  const [counts, wards] = await Promise.all([
    repo.wardTopicWindows(deps.db, recentFrom, previousFrom, today),
    listWardNames(deps.db),
  ]);
  const names = new Map(wards.map((w) => [w.code, w.name]));
  return risingIssues(counts).map((r) => ({
    ...r,
    wardName: r.wardCode ? (names.get(r.wardCode) ?? r.wardCode) : 'Whole borough',
    topicLabel: (TOPICS as Record<string, string>)[r.topic] ?? r.topic,
  }));
}
