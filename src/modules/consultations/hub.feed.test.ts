import { describe, expect, it } from 'vitest';
import { addConsultation, buildHub } from './hub.fixtures.ts';

/** A small well-formedness check: tags nest and close, attributes are quoted, only XML's entities appear. */
function parseXml(xml: string): { root: string; elements: { name: string; text: string; attrs: string }[] } {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: { name: string; text: string; attrs: string }[] = [];
  const elements: { name: string; text: string; attrs: string }[] = [];
  let root = '';
  const token = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = token.exec(body))) {
    consumed = token.lastIndex;
    const [, closing, name, attrs, selfClosing, text] = match;
    if (text !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(text)) throw new Error(`Bad entity in "${text}"`);
      if (stack.length) stack[stack.length - 1]!.text += text;
      else if (text.trim()) throw new Error('Text outside the root element');
      continue;
    }
    if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(attrs ?? '')) throw new Error(`Bad entity in ${attrs}`);
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
      elements.push(open);
    } else {
      if (!stack.length && root) throw new Error('Two root elements');
      if (!stack.length) root = name!;
      const element = { name: name!, text: '', attrs: attrs ?? '' };
      if (selfClosing) elements.push(element);
      else stack.push(element);
    }
  }
  if (consumed !== body.length) throw new Error(`Unparsed XML at ${consumed}: ${body.slice(consumed, consumed + 40)}`);
  if (stack.length) throw new Error(`Unclosed <${stack[stack.length - 1]!.name}>`);
  return { root, elements };
}

describe('consultation feeds', async () => {
  const { app, deps, council, config } = await buildHub({ now: '2027-01-15T12:00:00Z' });
  const t = (iso: string) => new Date(iso);
  await addConsultation(deps, council.id, {
    slug: 'older',
    title: 'Older one',
    stateChangedAt: t('2027-01-01T09:00:00Z'),
  });
  await addConsultation(deps, council.id, {
    slug: 'tricky',
    title: 'Roads & <paths> "quoted" \u0001',
    summary: "It's <b>bold</b> & brave",
    stateChangedAt: t('2027-01-10T09:00:00Z'),
  });
  await addConsultation(deps, council.id, {
    slug: 'hidden-draft',
    title: 'Hidden draft',
    state: 'draft',
    stateChangedAt: t('2027-01-14T09:00:00Z'),
  });
  await addConsultation(deps, council.id, {
    slug: 'soon',
    title: 'Coming soon',
    state: 'scheduled',
    stateChangedAt: t('2027-01-12T09:00:00Z'),
  });

  it('serves Atom 1.0, newest first, with absolute escaped links and no drafts', async () => {
    const response = await app.inject({ url: '/consultations/feed.atom' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    const { root, elements } = parseXml(response.body);
    expect(root).toBe('feed');
    const titles = elements.filter((e) => e.name === 'title').map((e) => e.text);
    expect(titles).toEqual([
      'Have your say: consultations – Your council',
      'Coming soon',
      'Roads &amp; &lt;paths&gt; &quot;quoted&quot; ',
      'Older one',
    ]);
    expect(response.body).toContain(
      `<link rel="alternate" type="text/html" href="${config.baseUrl}/consultations/tricky"/>`,
    );
    expect(response.body).toContain(`<id>${config.baseUrl}/consultations/tricky</id>`);
    expect(response.body).toContain('<updated>2027-01-12T09:00:00.000Z</updated>');
    expect(response.body).toContain('It&apos;s &lt;b&gt;bold&lt;/b&gt; &amp; brave');
    expect(response.body).toContain('label="Forthcoming"');
    expect(response.body).not.toContain('Hidden draft');
  });

  it('serves RSS 2.0 with the same entries', async () => {
    const response = await app.inject({ url: '/consultations/feed.rss' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    const { root, elements } = parseXml(response.body);
    expect(root).toBe('rss');
    const links = elements.filter((e) => e.name === 'link').map((e) => e.text);
    expect(links).toEqual([
      `${config.baseUrl}/consultations`,
      ...['soon', 'tricky', 'older'].map((s) => `${config.baseUrl}/consultations/${s}`),
    ]);
    expect(response.body).toContain('<pubDate>Tue, 12 Jan 2027 09:00:00 GMT</pubDate>');
    expect(response.body).not.toContain('Hidden draft');
  });

  it('rejects malformed XML in its own checker, so the checks above mean something', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow();
    expect(() => parseXml('<a>Tom & Jerry</a>')).toThrow();
    expect(() => parseXml('<a x=1></a>')).toThrow();
  });
});
