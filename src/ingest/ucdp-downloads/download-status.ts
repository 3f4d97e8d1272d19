/**
 * What `faultline update --dry-run` says of each planned file without downloading it: `new` (no
 * copy kept), `changed` or `unchanged` (the server's ETag or Last-Modified against the kept copy's,
 * asked with the same If-None-Match / If-Modified-Since a download sends, on a HEAD), or `unknown`,
 * with the reason (no validator to compare, a kept copy whose length was not verified, a server
 * that did not answer), in which case update downloads it again. Reasons are short: the text table
 * cuts cells at 48 characters.
 */
import { RemoteError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { networkCause, refusedByFetch, RetryableFailure } from '../http/retrying-request.ts';
import {
  readState,
  retryLater,
  sizeOf,
  withRetries,
  type DownloadState,
  type RetryPolicy,
} from './download-file.ts';
import { counted } from '../../domain/plural.ts';

/** A planned file's status against the kept copy, and why. */
export interface DownloadStatus {
  status: 'new' | 'changed' | 'unchanged' | 'unknown';
  reason: string;
}

/** How the status request behaves: it retries as a download and a probe do (RetryPolicy, Retry-After included). */
export interface StatusOptions extends RetryPolicy {
  /** Per-attempt timeout in ms (default 30000). */
  timeoutMs?: number;
}

/** The validators of the server's answer to the conditional HEAD. */
interface Answer {
  status: number;
  etag: string | null;
  lastModified: string | null;
  length: number | null;
}

async function ask(url: string, kept: DownloadState, o: StatusOptions): Promise<Answer> {
  const timeoutMs = o.timeoutMs ?? 30_000;
  const conditional: Record<string, string> = {};
  if (kept.etag) conditional['if-none-match'] = kept.etag;
  if (kept.lastModified) conditional['if-modified-since'] = kept.lastModified;
  return withRetries(
    o,
    async (wait): Promise<Answer> => {
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'HEAD',
          headers: conditional,
          signal: AbortSignal.timeout(timeoutMs),
        });
        // A server without HEAD: one byte of the same conditional GET (a 206's Content-Range gives the length).
        if (res.status === 405 || res.status === 501) {
          res = await fetch(url, {
            headers: { ...conditional, range: 'bytes=0-0' },
            signal: AbortSignal.timeout(timeoutMs),
          });
          await res.body?.cancel();
        }
      } catch (e) {
        if (refusedByFetch(e))
          throw new RemoteError('remote_error', `cannot reach the server: ${networkCause(e)}`);
        throw new RetryableFailure(`cannot reach the server: ${networkCause(e)}`, wait);
      }
      if (res.status === 429 || res.status >= 500)
        throw retryLater(
          res,
          `HTTP ${res.status}`,
          wait,
          o,
          (message) => new RemoteError('remote_error', message),
        );
      const total = /\/(\d+)$/.exec(res.headers.get('content-range') ?? '')?.[1];
      const length = total ?? res.headers.get('content-length');
      return {
        status: res.status,
        etag: res.headers.get('etag'),
        lastModified: res.headers.get('last-modified'),
        length:
          res.status === 200 || res.status === 206
            ? length && /^\d+$/.test(length)
              ? Number(length)
              : null
            : null,
      };
    },
    (last, attempts) =>
      new RemoteError('remote_error', `${last.message} after ${counted(attempts, 'attempt')}`),
    url,
  );
}

/**
 * The status of `url` against the copy kept at `path` (and its `<path>.json`). Never throws for
 * the server's sake: a request that fails after its retries is `unknown` with its cause.
 */
export async function downloadStatus(
  url: string,
  path: string,
  o: StatusOptions = {},
): Promise<DownloadStatus> {
  const kept = await readState(path);
  if (kept === null || kept.url !== url) {
    const part = await sizeOf(`${path}.part`);
    // The other address is quoted, as every URL in a sentence is (domain/quote.ts).
    const was = kept ? ` from here (kept copy is of ${quoteValue(kept.url)})` : '';
    return {
      status: 'new',
      reason: part > 0 ? `not downloaded yet${was}; ${part} bytes to resume` : `not downloaded yet${was}`,
    };
  }
  if (kept.lengthVerified !== true)
    return {
      status: 'unknown',
      reason: "kept copy's length was never verified",
    };
  if (!kept.etag && !kept.lastModified)
    return {
      status: 'unknown',
      reason: 'kept copy has no ETag or Last-Modified',
    };
  if ((await sizeOf(path)) !== kept.bytes)
    return {
      status: 'unknown',
      reason: 'kept copy missing or resized on disk',
    };
  let a: Answer;
  try {
    a = await ask(url, kept, o);
  } catch (e) {
    return { status: 'unknown', reason: networkCause(e) };
  }
  if (a.status === 304) return { status: 'unchanged', reason: 'HTTP 304 Not Modified' };
  if (a.status !== 200 && a.status !== 206)
    return { status: 'unknown', reason: `server answered HTTP ${a.status}` };
  // A server that ignores the condition still names its validators: compare them as it would.
  if (a.etag && kept.etag)
    return a.etag === kept.etag
      ? { status: 'unchanged', reason: `same ETag ${a.etag}` }
      : { status: 'changed', reason: `ETag ${a.etag}, kept ${kept.etag}` };
  if (a.lastModified && kept.lastModified)
    return a.lastModified === kept.lastModified
      ? { status: 'unchanged', reason: `same Last-Modified ${a.lastModified}` }
      : { status: 'changed', reason: `Last-Modified ${a.lastModified}, kept ${kept.lastModified}` };
  if (a.length !== null && a.length !== kept.bytes)
    return { status: 'changed', reason: `${a.length} bytes, kept ${kept.bytes}` };
  return {
    status: 'unknown',
    reason: 'server gave no ETag or Last-Modified',
  };
}
