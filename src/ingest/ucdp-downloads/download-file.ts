/**
 * Downloads one file to disk for `faultline update`: resumes a partial download with HTTP Range,
 * skips an unchanged file with If-None-Match / If-Modified-Since, retries network failures and
 * 5xx with backoff (resuming where the transfer stopped), checks the length against whatever the
 * server announces (Content-Length, a Content-Range total, else a HEAD's Content-Length), hashes the
 * bytes, and refuses an HTML page served in place of data. Failures are one-line RemoteErrors
 * naming the URL and the cause; the file is only renamed into place when complete. A local
 * file-system failure (disk full, no permission, a read-only disk) is not the network's: it fails at
 * once as a StoreError naming the path, never retried.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { RemoteError, StoreError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { makeDirs } from '../../util/make-dirs.ts';
import { onDisk as onDiskStep } from './disk-error.ts';
import {
  networkCause,
  refusedByFetch,
  retryAfterMs,
  retryWithWaits,
  RetryableFailure,
  type OnRetry,
  type RetryNotice,
} from '../http/retrying-request.ts';
import { counted } from '../../domain/plural.ts';

/** What was kept about a downloaded file, beside it as `<file>.json`. */
export interface DownloadState {
  url: string;
  etag: string | null;
  lastModified: string | null;
  bytes: number;
  sha256: string;
  /**
   * Whether `bytes` was checked against a length the server announced. False when it gave none (no
   * Content-Length on the GET nor on a HEAD, no Content-Range total): a transfer that ended early
   * cannot be told from a whole one, so such a file is downloaded again rather than kept by ETag.
   * Missing in sidecars written before December 2026: treated as false.
   */
  lengthVerified: boolean;
}

/** The outcome of one download. */
export interface Downloaded extends DownloadState {
  path: string;
  /** True when the server said the file had not changed since the kept copy (HTTP 304). */
  unchanged: boolean;
  /** Bytes taken over from an interrupted earlier attempt (HTTP 206). */
  resumedFrom: number;
}

/**
 * How downloads and probes retry, one policy for both: 429, 5xx and network errors are tried again
 * after what Retry-After asks or else a backoff step (doubled per retry); a Retry-After beyond
 * `maxRetryAfterMs` (a spent quota) fails at once.
 */
export interface RetryPolicy {
  /** Retries after the first attempt (default 4). */
  retries?: number;
  /** First backoff step in ms, doubled per retry (default 500). */
  backoffMs?: number;
  /** A Retry-After longer than this (ms) is not waited for: the request fails at once (default 300000, as the API clients). */
  maxRetryAfterMs?: number;
  /** Waits between attempts (default setTimeout); tests pass one that records the waits. */
  sleep?: (ms: number) => Promise<void>;
  /** Told of each failed attempt before its wait (the CLI says it on stderr). */
  onRetry?: OnRetry;
}

/** How a download behaves. */
export interface DownloadOptions extends RetryPolicy {
  /** Per-attempt timeout in ms (default 600000). */
  timeoutMs?: number;
  /** Bytes received so far and the total (0 when unknown), for a progress bar. */
  onProgress?: (done: number, total: number) => void;
  /** What the content must look like: `zip` (starts with PK) or `csv` (not HTML). */
  expect: 'zip' | 'csv';
}

/** A failure of one attempt that no retry mends (a 404, an HTML page, an empty file). */
class Fatal extends Error {
  constructor(
    message: string,
    /** The HTTP status that said it, when one did (the RemoteError carries it: a 404 is "not there"). */
    readonly status?: number,
  ) {
    super(message);
  }
}

/** One file-system step of a download: its failure fails the download at once (StoreError, exit 4). */
const onDisk = <T>(verb: 'write' | 'read', path: string, step: () => Promise<T>) =>
  onDiskStep(verb, path, step, 'download failed: ');

/** Longest Retry-After a download waits for (5 minutes, as the API clients: docs/fetching.md). */
const MAX_RETRY_AFTER_MS = 300_000;

