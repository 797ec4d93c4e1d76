import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, notFound, requireRole } from '../../web/auth.ts';
import { singleError, toGovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { currentBrand } from './brand.ts';
import { readLogo, replaceLogo, updateBrand } from './brand.service.ts';
import { brandSchema, logoAltSchema, setupSchema } from './council.schema.ts';
import * as repo from './council.repository.ts';
import { checkSetupCode, isSetUp, setUpCouncil } from './setup.service.ts';
import { ssoRoutes } from './sso.routes.ts';

const LOGO_MAX_BYTES = 512 * 1024;
const uploads = new WeakMap<FastifyRequest, { bytes: Buffer; truncated: boolean }>();

function text(body: unknown, key: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[key];
  return typeof value === 'string' ? value : '';
}

export async function councilRoutes(app: FastifyInstance, deps: Deps) {
  ssoRoutes(app, deps);
  // First run. Once set up the page is gone; until then only someone who can read the log gets in.
  app.get('/setup', async (_request, reply) => {
    if (await isSetUp(deps)) return notFound(reply);
    return reply.render('council/setup.njk', { values: {} });
  });

  app.post('/setup', { config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    if (await isSetUp(deps)) return notFound(reply);
    const raw = Object.fromEntries(
      ['code', 'council', 'organisationName', 'adminName', 'adminEmail'].map((k) => [k, text(request.body, k)]),
    );
    const values = { ...raw, code: '' };
    const parsed = setupSchema.safeParse(raw);
    if (!parsed.success) return reply.render('council/setup.njk', { values, errors: toGovukErrors(parsed.error) }, 422);
    if (!(await checkSetupCode(deps, parsed.data.code)))
      return reply.render(
        'council/setup.njk',
        {
          values,
          errors: singleError(
            'code',
            'The set-up code is wrong or has expired: copy it from the log of the running server',
          ),
        },
        422,
      );
    const outcome = await setUpCouncil(deps, {
      council: parsed.data.council,
      organisationName: parsed.data.organisationName,
      adminEmail: parsed.data.adminEmail,
      adminName: parsed.data.adminName,
    });
    if (!outcome.ok) {
      if (outcome.reason === 'already-set-up') return notFound(reply);
      const message =
        outcome.reason === 'unknown-council'
          ? 'No council has that name or code: enter a name like Havering or a GSS code like E09000016'
          : `More than one council matches: ${outcome.candidates.map((c) => `${c.name} (${c.code})`).join(', ')}`;
      return reply.render('council/setup.njk', { values, errors: singleError('council', message) }, 422);
    }
    request.log.info(
      { council: outcome.council.code, invitation: outcome.invitationLink },
      'council set up; first administrator invited',
    );
    request.brand = await currentBrand(deps);
    return reply.render('council/setup-done.njk', { outcome, email: parsed.data.adminEmail });
  });

  // The logo is only ever shown through <img>, which never runs scripts; the headers make sure that
  // opening it directly does not either.
  app.get('/brand/logo', async (_request, reply) => {
    const logo = await readLogo(deps);
    if (!logo) return notFound(reply);
    return reply
      .header('Content-Type', logo.contentType)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox")
      .header('Cache-Control', 'public, max-age=31536000, immutable')
      .send(logo.bytes);
  });

  // The brand colour as a stylesheet: the CSP allows no inline styles.
  app.get('/brand.css', async (_request, reply) => {
    const brand = await currentBrand(deps);
    const c = brand.brandColour;
    const css = c
      ? `.govuk-generic-header{background-color:${c};border-bottom-color:${c}}` +
        `.govuk-generic-header .govuk-generic-header__homepage-link{color:#ffffff}`
      : '';
    return reply
      .header('Content-Type', 'text/css; charset=utf-8')
      .header('Cache-Control', 'public, max-age=31536000, immutable')
      .send(css);
  });

  app.get('/privacy', { config: { pageCache: { tags: ['brand'] } } }, async (_request, reply) =>
    reply.render('council/privacy.njk', {}),
  );

  const adminOnly = { preHandler: requireRole('administrator') };

  async function brandPage(values: Record<string, unknown>, errors?: unknown, status = 200) {
    const settings = await repo.findSettings(deps.db);
    return { values: values ?? settings, settings, errors, status };
  }

  app.get('/staff/admin/brand', adminOnly, async (_request, reply) => {
    const settings = await repo.findSettings(deps.db);
    if (!settings) return notFound(reply);
    const { status, ...context } = await brandPage(settings);
    return reply.render('council/brand.njk', context, status);
  });

  app.post('/staff/admin/brand', adminOnly, async (request, reply) => {
    const keys = Object.keys(brandSchema.shape);
    const raw = Object.fromEntries(keys.map((k) => [k, text(request.body, k)]));
    const parsed = brandSchema.safeParse(raw);
    if (!parsed.success) {
      const { status, ...context } = await brandPage(raw, toGovukErrors(parsed.error), 422);
      return reply.render('council/brand.njk', context, status);
    }
    const outcome = await updateBrand(deps, actorOf(request), parsed.data);
    if (!outcome.ok) return notFound(reply);
    flash(reply, 'Brand and footer links saved');
    return reply.redirect('/staff/admin/brand', 303);
  });

  await app.register(async (scope) => {
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: LOGO_MAX_BYTES, files: 1, fields: 4, parts: 6 },
      async onFile(part) {
        const bytes = await part.toBuffer();
        uploads.set(this, { bytes, truncated: part.file.truncated });
      },
    });
    scope.post('/staff/admin/brand/logo', adminOnly, async (request, reply) => {
      const settings = await repo.findSettings(deps.db);
      if (!settings) return notFound(reply);
      const raw = { logoAlt: text(request.body, 'logoAlt') };
      const rerender = (errors: unknown) =>
        reply.render('council/brand.njk', { values: { ...settings, ...raw }, settings, errors }, 422);
      const parsed = logoAltSchema.safeParse(raw);
      if (!parsed.success) return rerender(toGovukErrors(parsed.error));
      const upload = uploads.get(request);
      if (!upload || upload.bytes.length === 0) return rerender(singleError('logo', 'Select a logo file'));
      if (upload.truncated) return rerender(singleError('logo', 'The logo must be smaller than 512 KB'));
      const outcome = await replaceLogo(deps, actorOf(request), upload.bytes, parsed.data.logoAlt);
      if (!outcome.ok) {
        const message = {
          'wrong-type': 'The logo must be a PNG or SVG file',
          'unsafe-svg': 'The SVG logo must not contain scripts, event handlers or links to other files',
          'not-set-up': 'Set up the council first',
        }[outcome.reason];
        return rerender(singleError('logo', message));
      }
      flash(reply, 'Logo saved');
      return reply.redirect('/staff/admin/brand', 303);
    });
  });
}
