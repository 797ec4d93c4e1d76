/** Form bodies arrive as unknown; pages echo back only the plain strings a person typed. */
export function formBody(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
}

export function textValues(body: Record<string, unknown>, keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.map((key) => [key, typeof body[key] === 'string' ? body[key] : '']));
}