/**
 * Runs `attempt` under the retry policy; it gets the backoff step of its turn (500, 1000, 2000 ms
 * ...) to wait when the server names none. A RetryableFailure left when the retries are spent
 * becomes the error `exhausted` makes of it and the number of attempts; anything else is thrown as is.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: (wait: number) => Promise<T>,
  exhausted: (last: RetryableFailure, attempts: number) => Error,
  /** The URL asked, named in a retry notice whose failure does not name it ... */
  url?: string,
  /** ... as this (default the URL quoted; `download of "URL"` for a download). */
  subject = url === undefined ? '' : quoteValue(url),
): Promise<T> {
  const retries = policy.retries ?? 4;
  const backoffMs = policy.backoffMs ?? 500;
  const named = (m: string) => (url === undefined || m.includes(quoteValue(url)) ? m : `${subject}: ${m}`);
  const onRetry = policy.onRetry;
  try {
    return await retryWithWaits((attemptNumber) => attempt(backoffMs * 2 ** (attemptNumber - 1)), {
      retries,
      ...(policy.sleep ? { sleep: policy.sleep } : {}),
      ...(onRetry ? { onRetry: (n: RetryNotice) => onRetry({ ...n, message: named(n.message) }) } : {}),
    });
  } catch (e) {
    if (!(e instanceof RetryableFailure)) throw e;
    throw exhausted(e, retries + 1);
  }
}

/**
 * A 429 or 5xx answer as a failure to retry after what its Retry-After asks (seconds or a date), or
 * else `wait`. One asking for more than the policy's limit is thrown at once as `tooLong` makes it
 * from `<failure>; the server asks to wait N s`: a server that asks for hours (a spent quota) is not
 * waited for, or an unattended update would hang.
 */
export function retryLater(
  res: Response,
  failure: string,
  wait: number,
  policy: RetryPolicy,
  tooLong: (message: string) => Error,
): RetryableFailure {
  const asked = retryAfterMs(res.headers.get('retry-after'));
  if (asked !== null && asked > (policy.maxRetryAfterMs ?? MAX_RETRY_AFTER_MS))
    throw tooLong(`${failure}; the server asks to wait ${Math.ceil(asked / 1000)} s`);
  return new RetryableFailure(failure, asked ?? wait, res.status);
}

/** The state kept beside a downloaded file (`<file>.json`), or null when there is none. */
export async function readState(path: string): Promise<DownloadState | null> {
  try {
    return JSON.parse(await readFile(`${path}.json`, 'utf8')) as DownloadState;
  } catch {
    return null;
  }
}

/** The size of a file in bytes, 0 when it does not exist. */
export async function sizeOf(path: string): Promise<number> {
  return stat(path).then(
    (s) => s.size,
    () => 0,
  );
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}

function looksWrong(head: Buffer, contentType: string | null, expect: 'zip' | 'csv'): string | null {
  const text = head.subarray(0, 512).toString('utf8').trimStart().toLowerCase();
  if (/text\/html/i.test(contentType ?? '') || text.startsWith('<!doctype') || text.startsWith('<html'))
    return 'the server sent an HTML page, not data';
  if (expect === 'zip' && head.length >= 2 && !(head[0] === 0x50 && head[1] === 0x4b))
    return 'not a zip file';
  return null;
}

function lengthOf(header: string | null): number {
  return header !== null && /^\d+$/.test(header.trim()) ? Number(header) : NaN;
}

/**
 * The length a HEAD announces for `url`, or 0 when it announces none, fails, or names another
 * version of the file (another ETag) or an encoded body (whose length is not the bytes received).
 */
async function headLength(url: string, got: Response, timeoutMs = 30_000): Promise<number> {
  const encoded = (r: Response) => !/^(identity)?$/i.test(r.headers.get('content-encoding') ?? '');
  if (encoded(got)) return 0;
  try {
    const res = await fetch(url, {
      method: 'HEAD',
      signal: AbortSignal.timeout(Math.min(timeoutMs, 30_000)),
    });
    await res.body?.cancel();
    const etag = res.headers.get('etag');
    if (
      res.status !== 200 ||
      encoded(res) ||
      (etag && got.headers.get('etag') && etag !== got.headers.get('etag'))
    )
      return 0;
    const length = lengthOf(res.headers.get('content-length'));
    return Number.isFinite(length) && length > 0 ? length : 0;
  } catch {
    return 0;
  }
}

