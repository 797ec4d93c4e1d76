/**
 * Petitions: starting one, signing and confirming by a single-use link, gathering supporters,
 * moderation, thresholds, the response and the debate, and invalidating signatures.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Actor, Deps } from '../../deps.ts';
import { systemActor } from '../../deps.ts';
import type { Db } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { claimMessage } from '../../notifications/message-claims.ts';
import { formatDate } from '../../web/format.ts';
import { invalidatePages } from '../../web/page-cache.ts';
import { recordAudit } from '../audit/index.ts';
import { wardForPostcode } from '../questionnaires/index.ts';
import { emailKey } from './email-key.ts';
import { keyedHashes } from './network-hash.ts';
import { REJECTION_REASONS, TOKEN_LIFETIME_MS, type RejectionCode } from './petitions.catalogue.ts';
import * as repo from './petitions.repository.ts';
import type { Petition, Signature } from './petitions.tables.ts';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

/** A repeat of the same signature sends a new link only after this long (one message per person). */
export const RESEND_AFTER_MS = 15 * 60_000;
/** Links one person is sent for one petition, whatever the repeats. */
export const MAX_SENDS = 5;

export type PublicState = 'draft' | 'collecting' | 'moderation' | 'open' | 'closed' | 'rejected';

/** A stored open petition whose closing time has passed is closed. */
export function publicState(petition: Pick<Petition, 'status' | 'closesAt'>, now: Date): PublicState {
  if (petition.status === 'open' && petition.closesAt && petition.closesAt <= now) return 'closed';
  return petition.status as PublicState;
}

/** Whether a signature made or confirmed now would count. */
export function takesSignatures(petition: Pick<Petition, 'status' | 'closesAt'>, now: Date) {
  const state = publicState(petition, now);
  return state === 'collecting' || state === 'moderation' || state === 'open';
}

export const petitionLink = (deps: Deps, petition: Pick<Petition, 'number'>) =>
  `${deps.config.baseUrl}/petitions/${petition.number}`;
const standardsLink = (deps: Deps) => `${deps.config.baseUrl}/petitions/standards`;

export interface SignerInput {
  name: string;
  email: string;
  postcode: string;
  inBorough: boolean;
  notifyMe: boolean;
}

export interface RequestOrigin {
  ip: string;
}

async function signatureValues(deps: Deps, petitionId: string, input: SignerInput, origin: RequestOrigin, now: Date) {
  const { key, domain } = emailKey(input.email);
  const token = newToken();
  const values: repo.SignatureValues = {
    petitionId,
    name: input.name,
    email: input.email.trim(),
    emailKey: key,
    emailDomain: domain,
    postcode: input.postcode,
    wardCode: await wardForPostcode(deps, input.postcode),
    inBorough: input.inBorough,
    notifyMe: input.notifyMe,
    tokenHash: hashToken(token),
    tokenExpiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS),
    tokenSentAt: now,
    ...keyedHashes(deps.config.sessionSecret, origin.ip),
    createdAt: now,
  };
  return { values, token };
}

const SIGN_PURPOSE = 'petition-signature';

export type StartOutcome = { ok: true };

/**
 * Starts a petition as a draft with its creator's signature, and emails the creator a link. The
 * petition is seen by nobody until the creator confirms; then it gathers supporters by its link.
 */
export async function startPetition(
  deps: Deps,
  input: SignerInput & { title: string; action: string; background: string },
  origin: RequestOrigin,
): Promise<StartOutcome> {
  const now = deps.clock.now();
  const council = await repo.councilOrganisation(deps.db);
  if (!council) throw new Error('No council organisation: petitions need one');
  const { values, token } = await signatureValues(deps, '', input, origin, now);
  return deps.db.transaction(async (tx) => {
    // One message per person: the same petition started twice (a double click, a refresh) is one.
    const scope = input.title.toLowerCase().replace(/\s+/g, ' ').slice(0, 150);
    const claim = await claimMessage(tx, { purpose: 'petition-start', scope, contact: values.emailKey, now });
    if (!claim.send) return { ok: true } as const;
    const petition = await repo.insertPetition(tx, {
      organisationId: council.id,
      title: input.title,
      action: input.action,
      background: input.background,
      creatorName: input.name,
      status: 'draft',
      createdAt: now,
    });
    const signature = await repo.insertSignature(tx, {
      ...values,
      petitionId: petition.id,
      isCreator: true,
      notifyMe: true,
    });
    await deps.notifier.queue(tx, {
      reference: `petition-creator-confirm:${signature!.id}`,
      template: 'petition-creator-confirm',
      recipient: values.email,
      personalisation: {
        name: input.name,
        title: input.title,
        link: `${deps.config.baseUrl}/petitions/confirm/${token}`,
      },
    });
    return { ok: true } as const;
  });
}

