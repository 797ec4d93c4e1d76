/** Staff pages: feedback due, due soon and overdue per organisation; feedback weeks per organisation. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, requireStaff } from '../../web/auth.ts';
import { toGovukErrors } from '../../web/errors.ts';
import { flash } from '../../web/render.ts';
import { feedbackDue, feedbackSettings, setFeedbackWeeks } from './due.service.ts';
import { canSetFeedbackWeeks } from './feedback.policy.ts';
import { formStrings } from './feedback.schema.ts';

const weeksSchema = z.object({
  organisation: z.string().uuid('Select an organisation'),
  weeks: z
    .string()
    .trim()
    .min(1, 'Enter the number of weeks')
    .regex(/^\d+$/, 'Weeks must be a whole number, like 6')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 26, 'Weeks must be between 1 and 26'),
});

export function dueRoutes(app: FastifyInstance, deps: Deps) {
  const staff = { preHandler: requireStaff };

  async function page(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}, status = 200) {
    const canSet = canSetFeedbackWeeks(request.user!);
    return reply.render(
      'feedback/due.njk',
      {
        groups: await feedbackDue(deps, request.user!),
        settings: canSet ? await feedbackSettings(deps) : [],
        canSet,
        values: {},
        ...extra,
      },
      status,
    );
  }

  app.get('/staff/feedback-due', staff, async (request, reply) => page(request, reply));

  app.post('/staff/feedback-due/weeks', staff, async (request, reply) => {
    if (!canSetFeedbackWeeks(request.user!)) return forbidden(reply);
    const values = formStrings(request.body, ['organisation', 'weeks']);
    const parsed = weeksSchema.safeParse(values);
    if (!parsed.success) return page(request, reply, { values, errors: toGovukErrors(parsed.error) }, 422);
    const outcome = await setFeedbackWeeks(
      deps,
      actorOf(request),
      request.user!,
      parsed.data.organisation,
      parsed.data.weeks,
    );
    if (!outcome.ok)
      return page(
        request,
        reply,
        {
          values,
          errors: toGovukErrors(
            new z.ZodError([
              { code: 'custom', path: ['organisation'], message: 'Select an organisation', input: values.organisation },
            ]),
          ),
        },
        422,
      );
    flash(reply, `Feedback is now due ${parsed.data.weeks} weeks after closing for that organisation`);
    return reply.redirect('/staff/feedback-due', 303);
  });
}
