/**
 * GET a text resource (a news page, a feed) with a time-out per attempt and retries (p-retry) on
 * network errors, time-outs, 429 and 5xx. Other statuses, 304 included, go back to the caller;
 * redirects are followed, and a redirect loop is an error of its own, not retried.
 */
import pRetry, { AbortError } from 'p-retry';
import { oneLine, RemoteError } from '../../domain/errors.ts';
import { grouped } from '../../domain/format-number.ts';
import { quoteValue } from '../../domain/quote.ts';
import { redactUrl } from './fetch-like.ts';
import { networkCause, realSleep, refusedByFetch, type OnRetry } from './retrying-request.ts';

/** How to fetch: time-out per attempt, retries, headers, the largest body read. */
export interface GetTextOptions {
  /** Names the service in errors: `news`, `feed`. */
  service: string;
  headers?: Record<string, string>;
  /** Per-attempt time-out in ms (default 15000). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 2). */
  retries?: number;
  /** First wait between attempts in ms; it doubles (default 500). */
  backoffMs?: number;
  /** Most bytes read from a body (default 5 MB); a longer body is an error, never cut silently. */
  maxBytes?: number;
  /** Told of each failed attempt before its wait (the CLI says it on stderr). */
  onRetry?: OnRetry;
  /** Waits between attempts (default setTimeout); tests pass one that records the waits. */
  sleep?: (ms: number) => Promise<void>;
}

/** A response: status, the headers callers read, and the body as text. */
export interface TextResponse {
  status: number;
  contentType: string;
  etag: string | null;
  lastModified: string | null;
  body: string;
}

class Retryable extends Error {}

async function readLimited(res: Response, maxBytes: number, url: string, service: string): Promise<string> {
  const length = Number(res.headers.get('content-length'));
  if (Number.isFinite(length) && length > maxBytes)
    throw new AbortError(
      new RemoteError(
        'remote_error',
        `${service}: too large: ${url} is ${grouped(length)} bytes (at most ${grouped(maxBytes)})`,
      ),
    );
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  for (let read = await reader?.read(); reader && read && !read.done; read = await reader.read()) {
    size += read.value.length;
    if (size > maxBytes) {
      await reader.cancel();
      throw new AbortError(
        new RemoteError('remote_error', `${service}: too large: ${url} is over ${grouped(maxBytes)} bytes`),
      );
    }
    chunks.push(read.value);
  }
  return decode(Buffer.concat(chunks), res.headers.get('content-type'));
}

/** The body in the charset its Content-Type names (windows-1252, iso-8859-1, ...), UTF-8 when it names none or an unknown one. */
function decode(bytes: Buffer, contentType: string | null): string {
  const charset = /charset="?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Redirects followed before a fetch gives up, as browsers and fetch's own `follow` do. */
const MAX_REDIRECTS = 20;
const REDIRECT = new Set([301, 302, 303, 307, 308]);

/**
 * GETs `url`, following redirects here rather than inside fetch: a loop (an address redirected to
 * one already visited) is the server's error, said in one line with the loop and never retried
 * (fetch's follow gave "redirect count exceeded", taken for a network error and tried again).
 */
async function follow(
  url: string,
  headers: Record<string, string> | undefined,
  signal: AbortSignal,
  service: string,
  timeoutMs: number,
): Promise<Response> {
  const chain = [url];
  const shown = () => chain.map((u) => quoteValue(redactUrl(u))).join(' -> ');
  for (;;) {
    let res: Response;
    try {
      res = await fetch(chain.at(-1)!, { headers, signal, redirect: 'manual' });
    } catch (e) {
      const cause = networkCause(e);
      if (refusedByFetch(e))
        throw new AbortError(
          new RemoteError('remote_error', `${service}: network error (${cause}): ${shown()} (1 attempt)`),
        );
      throw new Retryable(
        cause === 'timed out' ? `timed out after ${timeoutMs / 1000} s` : `network error (${cause})`,
      );
    }
    const location = res.headers.get('location');
    if (!REDIRECT.has(res.status) || location === null) return res;
    await res.body?.cancel();
    const next = URL.canParse(location, chain.at(-1)) ? new URL(location, chain.at(-1)).href : null;
    const refuse = (why: string) => new AbortError(new RemoteError('remote_error', `${service}: ${why}`));
    if (next === null || !/^https?:$/.test(new URL(next).protocol))
      throw refuse(`redirect to ${quoteValue(location)}, which is no http(s) address: ${shown()}`);
    const seen = chain.includes(next);
    chain.push(next);
    if (seen) throw refuse(`redirect loop: ${shown()}`);
    if (chain.length > MAX_REDIRECTS + 1)
      throw refuse(
        `more than ${MAX_REDIRECTS} redirects: ${quoteValue(redactUrl(url))} -> ... -> ${quoteValue(redactUrl(next))}`,
      );
  }
}

/** Fetches a URL as text; throws a one-line RemoteError naming the URL after the last attempt fails. */
export async function getText(url: string, options: GetTextOptions): Promise<TextResponse> {
  const { service } = options;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const retries = options.retries ?? 2;
  const maxBytes = options.maxBytes ?? 5_000_000;
  const backoffMs = options.backoffMs ?? 500;
  const sleep = options.sleep ?? realSleep;
  const safe = quoteValue(redactUrl(url));
  let attempts = 0;
  try {
    return await pRetry(
      async () => {
        attempts++;
        const res = await follow(url, options.headers, AbortSignal.timeout(timeoutMs), service, timeoutMs);
        if (res.status === 429 || res.status >= 500) {
          await res.body?.cancel();
          throw new Retryable(`HTTP ${res.status}`);
        }
        let body: string;
        try {
          body = await readLimited(res, maxBytes, safe, service);
        } catch (e) {
          if (e instanceof AbortError) throw e;
          throw new Retryable(`network error (${networkCause(e)})`);
        }
        return {
          status: res.status,
          contentType: (res.headers.get('content-type') ?? '').toLowerCase(),
          etag: res.headers.get('etag'),
          lastModified: res.headers.get('last-modified'),
          body,
        };
      },
      {
        retries,
        // The wait (backoffMs x 2^(attempt - 1)) is `sleep`'s, after the notice: p-retry's timer is set to 0.
        minTimeout: 0,
        randomize: false,
        onFailedAttempt: async (e) => {
          if (e.retriesLeft === 0) return;
          const waitMs = backoffMs * 2 ** (e.attemptNumber - 1);
          if (e instanceof Retryable)
            options.onRetry?.({
              message: `${service}: ${e.message}: ${safe}`,
              attempt: e.attemptNumber,
              attempts: e.attemptNumber + e.retriesLeft,
              waitMs,
            });
          await sleep(waitMs);
        },
      },
    );
  } catch (e) {
    if (e instanceof RemoteError) throw e;
    const reason = e instanceof Retryable ? e.message : oneLine(e);
    throw new RemoteError(
      'remote_error',
      `${service}: ${reason}: ${safe} (${attempts} attempt${attempts === 1 ? '' : 's'})`,
    );
  }
}