/**
 * Downloads `url` to `path` (a `.part` file meanwhile). When `path` and its state exist, asks the
 * server whether it changed; when a `.part` exists, resumes it with Range.
 */
export async function downloadFile(url: string, path: string, options: DownloadOptions): Promise<Downloaded> {
  await onDisk('write', dirname(path), () => makeDirs(dirname(path)));
  const part = `${path}.part`;
  const kept = await readState(path);
  // Only a kept file whose length was verified may be kept by ETag: one that may have been cut is fetched again.
  const keptValid =
    kept !== null && kept.url === url && kept.lengthVerified === true && (await sizeOf(path)) === kept.bytes;
  return withRetries(
    options,
    async (wait) => {
      try {
        return await attemptDownload(url, path, part, keptValid ? kept : null, wait, options);
      } catch (e) {
        if (e instanceof Fatal)
          throw new RemoteError(
            'remote_error',
            `download failed: ${quoteValue(url)}: ${e.message}`,
            e.status,
          );
        if (e instanceof RetryableFailure || e instanceof StoreError) throw e;
        if (refusedByFetch(e))
          throw new RemoteError(
            'remote_error',
            `download failed: ${quoteValue(url)}: network error (${networkCause(e)})`,
          );
        throw new RetryableFailure(`network error (${networkCause(e)})`, wait);
      }
    },
    (last, attempts) =>
      new RemoteError(
        'remote_error',
        `download failed: ${quoteValue(url)}: ${last.message} after ${counted(attempts, 'attempt')}`,
      ),
    url,
    `download of ${quoteValue(url)}`,
  );
}

/**
 * One attempt of downloadFile: a conditional GET (or a Range GET resuming `part`), written to
 * `part` chunk by chunk and renamed into place when whole. Throws Fatal for what a retry cannot
 * mend and RetryableFailure (waiting `wait` ms, or what Retry-After asks) for what it may.
 */
async function attemptDownload(
  url: string,
  path: string,
  part: string,
  kept: DownloadState | null,
  wait: number,
  options: DownloadOptions,
): Promise<Downloaded> {
  const have = await sizeOf(part);
  const headers: Record<string, string> = {};
  if (have > 0) headers.range = `bytes=${have}-`;
  else if (kept) {
    if (kept.etag) headers['if-none-match'] = kept.etag;
    if (kept.lastModified) headers['if-modified-since'] = kept.lastModified;
  }
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(options.timeoutMs ?? 600_000) });
  if (res.status === 304 && kept) {
    await res.body?.cancel();
    return { ...kept, path, unchanged: true, resumedFrom: 0 };
  }
  if (res.status === 416 && have > 0) {
    // The part is as long as the file or longer: start again at once.
    await res.body?.cancel();
    await onDisk('write', part, () => rm(part, { force: true }));
    throw new RetryableFailure('HTTP 416 (the partial download did not fit the file; started again)', 0);
  }
  if (res.status === 404) {
    await res.body?.cancel();
    throw new Fatal('HTTP 404 (not published)', 404);
  }
  if (res.status === 429 || res.status >= 500) {
    await res.body?.cancel();
    throw retryLater(res, `HTTP ${res.status}`, wait, options, (message) => new Fatal(message));
  }
  if (res.status !== 200 && res.status !== 206) {
    await res.body?.cancel();
    throw new Fatal(`HTTP ${res.status}`, res.status);
  }
  const append = res.status === 206 && have > 0;
  let rangeTotal = NaN;
  let resumedFrom = 0;
  if (append) {
    const range = /bytes (\d+)-\d*\/(\d+|\*)/.exec(res.headers.get('content-range') ?? '');
    if (!range || Number(range[1]) !== have)
      throw new Fatal(`bad Content-Range: ${res.headers.get('content-range')}`);
    rangeTotal = Number(range[2]);
    resumedFrom = have;
  }
  const length = lengthOf(res.headers.get('content-length'));
  let total = Number.isFinite(rangeTotal)
    ? rangeTotal
    : Number.isFinite(length)
      ? length + (append ? have : 0)
      : 0;
  let done = append ? have : 0;
  let checked = append;
  // Each chunk is on disk before the next is read, so a transfer cut at any point resumes from what arrived.
  const out = await onDisk('write', part, () => open(part, append ? 'a' : 'w'));
  try {
    for await (const chunk of res.body! as unknown as AsyncIterable<Uint8Array>) {
      if (!checked) {
        const wrong = looksWrong(Buffer.from(chunk), res.headers.get('content-type'), options.expect);
        if (wrong) {
          await out.close();
          await onDisk('write', part, () => rm(part, { force: true }));
          throw new Fatal(wrong);
        }
        checked = true;
      }
      await onDisk('write', part, () => out.write(chunk));
      done += chunk.length;
      options.onProgress?.(done, total);
    }
  } finally {
    await out.close().catch(() => undefined);
  }
  const bytes = await sizeOf(part);
  // No length on the GET (a chunked or close-delimited body that may have ended early): ask HEAD.
  if (total === 0) total = await headLength(url, res, options.timeoutMs);
  if (total > 0 && bytes !== total) {
    throw new RetryableFailure(
      bytes < total
        ? `truncated download: ${bytes} of ${total} bytes`
        : `length mismatch: ${bytes} bytes, the server announced ${total}`,
      wait,
    );
  }
  if (bytes === 0) throw new Fatal('empty file');
  const state: DownloadState = {
    url,
    etag: res.headers.get('etag'),
    lastModified: res.headers.get('last-modified'),
    bytes,
    sha256: await onDisk('read', part, () => sha256Of(part)),
    lengthVerified: total > 0,
  };
  await onDisk('write', path, () => rename(part, path));
  await onDisk('write', `${path}.json`, () => writeFile(`${path}.json`, JSON.stringify(state, null, 2)));
  return { ...state, path, unchanged: false, resumedFrom };
}

