/** HTTP for community intelligence: the list and trends, record, change, import, rising issues. */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff, type CurrentUser } from '../../web/auth.ts';
import { toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { IMPORT_COLUMNS, MAX_IMPORT_ROWS, type ImportCheck } from './intelligence.import.ts';
import { findPersonalDetails } from './intelligence.personal.ts';
import * as repo from './intelligence.repository.ts';
import { RISING_MIN_RECENT } from './intelligence.rising.ts';
import { ITEM_ANCHORS, itemSchema, itemValuesOf, many, one, type FormValues } from './intelligence.schema.ts';
import {
  changeIntelligence,
  checkExtract,
  importExtract,
  listRising,
  recordIntelligence,
  topicTrend,
} from './intelligence.service.ts';
import { monthlyColumns } from './wards.charts.ts';
import { CHANNELS, SENTIMENTS, londonDate, monthLabel, type Channel } from './wards.catalogue.ts';
import * as policy from './wards.policy.ts';
import { listOrganisations, listWardNames, TOPICS } from './wards.deps.ts';
import { UUID } from './wards.routes.ts';

const staff = (request: FastifyRequest) => request.user as CurrentUser;
const body = (request: FastifyRequest) =>
  request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
const PAGE_SIZE = 50;
const MAX_IMPORT_BYTES = 2 * 1024 * 1024;
const IMPORT_CHANNELS: Channel[] = ['casework', 'complaint'];

interface Upload {
  bytes: Buffer;
  filename: string;
  tooLarge: boolean;
}
const uploads = new WeakMap<FastifyRequest, Upload>();

const radioItems = (entries: Record<string, string>, selected: string) =>
  Object.entries(entries).map(([value, text]) => ({ value, text, checked: value === selected }));
const selectItems = (items: { value: string; text: string }[], selected: string, none: string) => [
  { value: '', text: none, selected: selected === '' },
  ...items.map((i) => ({ ...i, selected: i.value === selected })),
];

export function intelligenceRoutes(app: FastifyInstance, deps: Deps) {
  async function formOptions() {
    const [wards, links] = await Promise.all([listWardNames(deps.db), repo.linkOptions(deps.db)]);
    return { wards, links };
  }

  async function formContext(values: FormValues, extra: Record<string, unknown> = {}) {
    const { wards, links } = await formOptions();
    const kept = await repo.linkTitles(deps.db, {
      activityId: one(values.activityId) || null,
      consultationId: one(values.consultationId) || null,
    });
    const consultations = [...links.consultations];
    if (kept.consultation && !consultations.some((c) => c.id === kept.consultation!.id))
      consultations.push(kept.consultation);
    const activities = links.activities.map((a) => ({ id: a.id, title: `${a.title} (${a.organisation_name})` }));
    if (kept.activity && !activities.some((a) => a.id === kept.activity!.id)) activities.push(kept.activity);
    const summary = one(values.summary);
    return {
      options: {
        wardCodes: new Set(wards.map((w) => w.code)),
        consultationIds: new Set(consultations.map((c) => c.id)),
        activityIds: new Set(activities.map((a) => a.id)),
        today: londonDate(deps.clock.now()),
      },
      view: {
        values,
        personal: summary ? findPersonalDetails(summary).length > 0 : false,
        channelItems: radioItems(CHANNELS, one(values.channel)),
        sentimentItems: radioItems(SENTIMENTS, one(values.sentiment)),
        topicItems: Object.entries(TOPICS).map(([value, text]) => ({
          value,
          text,
          checked: many(values.topics).includes(value),
        })),
        wardItems: selectItems(
          wards.map((w) => ({ value: w.code, text: w.name })),
          one(values.wardCode),
          'Whole borough, or not known',
        ),
        consultationItems: selectItems(
          consultations.map((c) => ({ value: c.id, text: c.title })),
          one(values.consultationId),
          'Not linked',
        ),
        activityItems: selectItems(
          activities.map((a) => ({ value: a.id, text: a.title })),
          one(values.activityId),
          'Not linked',
        ),
        ...extra,
      },
    };
  }

  function valuesOf(item: repo.ItemValues & { heardOn: string }): FormValues {
    const [year, month, day] = item.heardOn.split('-');
    return {
      channel: item.channel,
      wardCode: item.wardCode ?? '',
      topics: item.topics ?? [],
      summary: item.summary,
      sentiment: item.sentiment,
      needsAction: item.needsAction ? 'yes' : 'no',
      actionBy: item.actionBy ?? '',
      'heardOn-day': String(Number(day)),
      'heardOn-month': String(Number(month)),
      'heardOn-year': year!,
      consultationId: item.consultationId ?? '',
      activityId: item.activityId ?? '',
    };
  }

  // ----- list and trends

  app.get('/staff/intelligence', { preHandler: requireStaff }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const [wards, organisations] = await Promise.all([listWardNames(deps.db), listOrganisations(deps.db)]);
    const ward = one(query.ward) === 'borough' ? 'borough' : wards.find((w) => w.code === one(query.ward))?.code;
    const topic = one(query.topic) in TOPICS ? one(query.topic) : undefined;
    const organisation = organisations.find((o) => o.slug === one(query.organisation));
    const channel = one(query.channel) in CHANNELS ? one(query.channel) : undefined;
    const needsAction = one(query.needsAction) === 'yes';
    const page = Math.max(1, Math.min(1000, Number(one(query.page)) || 1));
    const filter: repo.ItemFilter = { wardCode: ward, topic, organisationId: organisation?.id, channel, needsAction };
    const [list, trend] = await Promise.all([
      repo.listItems(deps.db, filter, PAGE_SIZE, (page - 1) * PAGE_SIZE),
      topicTrend(deps, filter, 12, 8),
    ]);
    const wardNames = new Map(wards.map((w) => [w.code, w.name]));
    const params = new URLSearchParams();
    if (ward) params.set('ward', ward);
    if (topic) params.set('topic', topic);
    if (organisation) params.set('organisation', organisation.slug);
    if (channel) params.set('channel', channel);
    if (needsAction) params.set('needsAction', 'yes');
    const pageHref = (p: number) => `?${new URLSearchParams([...params, ['page', String(p)]])}`;
    const pageCount = Math.max(1, Math.ceil(list.total / PAGE_SIZE));
    const where = ward === 'borough' ? 'the whole borough' : ward ? wardNames.get(ward)! : 'every ward';
    const user = staff(request);
    return reply.render('wards/intelligence-list.njk', {
      items: list.items.map((i) => ({
        ...i,
        wardName: i.ward_code ? (wardNames.get(i.ward_code) ?? i.ward_code) : 'Whole borough',
        channelLabel: CHANNELS[i.channel as Channel] ?? i.channel,
        topicLabels: i.topics.map((t) => (TOPICS as Record<string, string>)[t] ?? t).join(', '),
      })),
      total: list.total,
      page,
      pagination: {
        previous: page > 1 ? { href: pageHref(page - 1) } : undefined,
        next: page < pageCount ? { href: pageHref(page + 1) } : undefined,
      },
      pageCount,
      trend,
      monthLabels: trend.months.map(monthLabel),
      chart: monthlyColumns(trend.months, trend.totals, {
        id: 'trend-chart',
        title: `Items heard in ${where}${topic ? ` about ${(TOPICS as Record<string, string>)[topic]}` : ''}, by month`,
      }),
      where,
      filters: {
        wardItems: [
          { value: '', text: 'All wards', selected: !ward },
          { value: 'borough', text: 'Whole borough (no ward)', selected: ward === 'borough' },
          ...wards.map((w) => ({ value: w.code, text: w.name, selected: w.code === ward })),
        ],
        topicItems: selectItems(
          Object.entries(TOPICS).map(([value, text]) => ({ value, text })),
          topic ?? '',
          'All topics',
        ),
        organisationItems: selectItems(
          organisations.map((o) => ({ value: o.slug, text: o.name })),
          organisation?.slug ?? '',
          'All organisations',
        ),
        channelItems: selectItems(
          Object.entries(CHANNELS).map(([value, text]) => ({ value, text })),
          channel ?? '',
          'All channels',
        ),
        needsAction,
      },
      canRecord: policy.canRecordIntelligence(user),
      canImport: policy.canImportIntelligence(user),
      canSeeRising: policy.canSeeRising(user),
      risingCount: policy.canSeeRising(user) ? (await listRising(deps)).length : 0,
    });
  });

  app.get('/staff/intelligence/rising', { preHandler: requireStaff }, async (request, reply) => {
    if (!policy.canSeeRising(staff(request))) return forbidden(reply);
    return reply.render('wards/rising.njk', { rising: await listRising(deps), minRecent: RISING_MIN_RECENT });
  });

  // ----- record and change

  const FORM = 'wards/intelligence-form.njk';

  app.get('/staff/intelligence/new', { preHandler: requireStaff }, async (request, reply) => {
    if (!policy.canRecordIntelligence(staff(request))) return forbidden(reply);
    const today = londonDate(deps.clock.now()).split('-');
    const ward = one((request.query as Record<string, unknown>).ward);
    const { view } = await formContext({
      wardCode: ward,
      'heardOn-day': String(Number(today[2])),
      'heardOn-month': String(Number(today[1])),
      'heardOn-year': today[0]!,
    });
    return reply.render(FORM, { ...view, isNew: true });
  });

  app.post('/staff/intelligence/new', { preHandler: requireStaff }, async (request, reply) => {
    const user = staff(request);
    if (!policy.canRecordIntelligence(user)) return forbidden(reply);
    const values = itemValuesOf(body(request));
    const { options, view } = await formContext(values, { isNew: true });
    const parsed = itemSchema(options).safeParse(values);
    if (!parsed.success) return reply.render(FORM, { ...view, errors: toGovukErrors(parsed.error, ITEM_ANCHORS) }, 422);
    const outcome = await recordIntelligence(deps, user, actorOf(request), parsed.data);
    flash(reply, 'What you heard has been recorded');
    return reply.redirect(
      parsed.data.wardCode
        ? `/staff/intelligence?ward=${parsed.data.wardCode}#trend`
        : `/staff/intelligence/${outcome.item.id}`,
      303,
    );
  });

  async function loadItem(request: FastifyRequest, reply: FastifyReply) {
    const { id } = request.params as { id: string };
    const found = UUID.test(id) ? await repo.findItem(deps.db, id) : undefined;
    if (!found) return void notFound(reply);
    return found;
  }

  app.get('/staff/intelligence/:id', { preHandler: requireStaff }, async (request, reply) => {
    const found = await loadItem(request, reply);
    if (!found) return reply;
    const [wards, links] = await Promise.all([
      listWardNames(deps.db),
      repo.linkTitles(deps.db, { activityId: found.item.activityId, consultationId: found.item.consultationId }),
    ]);
    return reply.render('wards/intelligence-item.njk', {
      ...found,
      wardName: found.item.wardCode
        ? (wards.find((w) => w.code === found.item.wardCode)?.name ?? found.item.wardCode)
        : 'Whole borough',
      channelLabel: CHANNELS[found.item.channel as Channel],
      sentimentLabel: SENTIMENTS[found.item.sentiment as keyof typeof SENTIMENTS],
      topicLabels: found.item.topics.map((t) => (TOPICS as Record<string, string>)[t] ?? t),
      links,
      canEdit: policy.canEditIntelligence(staff(request), found.item),
    });
  });

  app.get('/staff/intelligence/:id/edit', { preHandler: requireStaff }, async (request, reply) => {
    const found = await loadItem(request, reply);
    if (!found) return reply;
    if (!policy.canEditIntelligence(staff(request), found.item)) return forbidden(reply);
    const { view } = await formContext(valuesOf(found.item), { itemId: found.item.id });
    return reply.render(FORM, view);
  });

  app.post('/staff/intelligence/:id/edit', { preHandler: requireStaff }, async (request, reply) => {
    const found = await loadItem(request, reply);
    if (!found) return reply;
    const user = staff(request);
    if (!policy.canEditIntelligence(user, found.item)) return forbidden(reply);
    const values = itemValuesOf(body(request));
    const { options, view } = await formContext(values, { itemId: found.item.id });
    const parsed = itemSchema(options).safeParse(values);
    if (!parsed.success) return reply.render(FORM, { ...view, errors: toGovukErrors(parsed.error, ITEM_ANCHORS) }, 422);
    const outcome = await changeIntelligence(deps, user, actorOf(request), found.item.id, parsed.data);
    if (!outcome.ok) return outcome.reason === 'forbidden' ? forbidden(reply) : notFound(reply);
    flash(reply, 'Changes saved');
    return reply.redirect(`/staff/intelligence/${found.item.id}`, 303);
  });

  // ----- CSV import of casework and complaints extracts

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

    const renderUpload = (reply: FastifyReply, channel: string, errors?: GovukErrors) =>
      reply.render(
        'wards/intelligence-import.njk',
        {
          channelItems: IMPORT_CHANNELS.map((c) => ({ value: c, text: CHANNELS[c], checked: c === channel })),
          columns: IMPORT_COLUMNS,
          maxRows: MAX_IMPORT_ROWS.toLocaleString('en-GB'),
          errors,
        },
        errors ? 422 : 200,
      );

    const renderReport = (reply: FastifyReply, channel: Channel, check: ImportCheck, text: string, fileName: string) =>
      reply.render('wards/intelligence-import-report.njk', {
        check,
        channel,
        channelLabel: CHANNELS[channel],
        fileName,
        csv: Buffer.from(text, 'utf8').toString('base64'),
        problems: check.problems.slice(0, 200),
        moreProblems: Math.max(0, check.problems.length - 200),
      });

    const fileError = (text: string): GovukErrors => ({ list: [{ text, href: '#file' }], fields: { file: { text } } });
    const channelError: GovukErrors = {
      list: [{ text: 'Select what the extract is', href: '#channel' }],
      fields: { channel: { text: 'Select what the extract is' } },
    };

    scope.get('/staff/intelligence/import', { preHandler: requireStaff }, async (request, reply) => {
      if (!policy.canImportIntelligence(staff(request))) return forbidden(reply);
      return renderUpload(reply, '');
    });

    scope.post('/staff/intelligence/import', { preHandler: requireStaff }, async (request, reply) => {
      const user = staff(request);
      if (!policy.canImportIntelligence(user)) return forbidden(reply);
      const channel = one(body(request).channel);
      if (!IMPORT_CHANNELS.includes(channel as Channel)) return renderUpload(reply, '', channelError);
      const upload = uploads.get(request);
      if (!upload || upload.bytes.length === 0) return renderUpload(reply, channel, fileError('Select a CSV file'));
      if (upload.tooLarge) return renderUpload(reply, channel, fileError('The file must be smaller than 2 MB'));
      const text = upload.bytes.toString('utf8');
      const check = await checkExtract(deps, user, channel as Channel, text);
      if (check.fileProblem) return renderUpload(reply, channel, fileError(check.fileProblem));
      return renderReport(reply, channel as Channel, check, text, upload.filename);
    });

    scope.post('/staff/intelligence/import/confirm', { preHandler: requireStaff }, async (request, reply) => {
      const user = staff(request);
      if (!policy.canImportIntelligence(user)) return forbidden(reply);
      const channel = one(body(request).channel);
      if (!IMPORT_CHANNELS.includes(channel as Channel)) return renderUpload(reply, '', channelError);
      const text = Buffer.from(one(body(request).csv), 'base64').toString('utf8');
      const fileName = one(body(request).fileName).slice(0, 200);
      const outcome = await importExtract(deps, user, actorOf(request), channel as Channel, text, fileName);
      if (!outcome.ok) return renderUpload(reply, channel, fileError(outcome.check.fileProblem ?? 'Select a CSV file'));
      flash(
        reply,
        `${outcome.imported} ${outcome.imported === 1 ? 'case' : 'cases'} imported; ${outcome.skippedAsDuplicates} already imported or repeated, ${outcome.check.problems.length} with problems not imported`,
      );
      return reply.redirect('/staff/intelligence', 303);
    });
  });
}
