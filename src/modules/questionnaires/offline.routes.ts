/**
 * Staff entry of offline responses (one long form per paper copy) and CSV bulk import (upload,
 * dry-run report, confirm). Multipart is registered in this scope only; its fields are attached
 * to the body as plain values, so the global CSRF check still finds _csrf.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff } from '../../web/auth.ts';
import type { GovukErrors } from '../../web/errors.ts';
import { formatBytes, londonParts } from '../../web/format.ts';
import { flash } from '../../web/render.ts';
import { ABOUT_YOU_PAGE } from './about-you.ts';
import type { FieldError, FormBody } from './answer-parsing.ts';
import { conditionInWords } from './builder.view-model.ts';
import {
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  WARD_COLUMN,
  importQuestions,
  templateCsv,
  wardGuidance,
} from './offline-import.ts';
import { CHANNELS, idempotencyKeyOf, londonDay } from './offline.schema.ts';
import {
  checkImport,
  enterResponse,
  importResponses,
  newEntryKey,
  openEntry,
  type EntryTarget,
  type ImportCheck,
  type Problem,
  WARD_FIELD,
} from './offline.service.ts';
import { PUBLICATION_CONSENTS, RESPONDENT_TYPES, formFields } from './responding.schema.ts';
import { questionItems } from './responding.view-model.ts';
import { asksWard, NOT_IN_WARDS, withNotInWards } from './responding.steps.ts';

type Req = FastifyRequest<{ Params: { id: string } }>;
interface Upload {
  bytes: Buffer;
  filename: string;
  tooLarge: boolean;
}

const BASE = '/staff/consultations/:id/responses';
const SUMMARY_ROWS = 20;
const uploads = new WeakMap<FastifyRequest, Upload>();
const base = (target: EntryTarget) => `/staff/consultations/${target.consultation.id}/responses`;

/** Problems as the error summary and the inline messages need them. */
function toErrors(problems: Problem[]): GovukErrors {
  const fields: GovukErrors['fields'] = {};
  for (const p of problems) fields[p.field] ??= { text: p.text };
  return { list: problems.map((p) => ({ text: p.text, href: `#${p.anchor}` })), fields };
}

