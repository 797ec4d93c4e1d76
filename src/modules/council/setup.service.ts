/**
 * First run: which council this install serves, its wards, its lead organisation and the first
 * administrator. Used by `npm run setup` and by the /setup page (guarded by a one-time code that
 * the starting process prints to its log). Nothing gets a password: the administrator is invited.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Deps } from '../../deps.ts';
import { inviteFirstAdministrator } from '../accounts/index.ts';
import { recordAudit } from '../audit/index.ts';
import { councilByCode, findCouncils, loadCouncilWards, type Council } from '../geography/index.ts';
import { invalidatePages } from '../../web/page-cache.ts';
import { forgetBrand } from './brand.ts';
import * as repo from './council.repository.ts';

const CODE_HOURS = 24;
const hash = (code: string) =>
  createHash('sha256')
    .update(
      code
        .trim()
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, ''),
      'utf8',
    )
    .digest('hex');

export async function isSetUp(deps: Deps): Promise<boolean> {
  return (await repo.findSettings(deps.db)) !== undefined;
}

/** A fresh one-time code for the /setup page, or null when the install is already set up. */
export async function issueSetupCode(deps: Deps): Promise<string | null> {
  if (await isSetUp(deps)) return null;
  const raw = randomBytes(10).toString('hex').toUpperCase();
  const code = raw.match(/.{4}/g)!.join('-');
  const now = deps.clock.now();
  await repo.insertSetupCode(deps.db, hash(code), new Date(now.getTime() + CODE_HOURS * 3_600_000), now);
  return code;
}

export async function checkSetupCode(deps: Deps, code: string): Promise<boolean> {
  if (!code.trim()) return false;
  const digest = hash(code);
  return repo.setupCodeValid(deps.db, digest, deps.clock.now());
}

export interface SetupInput {
  council: string;
  organisationName?: string;
  serviceName?: string;
  adminEmail: string;
  adminName: string;
}

export type SetupOutcome =
  | { ok: true; council: Council; organisationName: string; wards: number; invitationLink: string; expiresAt: Date }
  | { ok: false; reason: 'already-set-up' }
  | { ok: false; reason: 'unknown-council' }
  | { ok: false; reason: 'ambiguous-council'; candidates: Council[] };

/** Resolves a name or GSS code to exactly one council. */
export function resolveCouncil(query: string): { ok: true; council: Council } | { ok: false; candidates: Council[] } {
  const byCode = councilByCode(query.trim().toUpperCase());
  if (byCode) return { ok: true, council: byCode };
  const found = findCouncils(query);
  return found.length === 1 ? { ok: true, council: found[0]! } : { ok: false, candidates: found };
}

/** Default lead organisation name: "Havering Council", "Bristol, City of" → "Bristol City Council". */
export function defaultOrganisationName(council: Council): string {
  const m = /^(.*), (City|County) of$/.exec(council.name);
  if (m) return `${m[1]} ${m[2]} Council`;
  return /council$/i.test(council.name) ? council.name : `${council.name} Council`;
}

/** Sets the install up in one transaction: settings, wards, lead organisation, invitation, audit. */
export async function setUpCouncil(deps: Deps, input: SetupInput): Promise<SetupOutcome> {
  const resolved = resolveCouncil(input.council);
  if (!resolved.ok) {
    return resolved.candidates.length
      ? { ok: false, reason: 'ambiguous-council', candidates: resolved.candidates.slice(0, 20) }
      : { ok: false, reason: 'unknown-council' };
  }
  const council = resolved.council;
  const organisationName = input.organisationName?.trim() || defaultOrganisationName(council);
  const now = deps.clock.now();
  const outcome = await deps.db.transaction(async (tx) => {
    const settings = await repo.insertSettings(tx, {
      authorityCode: council.code,
      councilName: organisationName,
      serviceName: input.serviceName?.trim() || 'Have your say',
      updatedAt: now,
    });
    if (!settings) return { ok: false as const, reason: 'already-set-up' as const };
    const wards = await loadCouncilWards(tx, council.code, now);
    const invited = await inviteFirstAdministrator(deps, tx, {
      organisationName,
      email: input.adminEmail,
      name: input.adminName,
    });
    await repo.updateSettings(tx, { leadOrganisationId: invited.organisation.id });
    await repo.deleteSetupCodes(tx);
    await recordAudit(
      tx,
      { id: null, label: 'Soundings set-up', organisationId: invited.organisation.id },
      {
        action: 'council.set_up',
        entityType: 'council_settings',
        entityId: null,
        after: { authorityCode: council.code, councilName: organisationName, wards: wards.added + wards.updated },
      },
    );
    await invalidatePages(tx, 'brand', 'wards', '*');
    return {
      ok: true as const,
      council,
      organisationName,
      wards: wards.added + wards.updated,
      invitationLink: invited.link,
      expiresAt: invited.expiresAt,
    };
  });
  forgetBrand(deps);
  return outcome;
}
