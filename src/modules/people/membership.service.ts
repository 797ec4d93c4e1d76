/**
 * Residents' own use-cases: join (double opt-in), confirm, sign in by emailed link, change details,
 * pause, leave, and download everything held. Audit events name the person by id and list which
 * fields changed, never the values: the audit trail must not hold personal data (see erasure).
 */
import type { Actor, Deps } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { formatDateTime } from '../../web/format.ts';
import { recordAudit } from '../audit/index.ts';
import { ABOUT_YOU_PAGE, wardForPostcode } from '../questionnaires/index.ts';
import { erasePerson } from './erasure.service.ts';
import * as repo from './people.repository.ts';
import type { DetailsInput } from './people.schema.ts';
import type { Person } from './people.tables.ts';
import { CONFIRM_DAYS, hashToken, newToken, SIGN_IN_MINUTES } from './tokens.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { claimMessage, releaseClaim } from '../../notifications/message-claims.ts';

/** The one-message-per-person records (src/notifications/message-claims.ts) this module uses. */
const JOIN_PURPOSE = 'people-join';
const SIGN_IN_PURPOSE = 'people-sign-in';

/** Bump when the privacy notice changes; each consent records the version the person saw. */
export const PRIVACY_NOTICE_VERSION = '2026-11';

export const memberActor = (personId: string): Actor => ({
  id: null,
  label: `Panel member ${personId.slice(0, 8)} (self-service)`,
  organisationId: null,
});

/** What the joining journey collects, kept in the sealed session until the check-answers page. */
export interface JoinDraft {
  panels?: string[];
  fullName?: string;
  email?: string | null;
  phone?: string | null;
  postcode?: string;
  wardCode?: string | null;
  wardKnown?: boolean;
  topics?: string[];
  channels?: string[];
  address?: string;
  language?: string;
  accessNeeds?: string;
  aboutYou?: Record<string, string>;
  aboutYouDone?: boolean;
  consent?: boolean;
}

const ABOUT_YOU_KEYS = ABOUT_YOU_PAGE.questions.map((q) => q.key);

/** Only known "About you" keys with a listed answer are kept. */
export function cleanAboutYou(body: Record<string, unknown>): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const question of ABOUT_YOU_PAGE.questions) {
    const value = body[question.key];
    if (typeof value === 'string' && question.options?.some((o) => o.value === value)) answers[question.key] = value;
  }
  return answers;
}

export { ABOUT_YOU_KEYS };

export async function lookUpWard(deps: Deps, postcode: string) {
  return wardForPostcode(deps, postcode);
}

async function queueLink(
  deps: Deps,
  tx: Db,
  person: Pick<Person, 'id' | 'email' | 'phone' | 'fullName'>,
  purpose: 'confirm' | 'sign-in',
  template:
    | 'people-confirm'
    | 'people-sign-in'
    | 'people-already-member'
    | 'people-invited-to-confirm'
    | 'people-retention-reminder',
  extra: Record<string, string> = {},
) {
  const now = deps.clock.now();
  const token = newToken();
  const expiresAt = new Date(
    now.getTime() + (purpose === 'confirm' ? CONFIRM_DAYS * 86_400_000 : SIGN_IN_MINUTES * 60_000),
  );
  const tokenHash = hashToken(token);
  await repo.insertToken(tx, { personId: person.id, purpose, tokenHash, expiresAt, createdAt: now });
  const path = purpose === 'confirm' ? 'confirm' : 'sign-in';
  const recipient = person.email ?? person.phone;
  if (!recipient) return;
  // Someone who gave only a mobile number confirms by text message.
  const byText = !person.email && template === 'people-confirm';
  await deps.notifier.queue(tx, {
    reference: `${template}:${tokenHash.slice(0, 24)}`,
    template: byText ? 'people-confirm-sms' : template,
    recipient,
    personalisation: {
      name: person.fullName ?? '',
      link: `${deps.config.baseUrl}/panels/${path}/${token}`,
      expires: formatDateTime(expiresAt),
      ...extra,
    },
  });
}

export type JoinOutcome = { ok: true } | { ok: false; reason: 'incomplete' };

/**
 * Records a request to join, with consent, and emails a confirmation link. Nobody is contacted about
 * the panel until they confirm. Someone already on the panel gets a sign-in link instead, so the page
 * never reveals whether an address is known.
 */
