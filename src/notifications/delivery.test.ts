import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, signedInBrowsers, textOf, type TestContext } from '../../test/helpers.ts';
import { startFakeNotify, type FakeNotify } from '../../test/fake-notify.ts';
import { createNotifier } from './notifier.ts';
import { notifyTransport } from './notify-transport.ts';
import { DEFAULT_RETRY_POLICY, retryDecision } from './retry-policy.ts';

const EMAIL_TEMPLATE = '2b6f3c4e-0e3a-4c5e-9d2a-5c1f0e6b7a10';
const SMS_TEMPLATE = '9a1d8e2f-6b3c-4d7e-8f90-1a2b3c4d5e6f';

const message = (reference: string, recipient = 'resident@example.test') => ({
  reference,
  template: 'response-resume' as const,
  recipient,
  personalisation: { title: 'Parks', link: 'https://example.test/resume/abc' },
});

describe('retry policy', () => {
  const now = new Date('2027-01-01T12:00:00Z');
  it('waits twice as long after each temporary failure, up to the cap', () => {
    expect(retryDecision(DEFAULT_RETRY_POLICY, 429, 1, now)).toEqual({
      retry: true,
      at: new Date('2027-01-01T12:00:30Z'),
    });
    expect(retryDecision(DEFAULT_RETRY_POLICY, 503, 3, now)).toEqual({
      retry: true,
      at: new Date('2027-01-01T12:02:00Z'),
    });
    expect(retryDecision({ ...DEFAULT_RETRY_POLICY, maxAttempts: 20 }, 500, 15, now)).toEqual({
      retry: true,
      at: new Date('2027-01-01T13:00:00Z'),
    });
  });
  it('gives up on other refusals at once, and on anything after the last attempt', () => {
    expect(retryDecision(DEFAULT_RETRY_POLICY, 400, 1, now)).toEqual({ retry: false });
    expect(retryDecision(DEFAULT_RETRY_POLICY, 403, 1, now)).toEqual({ retry: false });
    expect(retryDecision(DEFAULT_RETRY_POLICY, 500, DEFAULT_RETRY_POLICY.maxAttempts, now)).toEqual({ retry: false });
    expect(retryDecision(DEFAULT_RETRY_POLICY, undefined, 1, now)).toMatchObject({ retry: true });
  });
});

