/**
 * The e-bulletin: a draft assembled from a period's activity, edited and reordered by staff, then
 * sent through the notifier to confirmed email subscribers, each getting the items for their wards
 * and topics. Sending is a job that claims one (bulletin, person) row in the same transaction as
 * that person's message, so a send resumed after a crash never sends anyone twice.
 */
import type { Actor, Deps } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import type { CurrentUser } from '../../web/auth.ts';
import { formatDate } from '../../web/format.ts';
import { recordAudit } from '../audit/index.ts';
import { subscriptionReferencePrefix, unsubscribeUrl } from './announcements.service.ts';
import type { Bulletin, BulletinItem } from './channels.tables.ts';
import * as repo from './bulletins.repository.ts';

export const BULLETIN_SEND_JOB = 'channels-bulletin-send';
export const BULLETIN_RESUME_JOB = 'channels-bulletin-resume';
const BATCH = 200;
const EVENTS_AHEAD_DAYS = 31;

type User = Pick<CurrentUser, 'role' | 'organisationId'>;

/** Engagement officers and administrators write to the partnership's subscribers. */
export const canManageBulletins = (user: User) => user.role === 'administrator' || user.role === 'engagement_officer';
/** A bulletin is its organisation's: other organisations' engagement officers cannot change or send it. */
export const canEditBulletin = (user: User, b: Pick<Bulletin, 'organisationId'>) =>
  canManageBulletins(user) && (user.role === 'administrator' || b.organisationId === user.organisationId);

export const KIND_LABELS: Record<string, string> = {
  opened: 'New consultation',
  results: 'Results',
  feedback: 'You said, we did',
  event: 'Event',
  panel: 'Panel news',
  note: 'Note',
};

/** Starts a draft for the period, with one item per thing that happened in it (newest consultations first). */
export async function startDraft(
  deps: Deps,
  actor: Actor,
  input: { title: string; intro: string; periodStart: Date; periodEnd: Date; organisationId: string },
): Promise<Bulletin> {
  const eventsUntil = new Date(input.periodEnd.getTime() + EVENTS_AHEAD_DAYS * 86_400_000);
  const activity = await repo.activityBetween(deps.db, input.periodStart, input.periodEnd, eventsUntil);
  const order = ['opened', 'results', 'feedback', 'event', 'panel'];
  activity.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.at.getTime() - b.at.getTime());
  return deps.db.transaction(async (tx) => {
    const b = await repo.insertBulletin(tx, { ...input, createdBy: actor.id, createdAt: deps.clock.now() });
    await repo.insertItems(
      tx,
      activity.map((a, i) => ({
        bulletinId: b.id,
        position: i + 1,
        kind: a.kind,
        title: a.title,
        body: a.body,
        link: a.link,
        wards: a.wards,
        topics: a.topics,
      })),
    );
    await recordAudit(tx, actor, {
      action: 'bulletin.drafted',
      entityType: 'bulletin',
      entityId: b.id,
      after: { title: b.title, items: activity.length },
    });
    return b;
  });
}

type Outcome = { ok: true } | { ok: false; reason: 'not-found' | 'forbidden' | 'not-draft' };

async function editable(tx: Db, user: User, id: string): Promise<Bulletin | Outcome> {
  const b = await repo.findBulletin(tx, id);
  if (!b) return { ok: false, reason: 'not-found' };
  if (!canEditBulletin(user, b)) return { ok: false, reason: 'forbidden' };
  if (b.status !== 'draft') return { ok: false, reason: 'not-draft' };
  return b;
}

const isOutcome = (x: Bulletin | Outcome): x is Outcome => 'ok' in x;

export async function updateDetails(
  deps: Deps,
  actor: Actor,
  user: User,
  id: string,
  input: { title: string; intro: string },
): Promise<Outcome> {
  return deps.db.transaction(async (tx) => {
    const b = await editable(tx, user, id);
    if (isOutcome(b)) return b;
    await repo.updateBulletin(tx, id, input);
    await recordAudit(tx, actor, {
      action: 'bulletin.edited',
      entityType: 'bulletin',
      entityId: id,
      before: { title: b.title, intro: b.intro },
      after: input,
    });
    return { ok: true };
  });
}

