/** GOV.UK-style 404, 429 and 500 pages; errors are logged with the request id shown to the user. */
import type { FastifyInstance } from 'fastify';

export function setUpErrorPages(app: FastifyInstance) {
  app.setNotFoundHandler((_request, reply) => reply.render('pages/404.njk', {}, 404));
  app.setErrorHandler((error: Error & { statusCode?: number; rateLimited?: boolean }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 429) return reply.render('pages/429.njk', {}, 429);
    if (status === 403) {
      request.log.warn({ err: error }, 'forbidden');
      return reply.render('pages/403.njk', {}, 403);
    }
    if (status >= 400 && status < 500) {
      request.log.info({ err: error }, 'bad request');
      return reply.render('pages/400.njk', { message: error.message }, status);
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.render('pages/500.njk', {}, 500);
  });
}
