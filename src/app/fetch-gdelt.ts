import { grouped } from '../domain/format-number.ts';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  InvalidInputError,
  invalidParam,
  periodReversed,
  RemoteError,
  StoreError,
} from '../domain/errors.ts';
import { onThisMachine, type GdeltGapKind } from '../domain/gdelt-gap-kind.ts';
import { intHint } from '../domain/number-params.ts';
import { quoteValue } from '../domain/quote.ts';
import {
  parseBound,
  parseFileList,
  slicesBetween,
  sliceTime,
  sliceOf,
  type ListedExport,
} from '../ingest/gdelt/gdelt-masterlist.ts';
import {
  networkCause,
  refusedByFetch,
  RetryableFailure,
  type OnRetry,
} from '../ingest/http/retrying-request.ts';
import {
  downloadFile,
  retryLater,
  withRetries,
  type RetryPolicy,
} from '../ingest/ucdp-downloads/download-file.ts';
import type { GdeltGap } from '../storage/gdelt-import.ts';
import type { LedgerEntry, Store } from '../storage/store.ts';
import type { GdeltFetchAnswer } from './answers.ts';
import { prepareGdelt, storeGdelt } from './import-gdelt.ts';
import { ledgerRow } from './sources-view.ts';
import { counted } from '../domain/plural.ts';

/** What `faultline fetch gdelt` needs. */
export interface GdeltFetchOptions {
  /** GDELT 2.0's folder (or a mirror): masterfilelist.txt, lastupdate.txt and the exports. */
  baseUrl: string;
  /** YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC), both included. */
  from: string;
  to: string;
  countries?: readonly string[];
  /** Where the zips are kept (a rerun resumes or skips them). */
  dir: string;
  /** Downloads at once (2 to 4; default 3). */
  parallel?: number;
  retries?: number;
  backoffMs?: number;
  onProgress?: (p: GdeltFetchProgress) => void;
  /** Told of each failed attempt (of a list or an export) before its wait (the CLI says it on stderr). */
  onRetry?: OnRetry;
  /** Waits between attempts (default setTimeout); tests pass one that records the waits. */
  sleep?: (ms: number) => Promise<void>;
}

/** Where a fetch stands. */
export interface GdeltFetchProgress {
  files: number;
  filesDone: number;
  rowsKept: number;
  startedMs: number;
}

export type { GdeltGap };

/** What a fetch did: files and rows, and every slice it could not import with why. */
export interface GdeltFetchReport {
  /** Exports the lists name in the period. */
  listed: number;
  imported: number;
  alreadyImported: number;
  rowsRead: number;
  accepted: number;
  rejected: number;
  /** Rows the country filter left out; null when the fetch filtered none. */
  outOfScope: number | null;
  gaps: GdeltGap[];
  /** Lines of the lists that were not `size md5 url`. */
  unreadableListLines: number;
  /** Each export imported or imported before (then the earlier import's entry), in slice order. */
  files: { slice: string; alreadyImported: boolean; ledger: LedgerEntry }[];
  /** What may be missing though no gap names it (lastupdate.txt unreadable), one line each. */
  warnings: string[];
}

/**
 * A fetch's report as answers give it (`fetch gdelt --format json`, the `gdelt` part of `update`):
 * snake_case, each file's ledger entry exactly as `faultline sources` gives it.
 */
export function gdeltFetchAnswer(r: GdeltFetchReport): GdeltFetchAnswer {
  return {
    listed: r.listed,
    imported: r.imported,
    already_imported: r.alreadyImported,
    rows_read: r.rowsRead,
    accepted: r.accepted,
    rejected: r.rejected,
    out_of_scope: r.outOfScope,
    unreadable_list_lines: r.unreadableListLines,
    warnings: r.warnings,
    gaps: r.gaps.map(({ slice, kind, reason }) => ({ slice, kind, reason })),
    files: r.files.map((f) => ({
      slice: f.slice,
      already_imported: f.alreadyImported,
      ledger: ledgerRow(f.ledger),
    })),
  };
}

