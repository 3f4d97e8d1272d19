/**
 * Reuses the filtered extract of a download (`filtered/GEDEvent_v26_1-AFG_PAK.csv`) when the
 * download's bytes and the country list are the ones it was made from: reading a GED zip of
 * several hundred MB again to write the same rows costs a minute on every `faultline update`.
 * A sidecar `<extract>.json` says what the extract was made from; it is written only once the
 * extract is whole, and removed before a new one is written.
 */
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { onDisk } from './disk-error.ts';
import type { FilterReport } from './filter-countries.ts';

/**
 * Bumped when filterCountries writes other bytes for the same input (as when it stopped writing a
 * blank line after each record): extracts made by an older filter are made again.
 */
export const FILTER_VERSION = 2;

/** What an extract was made from: the download (URL, sha256) and the countries kept (null: all). */
export interface ExtractKey {
  url: string;
  sha256: string;
  countries: readonly string[] | null;
}

/** The sidecar beside an extract. */
interface ExtractSidecar {
  about: string;
  url: string;
  sha256: string;
  countries: string[] | null;
  filterVersion: number;
  bytes: number;
  report: FilterReport;
}

const normal = (countries: readonly string[] | null) =>
  countries === null ? null : [...new Set(countries.map((c) => c.toUpperCase()))].sort();

async function reusable(out: string, key: ExtractKey): Promise<FilterReport | null> {
  try {
    const s = JSON.parse(await readFile(`${out}.json`, 'utf8')) as ExtractSidecar;
    const same =
      s.sha256 === key.sha256 &&
      JSON.stringify(s.countries) === JSON.stringify(normal(key.countries)) &&
      s.filterVersion === FILTER_VERSION &&
      (await stat(out)).size === s.bytes;
    return same ? s.report : null;
  } catch {
    return null;
  }
}

/**
 * The extract at `out` for `key`: reused when its sidecar names the same download sha256, the
 * same countries and this filter's version (and the file has the size it names), else made by
 * `filter` (which writes `out`) and its sidecar written.
 */
export async function filteredExtract(
  out: string,
  key: ExtractKey,
  filter: () => Promise<FilterReport>,
): Promise<{ report: FilterReport; reused: boolean }> {
  const kept = await reusable(out, key);
  if (kept) return { report: kept, reused: true };
  // A file-system failure is the store's side (exit 4), said in one line naming the path, as for downloads.
  const side = `${out}.json`;
  await onDisk('remove', side, () => rm(side, { force: true }));
  const report = await filter();
  const sidecar: ExtractSidecar = {
    about: `the rows of ${key.url} kept by faultline update for these countries; reused while the download's sha256 and the countries are these`,
    url: key.url,
    sha256: key.sha256,
    countries: normal(key.countries),
    filterVersion: FILTER_VERSION,
    bytes: (await onDisk('read', out, () => stat(out))).size,
    report,
  };
  await onDisk('write', side, () => writeFile(side, JSON.stringify(sidecar, null, 2)));
  return { report, reused: false };
}