export type SignOutcome = { ok: true; sent: boolean } | { ok: false; reason: 'not-taking-signatures' };

/**
 * Signs a petition, pending until the emailed link is used. The answer never says whether this
 * address had signed before (that would tell anyone who signed): a new signer is sent a link, a
 * pending one a fresh link at most once per RESEND_AFTER_MS, anyone else nothing. The unique
 * (petition, email key) index makes parallel identical requests one row and one message.
 */
export async function signPetition(
  deps: Deps,
  petition: Petition,
  input: SignerInput,
  origin: RequestOrigin,
): Promise<SignOutcome> {
  const now = deps.clock.now();
  if (!takesSignatures(petition, now)) return { ok: false, reason: 'not-taking-signatures' };
  const { values, token } = await signatureValues(deps, petition.id, input, origin, now);
  const link = `${deps.config.baseUrl}/petitions/confirm/${token}`;
  const message = (id: string, sends: number) => ({
    reference: `petition-signature-confirm:${id}:${sends}`,
    template: 'petition-signature-confirm' as const,
    recipient: values.email,
    personalisation: { name: input.name, title: petition.title, link },
  });
  try {
    return await deps.db.transaction(async (tx) => {
      // First in the transaction: parallel identical requests queue on the claim and one sends.
      const claim = await claimMessage(tx, {
        purpose: SIGN_PURPOSE,
        scope: petition.id,
        contact: values.emailKey,
        now,
      });
      if (!claim.send) return { ok: true, sent: false } as const;
      const inserted = await repo.insertSignature(tx, values);
      if (inserted) {
        await deps.notifier.queue(tx, message(inserted.id, 1));
        return { ok: true, sent: true } as const;
      }
      const existing = await repo.findSignatureByEmailKey(tx, petition.id, values.emailKey);
      if (!existing || existing.status !== 'pending' || existing.sends >= MAX_SENDS)
        return { ok: true, sent: false } as const;
      const renewed = await repo.renewToken(
        tx,
        existing.id,
        {
          tokenHash: values.tokenHash!,
          tokenExpiresAt: values.tokenExpiresAt!,
          name: values.name,
          postcode: values.postcode,
          wardCode: values.wardCode ?? null,
          notifyMe: values.notifyMe ?? false,
        },
        now,
        RESEND_AFTER_MS,
      );
      if (renewed) await deps.notifier.queue(tx, message(existing.id, existing.sends + 1));
      return { ok: true, sent: renewed } as const;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: true, sent: false };
    throw error;
  }
}

export type TokenLookup = { ok: true; signature: Signature; petition: Petition } | { ok: false; reason: 'invalid' };

export async function findByToken(deps: Deps, token: string): Promise<TokenLookup> {
  if (!/^[\w-]{20,100}$/.test(token)) return { ok: false, reason: 'invalid' };
  const found = await repo.findByTokenHash(deps.db, hashToken(token));
  return found ? { ok: true, ...found } : { ok: false, reason: 'invalid' };
}

/** What the confirmation page should say about this link before the button is pressed. */
export function linkState(found: { signature: Signature; petition: Petition }, now: Date) {
  const { signature, petition } = found;
  if (signature.status === 'confirmed') return 'already-confirmed' as const;
  if (signature.status === 'invalidated') return 'invalidated' as const;
  if (!takesSignatures(petition, now) && petition.status !== 'draft') return 'closed' as const;
  if (signature.tokenExpiresAt && signature.tokenExpiresAt <= now) return 'expired' as const;
  return 'ready' as const;
}

export type ConfirmOutcome =
  | { ok: true; petition: Petition; signature: Signature; first: boolean }
  | { ok: false; reason: 'invalid' | 'expired' | 'closed' | 'invalidated'; petition?: Petition };

/**
 * Confirms the signature behind a link (the POST from the link's page, never the GET: email
 * scanners follow links). One conditional UPDATE makes it count, so replays and parallel clicks
 * confirm once. A creator's confirmation makes the petition gather supporters; enough supporters
 * put it in the moderators' queue, in the same transaction, once.
 */
export async function confirmByToken(deps: Deps, token: string): Promise<ConfirmOutcome> {
  const found = await findByToken(deps, token);
  if (!found.ok) return { ok: false, reason: 'invalid' };
  const now = deps.clock.now();
  const state = linkState(found, now);
  if (state === 'already-confirmed')
    return { ok: true, petition: found.petition, signature: found.signature, first: false };
  if (state !== 'ready') return { ok: false, reason: state, petition: found.petition };
  const petition = found.petition;
  const confirmedSignature = { ...found.signature, status: 'confirmed', confirmedAt: now };
  // The message claim is not released: a confirmed signer is never sent another link for this
  // petition (a repeat finds the row confirmed and sends nothing), so the claim just ages out.
  if (petition.status === 'open' || petition.status === 'moderation') {
    // The hot path: one conditional UPDATE, nothing else in the request's way.
    if (!(await repo.confirmSignature(deps.db, found.signature.id, now))) return lost(deps, token);
    if (petition.status === 'open') await checkThresholdsSoon(deps, petition.id);
    return { ok: true, petition, signature: confirmedSignature, first: true };
  }
  const outcome = await deps.db.transaction(async (tx) => {
    await repo.lockPetition(tx, petition.id);
    if (!(await repo.confirmSignature(tx, found.signature.id, now))) return 'lost' as const;
    if (found.signature.isCreator && petition.status === 'draft') {
      const collecting = await repo.updatePetition(tx, petition.id, { status: 'collecting' }, ['draft']);
      if (collecting) {
        await invalidatePages(tx, 'petitions');
        const settings = await repo.getSettings(tx, petition.organisationId);
        await deps.notifier.queue(tx, {
          reference: `petition-find-supporters:${petition.id}`,
          template: 'petition-find-supporters',
          recipient: found.signature.email,
          personalisation: {
            name: found.signature.name,
            title: petition.title,
            needed: String(settings.supportersNeeded),
            link: petitionLink(deps, petition),
            standardsLink: standardsLink(deps),
          },
        });
      }
    } else if (petition.status === 'collecting') {
      await moveToModerationIfReady(deps, tx, petition);
    }
    return 'confirmed' as const;
  });
  if (outcome === 'lost') return lost(deps, token);
  const after = (await repo.findPetition(deps.db, petition.id))!;
  return { ok: true, petition: after, signature: confirmedSignature, first: true };
}

/** Another press got there first, or the petition closed in between: say which. */
async function lost(deps: Deps, token: string): Promise<ConfirmOutcome> {
  const again = await repo.findByTokenHash(deps.db, hashToken(token));
  if (!again) return { ok: false, reason: 'invalid' };
  if (again.signature.status === 'confirmed') return { ok: true, ...again, first: false };
  return {
    ok: false,
    reason: takesSignatures(again.petition, deps.clock.now()) ? 'expired' : 'closed',
    petition: again.petition,
  };
}

async function moveToModerationIfReady(deps: Deps, tx: Db, petition: Petition) {
  const settings = await repo.getSettings(tx, petition.organisationId);
  if ((await repo.countSupporters(tx, petition.id)) < settings.supportersNeeded) return;
  const moved = await repo.updatePetition(tx, petition.id, { status: 'moderation' }, ['collecting']);
  if (!moved) return;
  await invalidatePages(tx, 'petitions');
  for (const reviewer of await repo.reviewersOf(tx, petition.organisationId)) {
    await deps.notifier.queue(tx, {
      reference: `petition-awaiting-moderation:${petition.id}:${reviewer.id}`,
      template: 'petition-awaiting-moderation',
      recipient: reviewer.email,
      personalisation: {
        number: String(petition.number),
        title: petition.title,
        link: `${deps.config.baseUrl}/staff/petitions/${petition.id}`,
      },
    });
  }
}

// Thresholds.

const OBLIGATIONS = {
  response: 'the council will publish a written response',
  debate: 'the petition will be debated at a meeting of full council',
} as const;

const lastCheck = new Map<string, number>();
/** At most one count per petition per second from confirmations; the every-minute job catches the rest. */
const CHECK_EVERY_MS = 1000;

async function checkThresholdsSoon(deps: Deps, petitionId: string) {
  const now = Date.now();
  if (now - (lastCheck.get(petitionId) ?? 0) < CHECK_EVERY_MS) return;
  lastCheck.set(petitionId, now);
  if (lastCheck.size > 10_000) lastCheck.clear();
  await checkThresholds(deps, petitionId);
}

/**
 * Records each threshold the petition's confirmed signatures have reached, once (the primary key
 * of petition_thresholds_reached), and tells the lead officer (or the council's reviewers when
 * there is none) and the creator in the same transaction. Safe to run any number of times, in
 * parallel: only the insert that lands sends.
 */
export async function checkThresholds(deps: Deps, petitionId: string, count?: number): Promise<string[]> {
  const now = deps.clock.now();
  const petition = await repo.findPetition(deps.db, petitionId);
  if (!petition || petition.status !== 'open') return [];
  const settings = await repo.getSettings(deps.db, petition.organisationId);
  const signatures = count ?? (await repo.countConfirmed(deps.db, petitionId));
  const due = (
    [
      ['response', settings.responseThreshold],
      ['debate', settings.debateThreshold],
    ] as const
  ).filter(([, threshold]) => signatures >= threshold);
  if (!due.length) return [];
  return deps.db.transaction(async (tx) => {
    const recorded: string[] = [];
    for (const [kind, threshold] of due) {
      const row = await repo.recordThreshold(tx, { petitionId, kind, threshold, signatures, reachedAt: now });
      if (!row) continue;
      recorded.push(kind);
      await invalidatePages(tx, 'petitions');
      await recordAudit(tx, systemActor, {
        action: 'petition.threshold-reached',
        entityType: 'petition',
        entityId: petitionId,
        after: { kind, threshold, signatures },
      });
      const officer = petition.leadOfficerId ? await repo.staffUser(tx, petition.leadOfficerId) : undefined;
      const officers = officer ? [officer] : await repo.reviewersOf(tx, petition.organisationId);
      const common = {
        number: String(petition.number),
        title: petition.title,
        threshold: String(threshold),
        obligation: OBLIGATIONS[kind],
        kind: kind === 'response' ? 'written response' : 'debate and its outcome',
        when: formatDate(now),
        link: petitionLink(deps, petition),
        staffLink: `${deps.config.baseUrl}/staff/petitions/${petition.id}`,
      };
      for (const person of officers) {
        await deps.notifier.queue(tx, {
          reference: `petition-threshold:${petitionId}:${kind}:${person.id}`,
          template: 'petition-threshold-officer',
          recipient: person.email,
          personalisation: { ...common, name: person.name },
        });
      }
      const creator = await repo.creatorOf(tx, petitionId);
      if (creator?.status === 'confirmed') {
        await deps.notifier.queue(tx, {
          reference: `petition-threshold-creator:${petitionId}:${kind}`,
          template: 'petition-threshold-creator',
          recipient: creator.email,
          personalisation: { ...common, name: creator.name },
        });
      }
    }
    return recorded;
  });
}

/** The every-minute job: thresholds for every open petition not yet past both. */
export async function checkAllThresholds(deps: Deps) {
  for (const row of await repo.countsForOpenPetitions(deps.db, deps.clock.now())) {
    await checkThresholds(deps, row.id, row.n);
  }
}

// Staff use-cases.

export type ModerationDecision =
  | { decision: 'publish'; leadOfficerId: string }
  | { decision: 'reject'; code: RejectionCode; details: string; duplicateOf: string | null };

export type ModerateOutcome =
  { ok: true; petition: Petition } | { ok: false; reason: 'not-found' | 'not-in-moderation' | 'bad-officer' };

/** Publishes (opens for the council's set period, with a lead officer) or rejects with a public reason. */
export async function moderatePetition(
  deps: Deps,
  actor: Actor,
  petitionId: string,
  decision: ModerationDecision,
): Promise<ModerateOutcome> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const before = await repo.lockPetition(tx, petitionId);
    if (!before) return { ok: false, reason: 'not-found' } as const;
    if (before.status !== 'moderation' && before.status !== 'collecting')
      return { ok: false, reason: 'not-in-moderation' } as const;
    const settings = await repo.getSettings(tx, before.organisationId);
    let petition: Petition | undefined;
    if (decision.decision === 'publish') {
      const officers = await repo.leadOfficerChoices(tx, before.organisationId);
      if (!officers.some((o) => o.id === decision.leadOfficerId)) return { ok: false, reason: 'bad-officer' } as const;
      petition = await repo.updatePetition(tx, petitionId, {
        status: 'open',
        leadOfficerId: decision.leadOfficerId,
        openedAt: now,
        closesAt: new Date(now.getTime() + settings.openDays * 86_400_000),
        moderatedBy: actor.id,
        moderatedAt: now,
      });
    } else {
      petition = await repo.updatePetition(tx, petitionId, {
        status: 'rejected',
        rejectionCode: decision.code,
        rejectionDetails: decision.details || null,
        duplicateOf: decision.duplicateOf,
        moderatedBy: actor.id,
        moderatedAt: now,
      });
    }
    await invalidatePages(tx, 'petitions');
    await recordAudit(tx, actor, {
      action: decision.decision === 'publish' ? 'petition.published' : 'petition.rejected',
      entityType: 'petition',
      entityId: petitionId,
      before: { status: before.status },
      after: decision,
    });
    const creator = await repo.creatorOf(tx, petitionId);
    if (creator && petition) {
      await deps.notifier.queue(tx, {
        reference: `petition-moderated:${petitionId}`,
        template: decision.decision === 'publish' ? 'petition-published' : 'petition-rejected',
        recipient: creator.email,
        personalisation: {
          name: creator.name,
          title: petition.title,
          link: petitionLink(deps, petition),
          standardsLink: standardsLink(deps),
          closes: petition.closesAt ? formatDate(petition.closesAt) : '',
          reason: decision.decision === 'reject' ? REJECTION_REASONS[decision.code].public : '',
          details: decision.decision === 'reject' ? decision.details : '',
        },
      });
    }
    return { ok: true, petition: petition! } as const;
  });
}

