/** What the staff pages share: role guards, finding a panel by its slug, and how shares of a panel are written. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { forbidden, notFound, requireStaff, type CurrentUser } from '../../web/auth.ts';
import * as policy from './people.policy.ts';
import * as staff from './staff.service.ts';

/** preHandler: staff for whom `allowed` holds; others see 403. */
export const guard =
  (allowed: (user: CurrentUser) => boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.user) return requireStaff(request, reply);
    if (!allowed(request.user)) return forbidden(reply);
  };

/** Officers who may see groups and (their own) members. */
export const officers = guard(policy.canSeeGroups);
/** The partnership roles that run the panels: statuses, erasure and samples. */
export const partnership = guard(policy.runsPanels);

export const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
export const points = (value: number) => `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)} points`;

/** The panel, or undefined once a 404 has been sent: callers return `reply` then. */
export async function panelOr404(deps: Deps, slug: string, reply: FastifyReply) {
  const panel = await staff.findPanel(deps, slug);
  if (!panel) await notFound(reply);
  return panel;
}
