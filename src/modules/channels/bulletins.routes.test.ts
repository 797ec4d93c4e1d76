import { describe, expect, it } from 'vitest';
import { Browser, build, signedInBrowsers, textOf } from '../../../test/helpers.ts';
import { runBulletinSend, resumeSends } from './bulletins.service.ts';
import { outbox } from './channels.test-helpers.ts';

describe('the e-bulletin: draft, edit, reorder, preview, send once, archive', async () => {
  const { app, deps } = await build();
  const as = signedInBrowsers(app);
  const wards = await deps.database.query<{ code: string; name: string }>(
    `SELECT code, name FROM wards ORDER BY name LIMIT 2`,
  );
  const [abbey, other] = wards as [{ code: string; name: string }, { code: string; name: string }];

  // The demo's own subscribers would get this bulletin too: start from none.
  await deps.database.query(`UPDATE subscriptions SET unsubscribed_at = now()`);
  async function subscriber(contact: string, opts: { wards?: string[]; confirmed?: boolean; channel?: string } = {}) {
    await deps.database.query(
      `INSERT INTO subscriptions (channel, contact, wards, confirmed_at) VALUES ($1, $2, $3, $4)`,
      [opts.channel ?? 'email', contact, opts.wards ?? [], opts.confirmed === false ? null : new Date()],
    );
  }
  await subscriber('everything@example.test');
  await subscriber('abbey@example.test', { wards: [abbey.code] });
  await subscriber('ABBEY@example.test ', { wards: [abbey.code] }); // the same person twice
  await subscriber('other@example.test', { wards: [other.code] });
  await subscriber('unconfirmed@example.test', { confirmed: false });
  await subscriber('07700900001', { channel: 'sms' });

  let id = '';
  const itemIds = () =>
    deps.database
      .query<{ id: string; title: string }>(
        `SELECT id, title FROM bulletin_items WHERE bulletin_id = $1 ORDER BY position`,
        [id],
      )
      .then((r) => r);

  it('is for engagement officers and administrators only', async () => {
    const partner = await as('officer@nhs.example');
    expect((await partner.get('/staff/bulletins')).statusCode).toBe(403);
    expect((await new Browser(app).get('/staff/bulletins')).statusCode).toBe(303);
  });

  it('starts a draft from the period, with GOV.UK errors for a bad form', async () => {
    const officer = await as('engagement@council.example');
    await officer.get('/staff/bulletins');
    const bad = await officer.post('/staff/bulletins', { title: '', period: '5' });
    expect(bad.statusCode).toBe(422);
    expect(textOf(bad.body)).toContain('Enter a title for the bulletin');
    expect(textOf(bad.body)).toContain('Select the period the bulletin covers');
    const ok = await officer.post('/staff/bulletins', { title: 'December news', period: '90' });
    expect(ok.statusCode).toBe(303);
    id = /\/staff\/bulletins\/([0-9a-f-]{36})$/.exec(ok.headers.location as string)![1]!;
    const page = await officer.get(`/staff/bulletins/${id}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('December news');
  });

  it('adds, edits, reorders and removes items', async () => {
    const officer = await as('engagement@council.example');
    await officer.get(`/staff/bulletins/${id}`);
    // The demo may or may not have activity in the period: start from a known list.
    for (const item of await itemIds()) await officer.post(`/staff/bulletins/${id}/items/${item.id}/remove`, {});
    const bad = await officer.post(`/staff/bulletins/${id}/items`, {
      title: '',
      body: '',
      link: 'javascript:alert(1)',
    });
    expect(bad.statusCode).toBe(422);
    expect(textOf(bad.body)).toContain('Enter a heading for the item');
    expect(textOf(bad.body)).toContain('Enter a link starting with /');
    await officer.post(`/staff/bulletins/${id}/items`, {
      title: 'First for all',
      body: 'Everyone reads this.',
      link: '/consultations',
    });
    await officer.post(`/staff/bulletins/${id}/items`, { title: 'Second for all', body: '', link: '' });
    // An item for one ward only (as the draft makes them from a consultation's wards).
    await deps.database.query(
      `INSERT INTO bulletin_items (bulletin_id, position, kind, title, wards) VALUES ($1, 3, 'event', 'Abbey drop-in', $2)`,
      [id, [abbey.code]],
    );
    let items = await itemIds();
    expect(items.map((i) => i.title)).toEqual(['First for all', 'Second for all', 'Abbey drop-in']);
    await officer.get(`/staff/bulletins/${id}`);
    expect(
      (await officer.post(`/staff/bulletins/${id}/items/${items[1]!.id}/move`, { direction: 'up' })).statusCode,
    ).toBe(303);
    items = await itemIds();
    expect(items.map((i) => i.title)).toEqual(['Second for all', 'First for all', 'Abbey drop-in']);
    await officer.get(`/staff/bulletins/${id}/items/${items[0]!.id}`);
    await officer.post(`/staff/bulletins/${id}/items/${items[0]!.id}`, {
      title: 'Second, edited',
      body: 'Now with text.',
      link: '',
    });
    expect((await itemIds())[0]!.title).toBe('Second, edited');
  });

  it('another organisation’s engagement officer cannot change or send it', async () => {
    await deps.database.query(
      `UPDATE staff_users SET role = 'engagement_officer' WHERE email = 'officer@police.example'`,
    );
    const police = await as('officer@police.example');
    await police.get(`/staff/bulletins/${id}`);
    const [item] = await itemIds();
    expect((await police.post(`/staff/bulletins/${id}/items/${item!.id}/remove`, {})).statusCode).toBe(403);
    expect((await police.post(`/staff/bulletins/${id}/send`, {})).statusCode).toBe(403);
    expect((await police.get(`/staff/bulletins/${id}/items/${item!.id}`)).statusCode).toBe(403);
  });

  it('previews as email and web, for one ward', async () => {
    const officer = await as('engagement@council.example');
    const everyone = textOf((await officer.get(`/staff/bulletins/${id}/preview`)).body);
    expect(everyone).toContain('Subject: December news');
    expect(everyone).toContain('Abbey drop-in');
    const forOther = textOf((await officer.get(`/staff/bulletins/${id}/preview?ward=${other.code}`)).body);
    expect(forOther).toContain('(2 items)');
    expect(forOther).not.toContain('Abbey drop-in');
  });

  it('is not public until it is sent', async () => {
    expect((await new Browser(app).get(`/bulletins/${id}`)).statusCode).toBe(404);
  });

  it('sends once to each confirmed email subscriber with their items, resuming after a crash', async () => {
    const officer = await as('engagement@council.example');
    await officer.get(`/staff/bulletins/${id}`);
    // Send, but let the worker "die" after one batch of one person.
    await deps.database.query(`UPDATE bulletins SET status = 'sending', recipients_total = 3 WHERE id = $1`, [id]);
    expect(await runBulletinSend(deps, id, { batch: 1, maxBatches: 1 })).toBe(1);
    await resumeSends(deps);
    await resumeSends(deps);
    await runBulletinSend(deps, id);
    const sent = (await outbox(deps, 'bulletin')).filter((m) => m.reference.endsWith(`-bulletin-${id}`));
    expect(sent.map((m) => m.recipient).sort()).toEqual([
      'abbey@example.test',
      'everything@example.test',
      'other@example.test',
    ]);
    const abbeyMail = sent.find((m) => m.recipient === 'abbey@example.test')!.personalisation;
    expect(abbeyMail.body).toContain('Abbey drop-in');
    expect(sent.find((m) => m.recipient === 'other@example.test')!.personalisation.body).not.toContain('Abbey drop-in');
    expect(abbeyMail.body).toMatch(
      /Unsubscribe with one click:\nhttp:\/\/localhost:3000\/unsubscribe\/[0-9a-f-]{36}\./,
    );
    expect(abbeyMail.unsubscribeUrl).toMatch(/\/unsubscribe\//);
    const [row] = await deps.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM bulletin_recipients WHERE bulletin_id = $1`,
      [id],
    );
    expect(row!.n).toBe(3);
    // The database refuses a second row for the same person.
    await expect(
      deps.database.query(
        `INSERT INTO bulletin_recipients (bulletin_id, recipient_key, subscription_id, reference, item_count)
         SELECT bulletin_id, recipient_key, subscription_id, reference, item_count FROM bulletin_recipients WHERE bulletin_id = $1 LIMIT 1`,
        [id],
      ),
    ).rejects.toThrow();
  });

  it('shows progress (sent, failed, left) from the outbox, then the archive and feed carry it', async () => {
    const officer = await as('engagement@council.example');
    const before = textOf((await officer.get(`/staff/bulletins/${id}`)).body);
    expect(before).toContain('Left to send 3');
    expect((await officer.get(`/staff/bulletins/${id}`)).headers.refresh).toBeUndefined();
    const auto = await officer.get(`/staff/bulletins/${id}?refresh=on`);
    expect(auto.headers.refresh).toBe(`10; url=/staff/bulletins/${id}?refresh=on`);
    expect(textOf(auto.body)).toContain('Stop refreshing automatically');
    await deps.notifier.deliverQueued(deps.db);
    const after = await officer.get(`/staff/bulletins/${id}`);
    expect(textOf(after.body)).toContain('Sent 3 Failed 0 Left to send 0');
    expect((await officer.get(`/staff/bulletins/${id}?refresh=on`)).headers.refresh).toBeUndefined();
    const visitor = new Browser(app);
    const archive = await visitor.get('/bulletins');
    expect(textOf(archive.body)).toContain('December news');
    expect(textOf(archive.body)).toContain('Have your say: news from the last month'); // the demo's
    const page = await visitor.get(`/bulletins/${id}`);
    expect(textOf(page.body)).toContain('Second, edited');
    const feed = await visitor.get('/bulletins/feed.atom');
    expect(feed.headers['content-type']).toContain('application/atom+xml');
    expect(feed.body).toContain('<title>December news</title>');
  });
});

describe('the archive with the page cache on', async () => {
  const { app } = await build({ env: { PAGE_CACHE: 'true' } });
  const as = signedInBrowsers(app);

  it('shows a bulletin as soon as staff start sending it', async () => {
    const visitor = new Browser(app);
    expect(textOf((await visitor.get('/bulletins')).body)).not.toContain('Spring news');
    const officer = await as('engagement@council.example');
    await officer.get('/staff/bulletins');
    const made = await officer.post('/staff/bulletins', { title: 'Spring news', period: '7' });
    const page = made.headers.location as string;
    await officer.get(page);
    await officer.post(`${page}/items`, { title: 'Only item', body: '', link: '' });
    expect((await officer.post(`${page}/send`, {})).statusCode).toBe(303);
    expect(textOf((await visitor.get('/bulletins')).body)).toContain('Spring news');
  });
});
