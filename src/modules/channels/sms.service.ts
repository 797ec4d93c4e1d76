/**
 * Two-way text messages. Notify posts each received text to /notify/received-text; each is
 * stored once (Notify's id is unique), then: STOP unsubscribes the number from every text
 * subscription; a postcode subscribes the number to alerts for its ward; a message starting with a
 * consultation's keyword ("text us your view") is answered with a consent question, and YES turns
 * it into a response to the questionnaire's text question, with the reference sent back. Anything
 * else goes to the staff inbox. Replies go through the outbox, and each counts against the
 * number's daily cap (one message per person) so no one can make us text a number without limit.
 */
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Actor, Deps } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { claimMessage } from '../../notifications/message-claims.ts';
import { recordAudit } from '../audit/index.ts';
import { consultations } from '../consultations/index.ts';
import { listWardNames } from '../geography/index.ts';
import { normalisePostcode, recordTextResponse, textQuestionsOf, wardForPostcode } from '../questionnaires/index.ts';
import { subscriptionReferencePrefix } from './announcements.service.ts';
import { smsConsultations, smsInbound, subscriptions, type SmsInbound } from './channels.tables.ts';
import { normaliseMobile } from './subscriptions.schema.ts';

/** What Notify posts for a received text (its documented callback body). */
export interface ReceivedText {
  id: string;
  source_number: string;
  destination_number?: string;
  message: string;
  date_received: string;
}

export type InboundOutcome =
  'duplicate' | 'unsubscribed' | 'subscribed' | 'awaiting-consent' | 'consent-given' | 'consent-declined' | 'inbox';

const CONSENT_HOURS = 24;
const STOP_WORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);

async function reply(deps: Deps, tx: Db, inbound: { id: string; fromNumber: string }, text: string) {
  const claim = await claimMessage(tx, {
    purpose: 'sms-reply',
    scope: inbound.id,
    contact: inbound.fromNumber,
    now: deps.clock.now(),
  });
  if (!claim.send) return;
  await deps.notifier.queue(tx, {
    reference: `sms-reply-${inbound.id}`,
    template: 'sms-reply',
    recipient: inbound.fromNumber,
    personalisation: { text },
  });
}

async function setOutcome(tx: Db, id: string, values: Partial<typeof smsInbound.$inferInsert>) {
  await tx.update(smsInbound).set(values).where(eq(smsInbound.id, id));
}

/** Handles one received text; safe to call again with the same Notify id (the repeat is ignored). */
export async function receiveText(deps: Deps, message: ReceivedText): Promise<InboundOutcome> {
  const from = normaliseMobile(message.source_number) ?? message.source_number.replace(/[^\d+]/g, '').slice(0, 20);
  const body = message.message.trim().slice(0, 2000);
  const received = new Date(message.date_received);
  const receivedAt = Number.isNaN(received.getTime()) ? deps.clock.now() : received;
  return deps.db.transaction(async (tx): Promise<InboundOutcome> => {
    const [inbound] = await tx
      .insert(smsInbound)
      .values({
        notifyId: message.id.slice(0, 100),
        fromNumber: from,
        body,
        receivedAt,
        outcome: 'received',
        createdAt: deps.clock.now(),
      })
      .onConflictDoNothing()
      .returning();
    if (!inbound) return 'duplicate';
    const word = body
      .toUpperCase()
      .replace(/[^A-Z0-9 ]/g, '')
      .trim();
    const first = word.split(/\s+/)[0] ?? '';

    if (STOP_WORDS.has(word.replace(/\s+/g, ''))) {
      const ended = await tx
        .update(subscriptions)
        .set({ unsubscribedAt: deps.clock.now() })
        .where(
          and(eq(subscriptions.channel, 'sms'), eq(subscriptions.contact, from), isNull(subscriptions.unsubscribedAt)),
        )
        .returning({ id: subscriptions.id });
      for (const s of ended) await deps.notifier.cancelQueued(tx, subscriptionReferencePrefix(s.id));
      await setOutcome(tx, inbound.id, { outcome: 'unsubscribed' });
      await reply(deps, tx, inbound, 'You are unsubscribed and will get no more texts from us.');
      return 'unsubscribed';
    }

    if (word === 'YES' || word === 'NO') {
      const pending = await latestAwaitingConsent(tx, from, deps.clock.now());
      if (pending) return consentReply(deps, tx, inbound, pending, word === 'YES');
    }

    const postcode = normalisePostcode(body);
    if (postcode) {
      const ward = await wardForPostcode({ ...deps, db: tx }, postcode);
      if (ward) {
        const name = (await listWardNames(tx)).find((w) => w.code === ward)?.name ?? ward;
        // Texting us from the number is the confirmation: the number is the sender's own.
        await tx.insert(subscriptions).values({
          channel: 'sms',
          contact: from,
          wards: [ward],
          confirmedAt: deps.clock.now(),
          createdAt: deps.clock.now(),
        });
        await setOutcome(tx, inbound.id, { outcome: 'subscribed' });
        await reply(
          deps,
          tx,
          inbound,
          `You will get texts about new consultations in ${name}. Reply STOP at any time to stop them.`,
        );
        return 'subscribed';
      }
    }

    const [target] = first
      ? await tx
          .select({
            consultationId: smsConsultations.consultationId,
            keyword: smsConsultations.keyword,
            title: consultations.title,
            state: consultations.state,
            closesAt: consultations.closesAt,
          })
          .from(smsConsultations)
          .innerJoin(consultations, eq(consultations.id, smsConsultations.consultationId))
          .where(eq(smsConsultations.keyword, first))
      : [];
    const view = target ? body.replace(new RegExp(`^\\W*${target.keyword}\\W*`, 'i'), '').trim() : '';
    if (target && target.state === 'open' && (!target.closesAt || target.closesAt > deps.clock.now()) && view) {
      await setOutcome(tx, inbound.id, { outcome: 'awaiting-consent', consultationId: target.consultationId });
      await reply(
        deps,
        tx,
        inbound,
        `Thank you. To send this as your response to "${target.title}", reply YES. We keep your view with the other responses and do not publish your number. Reply NO and we will not record it.`,
      );
      return 'awaiting-consent';
    }

    await setOutcome(tx, inbound.id, { outcome: 'inbox', consultationId: target?.consultationId ?? null });
    return 'inbox';
  });
}

