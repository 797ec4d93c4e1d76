/** Staff uploads: the panel list import (with a dry run) and census-style population targets. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { Deps } from '../../deps.ts';
import { actorOf, requireStaff, type CurrentUser } from '../../web/auth.ts';
import { singleError, type GovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { formBody } from './form.ts';
import { dryRunImport, runImport } from './import.service.ts';
import * as policy from './people.policy.ts';
import * as sampling from './sampling.service.ts';
import { guard, pct } from './staff-route-helpers.ts';
import * as staff from './staff.service.ts';

const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
const uploads = new WeakMap<FastifyRequest, { filename: string; bytes: Buffer; tooLarge: boolean }>();

export async function uploadRoutes(app: FastifyInstance, deps: Deps) {
  // Multipart is registered only in this scope, so every other staff form keeps its ordinary body parser.
  await app.register(async (scope) => {
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 12 },
      async onFile(part) {
        const bytes = await part.toBuffer();
        uploads.set(this, { filename: part.filename, bytes, tooLarge: part.file.truncated });
      },
    });

    const uploaded = (request: FastifyRequest): { csv?: string; error?: string } => {
      const file = uploads.get(request);
      const carried = formBody(request.body).csv;
      if (typeof carried === 'string' && carried) return { csv: Buffer.from(carried, 'base64').toString('utf8') };
      if (!file || !file.bytes.length) return { error: 'Select a CSV file' };
      if (file.tooLarge) return { error: 'The file must be smaller than 2 MB' };
      if (!/\.csv$/i.test(file.filename)) return { error: 'The selected file must be a CSV' };
      return { csv: file.bytes.toString('utf8') };
    };

    async function renderImport(
      request: FastifyRequest,
      reply: FastifyReply,
      extra: Record<string, unknown> = {},
      status = 200,
    ) {
      const panels = await staff.panelsOverview(deps);
      const panel = typeof extra.panel === 'string' ? extra.panel : '';
      return reply.render(
        'people/staff/import.njk',
        {
          panelItems: panels.map((p) => ({ value: p.slug, text: p.name, checked: p.slug === panel })),
          organisationName: request.user!.organisationName,
          ...extra,
        },
        status,
      );
    }

    scope.get('/staff/people/import', { preHandler: guard(policy.canImport) }, async (request, reply) =>
      renderImport(request, reply),
    );

    scope.post('/staff/people/import', { preHandler: guard(policy.canImport) }, async (request, reply) => {
      const body = formBody(request.body);
      const panelSlug = typeof body.panel === 'string' ? body.panel : '';
      const panel = panelSlug ? await staff.findPanel(deps, panelSlug) : undefined;
      const file = uploaded(request);
      if (!panel || !file.csv) {
        const errors: GovukErrors = { list: [], fields: {} };
        if (!panel) {
          errors.fields.panel = { text: 'Select a panel' };
          errors.list.push({ text: 'Select a panel', href: '#panel' });
        }
        if (!file.csv) {
          errors.fields.file = { text: file.error! };
          errors.list.push({ text: file.error!, href: '#file' });
        }
        return renderImport(request, reply, { errors, panel: panelSlug }, 422);
      }
      if (body.confirm === 'yes') {
        const outcome = await runImport(deps, request.user!, actorOf(request), panel.id, file.csv);
        if (!outcome.ok)
          return renderImport(
            request,
            reply,
            { errors: singleError('file', outcome.dryRun.fatal!), panel: panelSlug },
            422,
          );
        flash(
          reply,
          `Imported: ${outcome.created} new, ${outcome.linked} already held and linked, ${outcome.skipped} rows skipped`,
        );
        return reply.redirect(`/staff/people/panels/${panel.slug}`, 303);
      }
      const dryRun = await dryRunImport(deps, file.csv, request.user!.organisationId);
      if (dryRun.fatal)
        return renderImport(request, reply, { errors: singleError('file', dryRun.fatal), panel: panelSlug }, 422);
      return reply.render('people/staff/import-check.njk', {
        panel,
        dryRun,
        csv: Buffer.from(file.csv, 'utf8').toString('base64'),
        newCount: dryRun.rows.length - dryRun.matchesExisting,
      });
    });

    async function renderTargets(
      reply: FastifyReply,
      user: CurrentUser,
      extra: Record<string, unknown> = {},
      status = 200,
    ) {
      const { targets, demo, sources } = await sampling.loadTargets(deps);
      const catalogue = await sampling.characteristicCatalogue(deps);
      const sections = Object.entries(targets).map(([c, shares]) => ({
        label: catalogue[c]?.label ?? c,
        rows: Object.entries(shares).map(([k, v]) => [
          { text: catalogue[c]?.categories.get(k) ?? k },
          { text: k },
          { text: pct(v), format: 'numeric' },
        ]),
      }));
      return reply.render(
        'people/staff/targets.njk',
        { sections, demo, sources, canSet: policy.canSetTargets(user), ...extra },
        status,
      );
    }

    scope.get('/staff/people/targets', { preHandler: requireStaff }, async (request, reply) =>
      renderTargets(reply, request.user!),
    );

    scope.post('/staff/people/targets', { preHandler: guard(policy.canSetTargets) }, async (request, reply) => {
      const body = formBody(request.body);
      const source = typeof body.source === 'string' ? body.source.trim() : '';
      const file = uploaded(request);
      const errors: GovukErrors = { list: [], fields: {} };
      if (!source) {
        errors.fields.source = { text: 'Enter where the figures come from, like “ONS Census 2021, TS007A”' };
        errors.list.push({ text: errors.fields.source.text, href: '#source' });
      } else if (source.length > 200) {
        errors.fields.source = { text: 'Source must be 200 characters or fewer' };
        errors.list.push({ text: errors.fields.source.text, href: '#source' });
      }
      if (!file.csv) {
        errors.fields.file = { text: file.error! };
        errors.list.push({ text: file.error!, href: '#file' });
      }
      if (errors.list.length) return renderTargets(reply, request.user!, { errors, values: { source } }, 422);
      const parsed = await sampling.parseTargets(deps, file.csv!);
      if (parsed.errors.length || !parsed.rows.length) {
        const problems = parsed.errors.length
          ? parsed.errors.slice(0, 20).map((e) => e.message)
          : ['The file has no rows we can use'];
        return renderTargets(
          reply,
          request.user!,
          {
            errors: {
              list: problems.map((text) => ({ text, href: '#file' })),
              fields: { file: { text: problems[0]! } },
            },
            values: { source },
          },
          422,
        );
      }
      await sampling.importTargets(deps, actorOf(request), parsed, source);
      flash(reply, `Targets imported: ${parsed.rows.length} rows`);
      return reply.redirect('/staff/people/targets', 303);
    });
  });
}
