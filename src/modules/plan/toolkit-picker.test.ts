import { describe, expect, it } from 'vitest';
import { pickMethods, type PickerMethod } from './toolkit-picker.ts';
import { METHODS } from './toolkit.methods.ts';

const method = (slug: string, overrides: Partial<PickerMethod> = {}): PickerMethod => ({
  slug,
  name: slug,
  purposes: [],
  rungs: [],
  audiences: [],
  cost: 'low',
  weeks: 2,
  ...overrides,
});

describe('pickMethods', () => {
  it('ranks by purpose, rung and audiences reached, and says why', () => {
    const methods = [
      method('survey', { purposes: ['gather-views'], rungs: ['consult'], audiences: ['residents'] }),
      method('focus', { purposes: ['gather-views'], rungs: ['consult'], audiences: ['young-people', 'parents'] }),
      method('unrelated', { purposes: ['decide-together'], rungs: ['empower'] }),
    ];
    const result = pickMethods(methods, {
      purpose: 'gather-views',
      rung: 'consult',
      audiences: ['young-people', 'parents'],
    });
    expect(result.recommended.map((r) => [r.method.slug, r.score])).toEqual([
      ['focus', 10],
      ['survey', 6],
    ]);
    expect(result.recommended[0]!.reasons).toEqual([
      'Suits your purpose: gather views on a proposal',
      'Works at the consult rung of the ladder',
      'Reaches young people, parents and carers',
    ]);
  });

  it('rules out methods that need more time or money than there is, with the reason', () => {
    const methods = [
      method('jury', { purposes: ['weigh-options'], cost: 'high', weeks: 16 }),
      method('workshop', { purposes: ['weigh-options'], cost: 'medium', weeks: 4 }),
    ];
    const result = pickMethods(methods, { purpose: 'weigh-options', audiences: [], weeks: 8, budget: 'medium' });
    expect(result.recommended.map((r) => r.method.slug)).toEqual(['workshop']);
    expect(result.recommended[0]!.reasons).toContain('Fits your time: about 4 weeks of 8');
    expect(result.ruledOut).toEqual([
      { method: methods[0], reasons: ['Needs about 16 weeks; you have 8', 'Costs more than a medium budget'] },
    ]);
  });

  it('prefers cheaper methods when scores tie on need, and quicker ones after that', () => {
    const methods = [
      method('dear', { purposes: ['gather-views'], cost: 'medium', weeks: 2 }),
      method('cheap-slow', { purposes: ['gather-views'], cost: 'low', weeks: 6 }),
      method('cheap-quick', { purposes: ['gather-views'], cost: 'low', weeks: 3 }),
    ];
    const result = pickMethods(methods, { purpose: 'gather-views', audiences: [], budget: 'medium' });
    expect(result.recommended.map((r) => r.method.slug)).toEqual(['cheap-quick', 'cheap-slow', 'dear']);
  });

  it('recommends nothing when nothing matches', () => {
    expect(pickMethods([method('x')], { audiences: [] }).recommended).toEqual([]);
  });

  it('on the seeded library, empowering residents with money and time points to participatory budgeting', () => {
    const result = pickMethods(METHODS, {
      purpose: 'decide-together',
      rung: 'empower',
      audiences: ['residents'],
      weeks: 26,
      budget: 'high',
    });
    expect(result.recommended[0]!.method.slug).toBe('participatory-budgeting');
  });
});
