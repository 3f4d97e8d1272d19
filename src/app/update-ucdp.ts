/**
 * `faultline update`: brings the store up to the newest open UCDP data without an account. It
 * finds the newest final GED release and the Candidate files after it by probing UCDP's download
 * URLs (or a mirror's), downloads them all (resuming, skipping unchanged files), keeps the rows of
 * the chosen countries, and only then imports each through the normal importer. Any failure
 * before the imports leaves the store untouched; each import is itself one transaction.
 */
import { join } from 'node:path';
import type { Event } from '../domain/event.ts';
import { InvalidInputError, RemoteError } from '../domain/errors.ts';
import { quoteValue } from '../domain/quote.ts';
import type { EventGeo } from '../domain/placed-event.ts';
import { onDisk } from '../ingest/ucdp-downloads/disk-error.ts';
import { downloadFile, probe as probeUrl, type Downloaded } from '../ingest/ucdp-downloads/download-file.ts';
import type { OnRetry } from '../ingest/http/retrying-request.ts';
import { filterCountries, type FilterReport } from '../ingest/ucdp-downloads/filter-countries.ts';
import { downloadStatus, type DownloadStatus } from '../ingest/ucdp-downloads/download-status.ts';
import { filteredExtract } from '../ingest/ucdp-downloads/filtered-extract.ts';
import { gedZipCsv } from '../ingest/ucdp-downloads/ged-zip.ts';
import {
  candidatePlan,
  downloadUrl,
  gedCandidates,
  type UcdpDownload,
} from '../ingest/ucdp-downloads/ucdp-downloads-catalog.ts';
import { createReadStream } from 'node:fs';
import type { Store } from '../storage/store.ts';
import { makeDirs } from '../util/make-dirs.ts';
import { importFile, newerStoredGed, olderGedReason } from './import-dataset.ts';
import { alertsAfterWrite } from './alerts/background.ts';
import type { AlertRunAnswer } from './answers.ts';

/** Countries `update` keeps by default. */
export const DEFAULT_UPDATE_COUNTRIES = ['PAK', 'AFG'];

/** A file the plan found, with its URL. */
export interface PlannedFile extends UcdpDownload {
  url: string;
}

/** What `update` will fetch, and what it looked for and did not find. */
export interface UpdatePlan {
  files: PlannedFile[];
  /** Files that should exist by the calendar but were not there (e.g. a month not yet published). */
  skipped: { url: string; reason: string }[];
  /**
   * What the plan could not rule out, one line each: a newer final release that answered 403 (it may
   * exist but was not reachable), so an older one was planned in its place (or skipped, see skipOlderGed).
   */
  warnings: string[];
  /** The newer final releases' URLs that answered 403 (the warnings' subjects), newest first. */
  forbidden?: string[];
}

/** The warning for a newer final release that answered 403, saying what became of the older one found in its place. */
function forbiddenWarning(url: string, instead: string): string {
  return `${quoteValue(url)} answered HTTP 403: that final release may exist but was not reachable; ${instead}`;
}

/** One imported file's outcome. */
export interface UpdatedFile {
  /** The import's number in the ledger (`faultline sources`, `faultline rejections N`); an earlier one when already imported. */
  import_id: number;
  url: string;
  source: string;
  version: string;
  download: 'downloaded' | 'resumed' | 'unchanged';
  bytes: number;
  sha256: string;
  /** False when the server announced no length, so a transfer that ended early could not be told from a whole one. */
  length_verified: boolean;
  /** `reused`: the filtered extract of the same download and countries was kept from an earlier update, not made again. */
  filter: 'filtered' | 'reused';
  rows_read: number;
  rows_kept: number;
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
  /** Rows of an older version than the stored one, left as they were. */
  stale: number;
  rejected: number;
  /** Rows kept with a warning (high < best ...), listed by `faultline rejections N --warnings`. */
  warnings: number;
  /** `already imported`: the same bytes were imported before, and the counts are that import's. */
  status: 'imported' | 'already imported';
  coverage: string | null;
}

