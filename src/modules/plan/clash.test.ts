import { describe, expect, it } from 'vitest';
import { countClashes, findClashes, findFatigue, windowsOverlap, type PlannedActivity } from './clash.ts';
import { fromLondon } from '../../web/format.ts';

let n = 0;
function activity(overrides: Partial<PlannedActivity> = {}): PlannedActivity {
  return {
    id: `a${++n}`,
    title: `Activity ${n}`,
    organisationId: 'council',
    status: 'planned',
    audiences: ['council-tenants'],
    topics: ['housing'],
    wardCodes: ['W1'],
    boroughWide: false,
    usesPanel: false,
    startsAt: fromLondon(2027, 3, 1),
    endsAt: fromLondon(2027, 4, 1),
    ...overrides,
  };
}

describe('windows', () => {
  it('touching windows do not overlap: the end is exclusive', () => {
    const march = activity();
    const april = activity({ startsAt: fromLondon(2027, 4, 1), endsAt: fromLondon(2027, 5, 1) });
    expect(windowsOverlap(march, april)).toBe(false);
    expect(windowsOverlap(april, march)).toBe(false);
  });

  it('a single shared minute is an overlap', () => {
    const march = activity();
    const late = activity({
      startsAt: new Date(fromLondon(2027, 4, 1).getTime() - 60_000),
      endsAt: fromLondon(2027, 5, 1),
    });
    expect(windowsOverlap(march, late)).toBe(true);
  });

  it('one window inside another overlaps', () => {
    expect(
      windowsOverlap(activity(), activity({ startsAt: fromLondon(2027, 3, 10), endsAt: fromLondon(2027, 3, 11) })),
    ).toBe(true);
  });
});

describe('findClashes', () => {
  it('finds an overlapping activity in the same ward for the same audience, with reasons', () => {
    const mine = activity();
    const theirs = activity({
      organisationId: 'nhs',
      topics: ['health-and-wellbeing'],
      startsAt: fromLondon(2027, 3, 20),
      endsAt: fromLondon(2027, 5, 1),
    });
    const [clash, ...rest] = findClashes(mine, [theirs], (code) => `Ward ${code}`);
    expect(rest).toEqual([]);
    expect(clash!.other.id).toBe(theirs.id);
    expect(clash!.sameOrganisation).toBe(false);
    expect(clash!.reasons).toEqual(['Both in Ward W1', 'Both ask Council tenants and leaseholders']);
  });

  it('touching windows do not clash', () => {
    const april = activity({ startsAt: fromLondon(2027, 4, 1), endsAt: fromLondon(2027, 5, 1) });
    expect(findClashes(activity(), [april])).toEqual([]);
  });

  it('different wards do not clash; a borough-wide activity clashes with any ward', () => {
    const mine = activity({ wardCodes: ['W1'] });
    expect(findClashes(mine, [activity({ wardCodes: ['W2'] })])).toEqual([]);
    const boroughWide = activity({ wardCodes: [], boroughWide: true });
    expect(findClashes(mine, [boroughWide])[0]!.reasons[0]).toBe('One is borough-wide, so it reaches the same wards');
    expect(findClashes(boroughWide, [mine])).toHaveLength(1);
    expect(findClashes(boroughWide, [activity({ wardCodes: [], boroughWide: true })])[0]!.reasons[0]).toBe(
      'Both borough-wide',
    );
  });

  it('same place and time but nothing in common to ask about is not a clash', () => {
    const other = activity({ audiences: ['businesses'], topics: ['transport-and-streets'] });
    expect(findClashes(activity(), [other])).toEqual([]);
  });

  it('a shared topic alone is enough', () => {
    const other = activity({ audiences: ['businesses'] });
    expect(findClashes(activity(), [other])[0]!.reasons).toEqual(['Both in W1', 'Both about Housing']);
  });

  it('ignores cancelled activities on either side, and itself', () => {
    const mine = activity();
    expect(findClashes(mine, [mine, activity({ status: 'cancelled' })])).toEqual([]);
    expect(findClashes({ ...mine, status: 'cancelled' }, [activity()])).toEqual([]);
  });

  it('marks clashes within the same organisation and sorts by start', () => {
    const later = activity({ startsAt: fromLondon(2027, 3, 20) });
    const earlier = activity({ startsAt: fromLondon(2027, 2, 20) });
    const clashes = findClashes(activity(), [later, earlier]);
    expect(clashes.map((c) => c.other.id)).toEqual([earlier.id, later.id]);
    expect(clashes.every((c) => c.sameOrganisation)).toBe(true);
  });
});

