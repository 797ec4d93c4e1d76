import { describe, expect, it } from 'vitest';
import { textOf } from '../../../test/helpers.ts';
import { consultations } from './consultations.tables.ts';
import { buildHub } from './hub.fixtures.ts';

describe('paging through consultations', async () => {
  const { app, deps, council } = await buildHub({ now: '2027-01-15T12:00:00Z' });
  const start = deps.clock.now().getTime();
  await deps.db.insert(consultations).values(
    Array.from({ length: 45 }, (_, i) => ({
      slug: `park-${String(i + 1).padStart(2, '0')}`,
      title: `Park improvement ${i + 1}`,
      leadOrganisationId: council.id,
      state: 'open',
      topics: ['parks-and-open-spaces'],
      opensAt: new Date(start - 86_400_000),
      closesAt: new Date(start + (i + 1) * 86_400_000),
    })),
  );
  const titlesOn = (html: string) => [...html.matchAll(/href="\/consultations\/(park-\d+)"/g)].map((m) => m[1]!);

  it('shows 20 a page with GOV.UK pagination that keeps the filters, and no row twice', async () => {
    const seen: string[] = [];
    for (const page of [1, 2, 3]) {
      const response = await app.inject({ url: `/consultations?topic=parks-and-open-spaces&page=${page}` });
      expect(response.statusCode).toBe(200);
      const slugs = titlesOn(response.body);
      expect(slugs).toHaveLength(page < 3 ? 20 : 5);
      seen.push(...slugs);
      expect(textOf(response.body)).toContain(`Page ${page} of 3`);
    }
    expect(new Set(seen).size).toBe(45);
    expect(seen[0]).toBe('park-01');
    const first = await app.inject({ url: '/consultations?topic=parks-and-open-spaces' });
    expect(first.body).toContain('govuk-pagination');
    expect(first.body).toContain('href="/consultations?topic=parks-and-open-spaces&amp;page=2"');
    expect(first.body).toMatch(/aria-current="page"/);
  });

  it('shows the last page for a page number past the end, and the first for nonsense', async () => {
    const past = await app.inject({ url: '/consultations?page=99' });
    expect(past.statusCode).toBe(200);
    expect(textOf(past.body)).toContain('Page 3 of 3');
    expect(titlesOn(past.body)).toHaveLength(5);
    for (const page of ['0', '-1', 'two', '1.5', '']) {
      const response = await app.inject({ url: `/consultations?page=${page}` });
      expect(response.statusCode).toBe(200);
      expect(textOf(response.body)).toContain('Page 1 of 3');
    }
  });
});
