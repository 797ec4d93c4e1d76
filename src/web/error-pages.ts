/**
 * GOV.UK-style 400, 403, 404, 413, 429, 500 and 503 pages; errors are logged with the request id
 * shown to the user. A database outage (outage.ts) is a 503 with Retry-After, never a 500; a body
 * that could not be read (malformed urlencoded or multipart, invalid JSON or UTF-8) is a 400 and
 * one over the size limit a 413 (body-parsing.ts), whatever the parser threw.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { failedReadingBody } from './body-parsing.ts';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../db/unavailable.ts';

/** @fastify/multipart's limit errors (parts, files, fields, file size) and Fastify's body limit. */
const TOO_LARGE_CODES = new Set([
  'FST_ERR_CTP_BODY_TOO_LARGE',
  'FST_REQ_FILE_TOO_LARGE',
  'FST_PARTS_LIMIT',
  'FST_FILES_LIMIT',
  'FST_FIELDS_LIMIT',
]);

/** The page itself must never fail: if even the layout cannot be drawn, a plain page says the same. */
function safeRender(reply: FastifyReply, view: string, status: number, context: Record<string, unknown> = {}) {
  try {
    return reply.render(view, context, status);
  } catch (error) {
    reply.log.error({ err: error }, 'error page could not be rendered');
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sorry, there is a problem with the service</title></head>' +
          '<body><h1>Sorry, there is a problem with the service</h1><p>Try again later.</p></body></html>',
      );
  }
}

export function setUpErrorPages(app: FastifyInstance) {
  app.setNotFoundHandler((_request, reply) => reply.render('pages/404.njk', {}, 404));
  app.setErrorHandler(
    (error: Error & { statusCode?: number; code?: string; rateLimited?: boolean }, request, reply) => {
      if (isDatabaseUnavailable(error)) {
        request.log.error({ err: error }, 'database unavailable');
        reply.header('retry-after', String(RETRY_AFTER_SECONDS));
        return safeRender(reply, 'pages/503.njk', 503);
      }
      const status = error.statusCode ?? 500;
      if (status === 429) return safeRender(reply, 'pages/429.njk', 429);
      if (status === 413 || (error.code && TOO_LARGE_CODES.has(error.code))) {
        request.log.info({ err: error }, 'request too large');
        return safeRender(reply, 'pages/413.njk', 413);
      }
      if (status === 403) {
        request.log.warn({ err: error }, 'forbidden');
        return safeRender(reply, 'pages/403.njk', 403);
      }
      if ((status >= 400 && status < 500) || failedReadingBody(request)) {
        request.log.info({ err: error }, 'bad request');
        return safeRender(reply, 'pages/400.njk', status >= 400 && status < 500 ? status : 400);
      }
      request.log.error({ err: error }, 'unhandled error');
      return safeRender(reply, 'pages/500.njk', 500);
    },
  );
}