describe('findFatigue', () => {
  const labels = { ward: (code: string) => `Ward ${code}`, allWards: ['W1', 'W2', 'W3'] };

  it('warns when a ward is asked more than the limit in a quarter, counting this activity', () => {
    const others = [activity(), activity({ startsAt: fromLondon(2027, 1, 5), endsAt: fromLondon(2027, 1, 20) })];
    const mine = activity({ audiences: [] });
    expect(findFatigue(mine, others, 3, labels)).toEqual([]);
    const warnings = findFatigue(mine, others, 2, labels);
    expect(warnings).toEqual([
      {
        quarter: { year: 2027, q: 1 },
        quarterLabel: 'January to March 2027',
        kind: 'ward',
        key: 'W1',
        label: 'Ward W1',
        count: 3,
        limit: 2,
      },
    ]);
  });

  it('counts borough-wide activities in every ward, and audiences and the panel', () => {
    const others = [
      activity({ wardCodes: [], boroughWide: true, usesPanel: true }),
      activity({ wardCodes: ['W3'], usesPanel: true }),
    ];
    const mine = activity({ wardCodes: ['W2'], usesPanel: true });
    const kinds = findFatigue(mine, others, 2, labels).map((w) => `${w.kind}:${w.key}:${w.count}`);
    expect(kinds).toEqual(['audience:council-tenants:3', 'panel:panel:3']);
    expect(findFatigue(mine, others, 1, labels).map((w) => `${w.kind}:${w.key}:${w.count}`)).toContain('ward:W2:2');
  });

  it('ignores cancelled activities and other quarters; checks every quarter the activity spans', () => {
    const others = [
      activity({ status: 'cancelled' }),
      activity({ startsAt: fromLondon(2027, 4, 1), endsAt: fromLondon(2027, 4, 10) }),
    ];
    expect(findFatigue(activity(), others, 1, labels)).toEqual([]);
    const spanning = activity({
      startsAt: fromLondon(2027, 3, 1),
      endsAt: fromLondon(2027, 5, 1),
      audiences: [],
      topics: [],
    });
    const warnings = findFatigue(spanning, others, 1, labels);
    expect(warnings.map((w) => w.quarterLabel)).toEqual(['April to June 2027']);
  });
});

describe('countClashes (the list page)', () => {
  let seed = 11;
  const rand = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const some = (prefix: string, n: number) =>
    Array.from({ length: Math.floor(rand() * 3) }, () => `${prefix}${Math.floor(rand() * n)}`);
  const generate = (count: number, wards: number) =>
    Array.from({ length: count }, (_, i): PlannedActivity => {
      const start = Date.UTC(2027, 0, 1) + Math.floor(rand() * 90) * 86_400_000;
      return {
        id: `a${i}`,
        title: `A ${i}`,
        organisationId: 'org',
        status: rand() < 0.1 ? 'cancelled' : 'planned',
        audiences: some('aud', 5),
        topics: some('topic', 5),
        wardCodes: some('W', wards),
        boroughWide: rand() < 0.1,
        usesPanel: false,
        startsAt: new Date(start),
        endsAt: new Date(start + (rand() < 0.1 ? 80 : 7 + Math.floor(rand() * 21)) * 86_400_000),
      };
    });

  it('counts exactly what findClashes finds, capped, with small and too-large vocabularies', () => {
    for (const wards of [8, 60]) {
      const all = generate(300, wards);
      for (const limit of [200, 4]) {
        const counts = countClashes(all, all, limit);
        for (const a of all)
          expect(counts.get(a.id), `${a.id} ${wards} ${limit}`).toBe(Math.min(limit, findClashes(a, all).length));
      }
    }
  });
});
