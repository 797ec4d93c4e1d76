/** HTTP for the engagement toolkit: the library of methods and the method picker (a GET form). */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { notFound, requireStaff } from '../../web/auth.ts';
import { toGovukErrors } from '../../web/errors.ts';
import { LADDER, LADDER_LABELS } from './plan.deps.ts';
import { many, one, pickerSchema } from './plan.schema.ts';
import { pickMethods } from './toolkit-picker.ts';
import { findMethod, listMethods } from './toolkit.repository.ts';
import { COST_BANDS, COST_LABELS, PURPOSES } from './toolkit.methods.ts';
import { audienceItems, audienceLabel, rungLabel, selectItems } from './plan.view-model.ts';

const methodView = (m: Awaited<ReturnType<typeof listMethods>>[number]) => ({
  ...m,
  costLabel: COST_LABELS[m.cost as keyof typeof COST_LABELS] ?? m.cost,
  rungLabels: m.rungs.map(rungLabel).join(', '),
  audienceLabels: m.audiences.map(audienceLabel).join(', '),
  purposeLabels: m.purposes.map((p) => PURPOSES[p as keyof typeof PURPOSES] ?? p).join('; '),
});

export function toolkitRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/staff/toolkit', { preHandler: requireStaff }, async (_request, reply) => {
    const methods = (await listMethods(deps.db)).map(methodView);
    return reply.render('plan/toolkit.njk', { methods });
  });

  app.get('/staff/toolkit/picker', { preHandler: requireStaff }, async (request, reply) => {
    const query = (request.query ?? {}) as Record<string, unknown>;
    const values = {
      purpose: one(query.purpose),
      rung: one(query.rung),
      audiences: many(query.audiences),
      weeks: one(query.weeks),
      budget: one(query.budget),
    };
    const context = {
      values,
      purposeItems: selectItems(
        Object.entries(PURPOSES).map(([value, text]) => ({ value, text })),
        values.purpose,
        'Choose a purpose',
      ),
      rungItems: selectItems(
        LADDER.map((value) => ({ value, text: LADDER_LABELS[value].label })),
        values.rung,
        'Any rung',
      ),
      budgetItems: selectItems(
        COST_BANDS.map((value) => ({ value, text: COST_LABELS[value] })),
        values.budget,
        'Any budget',
      ),
      audienceItems: audienceItems(values.audiences),
    };
    const asked = Object.keys(query).length > 0;
    const parsed = pickerSchema.safeParse(query);
    if (!parsed.success)
      return reply.render('plan/picker.njk', { ...context, errors: toGovukErrors(parsed.error) }, 422);
    const methods = (await listMethods(deps.db)).map(methodView);
    const result = asked ? pickMethods(methods, parsed.data) : null;
    return reply.render('plan/picker.njk', { ...context, result, asked });
  });

  app.get('/staff/toolkit/:slug', { preHandler: requireStaff }, async (request, reply) => {
    const method = await findMethod(deps.db, (request.params as { slug: string }).slug);
    if (!method) return notFound(reply);
    return reply.render('plan/method.njk', { method: methodView(method) });
  });
}
