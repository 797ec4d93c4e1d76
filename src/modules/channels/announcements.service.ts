/**
 * Telling people. New consultations, published feedback and decisions are announced once per
 * consultation and kind (the announcements table is the claim), to subscribers (at once, or into
 * their weekly digest) and, for feedback and decisions, to respondents who asked to hear back.
 * Consultations code need not change: a job finds what became open or published.
 */
import { createHash } from 'node:crypto';
import type { Deps } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { formatDate, formatDateTime } from '../../web/format.ts';
import type { Subscription } from './channels.tables.ts';
import * as eventsRepo from './event-announcements.repository.ts';
import { announceEvents, eventDigestLine } from './event-announcements.service.ts';
import * as repo from './subscriptions.repository.ts';
import { unsubscribeToken } from './subscription-tokens.ts';

/** Only recent changes are announced, so a first deployment does not announce years of history. */
const ANNOUNCE_WINDOW_MS = 14 * 24 * 3_600_000;

const emailKey = (email: string) => createHash('sha256').update(email).digest('hex').slice(0, 20);

export function unsubscribeUrl(deps: Deps, subscriptionId: string): string {
  return `${deps.config.baseUrl}/unsubscribe/${unsubscribeToken(deps.config.sessionSecret, subscriptionId)}`;
}

/** Every message to a subscription has a reference starting with this, so unsubscribing can cancel what is queued. */
export const subscriptionReferencePrefix = (subscriptionId: string) => `sub-${subscriptionId}-`;

type Kind = 'opened' | 'feedback' | 'decision';
const TEMPLATES = {
  opened: { email: 'subscription-new-consultation', sms: 'subscription-new-consultation-sms' },
  feedback: { email: 'feedback-published', sms: 'feedback-published-sms' },
  decision: { email: 'decision-published', sms: 'decision-published-sms' },
} as const;

async function tellSubscribers(
  deps: Deps,
  tx: Db,
  subscribers: Subscription[],
  kind: Kind,
  key: string,
  consultationId: string,
  personalisation: Record<string, string>,
  digestLine: string,
) {
  for (const s of subscribers) {
    if (s.frequency === 'weekly') {
      await repo.addDigestItem(tx, {
        subscriptionId: s.id,
        consultationId,
        kind: key,
        line: digestLine,
        createdAt: deps.clock.now(),
      });
      continue;
    }
    const unsubscribe = unsubscribeUrl(deps, s.id);
    await deps.notifier.queue(tx, {
      reference: `${subscriptionReferencePrefix(s.id)}${key}-${consultationId}`,
      template: TEMPLATES[kind][s.channel === 'sms' ? 'sms' : 'email'],
      recipient: s.contact,
      personalisation: {
        ...personalisation,
        reason: 'You subscribed to updates about consultations.',
        unsubscribe,
      },
      ...(s.channel === 'email' ? { unsubscribeUrl: unsubscribe } : {}),
    });
  }
}

const linkTo = (deps: Deps, slug: string) => `${deps.config.baseUrl}/consultations/${slug}`;

/** Announces a consultation that has opened to the subscribers whose wards, topics or organisations it touches. */
export async function announceOpened(deps: Deps, consultationId: string): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const c = await repo.announceTarget(tx, consultationId);
    if (!c || !(await repo.claimAnnouncement(tx, c.id, 'opened', deps.clock.now()))) return false;
    const personalisation = {
      title: c.title,
      summary: c.summary,
      closes: c.closesAt ? formatDateTime(c.closesAt) : 'a date to be announced',
      link: linkTo(deps, c.slug),
    };
    await tellSubscribers(
      deps,
      tx,
      await repo.subscribersFor(tx, c.id, false),
      'opened',
      'opened',
      c.id,
      personalisation,
      `New consultation: ${c.title} (closes ${personalisation.closes})\n${personalisation.link}`,
    );
    return true;
  });
}

