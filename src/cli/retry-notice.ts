import type { RetryNotice } from '../ingest/http/retrying-request.ts';

/**
 * A failed HTTP attempt as the CLI says it on stderr before waiting to try again, so a download or
 * an update that retries (a network error, a 429 or 5xx) is not a silent wait of seconds:
 * `attempt 1 of 5 failed: cannot reach "https://...": ENOTFOUND ...; trying again in 0.5 s`.
 */
export const retryLine = (n: RetryNotice): string =>
  `attempt ${n.attempt} of ${n.attempts} failed: ${n.message}; trying again in ${(n.waitMs / 1000).toFixed(1)} s\n`;
