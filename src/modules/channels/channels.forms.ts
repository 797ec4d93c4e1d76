/** Reading posted form values (the same helpers as feedback's schema; channels must not import feedback). */

/** Form values echoed back: only plain strings a person typed. */
export function formStrings(body: unknown, keys: string[]): Record<string, string> {
  const record = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  return Object.fromEntries(keys.map((k) => [k, typeof record[k] === 'string' ? record[k] : '']));
}

/** A checkbox group arrives as a string, an array, or nothing. */
export function formList(body: unknown, key: string): string[] {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
