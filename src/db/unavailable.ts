/**
 * Telling a database outage from a bug: connection failures from node-postgres (refused, reset,
 * timed out, terminated by a restart or failover, a pool that cannot connect) and from PGlite (a
 * closed instance) mean "try again shortly" (503 with Retry-After), never a 500. Drizzle wraps the
 * driver's error in `cause`, and Node wraps parallel connection attempts in an AggregateError, so
 * the whole chain is looked at.
 */

/** How long the 503 page asks clients (and load balancers) to wait before trying again. */
export const RETRY_AFTER_SECONDS = 30;

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** SQLSTATE class 08 (connection exception) and the server going away (57P01–57P03), too many connections (53300). */
const SQLSTATES = /^(08\d{3}|57P0[123]|53300)$/;

const MESSAGES = [
  /connection terminated/i,
  /terminating connection/i,
  /timeout exceeded when trying to connect/i,
  /client has encountered a connection error/i,
  /cannot use a pool after calling end/i,
  /not currently accepting connections/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
  /pglite is closed/i,
  /connection refused/i,
];

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 6) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATES.test(code))) return true;
  if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) return true;
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}
