/**
 * Where UCDP publishes its open downloads (no account): the final GED releases as zipped CSV and
 * the Candidate releases as CSV, and how `faultline update` finds the newest of them by probing.
 */

/** UCDP's downloads folder; a mirror must keep its layout (`ged/…`, `candidateged/…`). */
export const UCDP_DOWNLOADS_URL = 'https://ucdp.uu.se/downloads/';

/** One file of UCDP's downloads folder. */
export interface UcdpDownload {
  kind: 'ged' | 'candidate';
  /** Release as the importer names it: `26.1` (final), `26.0.7` (Candidate month 7), `26.0.6` (Candidate January-June, releases 26.0.1-26.0.6). */
  version: string;
  /** Path under the downloads folder. */
  path: string;
  /** Name the filtered CSV is imported under (the importer reads the version and source from it). */
  importName: string;
}

const two = (n: number) => String(n).padStart(2, '0');

/** The final GED release `<vv>.1` (events up to the end of 20<vv-1>). */
export function gedRelease(vv: number): UcdpDownload {
  return {
    kind: 'ged',
    version: `${vv}.1`,
    path: `ged/ged${two(vv)}1-csv.zip`,
    importName: `GEDEvent_v${two(vv)}_1.csv`,
  };
}

/** A monthly Candidate release `<vv>.0.<month>`. */
export function candidateMonth(vv: number, month: number): UcdpDownload {
  return {
    kind: 'candidate',
    version: `${vv}.0.${month}`,
    path: `candidateged/GEDEvent_v${two(vv)}_0_${month}.csv`,
    importName: `GEDEvent_v${two(vv)}_0_${month}.csv`,
  };
}

/** The half-year Candidate file for January-June of 20<vv>. */
export function candidateHalfYear(vv: number): UcdpDownload {
  return {
    kind: 'candidate',
    version: `${vv}.0.6`,
    path: `candidateged/GEDEvent_v${two(vv)}_01_${two(vv)}_06.csv`,
    importName: `GEDEvent_v${two(vv)}_01_${two(vv)}_06.csv`,
  };
}

/** The URL of a download under a base (a trailing slash is added when missing). */
export function downloadUrl(base: string, d: UcdpDownload): string {
  return new URL(d.path, base.endsWith('/') ? base : `${base}/`).toString();
}

/** Final releases to probe, newest first: from the current year's down to GED 17.1. */
export function gedCandidates(year: number): UcdpDownload[] {
  const out: UcdpDownload[] = [];
  for (let vv = year % 100; vv >= 17; vv--) out.push(gedRelease(vv));
  return out;
}

/**
 * The Candidate files that may follow final release `<vv>.1`, which covers up to 20<vv-1>: the
 * year 20<vv> as the half-year file and months 7-12, or months 1-12 when there is no half-year
 * file; and the next year's months when the calendar has reached it.
 */
export function candidatePlan(
  finalVv: number,
  year: number,
): { halfYear: UcdpDownload; months: UcdpDownload[] }[] {
  const plans = [];
  for (let vv = finalVv; vv <= year % 100; vv++) {
    const months = [];
    for (let m = 1; m <= 12; m++) months.push(candidateMonth(vv, m));
    plans.push({ halfYear: candidateHalfYear(vv), months });
  }
  return plans;
}
