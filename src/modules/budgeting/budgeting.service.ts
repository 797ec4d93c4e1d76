/**
 * Participatory budgeting use-cases: running a process, residents' proposals and officers' checks,
 * voters' single-use codes, ballots (online and paper), the count, publishing and delivery updates.
 * Each returns a named outcome; staff writes record their audit event in the same transaction.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Actor, Deps } from '../../deps.ts';
import { claimMessage, releaseClaim } from '../../notifications/message-claims.ts';
import { invalidatePages } from '../../web/page-cache.ts';
import { recordAudit } from '../audit/index.ts';
import { wardForPostcode } from '../questionnaires/index.ts';
import { detectDocumentType, safeFilename } from '../consultations/document-types.ts';
import { checkBallot, electionFrom, explain, phaseOf, rulesFrozen, type BallotProject } from './budgeting.catalogue.ts';
import * as repo from './budgeting.repository.ts';
import type { PbProcess, PbProject, Selection } from './budgeting.tables.ts';
import { count, type CountResult } from './counting.ts';
import { writePb } from './pabulib.ts';

export interface ProcessInput {
  title: string;
  slug: string;
  description: string;
  wardCode: string | null;
  budgetMode: 'fixed' | 'per_head';
  budget: number;
  perHeadPounds: number | null;
  population: number | null;
  ballotType: string;
  maxProjects: number | null;
  maxPoints: number | null;
  rule: string;
  minAge: number;
  ideasFrom: Date;
  feasibilityFrom: Date;
  votingFrom: Date;
  votingUntil: Date;
  deliveryFrom: Date;
}

/** The budget a process has: a set amount, or £ per head × the ward's (or borough's) population. */
export const budgetOf = (input: Pick<ProcessInput, 'budgetMode' | 'budget' | 'perHeadPounds' | 'population'>) =>
  input.budgetMode === 'per_head' ? Math.floor((input.perHeadPounds ?? 0) * (input.population ?? 0)) : input.budget;

const processValues = (input: ProcessInput) => ({
  title: input.title,
  slug: input.slug,
  description: input.description,
  wardCode: input.wardCode,
  budgetMode: input.budgetMode,
  perHeadPounds: input.perHeadPounds === null ? null : String(input.perHeadPounds),
  population: input.population,
  budget: budgetOf(input),
  ballotType: input.ballotType,
  maxProjects: input.maxProjects,
  maxPoints: input.maxPoints,
  rule: input.rule,
  minAge: input.minAge,
  ideasFrom: input.ideasFrom,
  feasibilityFrom: input.feasibilityFrom,
  votingFrom: input.votingFrom,
  votingUntil: input.votingUntil,
  deliveryFrom: input.deliveryFrom,
});

/** Starts a PB process for the actor's organisation, audited. */
export async function createProcess(deps: Deps, actor: Actor & { organisationId: string }, input: ProcessInput) {
  return deps.db.transaction(async (tx) => {
    if (await repo.slugTaken(tx, input.slug)) return { ok: false, reason: 'slug-taken' } as const;
    const row = await repo.insertProcess(tx, {
      ...processValues(input),
      organisationId: actor.organisationId,
      createdBy: actor.id,
    });
    await recordAudit(tx, actor, {
      action: 'budgeting.process-created',
      entityType: 'pb_process',
      entityId: row.id,
      after: row,
    });
    await invalidatePages(tx, 'budgeting');
    return { ok: true, process: row } as const;
  });
}

/** What voters were promised once voting opened: none of it may change after that. */
const FROZEN_FIELDS = [
  'ballotType',
  'rule',
  'maxProjects',
  'maxPoints',
  'budget',
  'votingFrom',
  'minAge',
  'wardCode',
] as const;

/**
 * Changes a process. From the moment voting opens the voting rules, the budget, the opening date and
 * who may vote are frozen: the change is refused ('frozen') with the fields that would have changed.
 */