/**
 * The failure of a fetch that imported nothing because every export the lists name in the period
 * failed (each is a gap), or null. A period with nothing listed, or whose exports were imported
 * before, is no failure, and nor is one where some exports arrived and the rest are gaps. When an
 * export failed on this machine (a gap of kind `import`: a file or the store could not be written)
 * it is a StoreError naming that gap (exit 4: ours to mend, a rerun alone will not do); otherwise a
 * RemoteError naming the first (exit 5: GDELT's or the network's). Until 2026-12-06 it was always
 * the RemoteError, so a full disk looked like GDELT's fault.
 */
export function nothingFetched(r: GdeltFetchReport): RemoteError | StoreError | null {
  if (r.listed === 0 || r.imported > 0 || r.alreadyImported > 0) return null;
  const failed = r.gaps.filter((g) => g.kind !== 'unlisted');
  const ours = failed.filter((g) => onThisMachine(g.kind));
  const which = r.listed === 1 ? 'the 1 export' : `all ${r.listed} exports`;
  const named = (g: GdeltGap | undefined) => (g ? ` (${g.slice}: ${g.reason}; the gaps list every one)` : '');
  if (ours.length) {
    const where =
      r.listed === 1
        ? ' on this machine'
        : `, ${ours.length === failed.length ? 'every one' : `${grouped(ours.length)} of them`} on this machine`;
    return new StoreError(`nothing imported: ${which} listed for the period failed${where}${named(ours[0])}`);
  }
  return new RemoteError(
    'remote_error',
    `nothing imported: ${which} listed for the period failed${named(failed[0] ?? r.gaps[0])}`,
  );
}

/** The kind of gap a failed download is: a 404 (or 410) is an export the lists name and the server does not hold. */
const downloadKind = (err: RemoteError): GdeltGapKind =>
  err.status === 404 || err.status === 410 ? 'missing-upstream' : 'download';

/**
 * The kind of gap a failed import is: a file `faultline import` would refuse as bad input (a damaged
 * zip, not GDELT's layout, bytes that are not UTF-8) came so from GDELT, since it matched the list's
 * md5; anything else (a temporary file or the store that could not be written) failed here.
 */
const importKind = (err: unknown): GdeltGapKind => (err instanceof InvalidInputError ? 'damaged' : 'import');

/**
 * GETs one of GDELT's lists (masterfilelist.txt, lastupdate.txt) under the exports' retry policy: a
 * 429, 5xx or network error (a cut body too) is tried again after what Retry-After asks or else a
 * backoff step, each attempt said through `onRetry` (until 2026-12-06 one passing 503 of the list
 * failed the fetch at once).
 */
function getList(url: string, policy: RetryPolicy): Promise<string> {
  const what = `cannot read ${quoteValue(url)}`;
  return withRetries(
    policy,
    async (wait) => {
      let res: Response;
      try {
        res = await fetch(url, { signal: AbortSignal.timeout(120_000) });
      } catch (e) {
        if (refusedByFetch(e)) throw new RemoteError('remote_error', `${what}: ${networkCause(e)}`);
        throw new RetryableFailure(`${what}: ${networkCause(e)}`, wait);
      }
      const failure = `${what}: HTTP ${res.status}`;
      if (res.status === 429 || res.status >= 500) {
        await res.body?.cancel();
        throw retryLater(
          res,
          failure,
          wait,
          policy,
          (m) => new RemoteError(res.status === 429 ? 'rate_limited' : 'remote_error', m, res.status),
        );
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new RemoteError('remote_error', failure);
      }
      try {
        return await res.text();
      } catch (e) {
        throw new RetryableFailure(`${what}: ${networkCause(e)}`, wait);
      }
    },
    (last, attempts) =>
      new RemoteError('remote_error', `${last.message} after ${counted(attempts, 'attempt')}`),
    url,
  );
}

/**
 * What a fetch says when lastupdate.txt could not be read: the failure, and that the exports published
 * after the master list's newest slice (`newest`) were not fetched, so the period's last slices may be
 * missing without a gap naming them.
 */
