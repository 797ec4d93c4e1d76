/**
 * Staff single sign-on with OpenID Connect, per organisation, beside local passwords: the
 * authorisation code flow with PKCE (S256), state and nonce, through openid-client. Who may sign
 * in and with which role stays in Soundings: the provider only proves the email address.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import * as client from 'openid-client';
import type { Actor, Deps } from '../../deps.ts';
import { recordAudit } from '../audit/index.ts';
import { organisations, staffUsers } from '../accounts/index.ts';
import { organisationSso, staffIdentities } from './council.tables.ts';

const keyOf = (secret: string) => createHash('sha256').update(`soundings-sso:${secret}`).digest();

/** AES-256-GCM with a key from SESSION_SECRET: a database dump alone does not give the secret away. */
export function sealSecret(sessionSecret: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(sessionSecret), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

export function unsealSecret(sessionSecret: string, sealed: string): string {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  const decipher = createDecipheriv('aes-256-gcm', keyOf(sessionSecret), iv!);
  decipher.setAuthTag(tag!);
  return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
}

export interface SsoInput {
  issuer: string;
  clientId: string;
  /** Blank keeps the stored secret. */
  clientSecret: string;
  allowedDomains: string[];
  required: boolean;
}

export async function findSso(deps: Deps, organisationId: string) {
  return (await deps.db.select().from(organisationSso).where(eq(organisationSso.organisationId, organisationId)))[0];
}

/** Organisations whose staff can sign in with a work account, for the sign-in page. */
export async function listSsoOrganisations(deps: Deps) {
  return deps.db
    .select({ slug: organisations.slug, name: organisations.name })
    .from(organisationSso)
    .innerJoin(organisations, eq(organisations.id, organisationSso.organisationId))
    .orderBy(organisations.name);
}

export async function saveSso(deps: Deps, actor: Actor, organisationId: string, input: SsoInput) {
  return deps.db.transaction(async (tx) => {
    const [before] = await tx.select().from(organisationSso).where(eq(organisationSso.organisationId, organisationId));
    if (!before && !input.clientSecret) return { ok: false as const, reason: 'secret-required' as const };
    const values = {
      issuer: input.issuer,
      clientId: input.clientId,
      clientSecretSealed: input.clientSecret
        ? sealSecret(deps.config.sessionSecret, input.clientSecret)
        : before!.clientSecretSealed,
      allowedDomains: input.allowedDomains,
      required: input.required,
      updatedAt: deps.clock.now(),
    };
    await tx
      .insert(organisationSso)
      .values({ organisationId, ...values })
      .onConflictDoUpdate({ target: organisationSso.organisationId, set: values });
    const summary = (v: typeof values | undefined) =>
      v && { issuer: v.issuer, clientId: v.clientId, allowedDomains: v.allowedDomains, required: v.required };
    await recordAudit(tx, actor, {
      action: 'sso.configured',
      entityType: 'organisation',
      entityId: organisationId,
      before: summary(before),
      after: { ...summary(values), secretChanged: !!input.clientSecret },
    });
    configurations.delete(organisationId);
    return { ok: true as const };
  });
}

const configurations = new Map<string, { key: string; config: Promise<client.Configuration> }>();

/** Discovery once per organisation and settings; http is allowed only for localhost (tests, dev). */
function configurationFor(deps: Deps, sso: typeof organisationSso.$inferSelect) {
  const key = `${sso.issuer}|${sso.clientId}|${sso.updatedAt.getTime()}`;
  const hit = configurations.get(sso.organisationId);
  if (hit?.key === key) return hit.config;
  const issuer = new URL(sso.issuer);
  const local = issuer.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(issuer.hostname);
  const config = client
    .discovery(
      issuer,
      sso.clientId,
      undefined,
      client.ClientSecretPost(unsealSecret(deps.config.sessionSecret, sso.clientSecretSealed)),
      {
        execute: local ? [client.allowInsecureRequests] : [],
      },
    )
    .catch((error: unknown) => {
      configurations.delete(sso.organisationId);
      throw error;
    });
  configurations.set(sso.organisationId, { key, config });
  return config;
}

export interface PendingSso {
  organisationId: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string;
}

export const callbackUrl = (deps: Deps) => `${deps.config.baseUrl}/sign-in/sso/callback`;

/** The provider's authorisation URL, and what the session must remember until the callback. */
export async function startSso(deps: Deps, slug: string, returnTo: string) {
  const [row] = await deps.db
    .select({ sso: organisationSso })
    .from(organisationSso)
    .innerJoin(organisations, eq(organisations.id, organisationSso.organisationId))
    .where(eq(organisations.slug, slug));
  if (!row) return null;
  const config = await configurationFor(deps, row.sso);
  const pending: PendingSso = {
    organisationId: row.sso.organisationId,
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
    returnTo,
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(deps),
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url: url.href, pending };
}

export type SsoOutcome =
  | { ok: true; user: { id: string; sessionVersion: number } }
  | {
      ok: false;
      reason: 'provider-refused' | 'unverified-email' | 'domain-not-allowed' | 'no-account';
      detail?: string;
    };

/**
 * The callback: exchanges the code (checking state, PKCE and the ID token's issuer, audience,
 * nonce and expiry), then finds the Soundings account. The first sign-in of an invited address,
 * or of an existing account of the same organisation, links the provider's subject to it.
 */
export async function finishSso(
  deps: Deps,
  currentUrl: URL,
  pending: PendingSso,
  requestId: string,
): Promise<SsoOutcome> {
  const sso = await findSso(deps, pending.organisationId);
  if (!sso) return { ok: false, reason: 'provider-refused' };
  let claims: client.IDToken | undefined;
  let profile: { email?: unknown; email_verified?: unknown } = {};
  try {
    const config = await configurationFor(deps, sso);
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
    profile = { email: claims?.email, email_verified: claims?.email_verified };
    // Providers that keep the ID token small give the email address at the userinfo endpoint.
    if (claims && typeof claims.email !== 'string')
      profile = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
  } catch (error) {
    // What went wrong goes to the log (wrong audience, expired code…); the person sees one message.
    return {
      ok: false,
      reason: 'provider-refused',
      detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    };
  }
  if (!claims) return { ok: false, reason: 'provider-refused' };
  const email = typeof profile.email === 'string' ? profile.email.trim().toLowerCase() : '';
  if (!email || profile.email_verified === false) return { ok: false, reason: 'unverified-email' };
  const domain = email.split('@')[1] ?? '';
  if (!sso.allowedDomains.map((d) => d.toLowerCase()).includes(domain))
    return { ok: false, reason: 'domain-not-allowed' };
  const issuer = sso.issuer;
  const subject = claims.sub;
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [linked] = await tx
      .select({ user: staffUsers })
      .from(staffIdentities)
      .innerJoin(staffUsers, eq(staffUsers.id, staffIdentities.staffUserId))
      .where(and(eq(staffIdentities.issuer, issuer), eq(staffIdentities.subject, subject)));
    let user = linked?.user;
    let how = 'signed-in';
    if (!user) {
      [user] = await tx
        .select()
        .from(staffUsers)
        .where(and(sql`lower(${staffUsers.email}) = ${email}`, eq(staffUsers.organisationId, sso.organisationId)));
      how = 'linked';
    }
    if (!user) {
      // An open invitation for this address to this organisation becomes the account, with its role.
      type Invited = { id: string; name: string; role: string };
      const invited: unknown = await tx.execute(
        sql`
        UPDATE staff_invitations SET accepted_at = ${now}
        WHERE id = (SELECT id FROM staff_invitations
                    WHERE lower(email) = ${email} AND organisation_id = ${sso.organisationId}
                      AND accepted_at IS NULL AND expires_at > ${now}
                    ORDER BY created_at DESC LIMIT 1)
        RETURNING id, name, role`,
      );
      const [invitation] = Array.isArray(invited) ? (invited as Invited[]) : (invited as { rows: Invited[] }).rows;
      if (!invitation) return { ok: false as const, reason: 'no-account' as const };
      [user] = await tx
        .insert(staffUsers)
        .values({
          email,
          name: invitation.name,
          role: invitation.role,
          organisationId: sso.organisationId,
          passwordHash: null,
        })
        .returning();
      how = 'joined';
    }
    if (!user || !user.active || user.organisationId !== sso.organisationId)
      return { ok: false as const, reason: 'no-account' as const };
    await tx.insert(staffIdentities).values({ issuer, subject, staffUserId: user.id }).onConflictDoNothing();
    await recordAudit(
      tx,
      { id: user.id, label: `${user.name} <${user.email}>`, organisationId: user.organisationId, requestId },
      {
        action: `account.sso-${how}`,
        entityType: 'staff_user',
        entityId: user.id,
        after: { issuer },
      },
    );
    return { ok: true as const, user: { id: user.id, sessionVersion: user.sessionVersion } };
  });
}

/** Whether this email's organisation allows only its work account (local password refused). */
export async function ssoRequiredFor(deps: Deps, email: string): Promise<boolean> {
  const rows = await deps.db
    .select({ required: organisationSso.required })
    .from(staffUsers)
    .innerJoin(organisationSso, eq(organisationSso.organisationId, staffUsers.organisationId))
    .where(sql`lower(${staffUsers.email}) = ${email.trim().toLowerCase()}`);
  return rows.some((r) => r.required);
}
