import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type TestContext } from '../../test/helpers.ts';

describe('notifier', () => {
  let t: TestContext;
  beforeAll(async () => {
    t = await build({ seed: false });
  });
  afterAll(async () => t.app.close());

  it('forgets a recipient: content blanked, an unsent message cancelled, others untouched', async () => {
    const { db, notifier } = t.deps;
    const message = (reference: string, recipient: string) => ({
      reference,
      template: 'response-resume' as const,
      recipient,
      personalisation: { title: 'Parks', link: 'https://example.test/resume/abc' },
    });
    await notifier.queue(db, message('a', 'leaving@example.test'));
    await notifier.deliverQueued(db);
    await notifier.queue(db, message('b', 'leaving@example.test'));
    await notifier.queue(db, message('c', 'staying@example.test'));

    expect(await notifier.forgetRecipients(db, ['leaving@example.test'])).toBe(2);

    const rows = await notifier.recent(db);
    const byRef = new Map(rows.map((r) => [r.reference, r]));
    expect(byRef.get('a')).toMatchObject({ recipient: 'erased', status: 'sent' });
    expect(byRef.get('b')).toMatchObject({ recipient: 'erased', status: 'cancelled' });
    expect(JSON.stringify(byRef.get('b')?.personalisation)).not.toContain('resume');
    expect(byRef.get('c')).toMatchObject({ recipient: 'staying@example.test', status: 'queued' });
  });
});