describe('delivery through GOV.UK Notify (a local fake server)', () => {
  let fake: FakeNotify;
  let t: TestContext;
  beforeAll(async () => {
    fake = await startFakeNotify();
    t = await build({
      env: {
        NOTIFY_API_KEY: fake.apiKey,
        NOTIFY_BASE_URL: fake.baseUrl,
        NOTIFY_EMAIL_TEMPLATE_ID: EMAIL_TEMPLATE,
        NOTIFY_SMS_TEMPLATE_ID: SMS_TEMPLATE,
      },
      now: '2027-01-04T09:00:00Z',
    });
    // The demo seed queues no messages, but start from a clean slate either way.
    await t.deps.database.query(`DELETE FROM outbox_messages`);
  });
  afterAll(async () => fake.close());

  const row = async (reference: string) =>
    (
      await t.deps.database.query<{
        status: string;
        attempts: number;
        error: string | null;
        next_attempt_at: Date | null;
      }>('SELECT status, attempts, error, next_attempt_at FROM outbox_messages WHERE reference = $1', [reference])
    )[0]!;

  it('sends a well-formed request: signed token, template, recipient, personalisation, reference', async () => {
    await t.deps.notifier.queue(t.deps.db, message('shape-1'));
    expect(await t.deps.notifier.deliverQueued(t.deps.db, t.clock.now())).toBe(1);
    expect(fake.rejected).toEqual([]);
    expect(fake.accepted).toHaveLength(1);
    expect(fake.accepted[0]).toMatchObject({
      channel: 'email',
      templateId: EMAIL_TEMPLATE,
      recipient: 'resident@example.test',
      reference: 'shape-1',
      personalisation: { subject: 'Continue your response to Parks' },
    });
    expect(fake.accepted[0]!.personalisation.body).toContain('https://example.test/resume/abc');
    expect(await row('shape-1')).toMatchObject({ status: 'sent', attempts: 1, error: null });
  });

  it('429 then success sends exactly one message, after the backoff', async () => {
    const before = fake.accepted.length;
    fake.failNext(429);
    await t.deps.notifier.queue(t.deps.db, message('rate-limited'));
    await t.deps.notifier.deliverQueued(t.deps.db, t.clock.now());
    const waiting = await row('rate-limited');
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1 });
    expect(waiting.error).toContain('429');
    expect(new Date(waiting.next_attempt_at!).getTime() - t.clock.now().getTime()).toBe(30_000);

    // Not yet due: nothing is sent.
    expect(await t.deps.notifier.deliverQueued(t.deps.db, t.clock.now())).toBe(0);
    t.clock.advance(31_000);
    await t.deps.notifier.deliverQueued(t.deps.db, t.clock.now());
    await t.deps.notifier.deliverQueued(t.deps.db, t.clock.now());
    expect(fake.accepted.slice(before).map((m) => m.reference)).toEqual(['rate-limited']);
    expect(await row('rate-limited')).toMatchObject({ status: 'sent', attempts: 2, error: null });
  });

  it('two workers delivering at once send each message once', async () => {
    const before = fake.accepted.length;
    for (let i = 0; i < 5; i++) await t.deps.notifier.queue(t.deps.db, message(`parallel-${i}`));
    await Promise.all([
      t.deps.notifier.deliverQueued(t.deps.db, t.clock.now()),
      t.deps.notifier.deliverQueued(t.deps.db, t.clock.now()),
      t.deps.notifier.deliverQueued(t.deps.db, t.clock.now()),
    ]);
    const sent = fake.accepted
      .slice(before)
      .map((m) => m.reference)
      .sort();
    expect(sent).toEqual(['parallel-0', 'parallel-1', 'parallel-2', 'parallel-3', 'parallel-4']);
  });

  it('a permanent refusal is recorded as failed at once and shown on the outbox page', async () => {
    fake.failNext(400);
    await t.deps.notifier.queue(t.deps.db, message('refused', 'not-an-inbox@example.test'));
    await t.deps.notifier.deliverQueued(t.deps.db, t.clock.now());
    const failed = await row('refused');
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.error).toContain('GOV.UK Notify answered 400');

    const browser = await signedInBrowsers(t.app)('admin@council.example');
    const page = textOf((await browser.get('/staff/outbox')).body);
    expect(page).toContain('not-an-inbox@example.test');
    expect(page).toContain('Failed');
    expect(page).toContain('Not sent: GOV.UK Notify answered 400');
  });

  it('server errors are retried with growing waits, then recorded as failed', async () => {
    fake.failAlways(500);
    try {
      await t.deps.notifier.queue(t.deps.db, message('server-down'));
      for (let attempt = 1; attempt <= DEFAULT_RETRY_POLICY.maxAttempts; attempt++) {
        await t.deps.notifier.deliverQueued(t.deps.db, t.clock.now());
        t.clock.advance(2 * 60 * 60_000);
      }
      expect(await row('server-down')).toMatchObject({ status: 'failed', attempts: DEFAULT_RETRY_POLICY.maxAttempts });
      await t.deps.notifier.deliverQueued(t.deps.db, t.clock.now());
      expect((await row('server-down')).attempts).toBe(DEFAULT_RETRY_POLICY.maxAttempts);
    } finally {
      fake.failAlways(undefined);
    }
  });

  it('sends texts to the SMS template and passes the one-click unsubscribe address with emails', async () => {
    const notifier = createNotifier(
      notifyTransport({
        apiKey: fake.apiKey,
        baseUrl: fake.baseUrl,
        emailTemplateId: EMAIL_TEMPLATE,
        smsTemplateId: SMS_TEMPLATE,
      }),
    );
    const before = fake.accepted.length;
    await notifier.queue(t.deps.db, {
      ...message('with-unsubscribe'),
      unsubscribeUrl: 'https://example.test/unsubscribe/tok',
    });
    await notifier.deliverQueued(t.deps.db, t.clock.now());
    expect(fake.accepted.slice(before)).toEqual([
      expect.objectContaining({
        reference: 'with-unsubscribe',
        oneClickUnsubscribeUrl: 'https://example.test/unsubscribe/tok',
      }),
    ]);
  });

  it('an interrupted send is never sent again without a person checking', async () => {
    await t.deps.notifier.queue(t.deps.db, message('interrupted'));
    await t.deps.database.query(
      `UPDATE outbox_messages SET status = 'sending', attempts = 1, claimed_until = $1 WHERE reference = 'interrupted'`,
      [new Date(t.clock.now().getTime() - 1000)],
    );
    const before = fake.accepted.length;
    await t.deps.notifier.deliverQueued(t.deps.db, t.clock.now());
    expect(fake.accepted.length).toBe(before);
    expect((await row('interrupted')).status).toBe('failed');
  });
});
