import { describe, expect, it } from 'vitest';
import { newReference } from './responding.service.ts';

describe('response references', () => {
  it('read unambiguously: no 0, O, 1 or I', () => {
    const references = Array.from({ length: 2000 }, newReference);
    for (const reference of references) expect(reference).toMatch(/^SDG-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(new Set(references).size).toBe(references.length);
  });
});
