/**
 * Drizzle wraps driver errors (DrizzleQueryError, with the driver's error as `cause`), while raw
 * queries throw the driver's error itself; PostgreSQL's SQLSTATE may be on either.
 */
export function sqlState(error: unknown): string | undefined {
  const { code, cause } = (error ?? {}) as { code?: unknown; cause?: { code?: unknown } };
  if (typeof code === 'string') return code;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

/** A unique index refused a second copy: what exactly-once inserts rely on under concurrency. */
export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === '23505';
}