export async function updateProcess(deps: Deps, actor: Actor, id: string, input: ProcessInput) {
  return deps.db.transaction(async (tx) => {
    const before = await repo.findProcess(tx, id, true);
    if (!before) return { ok: false, reason: 'not-found' } as const;
    const values = processValues(input);
    if (rulesFrozen(before, deps.clock.now())) {
      const changed = FROZEN_FIELDS.filter((f) => {
        const a = before[f];
        const b = values[f];
        return a instanceof Date && b instanceof Date ? a.getTime() !== b.getTime() : a !== b;
      });
      if (changed.length) return { ok: false, reason: 'frozen', fields: changed } as const;
    }
    if (values.slug !== before.slug && (await repo.slugTaken(tx, values.slug)))
      return { ok: false, reason: 'slug-taken' } as const;
    const after = await repo.updateProcess(tx, id, values, deps.clock.now());
    await recordAudit(tx, actor, {
      action: 'budgeting.process-updated',
      entityType: 'pb_process',
      entityId: id,
      before,
      after,
    });
    await invalidatePages(tx, 'budgeting');
    return { ok: true, process: after! } as const;
  });
}

export interface PhotoUpload {
  filename: string;
  bytes: Buffer;
}

export const PHOTO_TYPES = ['image/png', 'image/jpeg'];

/** The photo's content type if its name and its first bytes say PNG or JPEG, else null. */
export function photoType(upload: PhotoUpload) {
  const type = detectDocumentType(upload.filename, upload.bytes);
  return type && PHOTO_TYPES.includes(type) ? type : null;
}

export interface ProposalInput {
  title: string;
  description: string;
  wardCode: string | null;
  estimatedCost: number;
  proposerName: string;
  proposerEmail: string;
}

/** A resident proposes a project while the process is collecting ideas. Photos are checked by their bytes first. */
export async function proposeProject(deps: Deps, process: PbProcess, input: ProposalInput, photos: PhotoUpload[]) {
  if (phaseOf(process, deps.clock.now()) !== 'ideas') return { ok: false, reason: 'not-collecting' } as const;
  const typed = photos.map((p) => ({ ...p, type: photoType(p) }));
  if (typed.some((p) => !p.type)) return { ok: false, reason: 'photo-type' } as const;
  const keys = await Promise.all(typed.map((p) => deps.storage.put(p.bytes)));
  return deps.db.transaction(async (tx) => {
    const project = await repo.insertProject(tx, { processId: process.id, ...input });
    for (const [i, p] of typed.entries())
      await repo.insertPhoto(tx, {
        projectId: project.id,
        storageKey: keys[i]!,
        contentType: p.type!,
        filename: safeFilename(p.filename),
        sizeBytes: p.bytes.length,
      });
    await invalidatePages(tx, 'budgeting');
    return { ok: true, project } as const;
  });
}

export interface AssessmentInput {
  decision: 'feasible' | 'not_feasible';
  assessedCost: number | null;
  reason: string;
}

/**
 * An officer's feasibility and cost check, shown publicly with its reason. Only before voting opens:
 * the list on the ballot is frozen with the rules.
 */
export async function assessProject(
  deps: Deps,
  actor: Actor,
  process: PbProcess,
  projectId: string,
  input: AssessmentInput,
) {
  if (rulesFrozen(process, deps.clock.now())) return { ok: false, reason: 'frozen' } as const;
  return deps.db.transaction(async (tx) => {
    const before = await repo.findProject(tx, projectId);
    if (!before || before.processId !== process.id) return { ok: false, reason: 'not-found' } as const;
    if (input.decision === 'feasible' && (input.assessedCost ?? before.estimatedCost) > process.budget)
      return { ok: false, reason: 'over-budget' } as const;
    const after = await repo.assessProject(
      tx,
      projectId,
      {
        status: input.decision,
        assessedCost: input.decision === 'feasible' ? (input.assessedCost ?? before.estimatedCost) : null,
        feasibilityReason: input.reason,
        assessedBy: actor.id,
      },
      deps.clock.now(),
    );
    await recordAudit(tx, actor, {
      action: 'budgeting.project-assessed',
      entityType: 'pb_project',
      entityId: projectId,
      before,
      after,
    });
    await invalidatePages(tx, 'budgeting');
    return { ok: true, project: after! } as const;
  });
}

export const costOf = (p: Pick<PbProject, 'assessedCost' | 'estimatedCost'>) => p.assessedCost ?? p.estimatedCost;

type BallotList = (BallotProject & { project: PbProject })[];
/**
 * Ballot lists of processes whose voting has opened. Safe to keep for the life of the process: once
 * voting opens no project can be checked again (assessProject refuses), so the list cannot change.
 */
const frozenLists = new Map<string, BallotList>();