/** Settings of one update. */
export interface UpdateOptions {
  baseUrl: string;
  /** ISO3 codes to keep, or null for every country. */
  countries: string[] | null;
  /** Where downloads are kept (`<home>/downloads/ucdp`). */
  home: string;
  /** Today (YYYY-MM-DD), to know which releases may exist. */
  today?: string;
  place?: (e: Event) => EventGeo;
  /** Bytes done of each file's download, then of its import (the filtered file the importer reads). */
  onProgress?: (label: string, done: number, total: number, phase?: 'download' | 'import') => void;
  /** A file whose filtered extract (`out`) was reused: the same download bytes and countries as when it was made. */
  onFilterReused?: (file: PlannedFile, out: string) => void;
  /** Each file's outcome as soon as it is imported (committed): a later failure leaves these imported. */
  onImported?: (file: UpdatedFile) => void;
  retries?: number;
  backoffMs?: number;
  /** Told of each failed HTTP attempt before its wait (probes, downloads, status requests). */
  onRetry?: OnRetry;
  /** Waits between attempts (default setTimeout); tests pass one that records the waits. */
  sleep?: (ms: number) => Promise<void>;
  /** Stored GED events the final release may remove beyond 5% of the source's (as `import --allow-removals`). */
  allowRemovals?: number;
  /**
   * The alert rules' evaluation after the last import, when the update changed any event (null
   * when it failed, which is logged), so the command can say what it recorded, as `import` does;
   * also when an import failed after others were committed, on those, before the failure is thrown.
   */
  onAlerts?: (run: AlertRunAnswer | null) => void;
}

/** Finds the newest final release and the Candidate files after it, up to last month. */
export async function planUpdate(
  o: Pick<UpdateOptions, 'baseUrl' | 'today' | 'retries' | 'backoffMs' | 'onRetry' | 'sleep'>,
): Promise<UpdatePlan> {
  const probe = (url: string) =>
    probeUrl(url, { retries: o.retries, backoffMs: o.backoffMs, onRetry: o.onRetry, sleep: o.sleep });
  const today = o.today ?? new Date().toISOString().slice(0, 10);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const at = (d: UcdpDownload): PlannedFile => ({ ...d, url: downloadUrl(o.baseUrl, d) });
  let final: PlannedFile | null = null;
  // Newer releases that answered 403: forbidden is not "not there" (404, 410), so the fallback is said.
  const forbidden: string[] = [];
  for (const d of gedCandidates(year)) {
    const p = await probe(at(d).url);
    if (p.found) {
      final = at(d);
      break;
    }
    if (p.status === 403) forbidden.push(at(d).url);
  }
  if (final === null)
    throw new InvalidInputError(
      `no GED release found under ${quoteValue(o.baseUrl)} (looked for ${quoteValue(at(gedCandidates(year)[0]!).url)} and older)` +
        (forbidden.length
          ? `; HTTP 403 (not reachable) for ${forbidden.map((u) => quoteValue(u)).join(', ')}`
          : ''),
    );
  const warnings = forbidden.map((url) => forbiddenWarning(url, `planned GED ${final.version} instead`));
  const files: PlannedFile[] = [final];
  const skipped: UpdatePlan['skipped'] = [];
  const finalVv = Number(final.version.split('.')[0]);
  for (const plan of candidatePlan(finalVv, year)) {
    const vv = Number(plan.halfYear.version.split('.')[0]);
    // Months of 20<vv> that have ended by today: only those can be published.
    const lastMonth = 2000 + vv < year ? 12 : month - 1;
    const half = at(plan.halfYear);
    const hasHalf = lastMonth >= 6 && (await probe(half.url)).found;
    if (hasHalf) files.push(half);
    for (const m of plan.months) {
      const n = Number(m.version.split('.')[2]);
      if (n > lastMonth || (hasHalf && n <= 6)) continue;
      const file = at(m);
      const p = await probe(file.url);
      if (p.found) files.push(file);
      else skipped.push({ url: file.url, reason: `not published (HTTP ${p.status})` });
    }
  }
  return { files, skipped, warnings, forbidden };
}

