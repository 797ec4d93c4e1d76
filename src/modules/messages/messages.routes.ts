import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { requireRole } from '../../web/auth.ts';
import { OUTBOX_ROLES } from './messages.policy.ts';
import { OUTBOX_PAGE_SIZE, recentMessages } from './messages.service.ts';

export function messagesRoutes(app: FastifyInstance, deps: Deps) {
  app.get('/staff/outbox', { preHandler: requireRole(...OUTBOX_ROLES) }, async (request, reply) => {
    const messages = await recentMessages(deps, request.user!.role);
    // Referrer stays on this site: bodies can hold links with tokens in them.
    reply.header('referrer-policy', 'no-referrer');
    return reply.render('messages/outbox.njk', {
      messages,
      transport: deps.notifier.transport,
      limit: OUTBOX_PAGE_SIZE,
    });
  });
}
