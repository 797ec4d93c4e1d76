/**
 * Atom 1.0 and RSS 2.0 feeds of public consultations, built as strings: the shapes are small and
 * fixed, and every value passes through escapeXml so no stored text can break the document.
 */
import { formatDateTime } from '../../web/format.ts';

export interface FeedEntry {
  slug: string;
  title: string;
  summary: string;
  state: string;
  status: { text: string };
  opensAt: Date | null;
  closesAt: Date | null;
  stateChangedAt: Date;
  leadOrganisationName: string;
}

/** Who publishes the feed: the council's brand (council module), so readers see whose feed it is. */
export interface FeedPublisher {
  councilName: string;
  serviceName: string;
}
const DEFAULT_PUBLISHER: FeedPublisher = { councilName: 'the council', serviceName: 'Have your say' };
const feedTitle = (p: FeedPublisher) => escapeXml(`${p.serviceName}: consultations – ${p.councilName}`);
const feedDescription = (p: FeedPublisher) =>
  escapeXml(`New and updated public consultations from ${p.councilName} and its partners.`);

/** Escapes text for XML content and attributes, dropping characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function describe(entry: FeedEntry): string {
  const dates =
    entry.state === 'scheduled' && entry.opensAt
      ? `Opens ${formatDateTime(entry.opensAt)}.`
      : entry.state === 'open' && entry.closesAt
        ? `Closes ${formatDateTime(entry.closesAt)}.`
        : entry.closesAt
          ? `Closed ${formatDateTime(entry.closesAt)}.`
          : '';
  return [`${entry.status.text}. ${entry.leadOrganisationName}.`, dates, entry.summary].filter(Boolean).join(' ');
}

const linkOf = (baseUrl: string, slug: string) => `${baseUrl}/consultations/${encodeURIComponent(slug)}`;

export function renderAtom(baseUrl: string, entries: FeedEntry[], now: Date, publisher = DEFAULT_PUBLISHER): string {
  const updated = (entries[0]?.stateChangedAt ?? now).toISOString();
  const items = entries
    .map((e) => {
      const link = escapeXml(linkOf(baseUrl, e.slug));
      return `  <entry>
    <id>${link}</id>
    <title>${escapeXml(e.title)}</title>
    <link rel="alternate" type="text/html" href="${link}"/>
    <updated>${e.stateChangedAt.toISOString()}</updated>${e.opensAt ? `\n    <published>${e.opensAt.toISOString()}</published>` : ''}
    <author><name>${escapeXml(e.leadOrganisationName)}</name></author>
    <category term="${escapeXml(e.state)}" label="${escapeXml(e.status.text)}"/>
    <summary type="text">${escapeXml(describe(e))}</summary>
  </entry>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(`${baseUrl}/consultations`)}</id>
  <title>${feedTitle(publisher)}</title>
  <subtitle>${feedDescription(publisher)}</subtitle>
  <link rel="self" type="application/atom+xml" href="${escapeXml(`${baseUrl}/consultations/feed.atom`)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(`${baseUrl}/consultations`)}"/>
  <updated>${updated}</updated>
  <author><name>${escapeXml(publisher.councilName)}</name></author>
${items}
</feed>
`;
}

export function renderRss(baseUrl: string, entries: FeedEntry[], now: Date, publisher = DEFAULT_PUBLISHER): string {
  const items = entries
    .map((e) => {
      const link = escapeXml(linkOf(baseUrl, e.slug));
      return `    <item>
      <title>${escapeXml(e.title)}</title>
      <link>${link}</link>
      <guid isPermaLink="true">${link}</guid>
      <pubDate>${e.stateChangedAt.toUTCString()}</pubDate>
      <category>${escapeXml(e.status.text)}</category>
      <description>${escapeXml(describe(e))}</description>
    </item>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${feedTitle(publisher)}</title>
    <link>${escapeXml(`${baseUrl}/consultations`)}</link>
    <description>${feedDescription(publisher)}</description>
    <language>en-gb</language>
    <lastBuildDate>${now.toUTCString()}</lastBuildDate>
    <atom:link rel="self" type="application/rss+xml" href="${escapeXml(`${baseUrl}/consultations/feed.rss`)}"/>
${items}
  </channel>
</rss>
`;
}