/**
 * The plan less a final GED release older than the newest one stored (by import's rule: stated
 * versions only), listed as skipped with why. An older release turns up when the newer one's download
 * answers 403 or a mirror lags; importing it would bring back every event the newer release withdrew,
 * so update never does (`faultline import --allow-older` does, on purpose). Candidate files stay.
 * The 403 warnings then say that the older release is skipped, not that it was planned.
 */
export async function skipOlderGed(store: Store, plan: UpdatePlan): Promise<UpdatePlan> {
  const files: PlannedFile[] = [];
  const skipped: UpdatePlan['skipped'] = [];
  let warnings = plan.warnings;
  for (const f of plan.files) {
    const stored = f.kind === 'ged' ? await newerStoredGed(store, f.version) : null;
    if (stored === null) {
      files.push(f);
      continue;
    }
    const override = 'faultline import --allow-older imports it anyway';
    skipped.push({
      url: f.url,
      reason: `${olderGedReason(f.version, stored)}; not downloaded or imported (${override})`,
    });
    if (plan.forbidden?.length)
      warnings = plan.forbidden.map((url) =>
        forbiddenWarning(
          url,
          `the older GED ${f.version} found in its place is skipped, not imported: the store holds the newer GED ${stored} (${override})`,
        ),
      );
  }
  return { ...plan, files, skipped: [...skipped, ...plan.skipped], warnings };
}

/** A planned file as `update --dry-run` lists it: what it is, and whether it is new, changed, unchanged or unknown, and why. */
export interface DryRunFile extends DownloadStatus {
  kind: PlannedFile['kind'];
  version: string;
  url: string;
}

/**
 * What an update would download: each planned file's status against the copy kept from an earlier
 * update, asked with a conditional HEAD (no body is downloaded, nothing is written).
 */
export async function dryRunUpdate(
  plan: UpdatePlan,
  o: Pick<UpdateOptions, 'home' | 'retries' | 'backoffMs' | 'onRetry' | 'sleep'>,
): Promise<DryRunFile[]> {
  const dir = join(o.home, 'downloads', 'ucdp');
  const rows: DryRunFile[] = [];
  for (const f of plan.files) {
    const s = await downloadStatus(f.url, join(dir, f.path), {
      retries: o.retries,
      backoffMs: o.backoffMs,
      onRetry: o.onRetry,
      sleep: o.sleep,
    });
    rows.push({ kind: f.kind, version: f.version, url: f.url, ...s });
  }
  return rows;
}

const label = (countries: string[] | null) => (countries === null ? 'ALL' : [...countries].sort().join('_'));

/**
 * Downloads every planned file and keeps the chosen countries' rows, then imports them in order
 * (final release first). Nothing is imported unless every download and filter succeeded. The alert
 * rules are evaluated once, after the last import, or after the last one committed when a later
 * import fails (then the failure is thrown).
 */