function lastUpdateWarning(failure: string, newest: string): string {
  const after = newest ? `after ${newest}, the master list's newest slice, ` : '';
  return `${failure}: the exports published ${after}were not fetched, so the last slices of the period may be missing (not listed as gaps); run faultline fetch gdelt again`;
}

async function md5Of(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * Downloads GDELT 2.0's event exports of a period and imports them: reads masterfilelist.txt and
 * lastupdate.txt, downloads the exports in bounded parallel (resuming with HTTP Range, retrying),
 * checks each file's size and md5 against the list, and imports each as it arrives (one transaction
 * per file, rows outside `countries` counted as out of scope). Slices of the period that the lists
 * do not name (up to the newest listed), that are missing upstream (404), fail their download, size
 * or md5, or cannot be imported are gaps, each with its kind and reason; nothing is imported from a
 * file that failed its check.
 */
export async function fetchGdelt(store: Store, o: GdeltFetchOptions): Promise<GdeltFetchReport> {
  const from = parseBound(o.from, false);
  const to = parseBound(o.to, true);
  if (!from) throw invalidParam('from', `${quoteValue(o.from)} (use YYYY-MM-DD or YYYY-MM-DDTHH:MM, UTC)`);
  if (!to) throw invalidParam('to', `${quoteValue(o.to)} (use YYYY-MM-DD or YYYY-MM-DDTHH:MM, UTC)`);
  if (to < from) throw periodReversed(o.from, o.to);
  const parallel = o.parallel ?? 3;
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 4)
    throw invalidParam('parallel', `${quoteValue(String(parallel))} (${intHint(1, 4)})`);
  const base = o.baseUrl.endsWith('/') ? o.baseUrl : `${o.baseUrl}/`;
  // One policy for the lists and the exports: the same retries, backoff and notices.
  const policy: RetryPolicy = {
    retries: o.retries ?? 4,
    backoffMs: o.backoffMs ?? 500,
    ...(o.onRetry ? { onRetry: o.onRetry } : {}),
    ...(o.sleep ? { sleep: o.sleep } : {}),
  };
  const master = parseFileList(await getList(`${base}masterfilelist.txt`, policy));
  const lo = sliceOf(from);
  const hi = sliceOf(to);
  const warnings: string[] = [];
  // lastupdate.txt names the newest files, which the master list may not hold yet. Without it the fetch
  // goes on with the master list, but says so: the slices after the master list's newest are then
  // neither fetched nor gaps (until 2026-12-06 its failure was swallowed, and they went unsaid).
  const lastUrl = `${base}lastupdate.txt`;
  const last = parseFileList(
    await getList(lastUrl, policy).catch((err: unknown) => {
      if (!(err instanceof RemoteError)) throw err;
      const newest = master.exports.at(-1)?.slice ?? '';
      // A period that ends before the master list's newest slice needs nothing lastupdate.txt names.
      if (hi > newest) warnings.push(lastUpdateWarning(err.message, newest));
      return '';
    }),
  );
  const all = new Map<string, ListedExport>();
  for (const e of [...master.exports, ...last.exports]) all.set(e.slice, e);
  const wanted = [...all.values()].filter((e) => e.slice >= lo && e.slice <= hi);
  const newest = [...all.keys()].sort().at(-1) ?? '';
  const gaps: GdeltGap[] = [];
  // A slice after the newest listed one is not published yet, not missing; the walk stops there (a
  // period running to now from months back walked its 47,000 slices, 0.3 s, to keep the last few).
  const end = newest ? sliceTime(newest) : null;
  if (end)
    for (const s of slicesBetween(from, end < to ? end : to))
      if (s <= newest && !all.has(s))
        gaps.push({ slice: s, kind: 'unlisted', reason: 'not in the master list' });
  const report: GdeltFetchReport = {
    listed: wanted.length,
    imported: 0,
    alreadyImported: 0,
    rowsRead: 0,
    accepted: 0,
    rejected: 0,
    // A fetch without countries filters nothing: no row is out of scope, and none is counted so.
    outOfScope: o.countries?.length ? 0 : null,
    gaps,
    unreadableListLines: master.unreadable + last.unreadable,
    files: [],
    warnings,
  };
  const progress: GdeltFetchProgress = {
    files: wanted.length,
    filesDone: 0,
    rowsKept: 0,
    startedMs: Date.now(),
  };
  // Imports hold the store's writer: they run one after another while downloads go on. Node's half
  // of each (hash, unzip, count) runs in the download's worker, beside the store's import of another.
  let imports = Promise.resolve();
  const importOne = (e: ListedExport, path: string) => {
    const prepared = prepareGdelt(store, path, o.countries?.length ? { countries: o.countries } : {});
    prepared.catch(() => undefined);
    return (imports = imports
      .then(async () => {
        const p = await prepared;
        const r = 'done' in p ? p.done : await storeGdelt(store, p.prepared);
        report.files.push({ slice: e.slice, alreadyImported: r.alreadyImported, ledger: r.ledger });
        if (r.alreadyImported) report.alreadyImported++;
        else {
          report.imported++;
          report.rowsRead += r.ledger.rowsRead;
          report.accepted += r.ledger.accepted;
          report.rejected += r.ledger.rejected;
          if (report.outOfScope !== null) report.outOfScope += r.ledger.outOfScope ?? 0;
          progress.rowsKept += r.ledger.accepted;
        }
      })
      .catch((err: unknown) => {
        gaps.push({
          slice: e.slice,
          kind: importKind(err),
          reason: `import failed: ${(err as Error).message}`,
        });
      }));
  };
  const queue = [...wanted];
  const worker = async () => {
    for (let e = queue.shift(); e; e = queue.shift()) {
      const path = join(o.dir, `${e.slice}.export.CSV.zip`);
      try {
        // Files are fetched from the base URL by name, whatever host the list names: a mirror serves its
        // copy of GDELT's list as it is, and a list never sends the download elsewhere.
        const url = new URL(`${e.slice}.export.CSV.zip`, base).href;
        const got = await downloadFile(url, path, { expect: 'zip', ...policy });
        const md5 = await md5Of(path);
        if (got.bytes !== e.bytes) {
          await rm(path, { force: true });
          await rm(`${path}.json`, { force: true });
          gaps.push({
            slice: e.slice,
            kind: 'checksum',
            reason: `size mismatch: the list says ${e.bytes} bytes, the file has ${got.bytes}`,
          });
        } else if (md5 !== e.md5) {
          // Removed, so a later run downloads it afresh.
          await rm(path, { force: true });
          await rm(`${path}.json`, { force: true });
          gaps.push({
            slice: e.slice,
            kind: 'checksum',
            reason: `md5 mismatch: the list says ${e.md5}, the file has ${md5}`,
          });
        } else await importOne(e, path);
      } catch (err) {
        // A file this machine could not write (a full disk: `download failed: cannot write "...part":
        // ENOSPC: ...`) is a gap of this machine's kind, as an unzip that fails for want of space is,
        // and the fetch goes on: until 2026-12-07 it stopped the fetch at once and no gap was kept.
        if (err instanceof StoreError) gaps.push({ slice: e.slice, kind: 'import', reason: err.message });
        else if (err instanceof RemoteError)
          gaps.push({ slice: e.slice, kind: downloadKind(err), reason: err.message });
        else throw err;
      }
      progress.filesDone++;
      o.onProgress?.(progress);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, Math.max(1, wanted.length)) }, worker));
  await imports;
  gaps.sort((a, b) => a.slice.localeCompare(b.slice));
  report.files.sort((a, b) => a.slice.localeCompare(b.slice));
  // The store keeps the gaps of the period (a gap a later fetch filled disappears).
  await store.replaceGdeltGaps?.({ from: lo, to: hi }, gaps, new Date().toISOString());
  return report;
}