/** Tells respondents who asked to hear back, and subscribers, that the feedback is published. Once only. */
export async function announceFeedback(deps: Deps, consultationId: string): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const c = await repo.announceTarget(tx, consultationId);
    if (!c || !(await repo.claimAnnouncement(tx, c.id, 'feedback', deps.clock.now()))) return false;
    const personalisation = { title: c.title, summary: c.feedbackSummary, link: linkTo(deps, c.slug) };
    for (const email of await repo.respondentsWantingUpdates(tx, c.id)) {
      await deps.notifier.queue(tx, {
        reference: `feedback-${c.id}-${emailKey(email)}`,
        template: 'feedback-published',
        recipient: email,
        personalisation: {
          ...personalisation,
          reason: 'You took part in this consultation and asked to hear what happened.',
        },
      });
    }
    await tellSubscribers(
      deps,
      tx,
      await repo.subscribersFor(tx, c.id, true),
      'feedback',
      'feedback',
      c.id,
      personalisation,
      `Feedback published: ${c.title}\n${personalisation.link}`,
    );
    return true;
  });
}

/**
 * Tells respondents and subscribers of each consultation a decision drew on. Runs inside the
 * transaction that records the decision, so the messages exist exactly when the decision does.
 */
export async function announceDecision(
  deps: Deps,
  tx: Db,
  decision: { id: string; title: string; makerName: string; decidedOn: string; decision: string },
  consultationIds: string[],
) {
  const told = new Set<string>();
  for (const consultationId of consultationIds) {
    const c = await repo.announceTarget(tx, consultationId);
    if (!c || !(await repo.claimAnnouncement(tx, c.id, `decision:${decision.id}`, deps.clock.now()))) continue;
    const personalisation = {
      title: c.title,
      maker: decision.makerName,
      decidedOn: formatDate(decision.decidedOn),
      decision: decision.decision,
      link: linkTo(deps, c.slug),
    };
    for (const email of await repo.respondentsWantingUpdates(tx, c.id)) {
      if (told.has(email)) continue;
      told.add(email);
      await deps.notifier.queue(tx, {
        reference: `decision-${decision.id}-${emailKey(email)}`,
        template: 'decision-published',
        recipient: email,
        personalisation: {
          ...personalisation,
          reason: 'You took part in this consultation and asked to hear what happened.',
        },
      });
    }
    const subscribers = (await repo.subscribersFor(tx, c.id, true)).filter((s) => !told.has(s.id));
    subscribers.forEach((s) => told.add(s.id));
    await tellSubscribers(
      deps,
      tx,
      subscribers,
      'decision',
      `decision-${decision.id}`,
      c.id,
      personalisation,
      `Decision made: ${c.title} (${decision.makerName}, ${personalisation.decidedOn})\n${personalisation.link}`,
    );
  }
}

/** Sends each weekly subscriber the week's news in one message. */
export async function sendDigests(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  let sent = 0;
  const due = new Set([
    ...(await repo.digestsDue(deps.db, now)).map((d) => d.id),
    ...(await eventsRepo.digestsDueForEvents(deps.db, now)).map((d) => d.id),
  ]);
  for (const id of due) {
    await deps.db.transaction(async (tx) => {
      const s = await repo.findSubscription(tx, id);
      if (!s || s.unsubscribedAt) return;
      // Events are not stored as digest items: those published since the last digest are this week's.
      const items = [
        ...(await repo.takeDigestItems(tx, id, now)),
        ...(await eventsRepo.eventsForDigest(tx, id, now)).map((e) => ({ line: eventDigestLine(deps, e) })),
      ];
      if (!items.length) return;
      const unsubscribe = unsubscribeUrl(deps, id);
      await deps.notifier.queue(tx, {
        reference: `${subscriptionReferencePrefix(id)}digest-${now.toISOString().slice(0, 10)}`,
        template: s.channel === 'sms' ? 'subscription-digest-sms' : 'subscription-digest',
        recipient: s.contact,
        personalisation: {
          lines: items.map((i) => i.line).join('\n\n'),
          count: String(items.length),
          link: `${deps.config.baseUrl}/consultations`,
          unsubscribe,
        },
        ...(s.channel === 'email' ? { unsubscribeUrl: unsubscribe } : {}),
      });
      await repo.updateSubscription(tx, id, { lastDigestAt: now });
      sent++;
    });
  }
  return sent;
}

/** The every-minute job: announce what opened or published recently, and new events, then send digests that are due. */
export async function runAnnouncements(deps: Deps) {
  const since = new Date(deps.clock.now().getTime() - ANNOUNCE_WINDOW_MS);
  for (const c of await repo.unannounced(deps.db, 'open', 'opened', since)) await announceOpened(deps, c.id);
  for (const c of await repo.unannounced(deps.db, 'feedback_published', 'feedback', since)) {
    await announceFeedback(deps, c.id);
  }
  await announceEvents(deps);
  await sendDigests(deps);
}