export async function requestToJoin(deps: Deps, draft: JoinDraft, panelIds: string[]): Promise<JoinOutcome> {
  if (!draft.fullName || !(draft.email || draft.phone) || !draft.consent || !panelIds.length)
    return { ok: false, reason: 'incomplete' };
  const now = deps.clock.now();
  try {
    return await joinInTransaction(deps, draft, panelIds, now);
  } catch (error) {
    // Two identical submits at once: the unique email/phone index lets one in; the other's
    // request is already recorded, so it gets the same answer.
    if (isUniqueViolation(error)) return { ok: true };
    throw error;
  }
}

async function joinInTransaction(deps: Deps, draft: JoinDraft, panelIds: string[], now: Date): Promise<JoinOutcome> {
  return deps.db.transaction(async (tx) => {
    // First, before any row is written: parallel or repeated submits for one address wait here and
    // then change nothing, so one request (or one every 15 minutes) records and sends.
    const claim = await claimMessage(tx, { purpose: JOIN_PURPOSE, contact: (draft.email ?? draft.phone)!, now });
    if (!claim.send) return { ok: true } as const;
    const existing = await repo.findPersonByContact(tx, draft.email ?? null, draft.phone ?? null);
    if (existing?.confirmedAt) {
      await queueLink(deps, tx, existing, 'sign-in', 'people-already-member');
      return { ok: true } as const;
    }
    const details = {
      fullName: draft.fullName!,
      email: draft.email ?? null,
      phone: draft.phone ?? null,
      postcode: draft.postcode ?? null,
      wardCode: draft.wardCode ?? null,
      address: draft.address || null,
      topics: draft.topics ?? [],
      channels: draft.channels ?? [],
      language: draft.language || null,
      accessNeeds: draft.accessNeeds || null,
      consentAt: now,
      privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
      lastActiveAt: now,
      updatedAt: now,
    };
    // An unconfirmed earlier request (or an imported record) is replaced by what they tell us now.
    const person = existing
      ? (await repo.updatePerson(tx, existing.id, details))!
      : await repo.insertPerson(tx, { ...details, source: 'self', createdAt: now });
    if (draft.aboutYou && Object.keys(draft.aboutYou).length)
      await repo.saveEquality(tx, person.id, draft.aboutYou, now);
    for (const panelId of panelIds) {
      await repo.addMembership(tx, panelId, person.id, 'invited', now);
      await repo.addEvent(tx, { personId: person.id, panelId, kind: 'asked-to-join', occurredAt: now });
    }
    await queueLink(deps, tx, person, 'confirm', 'people-confirm', { panels: 'the residents’ panel' });
    await recordAudit(tx, memberActor(person.id), {
      action: 'person.asked-to-join',
      entityType: 'person',
      entityId: person.id,
      after: {
        panels: panelIds,
        fields: Object.keys(details).filter((k) => details[k as keyof typeof details] !== null),
        equality: Boolean(draft.aboutYou && Object.keys(draft.aboutYou).length),
        privacyNoticeVersion: PRIVACY_NOTICE_VERSION,
      },
    });
    return { ok: true } as const;
  });
}

export type LinkOutcome = { ok: true; personId: string } | { ok: false; reason: 'invalid' };

/** Whether a link can still be used (the page asks for a button press, so mail scanners do not use it up). */
export async function checkLink(
  deps: Deps,
  token: string,
  purpose: 'confirm' | 'sign-in' | 'change-email',
): Promise<LinkOutcome> {
  const personId = await repo.peekToken(deps.db, hashToken(token), purpose, deps.clock.now());
  return personId ? { ok: true, personId } : { ok: false, reason: 'invalid' };
}

/** Double opt-in: the emailed link confirms the address, and invited memberships become active. */
export async function confirmMembership(deps: Deps, token: string): Promise<LinkOutcome> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const personId = await repo.claimToken(tx, hashToken(token), 'confirm', now);
    if (!personId) return { ok: false, reason: 'invalid' } as const;
    const person = await repo.findPerson(tx, personId);
    if (!person || person.erasedAt) return { ok: false, reason: 'invalid' } as const;
    const contact = person.email ?? person.phone;
    if (contact) await releaseClaim(tx, { purpose: JOIN_PURPOSE, contact });
    await repo.updatePerson(tx, personId, {
      confirmedAt: person.confirmedAt ?? now,
      lastActiveAt: now,
      remindedAt: null,
    });
    const changed = await repo.setMembershipStatus(tx, personId, 'active', now, { from: ['invited'] });
    for (const m of changed) await repo.addEvent(tx, { personId, panelId: m.panelId, kind: 'joined', occurredAt: now });
    await recordAudit(tx, memberActor(personId), {
      action: 'person.confirmed',
      entityType: 'person',
      entityId: personId,
      after: { panels: changed.map((m) => m.panelId) },
    });
    return { ok: true, personId } as const;
  });
}