/** The projects on the ballot: those that passed the check, at their checked cost. */
export async function ballotProjects(deps: Deps, processId: string, frozen = false): Promise<BallotList> {
  const kept = frozen ? frozenLists.get(processId) : undefined;
  if (kept) return kept;
  const projects = await repo.listProjects(deps.db, processId, ['feasible']);
  const list = projects.map((p) => ({ id: p.id, title: p.title, cost: costOf(p), project: p }));
  if (frozen) {
    if (frozenLists.size > 1000) frozenLists.clear();
    frozenLists.set(processId, list);
  }
  return list;
}

// ---- Voters: eligibility and single-use codes ----

export type Contact = { kind: 'email' | 'sms'; value: string };

/** An email address (lower-cased) or a UK mobile number (as +447…), or null. */
export function parseContact(input: string): Contact | null {
  const v = input.trim();
  if (v.includes('@')) return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? { kind: 'email', value: v.toLowerCase() } : null;
  const digits = v.replace(/[\s()-]/g, '');
  const m = /^(?:\+44|0044|0)(7\d{9})$/.exec(digits);
  return m ? { kind: 'sms', value: `+44${m[1]}` } : null;
}

const CODE_MINUTES = 30;
const MAX_ATTEMPTS = 5;
const CODE_PURPOSE = 'pb-voting-code';

const hashCode = (voterId: string, code: string) => createHash('sha256').update(`${voterId}:${code}`).digest('hex');

/**
 * Checks who may vote (a postcode in the process's ward, or in the borough; old enough) and sends a
 * single-use code to their email or mobile, through "one message per person" (claimMessage): one
 * pending code per contact and process, re-sent at most once per 15 minutes, within the daily cap
 * per contact. When nothing is sent the answer is the same, and the code already sent still works.
 */
export async function requestCode(
  deps: Deps,
  process: PbProcess,
  input: { postcode: string; contact: Contact; oldEnough: boolean },
) {
  const now = deps.clock.now();
  if (phaseOf(process, now) !== 'voting') return { ok: false, reason: 'closed' } as const;
  if (!input.oldEnough) return { ok: false, reason: 'too-young' } as const;
  const ward = await wardForPostcode(deps, input.postcode);
  if (!ward) return { ok: false, reason: 'outside-area' } as const;
  if (process.wardCode && ward !== process.wardCode) return { ok: false, reason: 'outside-ward' } as const;
  return deps.db.transaction(async (tx) => {
    // First in the transaction: a parallel identical request waits here and is then told not to send.
    const claim = await claimMessage(tx, {
      purpose: CODE_PURPOSE,
      scope: process.id,
      contact: input.contact.value,
      now,
    });
    await repo.ensureVoter(tx, {
      processId: process.id,
      contact: input.contact.value,
      contactKind: input.contact.kind,
      postcode: input.postcode,
      wardCode: ward,
    });
    const voter = (await repo.findVoter(tx, process.id, input.contact.value))!;
    if (!claim.send) {
      await repo.updateVoter(tx, voter.id, { postcode: input.postcode, wardCode: ward });
      return { ok: true, voterId: voter.id, sent: false } as const;
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await repo.updateVoter(tx, voter.id, {
      postcode: input.postcode,
      wardCode: ward,
      codeHash: hashCode(voter.id, code),
      codeExpiresAt: new Date(now.getTime() + CODE_MINUTES * 60_000),
      codeAttempts: 0,
      lastSentAt: now,
    });
    await deps.notifier.queue(tx, {
      reference: `pb-code:${voter.id}:${now.getTime()}`,
      template: input.contact.kind === 'email' ? 'pb-voting-code-email' : 'pb-voting-code-sms',
      recipient: input.contact.value,
      personalisation: { title: process.title, code },
    });
    return { ok: true, voterId: voter.id, sent: true } as const;
  });
}

/** Checks a code: five tries, thirty minutes, and it works once. */
export async function verifyCode(deps: Deps, process: PbProcess, voterId: string, code: string) {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const voter = await repo.findVoterById(tx, voterId);
    if (!voter || voter.processId !== process.id) return { ok: false, reason: 'unknown' } as const;
    if (!voter.codeHash || !voter.codeExpiresAt || voter.codeExpiresAt <= now || voter.codeAttempts >= MAX_ATTEMPTS)
      return { ok: false, reason: 'expired' } as const;
    const given = Buffer.from(hashCode(voter.id, code.replace(/\s/g, '')));
    if (!timingSafeEqual(given, Buffer.from(voter.codeHash))) {
      await repo.updateVoter(tx, voter.id, { codeAttempts: voter.codeAttempts + 1 });
      return { ok: false, reason: 'wrong' } as const;
    }
    await repo.updateVoter(tx, voter.id, { codeHash: null, codeExpiresAt: null, verifiedAt: now });
    // Done: a later genuine request (another device, say) may be sent a code at once.
    await releaseClaim(tx, { purpose: CODE_PURPOSE, scope: process.id, contact: voter.contact });
    return { ok: true, voter } as const;
  });
}

