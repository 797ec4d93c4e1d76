/**
 * reply.render(view, context): Nunjucks with the locals every page needs (CSP nonce, CSRF
 * token, the signed-in user, navigation, a one-off flash message).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Environment } from 'nunjucks';
import type { NavigationEntry } from '../modules/module.ts';
import { UNCONFIGURED_BRAND, type Brand } from '../modules/council/brand.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The council's name, service name, logo and links (council module), set for every request. */
    brand?: Brand;
  }
  interface FastifyReply {
    render(view: string, context?: Record<string, unknown>, status?: number): FastifyReply;
  }
}

export function setUpRendering(app: FastifyInstance, env: Environment, navigation: NavigationEntry[]) {
  app.decorateReply('render', function render(this: FastifyReply, view: string, context = {}, status = 200) {
    const request = this.request;
    const user = request.user;
    const area = user && request.url.startsWith('/staff') ? 'staff' : 'public';
    const visible = navigation
      .filter((entry) => entry.area === area)
      .filter((entry) => !entry.roles || (user && entry.roles.includes(user.role)));
    // Exactly one item is current: the longest href the URL is at or under (Dashboard's /staff
    // must not also light up on /staff/consultations).
    const matches = (href: string) =>
      request.url === href || request.url.startsWith(`${href}/`) || request.url.startsWith(`${href}?`);
    const current = visible.filter((e) => matches(e.href)).sort((a, b) => b.href.length - a.href.length)[0];
    const items = visible.map((entry) => ({ text: entry.text, href: entry.href, active: entry === current }));
    const nonce = (this as FastifyReply & { cspNonce?: { script: string } }).cspNonce?.script;
    const html = env.render(view, {
      cspNonce: nonce,
      csrfToken: request.session ? lazyCsrfToken(this) : undefined,
      currentUser: user,
      navigation: items,
      flash: request.session?.get('flash'),
      requestId: request.id,
      brand: request.brand ?? UNCONFIGURED_BRAND,
      ...context,
    });
    if (request.session?.get('flash')) request.session.set('flash', undefined);
    return this.code(status).type('text/html; charset=utf-8').send(withoutUnneededScript(html));
  });
}

/** Components whose script a page can do without: the skip link works as a plain link. */
const ENHANCED = /data-module="(?!govuk-skip-link")/;
const APP_SCRIPT = /[ \t]*<script type="module" src="[^"]*" data-app-script><\/script>\n?/;

/** A page with nothing for JavaScript to enhance is sent without the script (no download at all). */
export function withoutUnneededScript(html: string): string {
  return ENHANCED.test(html) ? html : html.replace(APP_SCRIPT, '');
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