/** Emails a sign-in link when the address belongs to a confirmed member; silent otherwise. */
export async function sendSignInLink(deps: Deps, email: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    // The claim comes first so known and unknown addresses take the same path.
    const claim = await claimMessage(tx, { purpose: SIGN_IN_PURPOSE, contact: email, now: deps.clock.now() });
    if (!claim.send) return;
    const person = await repo.findPersonByContact(tx, email, null);
    if (!person || !person.confirmedAt || person.erasedAt) return;
    await queueLink(deps, tx, person, 'sign-in', 'people-sign-in');
  });
}

/** Uses a sign-in link once; signing in counts as activity for retention. */
export async function signInWithLink(deps: Deps, token: string): Promise<LinkOutcome> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const personId = await repo.claimToken(tx, hashToken(token), 'sign-in', now);
    if (!personId) return { ok: false, reason: 'invalid' } as const;
    const person = await repo.findPerson(tx, personId);
    if (!person || person.erasedAt) return { ok: false, reason: 'invalid' } as const;
    if (person.email) await releaseClaim(tx, { purpose: SIGN_IN_PURPOSE, contact: person.email });
    // An imported person who signs in from an emailed link has confirmed their address.
    await repo.updatePerson(tx, personId, {
      lastActiveAt: now,
      remindedAt: null,
      confirmedAt: person.confirmedAt ?? now,
    });
    return { ok: true, personId } as const;
  });
}

export type ShareOutcome = { ok: true; personId: string } | { ok: false; reason: 'invalid' };

/** Whether a share invitation can still be used, and which organisation asks (for the page). */
export async function checkShareLink(deps: Deps, token: string) {
  const personId = await repo.peekToken(deps.db, hashToken(token), 'share', deps.clock.now());
  return personId ? { ok: true as const, personId } : { ok: false as const, reason: 'invalid' as const };
}

/**
 * The resident agrees to a share invitation (made by an import that matched them): only now is
 * the organisation given their record, and they join the panel it asked about. Following the
 * emailed link also confirms the address, as a sign-in link does. The link works once.
 */
export async function acceptShare(deps: Deps, token: string): Promise<ShareOutcome> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const claim = await repo.claimShareToken(tx, hashToken(token), now);
    if (!claim) return { ok: false, reason: 'invalid' } as const;
    const person = await repo.findPerson(tx, claim.personId);
    if (!person || person.erasedAt) return { ok: false, reason: 'invalid' } as const;
    await repo.updatePerson(tx, person.id, {
      organisationIds: [...new Set([...person.organisationIds, claim.organisationId])],
      confirmedAt: person.confirmedAt ?? now,
      lastActiveAt: now,
      updatedAt: now,
    });
    await repo.addMembership(tx, claim.panelId, person.id, 'active', now);
    await repo.addEvent(tx, {
      personId: person.id,
      panelId: claim.panelId,
      kind: 'joined',
      detail: 'accepted an invitation',
      occurredAt: now,
    });
    await recordAudit(tx, memberActor(person.id), {
      action: 'person.shared-with-organisation',
      entityType: 'person',
      entityId: person.id,
      after: { organisationId: claim.organisationId, panelId: claim.panelId },
    });
    return { ok: true, personId: person.id } as const;
  });
}

export interface MemberView {
  person: Person;
  equality: Record<string, string>;
  memberships: Awaited<ReturnType<typeof repo.personMemberships>>;
  history: Awaited<ReturnType<typeof repo.personEvents>>;
  /** A new email address waiting for its link to be followed. */
  pendingEmail?: { email: string; expiresAt: Date };
}

export async function loadMember(deps: Deps, personId: string): Promise<MemberView | undefined> {
  const person = await repo.findPerson(deps.db, personId);
  if (!person || person.erasedAt) return undefined;
  const [equality, memberships, history, pendingEmail] = await Promise.all([
    repo.findEquality(deps.db, personId),
    repo.personMemberships(deps.db, personId),
    repo.personEvents(deps.db, personId),
    repo.pendingEmailChange(deps.db, personId, deps.clock.now()),
  ]);
  return { person, equality, memberships, history, pendingEmail };
}

export type UpdateOutcome = { ok: true; emailChangeSentTo?: string } | { ok: false; reason: 'gone' | 'contact-in-use' };

