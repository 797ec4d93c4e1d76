import { describe, expect, it } from 'vitest';
import { build, Browser, textOf } from '../../../test/helpers.ts';
import { linkFrom } from './people.test-helpers.ts';
import { CONFIRM_DAYS } from './tokens.ts';

const { app, deps, clock } = await build();

const emailOf = async (id: string) =>
  (await deps.database.query<{ email: string | null }>('SELECT email FROM people WHERE id = $1', [id]))[0]!.email;

const messagesTo = async (recipient: string) =>
  (await deps.notifier.recent(deps.db, 500)).filter((m) => m.recipient === recipient).map((m) => m.template);

async function signedIn(email: string) {
  const browser = new Browser(app);
  await browser.get('/panels/sign-in');
  await browser.post('/panels/sign-in', { email });
  const link = await linkFrom(deps, 'people-sign-in', email);
  await browser.get(link);
  expect((await browser.post(link, {})).headers.location).toBe('/panels/account');
  const [{ id }] = (await deps.database.query<{ id: string }>('SELECT id FROM people WHERE email = $1', [email])) as [
    { id: string },
  ];
  return { browser, id };
}

/** The details form as the member last saw it, with a new email address. */
async function changeEmail(browser: Browser, email: string) {
  const form = await browser.get('/panels/account/details');
  const value = (name: string) => new RegExp(`name="${name}"[^>]*value="([^"]*)"`).exec(form.body)?.[1] ?? '';
  return browser.post('/panels/account/details', {
    fullName: value('fullName'),
    email,
    phone: value('phone'),
    // Some demo members have no postcode; a known one keeps the form valid.
    postcode: value('postcode') || 'IG11 0EF',
    topics: ['housing'],
    channels: 'email',
    address: '',
    language: '',
    accessNeeds: '',
  });
}

describe('a member changing their email address', () => {
  it('keeps the old address until the link sent to the new one is followed, and tells the old one', async () => {
    const old = 'panel.member.020@example.com';
    const next = 'new.address.020@example.test';
    const { browser, id } = await signedIn(old);
    const saved = await changeEmail(browser, next);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/panels/account');
    const account = textOf((await browser.get('/panels/account')).body);
    expect(account).toContain(`We have sent a link to ${next}; your address will change when you follow it`);
    expect(await emailOf(id)).toBe(old);
    expect(await messagesTo(next)).toEqual(['people-change-email']);
    expect(await messagesTo(old)).toContain('people-email-change-requested');
    // Saving the form again does not send a second link; the details page says one is waiting.
    expect(textOf((await browser.get('/panels/account/details')).body)).toContain(`We have sent a link to ${next}`);
    await changeEmail(browser, next);
    expect(await messagesTo(next)).toEqual(['people-change-email']);
    // The old address still signs in until the change is confirmed.
    await new Browser(app).post('/panels/sign-in', { email: next });
    expect(await messagesTo(next)).toEqual(['people-change-email']);

    const link = await linkFrom(deps, 'people-change-email', next);
    expect(link).toMatch(/^\/panels\/change-email\//);
    const page = await browser.get(link);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Confirm your new email address');
    const confirmed = await browser.post(link, {});
    expect(confirmed.headers.location).toBe('/panels/account');
    expect(textOf((await browser.get('/panels/account')).body)).toContain('Your email address has been changed');
    expect(await emailOf(id)).toBe(next);
    // Single use.
    expect((await browser.get(link)).statusCode).toBe(410);
    expect((await browser.post(link, {})).statusCode).toBe(410);
    // Messages to the old address are blanked, then it is told of the change.
    expect(await messagesTo(old)).toEqual(['people-email-changed']);

    const audit = await deps.database.query<{ action: string; row: string }>(
      'SELECT action, a::text AS row FROM audit_events a WHERE entity_id = $1',
      [id],
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['person.email-change-requested', 'person.email-changed']),
    );
    for (const a of audit) {
      expect(a.row).not.toContain(old);
      expect(a.row).not.toContain(next);
    }
  });

  it('refuses a link once it has expired or been replaced by a newer request', async () => {
    const old = 'panel.member.021@example.com';
    const { browser, id } = await signedIn(old);
    await changeEmail(browser, 'first.choice.021@example.test');
    const first = await linkFrom(deps, 'people-change-email', 'first.choice.021@example.test');
    await changeEmail(browser, 'second.choice.021@example.test');
    const second = await linkFrom(deps, 'people-change-email', 'second.choice.021@example.test');
    expect((await browser.get(first)).statusCode).toBe(410);
    expect((await browser.post(first, {})).statusCode).toBe(410);
    clock.advance((CONFIRM_DAYS + 1) * 86_400_000);
    try {
      expect((await browser.get(second)).statusCode).toBe(410);
      expect((await browser.post(second, {})).statusCode).toBe(410);
    } finally {
      clock.advance(-(CONFIRM_DAYS + 1) * 86_400_000);
    }
    expect(await emailOf(id)).toBe(old);
  });

  it('does not reveal on screen that the new address is another member’s; the link refuses it', async () => {
    const old = 'panel.member.022@example.com';
    const taken = 'panel.member.023@example.com';
    const { browser, id } = await signedIn(old);
    const saved = await changeEmail(browser, taken);
    expect(saved.statusCode).toBe(303);
    expect(textOf((await browser.get('/panels/account')).body)).toContain(`We have sent a link to ${taken}`);
    const link = await linkFrom(deps, 'people-change-email', taken);
    // Followed by the address's owner, on their own device.
    const owner = new Browser(app);
    await owner.get(link);
    const refused = await owner.post(link, {});
    expect(refused.statusCode).toBe(409);
    expect(textOf(refused.body)).toContain('This email address is already used by another member');
    expect(await emailOf(id)).toBe(old);
    expect((await owner.post(link, {})).statusCode).toBe(410);
  });

  it('works from another device without a session, ending on a page that says so', async () => {
    const { browser, id } = await signedIn('panel.member.024@example.com');
    await changeEmail(browser, 'elsewhere.024@example.test');
    const link = await linkFrom(deps, 'people-change-email', 'elsewhere.024@example.test');
    const other = new Browser(app);
    await other.get(link);
    const done = await other.post(link, {});
    expect(done.headers.location).toBe('/panels/email-changed');
    expect(textOf((await other.get('/panels/email-changed')).body)).toContain('Your email address has changed');
    expect(await emailOf(id)).toBe('elsewhere.024@example.test');
    // The other device is not signed in by the link.
    expect((await other.get('/panels/account')).headers.location).toBe('/panels/sign-in');
  });
});
