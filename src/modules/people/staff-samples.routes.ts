/** Staff pages for representative samples: drawing one from a panel, its report, and inviting it. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, notFound } from '../../web/auth.ts';
import { singleError, toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { formBody, listValue, textValues } from './form.ts';
import { drawSchema, inviteSchema } from './people.schema.ts';
import * as sampling from './sampling.service.ts';
import { panelOr404, partnership, pct, points } from './staff-route-helpers.ts';
import * as staff from './staff.service.ts';

export function sampleRoutes(app: FastifyInstance, deps: Deps) {
  async function renderDraw(
    reply: FastifyReply,
    panel: { id: string; slug: string; name: string },
    values: Record<string, unknown>,
    errors?: GovukErrors,
  ) {
    const { targets, demo } = await sampling.loadTargets(deps);
    const catalogue = await sampling.characteristicCatalogue(deps);
    const chosen = Array.isArray(values.characteristics) ? (values.characteristics as string[]) : [];
    return reply.render(
      'people/staff/sample-new.njk',
      {
        panel,
        values,
        errors,
        demo,
        characteristicItems: Object.keys(targets).map((c) => ({
          value: c,
          text: catalogue[c]?.label ?? c,
          checked: chosen.includes(c),
        })),
      },
      errors ? 422 : 200,
    );
  }

  app.get<{ Params: { slug: string } }>(
    '/staff/people/panels/:slug/samples/new',
    { preHandler: partnership },
    async (request, reply) => {
      const panel = await panelOr404(deps, request.params.slug, reply);
      if (!panel) return reply;
      const { targets } = await sampling.loadTargets(deps);
      return renderDraw(reply, panel, {
        size: '100',
        excludeDays: '90',
        seed: '',
        characteristics: Object.keys(targets),
      });
    },
  );

  app.post<{ Params: { slug: string } }>(
    '/staff/people/panels/:slug/samples/new',
    { preHandler: partnership },
    async (request, reply) => {
      const panel = await panelOr404(deps, request.params.slug, reply);
      if (!panel) return reply;
      const body = formBody(request.body);
      const values = {
        ...textValues(body, ['size', 'excludeDays', 'seed']),
        characteristics: listValue(body, 'characteristics'),
      };
      const { targets } = await sampling.loadTargets(deps);
      const parsed = drawSchema(Object.keys(targets)).safeParse(body);
      if (!parsed.success)
        return renderDraw(reply, panel, values, toGovukErrors(parsed.error, { characteristics: 'characteristics' }));
      const outcome = await sampling.drawPanelSample(deps, actorOf(request), panel.id, parsed.data);
      if (!outcome.ok) {
        const message =
          outcome.reason === 'no-targets'
            ? 'Import population targets before drawing a sample'
            : 'The panel has no active members who can be chosen';
        return renderDraw(reply, panel, values, singleError('size', message));
      }
      return reply.redirect(`/staff/people/samples/${outcome.sampleId}`, 303);
    },
  );

  async function renderSample(
    request: FastifyRequest<{ Params: { id: string } }>,
    reply: FastifyReply,
    values: Record<string, string> = {},
    errors?: GovukErrors,
  ) {
    const sample = await sampling.findSample(deps, request.params.id);
    if (!sample) return notFound(reply);
    const report = await sampling.sampleReport(deps, sample.id);
    if (!report) return notFound(reply);
    const panel = (await staff.panelsOverview(deps)).find((p) => p.id === sample.panelId);
    const questionnaires = await sampling.invitableQuestionnaires(deps);
    return reply.render(
      'people/staff/sample.njk',
      {
        report,
        panel,
        values,
        errors,
        limit: deps.config.people,
        worst: points(report.worst).replace('+', ''),
        deviationRows: report.deviations.map((d) => [
          { text: d.characteristicLabel },
          { text: d.label },
          { text: pct(d.target), format: 'numeric' },
          { text: `${pct(d.achieved)} (${d.count})`, format: 'numeric' },
          { text: points(d.achieved - d.target), format: 'numeric' },
        ]),
        questionnaireItems: [
          { value: '', text: 'Select a consultation' },
          ...questionnaires.map((q) => ({ value: q.id, text: q.title, selected: values.questionnaire === q.id })),
        ],
        purposeItems: [
          {
            value: 'consultation',
            text: 'A consultation (a private link to its questionnaire)',
            checked: values.purpose === 'consultation',
          },
          { value: 'focus_group', text: 'A focus group', checked: values.purpose === 'focus_group' },
        ],
      },
      errors ? 422 : 200,
    );
  }

  app.get<{ Params: { id: string } }>(
    '/staff/people/samples/:id',
    { preHandler: partnership },
    async (request, reply) => renderSample(request, reply),
  );

  app.post<{ Params: { id: string } }>(
    '/staff/people/samples/:id/invite',
    { preHandler: partnership },
    async (request, reply) => {
      const sample = await sampling.findSample(deps, request.params.id);
      if (!sample) return notFound(reply);
      const body = formBody(request.body);
      const values = textValues(body, ['purpose', 'questionnaire', 'focusGroup']);
      const questionnaires = await sampling.invitableQuestionnaires(deps);
      const parsed = inviteSchema(questionnaires.map((q) => q.id)).safeParse(body);
      if (!parsed.success)
        return renderSample(request, reply, values, toGovukErrors(parsed.error, { purpose: 'purpose' }));
      const outcome = await sampling.inviteSample(deps, actorOf(request), sample.id, parsed.data);
      if (!outcome.ok) {
        if (outcome.reason === 'already-invited') flash(reply, 'This sample has already been invited');
        else return notFound(reply);
      } else flash(reply, `${outcome.invited} invited; ${outcome.skipped} not invited (see the reasons below)`);
      return reply.redirect(`/staff/people/samples/${sample.id}`, 303);
    },
  );
}