/**
 * A member changes their own details; the audit lists the fields that changed, not their values.
 * A new email address is not used until it is confirmed: the old one stays in use, the new one
 * gets a single-use link (the join confirmation's lifetime) and the old one a notice, so someone
 * holding a member's session cannot quietly move the account to their own address. Whether the
 * new address belongs to another member is only told to whoever follows the link (its owner).
 */
export async function updateDetails(
  deps: Deps,
  personId: string,
  input: DetailsInput,
  wardCode: string | null,
): Promise<UpdateOutcome> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const person = await repo.findPerson(tx, personId);
    if (!person || person.erasedAt) return { ok: false, reason: 'gone' } as const;
    if (input.phone && input.phone !== person.phone) {
      const other = await repo.findPersonByContact(tx, null, input.phone);
      if (other && other.id !== personId) return { ok: false, reason: 'contact-in-use' } as const;
    }
    const newEmail = input.email && input.email !== person.email ? input.email : null;
    const pending = newEmail ? await repo.pendingEmailChange(tx, personId, now) : undefined;
    const next = {
      fullName: input.fullName,
      // A removed address needs no confirmation; a new one waits for its link.
      email: newEmail ? person.email : input.email,
      phone: input.phone,
      postcode: input.postcode,
      wardCode: wardCode ?? person.wardCode,
      topics: input.topics,
      channels: input.channels,
      address: input.address || null,
      language: input.language || null,
      accessNeeds: input.accessNeeds || null,
    };
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter(
      (key) => JSON.stringify(next[key]) !== JSON.stringify(person[key]),
    );
    if (changed.length) {
      // Messages already sent to an old address are blanked so the old address is not kept.
      const dropped = [person.email, person.phone].filter(
        (c): c is string => !!c && c !== next.email && c !== next.phone,
      );
      if (dropped.length) await deps.notifier.forgetRecipients(tx, dropped);
      await repo.updatePerson(tx, personId, { ...next, updatedAt: now, lastActiveAt: now });
      await recordAudit(tx, memberActor(personId), {
        action: 'person.details-changed',
        entityType: 'person',
        entityId: personId,
        after: { fields: changed },
      });
    }
    // Saving the form again with the address already waiting does not send another link.
    if (newEmail && pending?.email !== newEmail)
      await requestEmailChange(deps, tx, { ...person, fullName: next.fullName }, newEmail, now);
    return newEmail ? ({ ok: true, emailChangeSentTo: newEmail } as const) : ({ ok: true } as const);
  });
}

async function requestEmailChange(deps: Deps, tx: Db, person: Person, newEmail: string, now: Date) {
  await repo.supersedeEmailChanges(tx, person.id, now);
  const token = newToken();
  const tokenHash = hashToken(token);
  const expiresAt = new Date(now.getTime() + CONFIRM_DAYS * 86_400_000);
  await repo.insertToken(tx, {
    personId: person.id,
    purpose: 'change-email',
    tokenHash,
    newEmail,
    expiresAt,
    createdAt: now,
  });
  const reference = tokenHash.slice(0, 24);
  await deps.notifier.queue(tx, {
    reference: `people-change-email:${reference}`,
    template: 'people-change-email',
    recipient: newEmail,
    personalisation: {
      name: person.fullName ?? '',
      link: `${deps.config.baseUrl}/panels/change-email/${token}`,
      expires: formatDateTime(expiresAt),
    },
  });
  const old = person.email ?? person.phone;
  if (old)
    await deps.notifier.queue(tx, {
      reference: `people-email-change-requested:${reference}`,
      template: person.email ? 'people-email-change-requested' : 'people-email-change-requested-sms',
      recipient: old,
      personalisation: { name: person.fullName ?? '', signIn: `${deps.config.baseUrl}/panels/sign-in` },
    });
  await recordAudit(tx, memberActor(person.id), {
    action: 'person.email-change-requested',
    entityType: 'person',
    entityId: person.id,
    after: { fields: ['email'] },
  });
}

export type EmailChangeOutcome = { ok: true; personId: string } | { ok: false; reason: 'invalid' | 'in-use' };

/**
 * Follows a change-email link once: the member's address becomes the new one, messages to the old
 * one are blanked, and the old address is told the change happened. An address that has become
 * another member's meanwhile is refused (the link is used up either way).
 */