async function latestAwaitingConsent(tx: Db, from: string, now: Date): Promise<SmsInbound | undefined> {
  const [row] = await tx
    .select()
    .from(smsInbound)
    .where(
      and(
        eq(smsInbound.fromNumber, from),
        eq(smsInbound.outcome, 'awaiting-consent'),
        gt(smsInbound.receivedAt, new Date(now.getTime() - CONSENT_HOURS * 3_600_000)),
      ),
    )
    .orderBy(desc(smsInbound.receivedAt))
    .limit(1);
  return row;
}

async function consentReply(
  deps: Deps,
  tx: Db,
  inbound: SmsInbound,
  pending: SmsInbound,
  yes: boolean,
): Promise<InboundOutcome> {
  if (!yes) {
    await setOutcome(tx, pending.id, { outcome: 'consent-declined' });
    await setOutcome(tx, inbound.id, { outcome: 'consent-declined', consultationId: pending.consultationId });
    await reply(deps, tx, inbound, 'We have not recorded your view. Thank you for getting in touch.');
    return 'consent-declined';
  }
  const [setting] = await tx
    .select()
    .from(smsConsultations)
    .where(eq(smsConsultations.consultationId, pending.consultationId!));
  const keyword = setting?.keyword ?? '';
  const text = pending.body.replace(new RegExp(`^\\W*${keyword}\\W*`, 'i'), '').trim();
  const response = setting
    ? await recordTextResponse(tx, {
        consultationId: setting.consultationId,
        questionKey: setting.questionKey,
        text,
        channel: 'sms',
        idempotencyKey: `sms:${pending.notifyId}`,
        now: deps.clock.now(),
      })
    : null;
  if (!response) {
    await setOutcome(tx, inbound.id, { outcome: 'inbox', consultationId: pending.consultationId });
    return 'inbox';
  }
  await setOutcome(tx, pending.id, { outcome: 'response', responseId: response.id });
  await setOutcome(tx, inbound.id, {
    outcome: 'consent-given',
    consultationId: pending.consultationId,
    responseId: response.id,
  });
  await reply(deps, tx, inbound, `Thank you, your response is recorded. Your reference is ${response.reference}.`);
  return 'consent-given';
}

/** Messages that matched nothing, newest first, for the staff inbox. */
export async function inbox(deps: Deps, options: { handled?: boolean } = {}) {
  return deps.db
    .select()
    .from(smsInbound)
    .where(
      and(
        eq(smsInbound.outcome, 'inbox'),
        options.handled ? sql`${smsInbound.handledAt} IS NOT NULL` : isNull(smsInbound.handledAt),
      ),
    )
    .orderBy(desc(smsInbound.receivedAt))
    .limit(200);
}

export async function markHandled(deps: Deps, actor: Actor, id: string): Promise<boolean> {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(smsInbound)
      .set({ handledAt: deps.clock.now(), handledBy: actor.id })
      .where(and(eq(smsInbound.id, id), eq(smsInbound.outcome, 'inbox'), isNull(smsInbound.handledAt)))
      .returning({ id: smsInbound.id });
    if (row) await recordAudit(tx, actor, { action: 'sms.inbox-handled', entityType: 'sms_inbound', entityId: id });
    return Boolean(row);
  });
}

/** Turns "text us your view" on for a consultation (keyword, and the text question a text answers). */
export async function offerTextResponses(
  deps: Deps,
  actor: Actor,
  consultationId: string,
  input: { keyword: string; questionKey: string },
): Promise<{ ok: true } | { ok: false; reason: 'keyword-taken' | 'no-question' }> {
  const questions = await textQuestionsOf(deps.db, consultationId);
  if (!questions?.questions.some((q) => q.key === input.questionKey)) return { ok: false, reason: 'no-question' };
  return deps.db.transaction(async (tx) => {
    const [taken] = await tx.select().from(smsConsultations).where(eq(smsConsultations.keyword, input.keyword));
    if (taken && taken.consultationId !== consultationId)
      return { ok: false as const, reason: 'keyword-taken' as const };
    await tx
      .insert(smsConsultations)
      .values({ consultationId, keyword: input.keyword, questionKey: input.questionKey, createdBy: actor.id })
      .onConflictDoUpdate({
        target: smsConsultations.consultationId,
        set: { keyword: input.keyword, questionKey: input.questionKey },
      });
    await recordAudit(tx, actor, {
      action: 'sms.text-responses-offered',
      entityType: 'consultation',
      entityId: consultationId,
      after: input,
    });
    return { ok: true as const };
  });
}

export async function textSetting(deps: Deps, consultationId: string) {
  const [row] = await deps.db
    .select()
    .from(smsConsultations)
    .where(eq(smsConsultations.consultationId, consultationId));
  return row;
}
