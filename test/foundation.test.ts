import { describe, expect, it } from 'vitest';
import { migrate } from '../src/db/migrate.ts';
import { seedDemo } from '../src/db/seed.ts';
import { modules } from '../src/modules/index.ts';
import { build } from './helpers.ts';

describe('start-up', async () => {
  const { deps } = await build();

  it('applies migrations once and is safe to re-run', async () => {
    expect(await migrate(deps.database)).toEqual([]);
    const applied = await deps.database.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(applied[0]!.name).toBe('0001_foundation.sql');
  });

  it('loads the demo borough: real wards, four partner organisations, staff in every role', async () => {
    const wards = await deps.database.query<{ count: number }>('SELECT count(*)::int AS count FROM wards');
    expect(wards[0]!.count).toBe(19);
    const organisations = await deps.database.query<{ kind: string }>('SELECT kind FROM organisations ORDER BY kind');
    expect(organisations.map((o) => o.kind)).toEqual(['council', 'nhs', 'police', 'voluntary']);
    const roles = await deps.database.query<{ role: string }>('SELECT DISTINCT role FROM staff_users ORDER BY role');
    expect(roles.map((r) => r.role)).toEqual([
      'administrator',
      'councillor',
      'engagement_officer',
      'partner_officer',
      'service_officer',
    ]);
  });

  it('loads the demo data idempotently', async () => {
    const count = async () =>
      (
        await deps.database.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM staff_users) + (SELECT count(*) FROM organisations)
            + (SELECT count(*) FROM wards) + (SELECT count(*) FROM consultations) AS n`,
        )
      )[0]!.n;
    const before = Number(await count());
    await seedDemo(deps, modules);
    expect(Number(await count())).toBe(before);
  });

  it('refuses to load demo data in production', async () => {
    await expect(seedDemo({ ...deps, config: { ...deps.config, env: 'production' } }, modules)).rejects.toThrow(
      'Refusing to load demo data in production',
    );
  });
});
