/**
 * When a failed delivery is tried again. Rate limits (429), server errors (5xx) and network
 * failures are temporary; any other refusal (400 bad phone number, 403 bad key) will not get
 * better by waiting, so it fails at once and is shown on the outbox page.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Wait after the first failure; doubled after each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 30_000, maxDelayMs: 60 * 60_000 };

export function isTemporary(status: number | undefined): boolean {
  return status === undefined || status === 429 || status >= 500;
}

/** attempts: how many attempts have been made, this one included. */
export function retryDecision(
  policy: RetryPolicy,
  status: number | undefined,
  attempts: number,
  now: Date,
): { retry: true; at: Date } | { retry: false } {
  if (!isTemporary(status) || attempts >= policy.maxAttempts) return { retry: false };
  const delay = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempts - 1));
  return { retry: true, at: new Date(now.getTime() + delay) };
}
