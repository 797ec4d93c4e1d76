import { describe, expect, it } from 'vitest';
import { inProcessQueue } from './in-process-runner.ts';

describe('in-process job runner', () => {
  it('runs queued jobs once, then every recurring job, and reports failures without stopping', async () => {
    const errors: string[] = [];
    const queue = inProcessQueue({ intervalMs: 0, onError: (name) => errors.push(name) });
    const ran: string[] = [];
    queue.register('send', async (data) => void ran.push(`send:${String(data.to)}`));
    queue.register('tick', async () => void ran.push('tick'));
    queue.register('broken', async () => {
      throw new Error('boom');
    });
    await queue.everyMinute('tick');
    await queue.send('send', { to: 'a' }, { singletonKey: 'a' });
    await queue.send('send', { to: 'a' }, { singletonKey: 'a' });
    await queue.send('broken');
    await queue.send('send', { to: 'b' });
    await queue.drain();
    expect(ran).toEqual(['send:a', 'send:b', 'tick']);
    expect(errors).toEqual(['broken']);
    await queue.drain();
    expect(ran).toEqual(['send:a', 'send:b', 'tick', 'tick']);
    await queue.stop();
  });
});
