import pRetry, { AbortError } from 'p-retry';
import { oneLine, RemoteError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { redactUrl, type FetchLike, type HttpRequestInit } from './fetch-like.ts';
import { counted } from '../../domain/plural.ts';

/**
 * A failed attempt about to be tried again, for the person waiting: what failed (a one-line
 * message naming the URL), which attempt of how many failed, and the wait before the next.
 */
export interface RetryNotice {
  message: string;
  attempt: number;
  attempts: number;
  waitMs: number;
}

/** Called before each wait between attempts (not after the last attempt, whose failure is thrown). */
export type OnRetry = (notice: RetryNotice) => void;

/** How a client retries: attempts, backoff and the injectable clock and randomness for tests. */
export interface RetryOptions {
  /** Told of each failed attempt before its wait (the CLI says it on stderr). */
  onRetry?: OnRetry;
  fetch?: FetchLike;
  /** Retries after the first attempt (default 4, so 5 attempts). */
  retries?: number;
  /** First backoff step in ms; it doubles with every retry, plus up to one step of jitter (default 500). */
  backoffMs?: number;
  /** Waits between attempts (default setTimeout); tests pass one that records the waits. */
  sleep?: (ms: number) => Promise<void>;
  /** Random number in [0, 1) for jitter (default Math.random). */
  random?: () => number;
  /** Per-attempt timeout in ms, after which the attempt counts as a network error (default 120000). */
  timeoutMs?: number;
  /** A Retry-After longer than this (ms) is not waited for: the request fails at once (default 300000). */
  maxRetryAfterMs?: number;
}

/** A response whose status the caller handles (2xx and every 4xx but 429). */
export interface PlainResponse {
  status: number;
  body: string;
}

/** Sends one request with retries on 429, 5xx and network errors. */
export type SendWithRetry = (url: string, init: HttpRequestInit) => Promise<PlainResponse>;

/** The wait between attempts when the caller gives none: a timer. */
export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A failed attempt that may be tried again after `waitMs`; its message says what went wrong (`HTTP 503`). */
export class RetryableFailure extends Error {
  constructor(
    message: string,
    readonly waitMs: number,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RetryableFailure';
  }
}

/** How retryWithWaits retries: retries after the first attempt, and how it waits. */
export interface RetryWaits {
  retries: number;
  /** Told of each failed attempt before its wait. */
  onRetry?: OnRetry;
  /** Waits between attempts (default setTimeout); tests pass one that records the waits. */
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Runs `attempt` (given its 1-based number) with p-retry: a RetryableFailure is tried again after
 * the wait it names (a backoff step, or what a Retry-After asked for), up to `retries` times, and
 * the last one is thrown when none is left; any other error ends the retries at once, unchanged.
 * The waits are the failures' own (p-retry's timer is set to 0) so that Retry-After is honoured
 * and tests can record them.
 */
export async function retryWithWaits<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryWaits,
): Promise<T> {
  const sleep = options.sleep ?? realSleep;
  let last: RetryableFailure | undefined;
  try {
    return await pRetry(
      async (attemptNumber) => {
        try {
          return await attempt(attemptNumber);
        } catch (e) {
          if (!(e instanceof RetryableFailure)) throw new AbortError(e instanceof Error ? e : String(e));
          last = e;
          throw e;
        }
      },
      {
        retries: options.retries,
        minTimeout: 0,
        factor: 1,
        randomize: false,
        onFailedAttempt: async (e) => {
          if (e.retriesLeft > 0 && e instanceof RetryableFailure) {
            options.onRetry?.({
              message: e.message,
              attempt: e.attemptNumber,
              attempts: e.attemptNumber + e.retriesLeft,
              waitMs: e.waitMs,
            });
            await sleep(e.waitMs);
          }
        },
      },
    );
  } catch (e) {
    // p-retry's final error is the most frequent one; the message must name the last.
    if (e instanceof RetryableFailure && last) throw last;
    throw e;
  }
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), or null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Makes a sender for one service (`UCDP API`, `ACLED API`): retries (p-retry) 429 and 5xx (waiting
 * what Retry-After says, when it says) and network errors with exponential backoff and jitter, then
 * fails with a one-line RemoteError naming the last status, the attempts and the URL without
 * credentials.
 */
export function createSender(service: string, options: RetryOptions = {}): SendWithRetry {
  const fetchFn = options.fetch ?? (globalThis.fetch as FetchLike);
  const retries = options.retries ?? 4;
  const backoffMs = options.backoffMs ?? 500;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 300_000;
  const backoff = (retry: number) => Math.round(backoffMs * 2 ** retry + random() * backoffMs);

  return async (url, init) => {
    const safe = quoteValue(redactUrl(url));
    try {
      return await retryWithWaits(
        async (attemptNumber) => {
          const wait = () => backoff(attemptNumber - 1);
          let res: Awaited<ReturnType<FetchLike>>;
          let body: string;
          try {
            res = await fetchFn(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
            body = await res.text();
          } catch (e) {
            if (refusedByFetch(e))
              throw new RemoteError(
                'remote_error',
                `${service}: network error (${networkCause(e)}): ${safe}`,
              );
            throw new RetryableFailure(`network error (${networkCause(e)})`, wait());
          }
          if (res.status !== 429 && res.status < 500) return { status: res.status, body };
          // Retry-After on a 429 and on a 503 (a server down for maintenance says until when), as
          // the download probes read it (download-file.ts probe).
          const asked = retryAfterMs(res.headers.get('retry-after'));
          if (asked !== null && asked > maxRetryAfterMs) {
            const limited = res.status === 429;
            throw new RemoteError(
              limited ? 'rate_limited' : 'remote_error',
              `${service}: ${limited ? 'rate limited' : 'unavailable'} (HTTP ${res.status}); the server asks to wait ${Math.ceil(asked / 1000)} s: ${safe}`,
              res.status,
            );
          }
          throw new RetryableFailure(`HTTP ${res.status}`, asked ?? wait(), res.status);
        },
        {
          retries,
          sleep: options.sleep,
          // The attempt's failure names neither the service nor the URL: the notice names both.
          onRetry:
            options.onRetry &&
            ((n) => options.onRetry!({ ...n, message: `${service}: ${n.message}: ${safe}` })),
        },
      );
    } catch (e) {
      if (!(e instanceof RetryableFailure)) throw e;
      const code = e.status === 429 ? 'rate_limited' : 'remote_error';
      throw new RemoteError(
        code,
        `${service}: ${e.message} after ${counted(retries + 1, 'attempt')}: ${safe}`,
        e.status,
      );
    }
  };
}

/**
 * Whether fetch refused a request before sending anything: a port the Fetch standard blocks (9,
 * 6000, ...: "bad port"), a scheme other than http(s), a URL it cannot parse. No retry can mend
 * these, so every retrying caller fails at once on them (until 2026-12-06 `fetch gdelt` against
 * port 9 waited 7.5 s through five attempts to say "bad port").
 */
export function refusedByFetch(e: unknown): boolean {
  let err = e;
  while (err instanceof Error && err.cause instanceof Error) err = err.cause;
  if (!(err instanceof Error)) return false;
  return (
    err.message === 'bad port' ||
    err.message === 'unknown scheme' ||
    (err as Error & { code?: unknown }).code === 'ERR_INVALID_URL'
  );
}

/** The innermost reason of a fetch failure (undici wraps it as `fetch failed` with a cause). */
export function networkCause(e: unknown): string {
  let err = e;
  while (err instanceof Error && err.cause instanceof Error) err = err.cause;
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timed out';
  return oneLine(err);
}
