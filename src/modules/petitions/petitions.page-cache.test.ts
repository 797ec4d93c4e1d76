/** The petition page under the page cache: a signature does not empty the cache; the count catches up within 5 s. */
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { Browser, build, textOf } from '../../../test/helpers.ts';

describe('petition pages in the page cache', async () => {
  const { app, deps, clock } = await build({ now: '2027-02-01T10:00:00Z', env: { PAGE_CACHE: 'true' } });
  const q = <T>(text: string, params: unknown[] = []) => deps.database.query<T>(text, params);
  const [petition] = await q<{ number: number }>(
    `SELECT number FROM petitions WHERE title LIKE 'Put a pedestrian crossing%'`,
  );
  const url = `/petitions/${petition!.number}`;
  const count = async () => /(\d+) signatures/.exec(textOf((await app.inject({ url })).body))?.[1];

  it('serves the page from the cache while signatures arrive, and shows them within 5 seconds', async () => {
    expect(await count()).toBe('480');
    const hits = app.pageCache.stats().hits;
    expect(await count()).toBe('480');
    expect(app.pageCache.stats().hits).toBe(hits + 1);

    const resident = new Browser({
      inject: (options: object) => app.inject({ ...options, remoteAddress: '10.90.0.1' }),
    } as unknown as FastifyInstance);
    await resident.get(`${url}/sign`);
    await resident.post(`${url}/sign`, {
      name: 'Cache Tester',
      email: 'cache@example.com',
      postcode: 'RM10 7BB',
      inBorough: 'yes',
    });
    const [message] = await q<{ personalisation: { link: string } }>(
      `SELECT personalisation FROM outbox_messages WHERE recipient = 'cache@example.com'`,
    );
    const link = new URL(message!.personalisation.link).pathname;
    await resident.get(link);
    const pressed = await resident.post(link, {});
    expect(pressed.statusCode).toBe(303);
    expect(textOf((await resident.get(pressed.headers.location as string)).body)).toContain('Signature confirmed');

    expect(await count()).toBe('480');
    clock.advance(5_001);
    expect(await count()).toBe('481');
  });
});
