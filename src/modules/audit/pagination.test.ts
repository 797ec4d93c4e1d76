import { describe, expect, it } from 'vitest';
import { paginationFor } from './pagination.ts';

const href = (page: number) => `?page=${page}`;

describe('paginationFor', () => {
  it('shows nothing for a single page', () => {
    expect(paginationFor(1, 1, href)).toBeNull();
  });

  it('shows first, last and neighbours with ellipses in the gaps', () => {
    const result = paginationFor(5, 10, href)!;
    expect(result.items.map((item) => ('ellipsis' in item ? '…' : item.number))).toEqual([1, '…', 4, 5, 6, '…', 10]);
    expect(result.items.find((item) => 'current' in item && item.current)).toEqual({
      number: 5,
      href: '?page=5',
      current: true,
    });
    expect(result.previous).toEqual({ href: '?page=4' });
    expect(result.next).toEqual({ href: '?page=6' });
  });

  it('has no previous link on the first page and no next link on the last', () => {
    expect(paginationFor(1, 3, href)!.previous).toBeUndefined();
    expect(paginationFor(3, 3, href)!.next).toBeUndefined();
    expect(paginationFor(1, 3, href)!.items.map((item) => ('number' in item ? item.number : 0))).toEqual([1, 2, 3]);
  });
});
