/** Subscribing (double opt-in), confirming and one-click unsubscribing. */
import type { Deps } from '../../deps.ts';
import { claimMessage, releaseClaim } from '../../notifications/message-claims.ts';
import { subscriptionReferencePrefix } from './announcements.service.ts';
import type { SubscribeInput } from './subscriptions.schema.ts';
import * as repo from './subscriptions.repository.ts';
import { hashToken, newToken, verifyUnsubscribeToken } from './subscription-tokens.ts';

/** Confirmation links stop working after a week. */
const CONFIRM_DAYS = 7;

/**
 * Records a subscription waiting for confirmation and sends the confirmation link. Nothing else
 * is ever sent until the person confirms, so nobody can sign someone else up to messages.
 */
export async function subscribe(
  deps: Deps,
  input: SubscribeInput,
  scope: { consultationId: string | null; description: string },
): Promise<{ ok: true }> {
  const token = newToken();
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    // One message per person (src/notifications/message-claims.ts), first in the transaction:
    // parallel or repeated subscribes for one address and scope store one waiting subscription
    // and send one link, a re-send at most every 15 minutes, within the address's daily cap.
    const claim = await claimMessage(tx, {
      purpose: CONFIRM_PURPOSE,
      scope: claimScope(scope.consultationId),
      contact: input.contact,
      now,
    });
    if (!claim.send) return;
    const values = {
      channel: input.channel,
      contact: input.contact,
      consultationId: scope.consultationId,
      wards: scope.consultationId ? [] : input.wards,
      topics: scope.consultationId ? [] : input.topics,
      organisationIds: scope.consultationId ? [] : input.organisations,
      frequency: input.frequency,
      confirmTokenHash: hashToken(token),
      createdAt: now,
    };
    // A re-send refreshes the one waiting subscription (new choices, new link; the old link stops working).
    const waiting = await repo.findPendingSubscription(tx, input.channel, input.contact, scope.consultationId);
    const s = waiting
      ? (await repo.updateSubscription(tx, waiting.id, values))!
      : await repo.insertSubscription(tx, values);
    await deps.notifier.queue(tx, {
      reference: `${subscriptionReferencePrefix(s.id)}confirm:${hashToken(token).slice(0, 16)}`,
      template: input.channel === 'sms' ? 'subscription-confirm-sms' : 'subscription-confirm',
      recipient: input.contact,
      personalisation: { scope: scope.description, link: `${deps.config.baseUrl}/subscribe/confirm/${token}` },
    });
  });
  return { ok: true };
}

const CONFIRM_PURPOSE = 'subscription-confirm';
const claimScope = (consultationId: string | null) => consultationId ?? 'alerts';

type ConfirmOutcome = { ok: true; alreadyConfirmed: boolean } | { ok: false; reason: 'invalid' };

async function pending(deps: Deps, token: string) {
  const s = await repo.findByConfirmHash(deps.db, hashToken(token));
  if (!s || s.unsubscribedAt) return null;
  const expired = deps.clock.now().getTime() - s.createdAt.getTime() > CONFIRM_DAYS * 86_400_000;
  return !s.confirmedAt && expired ? null : s;
}

/** Whether a confirmation link is still good (the page shows a button; only the POST confirms). */
export async function checkConfirmation(deps: Deps, token: string): Promise<ConfirmOutcome> {
  const s = await pending(deps, token);
  return s ? { ok: true, alreadyConfirmed: Boolean(s.confirmedAt) } : { ok: false, reason: 'invalid' };
}

/** Confirms a subscription; the link works once (a second click finds it used). */
export async function confirmSubscription(deps: Deps, token: string): Promise<ConfirmOutcome> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const s = await repo.confirmByHash(tx, hashToken(token), now, new Date(now.getTime() - CONFIRM_DAYS * 86_400_000));
    if (!s) return { ok: false, reason: 'invalid' } as const;
    // Confirmed: the next genuine request for this scope sends at once.
    await releaseClaim(tx, { purpose: CONFIRM_PURPOSE, scope: claimScope(s.consultationId), contact: s.contact });
    return { ok: true, alreadyConfirmed: false } as const;
  });
}

export async function checkUnsubscribe(deps: Deps, token: string) {
  const id = verifyUnsubscribeToken(deps.config.sessionSecret, token);
  const s = id ? await repo.findSubscription(deps.db, id) : undefined;
  return s ? { ok: true as const, subscription: s } : { ok: false as const, reason: 'invalid' as const };
}

/**
 * Ends a subscription from a signed link, and cancels anything queued to it that has not gone
 * yet: after unsubscribing, nothing more arrives. Safe to repeat.
 */
export async function unsubscribe(deps: Deps, token: string): Promise<{ ok: true } | { ok: false; reason: 'invalid' }> {
  const id = verifyUnsubscribeToken(deps.config.sessionSecret, token);
  if (!id) return { ok: false, reason: 'invalid' };
  return deps.db.transaction(async (tx) => {
    const s = await repo.findSubscription(tx, id);
    if (!s) return { ok: false, reason: 'invalid' };
    if (!s.unsubscribedAt) await repo.updateSubscription(tx, id, { unsubscribedAt: deps.clock.now() });
    await deps.notifier.cancelQueued(tx, subscriptionReferencePrefix(id));
    return { ok: true };
  });
}
