/** Staff bulletin pages (draft, edit, reorder, preview, send, progress) and the public archive with its Atom feed. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { actorOf, forbidden, notFound, requireStaff, type CurrentUser } from '../../web/auth.ts';
import { toGovukErrors, type GovukErrors } from '../../web/errors.ts';
import { formatDate } from '../../web/format.ts';
import { flash } from '../../web/render.ts';
import { listWardNames } from '../geography/index.ts';
import { renderTemplate } from '../../notifications/templates.ts';
import { escapeXml } from '../plan/plan.feed-xml.ts';
import { formStrings } from './channels.forms.ts';
import { bulletinDetailsSchema, itemSchema, newBulletinSchema, PERIODS } from './channels.schema.ts';
import type { Bulletin } from './channels.tables.ts';
import * as repo from './bulletins.repository.ts';
import * as service from './bulletins.service.ts';
import { UUID } from './sql-rows.ts';

const staff = (request: FastifyRequest) => request.user as CurrentUser;
const body = (request: FastifyRequest) => (request.body && typeof request.body === 'object' ? request.body : {});

/**
 * The public archive changes only when a send starts, which is a staff write (that bumps '*'), so
 * its pages are cached with no tag of their own; a sent bulletin's items never change.
 */
const ARCHIVE_CACHE = { config: { pageCache: { tags: [] } } };