// ---- Ballots ----

/**
 * Casts (or changes) a verified voter's ballot. The check that voting is open is part of the INSERT
 * itself, so a ballot arriving after the close is refused even if the page was opened before it.
 */
export async function castBallot(deps: Deps, process: PbProcess, voterId: string, body: Record<string, unknown>) {
  const now = deps.clock.now();
  const projects = await ballotProjects(deps, process.id, rulesFrozen(process, now));
  const check = checkBallot(process, projects, body);
  if (!check.ok) return { ok: false, reason: 'invalid', check } as const;
  const saved = await repo.upsertOnlineBallot(deps.db, process.id, voterId, check.selections, now);
  if (!saved) {
    const voter = await repo.findVoterById(deps.db, voterId);
    const verified = voter && voter.processId === process.id && voter.verifiedAt;
    return { ok: false, reason: verified ? 'closed' : 'not-verified' } as const;
  }
  return { ok: true, changed: !saved.inserted, check } as const;
}

/**
 * A paper ballot typed in by staff, marked as paper and audited. Paper ballots handed in by the close
 * may be entered until the count: the count is the cut-off, not the clock.
 */
export async function enterPaperBallot(
  deps: Deps,
  actor: Actor,
  process: PbProcess,
  input: { reference: string; postcode: string; body: Record<string, unknown> },
) {
  const ward = await wardForPostcode(deps, input.postcode);
  if (!ward || (process.wardCode && ward !== process.wardCode)) return { ok: false, reason: 'outside-area' } as const;
  const projects = await ballotProjects(deps, process.id);
  const check = checkBallot(process, projects, input.body);
  if (!check.ok) return { ok: false, reason: 'invalid', check } as const;
  return deps.db.transaction(async (tx) => {
    const saved = await repo.upsertBallot(
      tx,
      {
        processId: process.id,
        voterKey: `paper:${input.reference}`,
        channel: 'paper',
        selections: check.selections,
        wardCode: ward,
        enteredBy: actor.id,
      },
      deps.clock.now(),
      true,
    );
    if (!saved) return { ok: false, reason: 'closed' } as const;
    await recordAudit(tx, actor, {
      action: saved.inserted ? 'budgeting.paper-ballot-entered' : 'budgeting.paper-ballot-replaced',
      entityType: 'pb_ballot',
      entityId: saved.id,
      after: { reference: input.reference, selections: check.selections },
    });
    return { ok: true, replaced: !saved.inserted } as const;
  });
}

// ---- Counting and results ----

export interface StoredCount {
  result: CountResult;
  explanations: Record<string, string>;
  ballots: { online: number; paper: number };
}

/** Counts the ballots by the process's rule once voting has closed. Counting again replaces the count until results are published. */
export async function countVotes(deps: Deps, actor: Actor, process: PbProcess) {
  const now = deps.clock.now();
  if (now < process.votingUntil) return { ok: false, reason: 'still-open' } as const;
  if (process.resultsPublishedAt) return { ok: false, reason: 'published' } as const;
  return deps.db.transaction(async (tx) => {
    const locked = (await repo.findProcess(tx, process.id, true))!;
    const projects = await repo.listProjects(tx, process.id, ['feasible']);
    const ballots = await repo.listBallotSelections(tx, process.id);
    const election = electionFrom(
      locked,
      projects.map((p) => ({ id: p.id, cost: costOf(p) })),
      ballots.map((b) => b.selections),
    );
    const result = count(election, { rule: locked.rule as 'greedy' | 'mes' });
    const stored: StoredCount = {
      result,
      explanations: Object.fromEntries(projects.map((p) => [p.id, explain(result, p.id)])),
      ballots: {
        online: ballots.filter((b) => b.channel === 'online').length,
        paper: ballots.filter((b) => b.channel === 'paper').length,
      },
    };
    const after = await repo.updateProcess(tx, process.id, { countedAt: now, countResult: stored }, now);
    await recordAudit(tx, actor, {
      action: 'budgeting.counted',
      entityType: 'pb_process',
      entityId: process.id,
      after: { rule: result.rule, funded: result.funded, spent: result.spent, voters: result.voters },
    });
    return { ok: true, process: after!, count: stored } as const;
  });
}

