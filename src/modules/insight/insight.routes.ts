/** Staff pages for insight: theme analysis and coding, campaigns, who has been heard, the equality report. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff } from '../../web/auth.ts';
import { toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import type { Consultation } from '../consultations/index.ts';
import { canWriteFeedback } from '../feedback/index.ts';
import * as campaigns from './campaigns.service.ts';
import { CHARACTERISTICS, equalityReport, OVER, UNDER, whoHasBeenHeard } from './heard.service.ts';
import { acceptSchema, countingSchema, csvCell, decisionSchema, formValues, isUuid } from './insight.schema.ts';
import * as insight from './insight.service.ts';
import { findCluster } from './insight.repository.ts';
import { canWorkInsight } from './insight.policy.ts';
import { K_MAX, K_MIN, K_PENALTY } from './engine/kmeans.ts';
import { FIT_SAMPLE } from './engine/themes.ts';

type Params = { id: string; key?: string; clusterId?: string; campaignId?: string };
const STANCE_LABELS: Record<string, string> = { supports: 'Supports', opposes: 'Opposes', mixed: 'Mixed' };

export function insightRoutes(app: FastifyInstance, deps: Deps) {
  const staff = { preHandler: requireStaff };
  const base = (c: { id: string }) => `/staff/consultations/${c.id}/insight`;

  async function load(request: FastifyRequest, reply: FastifyReply): Promise<Consultation | null> {
    const { id } = request.params as Params;
    if (!isUuid(id)) {
      await notFound(reply);
      return null;
    }
    const found = await insight.consultationForInsight(deps, request.user!, id);
    if (!found.ok) {
      await notFound(reply);
      return null;
    }
    return found.consultation;
  }

  const outcomeReply = (reply: FastifyReply, reason: string) =>
    reason === 'not-found' || reason === 'bad-input' ? notFound(reply) : forbidden(reply);

  app.get('/staff/consultations/:id/insight', staff, async (request, reply) => {
    const c = await load(request, reply);
    if (!c) return;
    const [questions, found] = await Promise.all([insight.overview(deps, c.id), campaigns.campaignsView(deps, c.id)]);
    return reply.render('insight/overview.njk', {
      c,
      questions,
      campaignCount: found.filter((g) => g.kind !== 'exact').length,
      duplicateCount: found.filter((g) => g.kind === 'exact').length,
      canWork: canWorkInsight(request.user!, c),
    });
  });

  app.post('/staff/consultations/:id/insight/questions/:key/runs', staff, async (request, reply) => {
    const c = await load(request, reply);
    if (!c) return;
    const { key } = request.params as Params;
    const outcome = await insight.startAnalysis(deps, actorOf(request), request.user!, c.id, key!);
    if (!outcome.ok) return outcomeReply(reply, outcome.reason);
    return reply.redirect(`${base(c)}/questions/${encodeURIComponent(key!)}`, 303);
  });

  async function questionPage(
    request: FastifyRequest,
    reply: FastifyReply,
    c: Consultation,
    key: string,
    extra: { errors?: GovukErrors; errorCluster?: string; values?: Record<string, unknown> } = {},
    status = 200,
  ) {
    const view = await insight.questionView(deps, c, key);
    if (!view) return notFound(reply);
    const inProgress = view.latest && (view.latest.status === 'queued' || view.latest.status === 'running');
    return reply.render(
      'insight/question.njk',
      {
        c,
        view,
        inProgress,
        canWork: canWorkInsight(request.user!, c),
        canCode: canWorkInsight(request.user!, c) && canWriteFeedback(request.user!, c),
        stanceLabels: STANCE_LABELS,
        rule: { kMin: K_MIN, kMax: K_MAX, penalty: K_PENALTY, sample: FIT_SAMPLE },
        ...extra,
      },
      status,
    );
  }

  app.get('/staff/consultations/:id/insight/questions/:key', staff, async (request, reply) => {
    const c = await load(request, reply);
    if (!c) return;
    return questionPage(request, reply, c, (request.params as Params).key!);
  });

  app.get('/staff/consultations/:id/insight/questions/:key/progress.json', staff, async (request, reply) => {
    const c = await load(request, reply);
    if (!c) return;
    const view = await insight.questionView(deps, c, (request.params as Params).key!);
    if (!view) return notFound(reply);
    reply.header('cache-control', 'no-store');
    return {
      status: view.latest?.status ?? 'none',
      progress: view.latest?.progress ?? 0,
      stage: view.latest?.stage ?? '',
    };
  });

  async function loadCluster(request: FastifyRequest, reply: FastifyReply, c: Consultation) {
    const { clusterId } = request.params as Params;
    const cluster = isUuid(clusterId) ? await findCluster(deps.db, clusterId) : undefined;
    if (!cluster || cluster.consultationId !== c.id) {
      await notFound(reply);
      return null;
    }
    return cluster;
  }

  app.post('/staff/consultations/:id/insight/clusters/:clusterId/accept', staff, async (request, reply) => {
    const c = await load(request, reply);
    if (!c) return;
    const cluster = await loadCluster(request, reply, c);
    if (!cluster) return;
    const values = formValues(request.body);
    const parsed = acceptSchema.safeParse(values);
    if (!parsed.success) {
      const errors = toGovukErrors(parsed.error, { into: `title-${cluster.id}`, title: `title-${cluster.id}`, themeId: `themeId-${cluster.id}` });
      return questionPage(request, reply, c, cluster.questionKey, { errors, errorCluster: cluster.id, values }, 422);
    }
    const outcome = await insight.acceptTheme(deps, actorOf(request), request.user!, c.id, cluster.id, {
      title: parsed.data.into === 'new' ? parsed.data.title : '',
      themeId: parsed.data.into === 'existing' ? parsed.data.themeId : null,
    });
    if (!outcome.ok) return outcomeReply(reply, outcome.reason);
    flash(reply, parsed.data.into === 'new' ? `Theme added: ${outcome.value.title}` : `Merged into the theme: ${outcome.value.title}`);
    return reply.redirect(`${base(c)}/questions/${encodeURIComponent(cluster.questionKey)}#cluster-${cluster.id}`, 303);
  });

  app.post('/staff/consultations/:id/insight/clusters/:clusterId/split', staff, async (request, reply) => {
    const c = await load(request, reply);
    if (!c) return;
    const cluster = await loadCluster(request, reply, c);
    if (!cluster) return;
    const outcome = await insight.splitTheme(deps, actorOf(request), request.user!, c.id, cluster.id);
    if (!outcome.ok) {
      if (outcome.reason === 'too-small') {
        flash(reply, `“${cluster.label}” has too few different answers to split`);
        return reply.redirect(`${base(c)}/questions/${encodeURIComponent(cluster.questionKey)}`, 303);
      }
      return outcomeReply(reply, outcome.reason);
    }
    flash(reply, `Split into: ${outcome.value.labels.join('; ')}`);
    return reply.redirect(`${base(c)}/questions/${encodeURIComponent(cluster.questionKey)}`, 303);
  });

  async function codingPage(request: FastifyRequest, reply: FastifyReply, c: Consultation, errors?: GovukErrors, status = 200) {
    const cluster = await loadCluster(request, reply, c);
    if (!cluster) return;
    const raw = Number((request.query as { page?: string }).page ?? 1);
    const pages = Math.max(1, Math.ceil(cluster.answerCount / insight.CODING_PAGE_SIZE));
    const page = Number.isInteger(raw) && raw >= 1 ? Math.min(raw, pages) : 1;
    const answers = await insight.codingView(deps, cluster.id, cluster.questionKey, cluster.themeId, page);
    return reply.render(
      'insight/coding.njk',
      {
        c,
        cluster,
        answers,
        page,
        pages,
        errors,
        stanceLabels: STANCE_LABELS,
        canCode: canWorkInsight(request.user!, c) && canWriteFeedback(request.user!, c),
      },
      status,
    );
  }

  app.get('/staff/consultations/:id/insight/clusters/:clusterId', staff, async (request, reply) => {
    const c = await load(request, reply);
    return c && codingPage(request, reply, c);
  });

  app.post('/staff/consultations/:id/insight/clusters/:clusterId/answers', staff, async (request, reply) => {
    const c = await load(request, reply);
    if (!c) return;
    const values = formValues(request.body);
    const ids = values.responseIds;
    const parsed = decisionSchema.safeParse({ ...values, responseIds: typeof ids === 'string' ? [ids] : ids });
    if (!parsed.success) return codingPage(request, reply, c, toGovukErrors(parsed.error), 422);
    const { clusterId } = request.params as Params;
    const outcome = await insight.decideAnswers(deps, actorOf(request), request.user!, c.id, clusterId!, parsed.data);
    if (!outcome.ok) {
      if (outcome.reason === 'not-accepted') return forbidden(reply);
      return outcomeReply(reply, outcome.reason);
    }
    const n = outcome.value.count;
    flash(reply, `${n} ${n === 1 ? 'answer' : 'answers'} ${parsed.data.decision}`);
    const page = typeof values.page === 'string' && /^\d+$/.test(values.page) ? values.page : '1';
    return reply.redirect(`${base(c)}/clusters/${clusterId}?page=${page}`, 303);
  });

  // Campaigns

  app.get('/staff/consultations/:id/insight/campaigns', staff, async (request, reply) => {
    const c = await load(request, reply);
    if (!c) return;
    const found = await campaigns.campaignsView(deps, c.id);
    return reply.render('insight/campaigns.njk', {
      c,
      campaigns: found,
      kinds: campaigns.KIND_LABELS,
      counting: campaigns.COUNTING,
      canWork: canWorkInsight(request.user!, c),
    });
  });

  app.post('/staff/consultations/:id/insight/campaigns/check', staff, async (request, reply) => {
    const c = await load(request, reply);
    if (!c) return;
    const outcome = await campaigns.detectNow(deps, actorOf(request), request.user!, c.id);
    if (!outcome.ok) return outcomeReply(reply, outcome.reason);
    flash(reply, `Checked: ${outcome.groups} ${outcome.groups === 1 ? 'group' : 'groups'} found`);
    return reply.redirect(`${base(c)}/campaigns`, 303);
  });

  app.post('/staff/consultations/:id/insight/campaigns/:campaignId', staff, async (request, reply) => {
    const c = await load(request, reply);
    if (!c) return;
    const { campaignId } = request.params as Params;
    if (!isUuid(campaignId)) return notFound(reply);
    const parsed = countingSchema.safeParse(formValues(request.body));
    if (!parsed.success) {
      const found = await campaigns.campaignsView(deps, c.id);
      return reply.render(
        'insight/campaigns.njk',
        {
          c,
          campaigns: found,
          kinds: campaigns.KIND_LABELS,
          counting: campaigns.COUNTING,
          canWork: canWorkInsight(request.user!, c),
          errors: toGovukErrors(parsed.error, { counting: `counting-${campaignId}` }),
          errorCampaign: campaignId,
        },
        422,
      );
    }
    const outcome = await campaigns.setCounting(deps, actorOf(request), request.user!, c.id, campaignId, parsed.data.counting);
    if (!outcome.ok) return outcomeReply(reply, outcome.reason);
    flash(reply, `${campaigns.COUNTING[parsed.data.counting]}: ${outcome.label}`);
    return reply.redirect(`${base(c)}/campaigns`, 303);
  });

  // Who has been heard, and the equality evidence report

  app.get('/staff/consultations/:id/insight/heard', staff, async (request, reply) => {
    const c = await load(request, reply);
    if (!c) return;
    const heard = await whoHasBeenHeard(deps, c.id);
    return reply.render('insight/heard.njk', { c, heard, rule: { under: UNDER, over: Math.round(OVER * 100) / 100 } });
  });

  app.get('/staff/consultations/:id/insight/equality-report', staff, async (request, reply) => {
    const c = await load(request, reply);
    if (!c) return;
    const report = await equalityReport(deps, c.id);
    return reply.render('insight/equality-report.njk', { c, report, characteristics: CHARACTERISTICS });
  });

  app.get('/staff/consultations/:id/insight/equality-report.csv', staff, async (request, reply) => {
    const c = await load(request, reply);
    if (!c) return;
    const report = await equalityReport(deps, c.id);
    const lines = [
      ['Characteristic', 'Category', 'Respondents', 'Share of respondents', 'Share of residents', 'Themes raised most (people)'],
      ...report.sections.flatMap((s) =>
        s.rows.map((r) => [
          r.characteristic,
          r.category,
          r.respondents,
          r.share,
          r.residents,
          r.themes.map((t) => `${t.title} (${t.count})`).join('; '),
        ]),
      ),
    ];
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="equality-evidence-${c.slug}.csv"`);
    return lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n';
  });
}
