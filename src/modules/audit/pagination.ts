/**
 * govukPagination's items for page `current` of `count`: the first, the last, and the pages either
 * side of the current one, with ellipses for gaps, as the design system recommends.
 */
export interface PaginationParams {
  previous?: { href: string };
  next?: { href: string };
  items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[];
}

export function paginationFor(
  current: number,
  count: number,
  hrefFor: (page: number) => string,
): PaginationParams | null {
  if (count <= 1) return null;
  const shown = [...new Set([1, current - 1, current, current + 1, count])]
    .filter((n) => n >= 1 && n <= count)
    .sort((a, b) => a - b);
  const items: PaginationParams['items'] = [];
  shown.forEach((page, index) => {
    if (index > 0 && page - shown[index - 1]! > 1) items.push({ ellipsis: true });
    items.push({ number: page, href: hrefFor(page), current: page === current });
  });
  return {
    previous: current > 1 ? { href: hrefFor(current - 1) } : undefined,
    next: current < count ? { href: hrefFor(current + 1) } : undefined,
    items,
  };
}