async function tellSigners(
  deps: Deps,
  tx: Db,
  petition: Petition,
  what: 'response' | 'debate',
  personalisation: Record<string, string>,
) {
  for (const signer of await repo.signersToTell(tx, petition.id)) {
    await deps.notifier.queue(tx, {
      reference: `petition-${what}:${petition.id}:${signer.id}`,
      template: what === 'response' ? 'petition-response' : 'petition-debate',
      recipient: signer.email,
      personalisation: {
        ...personalisation,
        name: signer.name,
        title: petition.title,
        link: petitionLink(deps, petition),
      },
    });
  }
}

export type PublishOutcome = { ok: true; petition: Petition } | { ok: false; reason: 'not-found' | 'not-open' };

/** Publishes (or corrects) the council's written response; signers who asked are told the first time. */
export async function publishResponse(
  deps: Deps,
  actor: Actor,
  petitionId: string,
  response: string,
): Promise<PublishOutcome> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const before = await repo.lockPetition(tx, petitionId);
    if (!before) return { ok: false, reason: 'not-found' } as const;
    if (before.status !== 'open') return { ok: false, reason: 'not-open' } as const;
    const petition = (await repo.updatePetition(tx, petitionId, {
      response,
      responsePublishedAt: before.responsePublishedAt ?? now,
    }))!;
    await invalidatePages(tx, 'petitions');
    await recordAudit(tx, actor, {
      action: 'petition.response-published',
      entityType: 'petition',
      entityId: petitionId,
      before: { response: before.response },
      after: { response },
    });
    if (!before.responsePublishedAt) await tellSigners(deps, tx, petition, 'response', { response });
    return { ok: true, petition } as const;
  });
}