export function bulletinsRoutes(app: FastifyInstance, deps: Deps) {
  const periodItems = (chosen: string) =>
    Object.entries(PERIODS).map(([value, text]) => ({ value, text, checked: value === chosen }));

  async function list(reply: FastifyReply, values: Record<string, string>, errors?: GovukErrors, status = 200) {
    const bulletins = await repo.listBulletins(deps.db);
    return reply.render(
      'channels/bulletins.njk',
      { bulletins, values, errors, periods: periodItems(values.period ?? '30') },
      status,
    );
  }

  app.get('/staff/bulletins', { preHandler: requireStaff }, async (request, reply) => {
    if (!service.canManageBulletins(staff(request))) return forbidden(reply);
    return list(reply, { period: '30' });
  });

  app.post('/staff/bulletins', { preHandler: requireStaff }, async (request, reply) => {
    const user = staff(request);
    if (!service.canManageBulletins(user)) return forbidden(reply);
    const values = formStrings(body(request), ['title', 'period']);
    const parsed = newBulletinSchema.safeParse(values);
    if (!parsed.success) return list(reply, values, toGovukErrors(parsed.error, { period: 'period' }), 422);
    const now = deps.clock.now();
    const b = await service.startDraft(deps, actorOf(request), {
      title: parsed.data.title,
      intro: '',
      periodStart: new Date(now.getTime() - Number(parsed.data.period) * 86_400_000),
      periodEnd: now,
      organisationId: user.organisationId,
    });
    return reply.redirect(`/staff/bulletins/${b.id}`, 303);
  });

  /** The bulletin if the user may see it (any bulletin manager reads; editing is checked per record). */
  async function loaded(request: FastifyRequest, reply: FastifyReply): Promise<Bulletin | null> {
    const { id } = request.params as { id: string };
    if (!service.canManageBulletins(staff(request))) {
      forbidden(reply);
      return null;
    }
    const b = UUID.test(id) ? await repo.findBulletin(deps.db, id) : undefined;
    if (!b) {
      notFound(reply);
      return null;
    }
    return b;
  }

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    b: Bulletin,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const [items, wards, progress] = await Promise.all([
      repo.itemsOf(deps.db, b.id),
      listWardNames(deps.db),
      b.status === 'draft' ? null : service.progress(deps, b),
    ]);
    const wardName = new Map(wards.map((w) => [w.code, w.name]));
    return reply.render(
      'channels/bulletin.njk',
      {
        bulletin: b,
        items: items.map((i, n) => ({
          ...i,
          kindLabel: service.KIND_LABELS[i.kind] ?? i.kind,
          audience:
            i.wards.length || i.topics.length
              ? [...i.wards.map((w) => wardName.get(w) ?? w), ...i.topics].join(', ')
              : 'Everyone',
          first: n === 0,
          last: n === items.length - 1,
        })),
        canEdit: service.canEditBulletin(staff(request), b) && b.status === 'draft',
        progress,
        period: `${formatDate(b.periodStart)} to ${formatDate(b.periodEnd)}`,
        values: { title: b.title, intro: b.intro },
        newItem: {},
        ...extra,
      },
      status,
    );
  }

  const refuse = (reply: FastifyReply, reason: string) =>
    reason === 'not-found'
      ? notFound(reply)
      : reason === 'forbidden'
        ? forbidden(reply)
        : reply.render('pages/403.njk', {}, 409);

  app.get('/staff/bulletins/:id', { preHandler: requireStaff }, async (request, reply) => {
    const b = await loaded(request, reply);
    if (!b) return reply;
    // Refreshing by itself only when asked (WCAG 2.2.1: the person chooses, and can stop it), with
    // the Refresh header, so it works without JavaScript; it stops once nothing is left to send.
    const asked = formStrings(request.query, ['refresh']).refresh === 'on';
    const left = b.status !== 'draft' && !(await service.progress(deps, b)).done;
    if (asked && left) reply.header('refresh', `10; url=/staff/bulletins/${b.id}?refresh=on`);
    return page(request, reply, b, { autoRefresh: asked && left });
  });

  app.post('/staff/bulletins/:id', { preHandler: requireStaff }, async (request, reply) => {
    const b = await loaded(request, reply);
    if (!b) return reply;
    const values = formStrings(body(request), ['title', 'intro']);
    const parsed = bulletinDetailsSchema.safeParse(values);
    if (!parsed.success) return page(request, reply, b, { values, errors: toGovukErrors(parsed.error) }, 422);
    const outcome = await service.updateDetails(deps, actorOf(request), staff(request), b.id, parsed.data);
    if (!outcome.ok) return refuse(reply, outcome.reason);
    flash(reply, 'Bulletin saved');
    return reply.redirect(`/staff/bulletins/${b.id}`, 303);
  });

  app.post('/staff/bulletins/:id/items', { preHandler: requireStaff }, async (request, reply) => {
    const b = await loaded(request, reply);
    if (!b) return reply;
    const values = formStrings(body(request), ['title', 'body', 'link']);
    const parsed = itemSchema.safeParse(values);
    if (!parsed.success) {
      const errors = toGovukErrors(parsed.error, { title: 'new-title', body: 'new-body', link: 'new-link' });
      return page(request, reply, b, { newItem: values, newErrors: errors, errors }, 422);
    }
    const outcome = await service.saveItem(deps, actorOf(request), staff(request), b.id, null, parsed.data);
    if (!outcome.ok) return refuse(reply, outcome.reason);
    flash(reply, 'Item added at the end');
    return reply.redirect(`/staff/bulletins/${b.id}#items`, 303);
  });

  async function itemForm(
    request: FastifyRequest,
    reply: FastifyReply,
    b: Bulletin,
    values?: Record<string, string>,
    errors?: GovukErrors,
  ) {
    const { itemId } = request.params as { itemId: string };
    const item = UUID.test(itemId) ? (await repo.itemsOf(deps.db, b.id)).find((i) => i.id === itemId) : undefined;
    if (!item) return notFound(reply);
    if (!service.canEditBulletin(staff(request), b) || b.status !== 'draft') return forbidden(reply);
    return reply.render(
      'channels/bulletin-item.njk',
      { bulletin: b, item, values: values ?? { title: item.title, body: item.body, link: item.link }, errors },
      errors ? 422 : 200,
    );
  }

  app.get('/staff/bulletins/:id/items/:itemId', { preHandler: requireStaff }, async (request, reply) => {
    const b = await loaded(request, reply);
    return b ? itemForm(request, reply, b) : reply;
  });

  app.post('/staff/bulletins/:id/items/:itemId', { preHandler: requireStaff }, async (request, reply) => {
    const b = await loaded(request, reply);
    if (!b) return reply;
    const values = formStrings(body(request), ['title', 'body', 'link']);
    const parsed = itemSchema.safeParse(values);
    if (!parsed.success) return itemForm(request, reply, b, values, toGovukErrors(parsed.error));
    const { itemId } = request.params as { itemId: string };
    if (!UUID.test(itemId)) return notFound(reply);
    const outcome = await service.saveItem(deps, actorOf(request), staff(request), b.id, itemId, parsed.data);
    if (!outcome.ok) return refuse(reply, outcome.reason);
    flash(reply, 'Item saved');
    return reply.redirect(`/staff/bulletins/${b.id}#items`, 303);
  });

  app.post('/staff/bulletins/:id/items/:itemId/move', { preHandler: requireStaff }, async (request, reply) => {
    const b = await loaded(request, reply);
    if (!b) return reply;
    const { itemId } = request.params as { itemId: string };
    const direction = formStrings(body(request), ['direction']).direction === 'up' ? 'up' : 'down';
    if (!UUID.test(itemId)) return notFound(reply);
    const outcome = await service.moveItem(deps, actorOf(request), staff(request), b.id, itemId, direction);
    if (!outcome.ok) return refuse(reply, outcome.reason);
    return reply.redirect(`/staff/bulletins/${b.id}#item-${itemId}`, 303);
  });

  app.post('/staff/bulletins/:id/items/:itemId/remove', { preHandler: requireStaff }, async (request, reply) => {
    const b = await loaded(request, reply);
    if (!b) return reply;
    const { itemId } = request.params as { itemId: string };
    if (!UUID.test(itemId)) return notFound(reply);
    const outcome = await service.removeItem(deps, actorOf(request), staff(request), b.id, itemId);
    if (!outcome.ok) return refuse(reply, outcome.reason);
    flash(reply, 'Item removed');
    return reply.redirect(`/staff/bulletins/${b.id}#items`, 303);
  });

  app.get('/staff/bulletins/:id/preview', { preHandler: requireStaff }, async (request, reply) => {
    const b = await loaded(request, reply);
    if (!b) return reply;
    const ward = formStrings(request.query, ['ward']).ward;
    const [items, wards] = await Promise.all([repo.itemsOf(deps.db, b.id), listWardNames(deps.db)]);
    const chosen = wards.some((w) => w.code === ward) ? ward : '';
    const mine = service.itemsFor(items, { wards: chosen ? [chosen] : [], topics: [] });
    const email = renderTemplate(
      'bulletin',
      service.emailPersonalisation(deps, b, mine, `${deps.config.baseUrl}/unsubscribe/…`),
    );
    return reply.render('channels/bulletin-preview.njk', {
      bulletin: b,
      email,
      items: mine,
      ward: chosen,
      wards: [
        { value: '', text: 'Someone who gets everything' },
        ...wards.map((w) => ({ value: w.code, text: `A subscriber in ${w.name}`, selected: w.code === chosen })),
      ],
    });
  });

  app.post('/staff/bulletins/:id/send', { preHandler: requireStaff }, async (request, reply) => {
    const b = await loaded(request, reply);
    if (!b) return reply;
    const outcome = await service.startSend(deps, actorOf(request), staff(request), b.id);
    if (!outcome.ok && outcome.reason === 'empty') {
      return page(
        request,
        reply,
        b,
        { errors: { list: [{ text: 'Add at least one item before sending', href: '#items' }], fields: {} } },
        422,
      );
    }
    if (!outcome.ok) return refuse(reply, outcome.reason);
    flash(reply, 'Sending has started');
    return reply.redirect(`/staff/bulletins/${b.id}`, 303);
  });

  // Public archive.
  app.get('/bulletins', ARCHIVE_CACHE, async (_request, reply) => {
    const list = await repo.listPublished(deps.db);
    return reply.render('channels/archive.njk', { bulletins: list });
  });

  app.get('/bulletins/feed.atom', ARCHIVE_CACHE, async (_request, reply) => {
    const list = await repo.listPublished(deps.db, 30);
    const items = await repo.itemsOfMany(
      deps.db,
      list.map((b) => b.id),
    );
    const base = deps.config.baseUrl;
    const updated = (list[0]?.sendStartedAt ?? new Date(0)).toISOString();
    const entries = list
      .map((b) => {
        const url = `${base}/bulletins/${b.id}`;
        const summary = items
          .filter((i) => i.bulletinId === b.id)
          .map((i) => i.title)
          .join('; ');
        return `  <entry>
    <id>${escapeXml(url)}</id>
    <title>${escapeXml(b.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(url)}"/>
    <updated>${(b.sendStartedAt ?? b.createdAt).toISOString()}</updated>
    <summary>${escapeXml(b.intro || summary)}</summary>
  </entry>`;
      })
      .join('\n');
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(`${base}/bulletins`)}</id>
  <title>Bulletins</title>
  <link rel="self" type="application/atom+xml" href="${escapeXml(`${base}/bulletins/feed.atom`)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(`${base}/bulletins`)}"/>
  <updated>${updated}</updated>
${entries}
</feed>
`;
    return reply.type('application/atom+xml; charset=utf-8').send(xml);
  });

  app.get('/bulletins/:id', ARCHIVE_CACHE, async (request, reply) => {
    const { id } = request.params as { id: string };
    const b = UUID.test(id) ? await repo.findBulletin(deps.db, id) : undefined;
    if (!b || b.status === 'draft') return notFound(reply);
    const items = await repo.itemsOf(deps.db, b.id);
    return reply.render('channels/archive-bulletin.njk', {
      bulletin: b,
      items,
      period: `${formatDate(b.periodStart)} to ${formatDate(b.periodEnd)}`,
    });
  });
}
