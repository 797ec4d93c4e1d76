/**
 * reply.render(view, context): Nunjucks with the locals every page needs (CSP nonce, CSRF
 * token, the signed-in user, navigation, a one-off flash message).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Environment } from 'nunjucks';
import type { NavigationEntry } from '../modules/module.ts';

declare module 'fastify' {
  interface FastifyReply {
    render(view: string, context?: Record<string, unknown>, status?: number): FastifyReply;
  }
}

export function setUpRendering(app: FastifyInstance, env: Environment, navigation: NavigationEntry[]) {
  app.decorateReply('render', function render(this: FastifyReply, view: string, context = {}, status = 200) {
    const request = this.request;
    const user = request.user;
    const area = user && request.url.startsWith('/staff') ? 'staff' : 'public';
    const items = navigation
      .filter((entry) => entry.area === area)
      .filter((entry) => !entry.roles || (user && entry.roles.includes(user.role)))
      .map((entry) => ({
        text: entry.text,
        href: entry.href,
        active:
          request.url === entry.href ||
          request.url.startsWith(`${entry.href}/`) ||
          request.url.startsWith(`${entry.href}?`),
      }));
    const nonce = (this as FastifyReply & { cspNonce?: { script: string } }).cspNonce?.script;
    const html = env.render(view, {
      cspNonce: nonce,
      csrfToken: request.session ? lazyCsrfToken(this) : undefined,
      currentUser: user,
      navigation: items,
      flash: request.session?.get('flash'),
      requestId: request.id,
      ...context,
    });
    if (request.session?.get('flash')) request.session.set('flash', undefined);
    return this.code(status).type('text/html; charset=utf-8').send(html);
  });
}

/**
 * The CSRF token is made only when a page prints it: a token writes a secret into the session,
 * which re-seals the cookie, and most public pages have no form that needs one. Nunjucks
 * prints values through toString(), so the work happens at the moment of use, once.
 */
function lazyCsrfToken(reply: FastifyReply) {
  let token: string | undefined;
  return {
    toString: () => {
      reply.csrfPrinted = true;
      return (token ??= reply.generateCsrf());
    },
  };
}

/** Shows a green banner on the next page rendered (post/redirect/get). */
export function flash(reply: FastifyReply, message: string) {
  reply.request.session.set('flash', message);
}