/** Records the full council debate (date and outcome); signers who asked are told the first time. */
export async function publishDebate(
  deps: Deps,
  actor: Actor,
  petitionId: string,
  debate: { date: string; outcome: string },
): Promise<PublishOutcome> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const before = await repo.lockPetition(tx, petitionId);
    if (!before) return { ok: false, reason: 'not-found' } as const;
    if (before.status !== 'open') return { ok: false, reason: 'not-open' } as const;
    const petition = (await repo.updatePetition(tx, petitionId, {
      debateDate: debate.date,
      debateOutcome: debate.outcome,
      debatePublishedAt: before.debatePublishedAt ?? now,
    }))!;
    await invalidatePages(tx, 'petitions');
    await recordAudit(tx, actor, {
      action: 'petition.debate-published',
      entityType: 'petition',
      entityId: petitionId,
      before: { debateDate: before.debateDate, debateOutcome: before.debateOutcome },
      after: debate,
    });
    if (!before.debatePublishedAt)
      await tellSigners(deps, tx, petition, 'debate', { date: formatDate(debate.date), outcome: debate.outcome });
    return { ok: true, petition } as const;
  });
}

/**
 * Invalidates a group of signatures with a reason, audited with the ids and how many had counted.
 * Counts are derived from the rows, so they drop by exactly the confirmed signatures invalidated;
 * a threshold already recorded stays recorded (the council's obligation arose when it was met).
 */