export function offlineRoutes(app: FastifyInstance, deps: Deps) {
  void app.register(async (scope) => {
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      // The confirm form carries the checked file back, base64-encoded, in one hidden field.
      limits: {
        fileSize: MAX_IMPORT_BYTES,
        fieldSize: Math.ceil((MAX_IMPORT_BYTES * 4) / 3) + 1024,
        files: 1,
        fields: 6,
        parts: 7,
      },
      async onFile(part) {
        const bytes = await part.toBuffer();
        uploads.set(this, { filename: part.filename, bytes, tooLarge: part.file.truncated });
      },
    });

    /** The entry target, or the refusal already sent: 404 for what this user may not see, 403 for what they may not do. */
    async function entry(request: Req, reply: FastifyReply): Promise<EntryTarget | null> {
      const access = await openEntry(deps, request.user!, request.params.id);
      if (access.ok) return access.target;
      if (access.reason === 'not_found') await notFound(reply);
      else if (access.reason === 'forbidden') await forbidden(reply);
      else if ('consultation' in access)
        await reply.render(
          'questionnaires/offline/unavailable.njk',
          { consultation: access.consultation, reason: access.reason },
          403,
        );
      return null;
    }

    // ----- one response at a time

    function renderEntry(reply: FastifyReply, target: EntryTarget, key: string, body: FormBody, problems?: Problem[]) {
      const questionErrors: FieldError[] = (problems ?? []).map((p) => ({
        key: p.field,
        anchor: p.anchor,
        text: p.text,
      }));
      const source = problems ? { body, errors: questionErrors } : { answers: {} };
      const pages = target.definition.pages.map((page) => ({
        title: page.title,
        conditionText: conditionInWords(page.condition, target.definition, target.wards),
        items: questionItems(page.questions, source, target.wards).map((item) => ({
          ...item,
          conditionText: conditionInWords(item.question.condition, target.definition, target.wards),
        })),
      }));
      const aboutYou = target.questionnaire.includeAboutYou
        ? questionItems(ABOUT_YOU_PAGE.questions, source, target.wards)
        : [];
      const today = londonParts(target.window.now);
      // Paper copies usually arrive the day they are typed in; after the close the officer must say when.
      const closed = target.window.closesAt !== null && target.window.closesAt <= target.window.now;
      const values = problems
        ? body
        : closed
          ? {}
          : { 'receivedOn-day': today.day, 'receivedOn-month': today.month, 'receivedOn-year': today.year };
      return reply.render(
        'questionnaires/offline/entry.njk',
        {
          consultation: target.consultation,
          action: `${base(target)}/new`,
          importUrl: `${base(target)}/import`,
          key,
          closed,
          channels: CHANNELS,
          respondentTypes: RESPONDENT_TYPES,
          publicationConsents: PUBLICATION_CONSENTS,
          askRespondentType: target.questionnaire.askRespondentType,
          askPublicationConsent: target.questionnaire.askPublicationConsent,
          pages,
          aboutYou,
          // Asked only when the postcode is not in the lookup, as the online journey's ward step is.
          wardFallback:
            target.definition.pages.some((p) => p.questions.some((q) => q.type === 'postcode')) &&
            !asksWard(target.definition)
              ? withNotInWards(target.wards).map((w) => ({
                  value: w.value,
                  text: w.value === NOT_IN_WARDS ? 'Not in the borough, or not known' : w.label,
                  selected: body[WARD_FIELD] === w.value,
                }))
              : null,
          values,
          errors: problems ? toErrors(problems) : undefined,
        },
        problems ? 422 : 200,
      );
    }

    scope.get<{ Params: { id: string } }>(`${BASE}/new`, { preHandler: requireStaff }, async (request, reply) => {
      const target = await entry(request, reply);
      if (!target) return reply;
      return renderEntry(reply, target, newEntryKey(), {});
    });

    scope.post<{ Params: { id: string } }>(`${BASE}/new`, { preHandler: requireStaff }, async (request, reply) => {
      const target = await entry(request, reply);
      if (!target) return reply;
      const raw = (request.body ?? {}) as Record<string, unknown>;
      // A form without our key (tampered, or from an old page) still stores at most once for this post.
      const key = idempotencyKeyOf(raw) ?? newEntryKey();
      const body = formFields(raw);
      const outcome = await enterResponse(deps, actorOf(request), target, body, key);
      if (!outcome.ok) return renderEntry(reply, target, key, body, outcome.problems);
      flash(
        reply,
        outcome.duplicate
          ? `Response ${outcome.reference} was already saved. You can enter the next response`
          : `Response saved with reference ${outcome.reference}. You can enter the next response`,
      );
      return reply.redirect(`${base(target)}/new`, 303);
    });

    // ----- CSV import

    const renderUpload = (reply: FastifyReply, target: EntryTarget, errors?: GovukErrors) =>
      reply.render(
        'questionnaires/offline/import.njk',
        {
          consultation: target.consultation,
          action: `${base(target)}/import`,
          templateUrl: `${base(target)}/import/template.csv`,
          entryUrl: `${base(target)}/new`,
          maxSize: formatBytes(MAX_IMPORT_BYTES),
          maxRows: MAX_IMPORT_ROWS.toLocaleString('en-GB'),
          wardColumn: WARD_COLUMN,
          wardGuidance: wardGuidance(importQuestions(target.definition, target.questionnaire.includeAboutYou)),
          errors,
        },
        errors ? 422 : 200,
      );

    function renderReport(
      reply: FastifyReply,
      target: EntryTarget,
      check: Extract<ImportCheck, { ok: true }>,
      text: string,
    ) {
      const invalid = check.invalid.length > 0;
      // The summary names the first rows; the table below lists them all.
      const shown = check.invalid.slice(0, SUMMARY_ROWS).map((row) => ({
        text: `Line ${row.line}: ${row.problems.join('; ')}`,
        href: `#line-${row.line}`,
      }));
      const more = check.invalid.length - shown.length;
      if (more > 0) shown.push({ text: `And ${more} more rows with problems`, href: '#rows-with-problems' });
      const errors: GovukErrors | undefined = invalid ? { list: shown, fields: {} } : undefined;
      return reply.render(
        'questionnaires/offline/report.njk',
        {
          consultation: target.consultation,
          check,
          errors,
          uploadAction: `${base(target)}/import`,
          confirmAction: `${base(target)}/import/confirm`,
          csv: Buffer.from(text, 'utf8').toString('base64'),
          batch: randomUUID(),
          maxSize: formatBytes(MAX_IMPORT_BYTES),
        },
        invalid ? 422 : 200,
      );
    }

    const fileError = (text: string): GovukErrors => ({ list: [{ text, href: '#file' }], fields: { file: { text } } });

    scope.get<{ Params: { id: string } }>(`${BASE}/import`, { preHandler: requireStaff }, async (request, reply) => {
      const target = await entry(request, reply);
      if (!target) return reply;
      return renderUpload(reply, target);
    });

    scope.get<{ Params: { id: string } }>(
      `${BASE}/import/template.csv`,
      { preHandler: requireStaff },
      async (request, reply) => {
        const target = await entry(request, reply);
        if (!target) return reply;
        const today = londonDay(target.window.now);
        const close = target.window.closesAt ? londonDay(target.window.closesAt) : today;
        const questions = importQuestions(target.definition, target.questionnaire.includeAboutYou);
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="responses-template.csv"')
          .send(templateCsv(questions, target.wards, close < today ? close : today));
      },
    );

    scope.post<{ Params: { id: string } }>(`${BASE}/import`, { preHandler: requireStaff }, async (request, reply) => {
      const target = await entry(request, reply);
      if (!target) return reply;
      const upload = uploads.get(request);
      if (!upload || upload.bytes.length === 0) return renderUpload(reply, target, fileError('Select a CSV file'));
      if (upload.tooLarge)
        return renderUpload(
          reply,
          target,
          fileError(`The selected file must be smaller than ${formatBytes(MAX_IMPORT_BYTES)}`),
        );
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(upload.bytes);
      } catch {
        return renderUpload(reply, target, fileError('The selected file must be a CSV file saved as “CSV UTF-8”'));
      }
      const check = await checkImport(deps, target, text);
      if (!check.ok) {
        return renderUpload(reply, target, {
          list: check.messages.map((text) => ({ text, href: '#file' })),
          fields: { file: { text: check.messages[0]! } },
        });
      }
      return renderReport(reply, target, check, text);
    });

    scope.post<{ Params: { id: string } }>(
      `${BASE}/import/confirm`,
      { preHandler: requireStaff },
      async (request, reply) => {
        const target = await entry(request, reply);
        if (!target) return reply;
        const body = (request.body ?? {}) as Record<string, unknown>;
        const batch = typeof body.batch === 'string' && /^[0-9a-f-]{36}$/.test(body.batch) ? body.batch : undefined;
        const csv = typeof body.csv === 'string' ? Buffer.from(body.csv, 'base64').toString('utf8') : '';
        if (!batch || !csv) return renderUpload(reply, target, fileError('Upload the file again'));
        const outcome = await importResponses(deps, actorOf(request), target, csv, batch);
        if (outcome.ok) {
          flash(reply, `${outcome.count} ${outcome.count === 1 ? 'response' : 'responses'} imported`);
          return reply.redirect(`${base(target)}/import`, 303);
        }
        if (outcome.reason === 'already_imported') {
          flash(reply, 'This file was already imported: nothing more was stored');
          return reply.redirect(`${base(target)}/import`, 303);
        }
        const { check } = outcome;
        if (!check.ok)
          return renderUpload(reply, target, {
            list: check.messages.map((text) => ({ text, href: '#file' })),
            fields: {},
          });
        return renderReport(reply, target, check, csv);
      },
    );
  });
}