export async function publishResults(deps: Deps, actor: Actor, process: PbProcess) {
  if (!process.countedAt) return { ok: false, reason: 'not-counted' } as const;
  if (process.resultsPublishedAt) return { ok: false, reason: 'published' } as const;
  return deps.db.transaction(async (tx) => {
    const after = await repo.updateProcess(tx, process.id, { resultsPublishedAt: deps.clock.now() }, deps.clock.now());
    await recordAudit(tx, actor, {
      action: 'budgeting.results-published',
      entityType: 'pb_process',
      entityId: process.id,
    });
    await invalidatePages(tx, 'budgeting');
    return { ok: true, process: after! } as const;
  });
}

export const storedCount = (p: PbProcess) => (p.countResult as StoredCount | null) ?? null;

/** A delivery update on a funded project, once results are published. */
export async function addDeliveryUpdate(
  deps: Deps,
  actor: Actor,
  process: PbProcess,
  projectId: string,
  input: { stage: string; body: string },
) {
  const count = storedCount(process);
  if (!process.resultsPublishedAt || !count) return { ok: false, reason: 'not-published' } as const;
  if (!count.result.funded.includes(projectId)) return { ok: false, reason: 'not-funded' } as const;
  return deps.db.transaction(async (tx) => {
    const row = await repo.insertDeliveryUpdate(tx, {
      projectId,
      stage: input.stage,
      body: input.body,
      createdBy: actor.id,
    });
    await recordAudit(tx, actor, {
      action: 'budgeting.delivery-update',
      entityType: 'pb_project',
      entityId: projectId,
      after: row,
    });
    await invalidatePages(tx, 'budgeting');
    return { ok: true, update: row } as const;
  });
}

/** The process as a pabulib file: voters are numbered, never named; `selected` is the published count's outcome. */
export async function exportPabulib(deps: Deps, process: PbProcess) {
  const projects = await repo.listProjects(deps.db, process.id, ['feasible']);
  const ballots = await repo.listBallotSelections(deps.db, process.id);
  const count = storedCount(process);
  const funded = new Set(count?.result.funded ?? []);
  const votes = new Map<string, number>();
  for (const b of ballots) for (const s of b.selections) votes.set(s.projectId, (votes.get(s.projectId) ?? 0) + 1);
  const kind = process.ballotType;
  return writePb({
    meta: {
      description: process.title,
      country: 'United Kingdom',
      unit: process.wardCode ?? 'borough',
      instance: process.votingFrom.getUTCFullYear(),
      budget: process.budget,
      rule: process.rule === 'mes' ? 'equalshares/add1' : 'greedy',
      date_begin: process.votingFrom.toISOString().slice(0, 10),
      date_end: process.votingUntil.toISOString().slice(0, 10),
      ...(kind === 'approval' && process.maxProjects ? { max_length: process.maxProjects } : {}),
      ...(kind === 'knapsack' ? { max_sum_cost: process.budget } : {}),
      ...(kind === 'cumulative' && process.maxPoints ? { max_sum_points: process.maxPoints } : {}),
      ...(kind === 'ranking' && process.maxProjects ? { max_length: process.maxProjects } : {}),
    },
    ballotType: kind === 'cumulative' ? 'cumulative' : kind === 'ranking' ? 'ranking' : 'approval',
    projects: projects.map((p) => ({
      id: p.id,
      cost: costOf(p),
      name: p.title,
      votes: votes.get(p.id) ?? 0,
      selected: funded.has(p.id),
    })),
    votes: ballots.map((b, i) => {
      const s: Selection[] = kind === 'ranking' ? [...b.selections].sort((x, y) => x.points - y.points) : b.selections;
      return {
        voterId: String(i + 1),
        projects: s.map((x) => x.projectId),
        ...(kind === 'cumulative' ? { points: s.map((x) => x.points) } : {}),
      };
    }),
  });
}