export async function saveItem(
  deps: Deps,
  actor: Actor,
  user: User,
  id: string,
  itemId: string | null,
  input: { title: string; body: string; link: string },
): Promise<Outcome> {
  return deps.db.transaction(async (tx) => {
    const b = await editable(tx, user, id);
    if (isOutcome(b)) return b;
    const items = await repo.itemsOf(tx, id);
    if (itemId) {
      const item = items.find((i) => i.id === itemId);
      if (!item) return { ok: false, reason: 'not-found' };
      await repo.updateItem(tx, id, itemId, input);
    } else {
      const last = items.at(-1)?.position ?? 0;
      await repo.insertItems(tx, [{ bulletinId: id, position: last + 1, kind: 'note', ...input }]);
    }
    await recordAudit(tx, actor, {
      action: itemId ? 'bulletin.item-edited' : 'bulletin.item-added',
      entityType: 'bulletin',
      entityId: id,
      after: { itemId, ...input },
    });
    return { ok: true };
  });
}

export async function removeItem(deps: Deps, actor: Actor, user: User, id: string, itemId: string): Promise<Outcome> {
  return deps.db.transaction(async (tx) => {
    const b = await editable(tx, user, id);
    if (isOutcome(b)) return b;
    const item = (await repo.itemsOf(tx, id)).find((i) => i.id === itemId);
    if (!item) return { ok: false, reason: 'not-found' };
    await repo.deleteItem(tx, id, itemId);
    await recordAudit(tx, actor, {
      action: 'bulletin.item-removed',
      entityType: 'bulletin',
      entityId: id,
      before: { itemId, title: item.title },
    });
    return { ok: true };
  });
}

/** Moves an item one place up or down (positions are renumbered 1..n so they stay dense). */
export async function moveItem(
  deps: Deps,
  actor: Actor,
  user: User,
  id: string,
  itemId: string,
  direction: 'up' | 'down',
): Promise<Outcome> {
  return deps.db.transaction(async (tx) => {
    const b = await editable(tx, user, id);
    if (isOutcome(b)) return b;
    const items = await repo.itemsOf(tx, id);
    const at = items.findIndex((i) => i.id === itemId);
    if (at < 0) return { ok: false, reason: 'not-found' };
    const to = direction === 'up' ? at - 1 : at + 1;
    if (to >= 0 && to < items.length) [items[at], items[to]] = [items[to]!, items[at]!];
    for (const [i, item] of items.entries()) {
      if (item.position !== i + 1) await repo.updateItem(tx, id, item.id, { position: i + 1 });
    }
    await recordAudit(tx, actor, {
      action: 'bulletin.item-moved',
      entityType: 'bulletin',
      entityId: id,
      after: { itemId, direction },
    });
    return { ok: true };
  });
}

/** Which items a reader gets: items for everyone, and those in one of their wards or on one of their topics. */
export function itemsFor(items: BulletinItem[], reader: { wards: string[]; topics: string[] }): BulletinItem[] {
  if (!reader.wards.length && !reader.topics.length) return items;
  return items.filter(
    (i) =>
      (!i.wards.length && !i.topics.length) ||
      i.wards.some((w) => reader.wards.includes(w)) ||
      i.topics.some((t) => reader.topics.includes(t)),
  );
}

const absolute = (deps: Deps, link: string) => (link.startsWith('/') ? `${deps.config.baseUrl}${link}` : link);

/** The personalisation of the `bulletin` email for these items. */
export function emailPersonalisation(deps: Deps, b: Bulletin, items: BulletinItem[], unsubscribe: string) {
  return {
    title: b.title,
    intro: b.intro,
    items: items
      .map((i) => [`## ${i.title}`, i.body, i.link ? absolute(deps, i.link) : ''].filter(Boolean).join('\n'))
      .join('\n\n'),
    web: `${deps.config.baseUrl}/bulletins/${b.id}`,
    period: `${formatDate(b.periodStart)} to ${formatDate(b.periodEnd)}`,
    unsubscribe,
  };
}

/**
 * Starts sending: from draft to sending, with the number of people it will go to, then the job
 * does the rest (and the every-minute resume job picks it up again if a worker dies).
 */