/** How a probe behaves: it retries as a download does (RetryPolicy). */
export interface ProbeOptions extends RetryPolicy {
  /** Per-attempt timeout in ms (default 30000). */
  timeoutMs?: number;
}

/** What a probe found: the file, or the status that said it is not there (404, 410) or not reachable (403). */
export interface Probed {
  found: boolean;
  /** The HTTP status of the answer (200 or 206 when found). */
  status: number;
}

/**
 * Whether a file exists at the URL: HEAD, falling back to a one-byte GET for servers without HEAD.
 * A 429, 5xx or network error is retried, after the wait a Retry-After asks for or else with backoff,
 * so one passing failure does not stop an update; a Retry-After of more than `maxRetryAfterMs` (a
 * spent quota) fails at once, as the API clients' (createSender) does.
 * 404, 410 and 403 answer "not found" with their status (some hosts answer 403 for a missing file,
 * but a 403 may also hide a file that exists: the caller says which it was).
 */
export async function probe(url: string, options: ProbeOptions = {}): Promise<Probed> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return withRetries(
    options,
    async (wait): Promise<Probed> => {
      let res: Response;
      try {
        res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
        if (res.status === 405 || res.status === 501) {
          res = await fetch(url, {
            headers: { range: 'bytes=0-0' },
            signal: AbortSignal.timeout(timeoutMs),
          });
          await res.body?.cancel();
          if (res.status === 206) return { found: true, status: 206 };
        }
      } catch (e) {
        if (refusedByFetch(e))
          throw new RemoteError('remote_error', `cannot reach ${quoteValue(url)}: ${networkCause(e)}`);
        throw new RetryableFailure(`cannot reach ${quoteValue(url)}: ${networkCause(e)}`, wait);
      }
      if (res.status === 200) return { found: true, status: 200 };
      if (res.status === 404 || res.status === 410 || res.status === 403)
        return { found: false, status: res.status };
      const failure = `cannot probe ${quoteValue(url)}: HTTP ${res.status}`;
      if (res.status !== 429 && res.status < 500) throw new RemoteError('remote_error', failure);
      throw retryLater(
        res,
        failure,
        wait,
        options,
        (message) =>
          new RemoteError(res.status === 429 ? 'rate_limited' : 'remote_error', message, res.status),
      );
    },
    (last, attempts) =>
      new RemoteError('remote_error', `${last.message} after ${counted(attempts, 'attempt')}`),
    url,
  );
}