export async function invalidate(
  deps: Deps,
  actor: Actor & { id: string },
  petitionId: string,
  group: repo.SignatureGroup,
  reason: string,
) {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const changed = await repo.invalidateSignatures(tx, petitionId, group, { reason, by: actor.id, now });
    if (changed.length) {
      await invalidatePages(tx, 'petitions');
      await recordAudit(tx, actor, {
        action: 'petition.signatures-invalidated',
        entityType: 'petition',
        entityId: petitionId,
        after: {
          group,
          reason,
          signatures: changed.length,
          confirmed: changed.filter((c) => c.wasConfirmed).length,
          ids: changed.map((c) => c.id),
        },
      });
    }
    return { invalidated: changed.length, confirmed: changed.filter((c) => c.wasConfirmed).length };
  });
}

export async function saveSettings(
  deps: Deps,
  actor: Actor & { id: string },
  organisationId: string,
  values: { openDays: number; responseThreshold: number; debateThreshold: number; supportersNeeded: number },
) {
  return deps.db.transaction(async (tx) => {
    const before = await repo.getSettings(tx, organisationId);
    const after = await repo.saveSettings(tx, {
      organisationId,
      ...values,
      updatedBy: actor.id,
      updatedAt: deps.clock.now(),
    });
    await invalidatePages(tx, 'petitions');
    await recordAudit(tx, actor, {
      action: 'petition.settings-changed',
      entityType: 'petition_settings',
      entityId: organisationId,
      before,
      after: values,
    });
    return after;
  });
}

/** How long signers' details are kept after a petition closes or is rejected. */
export const SIGNER_RETENTION_DAYS = 365;

/**
 * Erases signers' personal details a year after their petition closed (or was rejected), and the
 * messages sent to them; the counts, by ward, stay exact. Run by the every-minute job.
 */
export async function eraseOldSigners(deps: Deps) {
  const before = new Date(deps.clock.now().getTime() - SIGNER_RETENTION_DAYS * 86_400_000);
  return deps.db.transaction(async (tx) => {
    const erased = await repo.eraseSigners(tx, before);
    if (erased.length) await deps.notifier.forgetRecipients(tx, [...new Set(erased.map((e) => e.email))]);
    return erased.length;
  });
}