export async function startSend(
  deps: Deps,
  actor: Actor,
  user: User,
  id: string,
): Promise<Outcome | { ok: false; reason: 'empty' }> {
  const items = await repo.itemsOf(deps.db, id);
  if (!items.length) return { ok: false, reason: 'empty' };
  const readers = await repo.allReaders(deps.db);
  const total = readers.filter((r) => itemsFor(items, r).length > 0).length;
  const outcome = await deps.db.transaction(async (tx): Promise<Outcome> => {
    const b = await editable(tx, user, id);
    if (isOutcome(b)) return b;
    const now = deps.clock.now();
    await repo.updateBulletin(tx, id, { status: 'sending', sendStartedAt: now, recipientsTotal: total });
    await recordAudit(tx, actor, {
      action: 'bulletin.send-started',
      entityType: 'bulletin',
      entityId: id,
      after: { recipients: total, items: items.length },
    });
    return { ok: true };
  });
  if (outcome.ok) await deps.jobs.send(BULLETIN_SEND_JOB, { bulletinId: id }, { singletonKey: id });
  return outcome;
}

/**
 * Queues the bulletin for everyone not yet queued, a batch per transaction. Safe to run twice at
 * once or after a crash: the (bulletin, person) primary key lets one transaction claim each person.
 * Returns how many messages this run queued.
 */
export async function runBulletinSend(
  deps: Deps,
  bulletinId: string,
  options: { batch?: number; maxBatches?: number } = {},
): Promise<number> {
  const batch = options.batch ?? BATCH;
  const b = await repo.findBulletin(deps.db, bulletinId);
  if (!b || b.status !== 'sending') return 0;
  const items = await repo.itemsOf(deps.db, bulletinId);
  let queued = 0;
  let after = '';
  for (let n = 0; ; n++) {
    // maxBatches stops early as a crashed worker would (tests); the resume job carries on.
    if (options.maxBatches !== undefined && n >= options.maxBatches) return queued;
    const readers = await repo.nextReaders(deps.db, after, batch);
    if (!readers.length) break;
    after = readers.at(-1)!.key;
    queued += await deps.db.transaction(async (tx) => {
      const plans = readers.map((r) => ({ reader: r, mine: itemsFor(items, r) }));
      const claimed = await repo.claimRecipients(
        tx,
        plans.map(({ reader, mine }) => ({
          bulletinId,
          recipientKey: reader.key,
          subscriptionId: reader.subscriptionId,
          reference: mine.length ? `${subscriptionReferencePrefix(reader.subscriptionId)}bulletin-${bulletinId}` : '',
          itemCount: mine.length,
          queuedAt: deps.clock.now(),
        })),
      );
      let n = 0;
      for (const { reader, mine } of plans) {
        if (!claimed.has(reader.key) || !mine.length) continue;
        const unsubscribe = unsubscribeUrl(deps, reader.subscriptionId);
        await deps.notifier.queue(tx, {
          reference: `${subscriptionReferencePrefix(reader.subscriptionId)}bulletin-${bulletinId}`,
          template: 'bulletin',
          recipient: reader.contact,
          personalisation: emailPersonalisation(deps, b, mine, unsubscribe),
          unsubscribeUrl: unsubscribe,
        });
        n++;
      }
      return n;
    });
  }
  await repo.updateBulletin(deps.db, bulletinId, { status: 'sent', sentAt: deps.clock.now() });
  return queued;
}

/** The every-minute safety net: any bulletin still "sending" (its worker died) is carried on. */
export async function resumeSends(deps: Deps): Promise<void> {
  for (const b of await repo.sendingBulletins(deps.db)) await runBulletinSend(deps, b.id);
}

/** Sent, failed and left, for the progress panel. */
export async function progress(deps: Deps, b: Bulletin) {
  const p = await repo.progressOf(deps.db, b.id);
  const total = b.recipientsTotal ?? 0;
  const left = Math.max(0, total - p.sent - p.failed);
  return { total, queued: p.queued, sent: p.sent, failed: p.failed, left, done: b.status === 'sent' && left === 0 };
}