export async function runUpdate(store: Store, plan: UpdatePlan, o: UpdateOptions): Promise<UpdatedFile[]> {
  // Never an older final release than the stored one, even in a plan not passed through skipOlderGed.
  const checked = await skipOlderGed(store, plan);
  if (checked.files.length < plan.files.length) {
    const older = checked.skipped[0]!; // skipOlderGed lists its skips first
    throw new InvalidInputError(`${quoteValue(older.url)}: ${older.reason}`);
  }
  const dir = join(o.home, 'downloads', 'ucdp');
  await onDisk('create', join(dir, 'filtered'), () => makeDirs(join(dir, 'filtered')));
  const keep = o.countries === null ? null : new Set(o.countries);
  const ready: ReadyFile[] = [];
  for (const f of plan.files) {
    const got = await downloadFile(f.url, join(dir, f.path), {
      expect: f.kind === 'ged' ? 'zip' : 'csv',
      retries: o.retries,
      backoffMs: o.backoffMs,
      onRetry: o.onRetry,
      sleep: o.sleep,
      onProgress: (done, total) => o.onProgress?.(f.path, done, total, 'download'),
    });
    const out = join(dir, 'filtered', f.importName.replace(/\.csv$/, `-${label(o.countries)}.csv`));
    let filtered;
    try {
      filtered = await filteredExtract(
        out,
        { url: f.url, sha256: got.sha256, countries: o.countries },
        async () => {
          if (f.kind !== 'ged') return filterCountries(createReadStream(got.path), out, keep, f.url);
          const member = await gedZipCsv(got.path, f.url);
          try {
            return await filterCountries(member.stream, out, keep, f.url);
          } finally {
            member.close();
          }
        },
      );
    } catch (e) {
      // What UCDP served is not what it publishes (a cut zip, another member, changed columns): the
      // remote service failed, not the user's input (exit 5, as a refused download; not 2).
      if (e instanceof InvalidInputError) throw new RemoteError('remote_error', e.message);
      throw e;
    }
    const report = filtered.report;
    if (filtered.reused) o.onFilterReused?.(f, out);
    ready.push({
      f,
      got,
      out,
      report,
      filter: filtered.reused ? ('reused' as const) : ('filtered' as const),
    });
  }
  const results: UpdatedFile[] = [];
  // The rules judge what was imported, also when a later file fails: each file is committed on its
  // own, so they were never evaluated on the files before the failure (nor their webhooks called).
  const evaluate = async () => {
    if (results.some((r) => r.added + r.changed + r.removed > 0))
      o.onAlerts?.(await alertsAfterWrite(store, 'update'));
  };
  try {
    await importReady(store, ready, o, results);
  } catch (e) {
    await evaluate();
    throw e;
  }
  await evaluate();
  return results;
}

/** A planned file downloaded (`got`) and filtered (`out`), ready to import. */
interface ReadyFile {
  f: PlannedFile;
  got: Downloaded;
  out: string;
  report: FilterReport;
  filter: 'reused' | 'filtered';
}

/** Imports the downloaded and filtered files in order, each in its own transaction, adding each outcome to `results` once committed. */
async function importReady(
  store: Store,
  ready: readonly ReadyFile[],
  o: UpdateOptions,
  results: UpdatedFile[],
): Promise<void> {
  for (const { f, got, out, report, filter } of ready) {
    const r = await importFile(store, out, {
      place: o.place,
      version: f.kind === 'ged' ? f.version : undefined,
      format: f.kind === 'ged' ? 'ucdp-ged' : 'ucdp-candidate',
      // A final GED release is complete for its countries and years: events UCDP withdrew are removed
      // (a version given by option alone never removes, so say it). Candidate files are not complete.
      fullRelease: f.kind === 'ged',
      ...(f.kind === 'ged' && o.allowRemovals !== undefined ? { allowRemovals: o.allowRemovals } : {}),
      alerts: false, // evaluated once, after the last file
      onProgress: (phase, b, total) => {
        if (phase === 'import') o.onProgress?.(f.path, b, total, 'import');
      },
    });
    const l = r.ledger;
    const cov = (await store.coverage()).find((c) => c.source === l.source && c.version === l.version);
    const done: UpdatedFile = {
      import_id: l.id,
      url: f.url,
      source: l.source,
      version: l.version,
      download: got.unchanged ? 'unchanged' : got.resumedFrom > 0 ? 'resumed' : 'downloaded',
      bytes: got.bytes,
      sha256: got.sha256,
      length_verified: got.lengthVerified,
      filter,
      rows_read: report.read,
      rows_kept: report.kept,
      added: l.added,
      changed: l.changed,
      removed: l.removed,
      unchanged: l.unchanged,
      stale: l.stale,
      rejected: l.rejected,
      warnings: l.warnings,
      status: r.alreadyImported ? 'already imported' : 'imported',
      coverage: cov ? `${cov.firstDate} to ${cov.lastDate}` : null,
    };
    results.push(done);
    o.onImported?.(done);
  }
}