export async function confirmEmailChange(deps: Deps, token: string): Promise<EmailChangeOutcome> {
  const now = deps.clock.now();
  const tokenHash = hashToken(token);
  try {
    return await deps.db.transaction(async (tx) => {
      const claim = await repo.claimEmailChange(tx, tokenHash, now);
      if (!claim) return { ok: false, reason: 'invalid' } as const;
      const { personId, newEmail } = claim;
      const person = await repo.findPerson(tx, personId);
      if (!person || person.erasedAt) return { ok: false, reason: 'invalid' } as const;
      const other = await repo.findPersonByContact(tx, newEmail, null);
      if (other && other.id !== personId) {
        await recordAudit(tx, memberActor(personId), {
          action: 'person.email-change-refused',
          entityType: 'person',
          entityId: personId,
          after: { fields: ['email'], reason: 'in-use' },
        });
        return { ok: false, reason: 'in-use' } as const;
      }
      const old = person.email;
      if (old && old !== newEmail) await deps.notifier.forgetRecipients(tx, [old]);
      await repo.updatePerson(tx, personId, { email: newEmail, updatedAt: now, lastActiveAt: now });
      await repo.supersedeEmailChanges(tx, personId, now);
      // Blanking the old address cancelled its notice if it was still queued: it is told again here.
      if (old && old !== newEmail)
        await deps.notifier.queue(tx, {
          reference: `people-email-changed:${tokenHash.slice(0, 24)}`,
          template: 'people-email-changed',
          recipient: old,
          personalisation: { name: person.fullName ?? '', signIn: `${deps.config.baseUrl}/panels/sign-in` },
        });
      await recordAudit(tx, memberActor(personId), {
        action: 'person.email-changed',
        entityType: 'person',
        entityId: personId,
        after: { fields: ['email'] },
      });
      return { ok: true, personId } as const;
    });
  } catch (error) {
    // Another member took the address between our check and the update.
    if (isUniqueViolation(error)) return { ok: false, reason: 'in-use' };
    throw error;
  }
}

/** Pause (no invitations) or resume every active/paused membership. */
export async function setPaused(deps: Deps, personId: string, paused: boolean): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const changed = await repo.setMembershipStatus(tx, personId, paused ? 'paused' : 'active', now, {
      from: [paused ? 'active' : 'paused'],
    });
    for (const m of changed)
      await repo.addEvent(tx, { personId, panelId: m.panelId, kind: paused ? 'paused' : 'resumed', occurredAt: now });
    await repo.updatePerson(tx, personId, { lastActiveAt: now });
    await recordAudit(tx, memberActor(personId), {
      action: paused ? 'person.paused' : 'person.resumed',
      entityType: 'person',
      entityId: personId,
      after: { panels: changed.map((m) => m.panelId) },
    });
  });
}

/** Leaving erases the person's personal data at once; anonymised counts remain. */
export async function leave(deps: Deps, personId: string) {
  return erasePerson(deps, personId, memberActor(personId), 'left-the-panel');
}

/** Everything held about a member, machine-readable (the right of access). */
export async function exportOwnData(deps: Deps, personId: string) {
  const view = await loadMember(deps, personId);
  if (!view) return undefined;
  const { person } = view;
  await deps.db.transaction(async (tx) => {
    await recordAudit(tx, memberActor(personId), {
      action: 'person.downloaded-own-data',
      entityType: 'person',
      entityId: personId,
    });
  });
  return {
    generatedAt: deps.clock.now().toISOString(),
    privacyNoticeVersion: person.privacyNoticeVersion,
    details: {
      fullName: person.fullName,
      email: person.email,
      mobile: person.phone,
      postcode: person.postcode,
      wardCode: person.wardCode,
      postalAddress: person.address,
      topics: person.topics,
      channels: person.channels,
      language: person.language,
      accessNeeds: person.accessNeeds,
    },
    pendingEmailChange: view.pendingEmail
      ? { email: view.pendingEmail.email, linkExpiresAt: view.pendingEmail.expiresAt.toISOString() }
      : null,
    aboutYou: view.equality,
    consent: { givenAt: person.consentAt?.toISOString() ?? null, privacyNoticeVersion: person.privacyNoticeVersion },
    confirmedAt: person.confirmedAt?.toISOString() ?? null,
    source: person.source,
    memberships: view.memberships.map((m) => ({
      panel: m.panelName,
      status: m.status,
      joinedAt: m.joinedAt.toISOString(),
      statusChangedAt: m.statusChangedAt.toISOString(),
    })),
    history: view.history.map((h) => ({
      event: h.kind,
      panel: h.panelName,
      detail: h.detail,
      at: h.occurredAt.toISOString(),
    })),
  };
}
