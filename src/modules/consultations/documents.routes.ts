/**
 * Document upload (multipart, only in this scope) and download. CSRF still applies: the fields
 * are attached to the body as plain values, so the global check finds _csrf where it always does.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff } from '../../web/auth.ts';
import { singleError, toGovukErrors } from '../../web/errors.ts';
import { formatBytes } from '../../web/format.ts';
import { flash } from '../../web/render.ts';
import { canEdit } from './consultations.policy.ts';
import { documentTitleSchema } from './consultations.schema.ts';
import * as service from './consultations.service.ts';
import { documentUrl, WRONG_TYPE_MESSAGE } from './document-types.ts';
import { addDocument, findDownload, removeDocument, type Upload } from './documents.service.ts';
import { labels } from './consultations.view-model.ts';

type Params = { id: string };

const uploads = new WeakMap<FastifyRequest, Upload>();

export async function documentsRoutes(app: FastifyInstance, deps: Deps) {
  await app.register(async (scope) => {
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: deps.config.uploadMaxBytes, files: 1, fields: 10, parts: 12 },
      async onFile(part) {
        const bytes = await part.toBuffer();
        uploads.set(this, { filename: part.filename, bytes, tooLarge: part.file.truncated });
      },
    });

    async function editable(request: FastifyRequest<{ Params: Params }>) {
      const found = await service.findReadable(deps, request.user!, request.params.id);
      return found ? { ...found, editable: canEdit(request.user!, found.consultation) } : undefined;
    }

    async function page(id: string) {
      const details = await service.loadDetails(deps, id);
      return details.documents;
    }

    scope.get<{ Params: Params }>(
      '/staff/consultations/:id/documents',
      { preHandler: requireStaff },
      async (request, reply) => {
        const found = await editable(request);
        if (!found) return notFound(reply);
        const c = found.consultation;
        const documents = (await page(c.id)).map((d) => ({ ...d, url: documentUrl(c.slug, d.id, d.filename) }));
        return reply.render('consultations/staff/documents.njk', {
          c,
          documents,
          canEdit: found.editable,
          values: {},
          labels,
          maxSize: formatBytes(deps.config.uploadMaxBytes),
        });
      },
    );

    scope.post<{ Params: Params }>(
      '/staff/consultations/:id/documents',
      { preHandler: requireStaff },
      async (request, reply) => {
        const found = await editable(request);
        if (!found) return notFound(reply);
        if (!found.editable) return forbidden(reply);
        const c = found.consultation;
        const body = (request.body ?? {}) as Record<string, unknown>;
        const title = typeof body.title === 'string' ? body.title : '';
        const rerender = async (errors: unknown) => {
          const documents = (await page(c.id)).map((d) => ({ ...d, url: documentUrl(c.slug, d.id, d.filename) }));
          return reply.render(
            'consultations/staff/documents.njk',
            {
              c,
              documents,
              canEdit: true,
              values: { title },
              errors,
              labels,
              maxSize: formatBytes(deps.config.uploadMaxBytes),
            },
            422,
          );
        };
        const parsed = documentTitleSchema.safeParse({ title });
        const upload = uploads.get(request);
        if (!parsed.success) return rerender(toGovukErrors(parsed.error));
        if (!upload || (upload.filename === '' && upload.bytes.length === 0))
          return rerender(singleError('file', 'Select a file'));
        const outcome = await addDocument(deps, actorOf(request), request.user!, c.id, parsed.data.title, upload);
        if (!outcome.ok) {
          const message = {
            'too-large': `The selected file must be smaller than ${formatBytes(deps.config.uploadMaxBytes)}`,
            empty: 'The selected file is empty',
            'wrong-type': WRONG_TYPE_MESSAGE,
            'not-editable': 'Documents can only be changed while the consultation is a draft',
          }[outcome.reason];
          return rerender(singleError('file', message));
        }
        flash(reply, `Document added: ${outcome.document.title}`);
        return reply.redirect(`/staff/consultations/${c.id}/documents`, 303);
      },
    );

    scope.post<{ Params: Params & { documentId: string } }>(
      '/staff/consultations/:id/documents/:documentId/remove',
      { preHandler: requireStaff },
      async (request, reply) => {
        const found = await editable(request);
        if (!found) return notFound(reply);
        if (!found.editable) return forbidden(reply);
        const outcome = await removeDocument(
          deps,
          actorOf(request),
          request.user!,
          found.consultation.id,
          request.params.documentId,
        );
        if (!outcome.ok) return notFound(reply);
        flash(reply, `Document removed: ${outcome.document.title}`);
        return reply.redirect(`/staff/consultations/${found.consultation.id}/documents`, 303);
      },
    );
  });

  app.get<{ Params: { slug: string; documentId: string; filename: string } }>(
    '/consultations/:slug/documents/:documentId/:filename',
    async (request, reply) => {
      const found = await findDownload(deps, request.user, request.params.slug, request.params.documentId);
      if (!found) return notFound(reply);
      const { document, bytes } = found;
      // Images may show inline; everything else downloads, and nothing is sniffed as HTML.
      const disposition =
        document.contentType.startsWith('image/') || document.contentType === 'application/pdf'
          ? 'inline'
          : 'attachment';
      return reply
        .header('Content-Type', document.contentType)
        .header('Content-Disposition', `${disposition}; filename="${document.filename}"`)
        .header('X-Content-Type-Options', 'nosniff')
        .header('Cache-Control', 'private, max-age=300')
        .send(bytes);
    },
  );
}
