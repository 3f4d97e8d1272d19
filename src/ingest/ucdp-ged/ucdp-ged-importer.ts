import type { Event } from '../../domain/event.ts';
import type { SourceFormat } from '../source-format.ts';
import { GED_COLUMNS, GED_REQUIRED } from './ucdp-ged-schema.ts';
import { mapUcdpRecord, UCDP_NATIVE } from './ucdp-record.ts';

/** Share of the GED columns a header holds (1 = all 49). */
export function gedColumnShare(header: readonly string[]): number {
  const set = new Set(header.map((h) => h.trim().toLowerCase()));
  return GED_COLUMNS.filter((c) => set.has(c)).length / GED_COLUMNS.length;
}

/**
 * Which UCDP release a GED-shaped file is, from its content alone: the HDX extract of GED has an
 * `iso3` column, Candidate files write `active_year` as true/false where GED writes 1/0.
 * `null` when the content does not say (no data record, or an unexpected value).
 */
export function ucdpReleaseOf(
  header: readonly string[],
  first?: Readonly<Record<string, string>>,
): 'ged' | 'candidate' | null {
  if (header.some((h) => h.trim().toLowerCase() === 'iso3')) return 'ged';
  const active = (first?.active_year ?? '').trim().toLowerCase();
  if (active === 'true' || active === 'false') return 'candidate';
  if (active === '1' || active === '0') return 'ged';
  return null;
}

/**
 * UCDP GED (stable annual release): the global CSV (`GEDEvent_v22_1.csv`) and the HDX country
 * extract (`conflict_data_pak.csv`, with `iso3` and an HXL tag row). The HDX file does not name its
 * version; it is inferred as the release after the last year covered (2021 -> 22.1) and marked inferred.
 */
export const ucdpGedFormat: SourceFormat<Event> = {
  id: 'ucdp-ged',
  kind: 'events',
  source: 'ucdp-ged',
  requiredColumns: GED_REQUIRED,
  // The content decides (a Candidate file uploaded as `pwned.csv` is still Candidate); when it cannot, GED.
  detect(header, _fileName, first) {
    if (gedColumnShare(header) < 0.9) return 0;
    return ucdpReleaseOf(header, first) === 'candidate' ? 0.1 : 0.9;
  },
  version(fileName) {
    const m = /ged(?:event)?[_-]?v?(\d{2})[._](\d)(?![\d_])/i.exec(fileName);
    if (m) return { version: `${m[1]}.${m[2]}`, inferred: false };
    return null;
  },
  // GED release NN.1 covers events up to the end of year 20(NN-1).
  declaredCoverage: gedCoverage,
  inferVersion: (lastDate) => `${(Number(lastDate.slice(0, 4)) + 1) % 100}.1`,
  fullRelease: true,
  native: UCDP_NATIVE,
  map: (rec, version) => mapUcdpRecord(rec, 'ucdp-ged', version),
};

/** GED release NN.x covers 1989-01-01 to 31 December 20(NN-1) (UCDP's codebook), for the countries it holds. */
export function gedCoverage(_fileName: string, version: string): { from: string; to: string } | null {
  const m = /^(\d{2})\.\d+$/.exec(version);
  return m ? { from: '1989-01-01', to: `${2000 + Number(m[1]) - 1}-12-31` } : null;
}
