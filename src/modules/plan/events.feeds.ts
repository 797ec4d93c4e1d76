/** The diary as iCalendar (whole diary, per ward, per organisation) and as Atom and RSS. */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { notFound } from '../../web/auth.ts';
import { escapeXml } from './plan.feed-xml.ts';
import { renderCalendar } from './diary.ical.ts';
import { listEvents } from './events.repository.ts';
import { kindLabel, locationOf } from './events-details.ts';
import { listOrganisationNames } from './plan.repository.ts';
import { wardNamer } from './plan.service.ts';
import { formatDateTime } from '../../web/format.ts';

/** Calendars carry the last 90 days too, so a subscriber sees a cancellation after the fact. */
const PAST_DAYS = 90;

export function diaryFeeds(app: FastifyInstance, deps: Deps) {
  const host = () => new URL(deps.config.baseUrl).host;

  async function calendar(name: string, filter: { wardCode?: string; organisationId?: string }) {
    const now = deps.clock.now();
    const rows = await listEvents(deps.db, { from: new Date(now.getTime() - PAST_DAYS * 86_400_000), ...filter }, 2000);
    return renderCalendar(
      { name, baseUrl: deps.config.baseUrl, now, host: host() },
      rows.map((r) => ({
        id: r.event.id,
        title: r.event.title,
        description: r.event.description,
        startsAt: r.event.startsAt,
        endsAt: r.event.endsAt,
        location: locationOf(r.event),
        url: `${deps.config.baseUrl}/events/${r.event.id}`,
        status: r.event.status,
        organisationName: r.organisationName,
        kindLabel: kindLabel(r.event.kind),
        updatedAt: r.event.updatedAt,
      })),
    );
  }
  const ics = 'text/calendar; charset=utf-8';
  const PAGE = { config: { pageCache: { tags: ['plan'] as const } } };

  app.get('/events/diary.ics', PAGE, async (_request, reply) =>
    reply.type(ics).send(await calendar('Soundings: engagement diary', {})),
  );

  app.get('/events/wards/:code/diary.ics', PAGE, async (request, reply) => {
    const wards = await wardNamer(deps);
    const ward = wards.wards.find((w) => w.code === (request.params as { code: string }).code);
    if (!ward) return notFound(reply);
    return reply.type(ics).send(await calendar(`Soundings: events in ${ward.name}`, { wardCode: ward.code }));
  });

  app.get('/events/organisations/:slug/diary.ics', PAGE, async (request, reply) => {
    const organisation = (await listOrganisationNames(deps.db)).find(
      (o) => o.slug === (request.params as { slug: string }).slug,
    );
    if (!organisation) return notFound(reply);
    return reply
      .type(ics)
      .send(await calendar(`Soundings: events by ${organisation.name}`, { organisationId: organisation.id }));
  });

  async function upcoming() {
    return listEvents(deps.db, { from: deps.clock.now() }, 100);
  }
  const link = (id: string) => `${deps.config.baseUrl}/events/${id}`;
  const describe = (r: Awaited<ReturnType<typeof upcoming>>[number]) =>
    `${r.event.status === 'cancelled' ? 'Cancelled. ' : ''}${kindLabel(r.event.kind)} by ${r.organisationName}, ${formatDateTime(r.event.startsAt)}. ${locationOf(r.event)}. ${r.event.description}`.trim();

  app.get('/events/feed.atom', PAGE, async (_request, reply) => {
    const rows = await upcoming();
    const updated = rows.reduce((max, r) => (r.event.updatedAt > max ? r.event.updatedAt : max), new Date(0));
    const entries = rows
      .map(
        (r) => `  <entry>
    <id>${escapeXml(link(r.event.id))}</id>
    <title>${escapeXml(r.event.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(link(r.event.id))}"/>
    <updated>${r.event.updatedAt.toISOString()}</updated>
    <author><name>${escapeXml(r.organisationName)}</name></author>
    <summary type="text">${escapeXml(describe(r))}</summary>
  </entry>`,
      )
      .join('\n');
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(`${deps.config.baseUrl}/events`)}</id>
  <title>Soundings: engagement diary</title>
  <link rel="self" type="application/atom+xml" href="${escapeXml(`${deps.config.baseUrl}/events/feed.atom`)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(`${deps.config.baseUrl}/events`)}"/>
  <updated>${(rows.length ? updated : deps.clock.now()).toISOString()}</updated>
${entries}
</feed>
`;
    return reply.type('application/atom+xml; charset=utf-8').send(xml);
  });

  app.get('/events/feed.rss', PAGE, async (_request, reply) => {
    const rows = await upcoming();
    const items = rows
      .map(
        (r) => `    <item>
      <title>${escapeXml(r.event.title)}</title>
      <link>${escapeXml(link(r.event.id))}</link>
      <guid isPermaLink="true">${escapeXml(link(r.event.id))}</guid>
      <pubDate>${r.event.createdAt.toUTCString()}</pubDate>
      <description>${escapeXml(describe(r))}</description>
    </item>`,
      )
      .join('\n');
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Soundings: engagement diary</title>
    <link>${escapeXml(`${deps.config.baseUrl}/events`)}</link>
    <description>Public meetings, drop-ins, forums and other events from the council and its partners.</description>
    <language>en-gb</language>
    <lastBuildDate>${deps.clock.now().toUTCString()}</lastBuildDate>
    <atom:link rel="self" type="application/rss+xml" href="${escapeXml(`${deps.config.baseUrl}/events/feed.rss`)}"/>
${items}
  </channel>
</rss>
`;
    return reply.type('application/rss+xml; charset=utf-8').send(xml);
  });
}
