import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, notFound, requireRole } from '../../web/auth.ts';
import { toGovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { listOrganisations } from '../accounts/index.ts';
import {
  finishSso,
  findSso,
  listSsoOrganisations,
  saveSso,
  ssoRequiredFor,
  startSso,
  type PendingSso,
} from './sso.service.ts';

declare module '@fastify/secure-session' {
  interface SessionData {
    sso: PendingSso;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN = /^(?!-)[a-z0-9-]+(\.[a-z0-9-]+)+$/;

export const ssoSchema = z.object({
  issuer: z
    .string()
    .trim()
    .min(1, 'Enter the issuer address')
    .refine(
      (v) => /^https:\/\/\S+$/.test(v) || /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?(\/\S*)?$/.test(v),
      'Enter the issuer as an address starting https://',
    ),
  clientId: z.string().trim().min(1, 'Enter the client ID').max(300, 'Client ID must be 300 characters or fewer'),
  clientSecret: z.string().trim().max(500, 'Client secret must be 500 characters or fewer'),
  allowedDomains: z
    .string()
    .trim()
    .min(1, 'Enter at least one email domain, like havering.gov.uk')
    .transform((v) => [
      ...new Set(
        v
          .toLowerCase()
          .split(/[\s,]+/)
          .filter(Boolean),
      ),
    ])
    .refine(
      (list) => list.every((d) => DOMAIN.test(d)),
      'Enter email domains like havering.gov.uk, separated by commas',
    ),
  required: z
    .string()
    .optional()
    .transform((v) => v === 'yes'),
});

const REFUSED: Record<string, string> = {
  'provider-refused':
    'Your organisation’s sign-in service did not confirm who you are. Try again, or ask your administrator.',
  'unverified-email': 'Your work account’s email address is not verified. Ask your IT team.',
  'domain-not-allowed':
    'Your work account’s email address is not one this organisation allows. Sign in with your organisation’s address.',
  'no-account':
    'There is no Soundings account or open invitation for this email address. Ask your administrator to invite you.',
  expired: 'Your sign-in took too long or was started in another browser. Start again.',
};

function text(body: unknown, key: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' ? value : '';
}

const safeReturnTo = (value: unknown) =>
  typeof value === 'string' && value.startsWith('/staff') && !value.startsWith('//') ? value : '/staff';

export function ssoRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/sign-in/work-account', async (_request, reply) =>
    reply.render('council/sso-choose.njk', { organisations: await listSsoOrganisations(deps) }),
  );

  app.get<{ Params: { slug: string }; Querystring: { returnTo?: string } }>(
    '/sign-in/sso/:slug',
    async (request, reply) => {
      let started;
      try {
        started = await startSso(deps, request.params.slug, safeReturnTo(request.query.returnTo));
      } catch (error) {
        request.log.warn({ err: error }, 'OpenID discovery failed');
        return reply.render('council/sso-refused.njk', { message: REFUSED['provider-refused'] }, 502);
      }
      if (!started) return notFound(reply);
      request.session.set('sso', started.pending);
      return reply.redirect(started.url, 303);
    },
  );

  app.get('/sign-in/sso/callback', async (request, reply) => {
    const pending = request.session.get('sso');
    request.session.set('sso', undefined);
    if (!pending) return reply.render('council/sso-refused.njk', { message: REFUSED.expired }, 400);
    const outcome = await finishSso(deps, new URL(request.url, deps.config.baseUrl), pending, request.id);
    if (!outcome.ok) {
      request.log.warn({ reason: outcome.reason, detail: outcome.detail }, 'single sign-on refused');
      return reply.render('council/sso-refused.njk', { message: REFUSED[outcome.reason] }, 403);
    }
    // The same fresh session a password sign-in starts (accounts' staff session): no fixation.
    request.session.regenerate();
    request.session.set('userId', outcome.user.id);
    request.session.set('sessionVersion', outcome.user.sessionVersion);
    request.session.set('sessionId', randomBytes(18).toString('base64url'));
    return reply.redirect(pending.returnTo, 303);
  });

  const adminOnly = { preHandler: requireRole('administrator') };

  app.get('/staff/admin/sso', adminOnly, async (_request, reply) => {
    const orgs = await listOrganisations(deps.db);
    const rows = await Promise.all(orgs.map(async (o) => ({ ...o, sso: await findSso(deps, o.id) })));
    return reply.render('council/sso-list.njk', {
      organisations: rows,
      callbackUrl: `${deps.config.baseUrl}/sign-in/sso/callback`,
    });
  });

  async function orgOf(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
    if (!UUID.test(request.params.id)) return null;
    const org = (await listOrganisations(deps.db)).find((o) => o.id === request.params.id);
    if (!org) void notFound(reply);
    return org ?? null;
  }

  app.get<{ Params: { id: string } }>('/staff/admin/sso/:id', adminOnly, async (request, reply) => {
    const org = await orgOf(request, reply);
    if (!org) return reply.sent ? reply : notFound(reply);
    const sso = await findSso(deps, org.id);
    const values = sso
      ? {
          issuer: sso.issuer,
          clientId: sso.clientId,
          allowedDomains: sso.allowedDomains.join(', '),
          required: sso.required ? 'yes' : '',
        }
      : {};
    return reply.render('council/sso-edit.njk', {
      org,
      values,
      hasSecret: !!sso,
      callbackUrl: `${deps.config.baseUrl}/sign-in/sso/callback`,
    });
  });

  app.post<{ Params: { id: string } }>('/staff/admin/sso/:id', adminOnly, async (request, reply) => {
    const org = await orgOf(request, reply);
    if (!org) return reply.sent ? reply : notFound(reply);
    const raw = Object.fromEntries(
      ['issuer', 'clientId', 'clientSecret', 'allowedDomains', 'required'].map((k) => [k, text(request.body, k)]),
    );
    const existing = await findSso(deps, org.id);
    const rerender = (errors: unknown) =>
      reply.render(
        'council/sso-edit.njk',
        {
          org,
          values: { ...raw, clientSecret: '' },
          hasSecret: !!existing,
          errors,
          callbackUrl: `${deps.config.baseUrl}/sign-in/sso/callback`,
        },
        422,
      );
    const parsed = ssoSchema.safeParse(raw);
    if (!parsed.success) return rerender(toGovukErrors(parsed.error));
    const outcome = await saveSso(deps, actorOf(request), org.id, parsed.data);
    if (!outcome.ok)
      return rerender({
        list: [{ text: 'Enter the client secret', href: '#clientSecret' }],
        fields: { clientSecret: { text: 'Enter the client secret' } },
      });
    flash(reply, `Single sign-on saved for ${org.name}`);
    return reply.redirect('/staff/admin/sso', 303);
  });
}

/**
 * preHandler for the password sign-in: an organisation that requires single sign-on refuses its
 * staff's passwords, with a pointer to the work-account button.
 */
export function ssoRequiredGuard(deps: Deps) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST' || request.url.split('?')[0] !== '/sign-in') return;
    const email = text(request.body, 'email');
    if (!email || !(await ssoRequiredFor(deps, email))) return;
    return reply.render(
      'accounts/sign-in.njk',
      {
        values: { email },
        errors: {
          list: [
            {
              text: 'Your organisation signs in with its work account: use “Sign in with your work account”',
              href: '#email',
            },
          ],
          fields: {
            email: { text: 'Your organisation signs in with its work account: use “Sign in with your work account”' },
          },
        },
      },
      422,
    );
  };
}
