import type { DyadIndexDay } from '../../domain/dyad-index.ts';
import { toIso3 } from '../countries.ts';
import { checkText, count, date, decimal, FieldError } from '../fields.ts';
import { reject, type Mapped, type SourceFormat } from '../source-format.ts';
import { DYAD_INDEX_COLUMNS, DYAD_INDEX_SOURCE, MAX_DYAD_VALUE } from './dyad-index-schema.ts';

// Each day repeats on every pair's row and each pair on every day: both are checked once per import.
const DAYS = new Map<string, string>();
const PAIRS = new Map<string, [string, string] | string>();

/** The pair's two codes in alphabetical order, or why the text is not a pair. */
function pairOf(pair: string): [string, string] | string {
  const m = /^([A-Z]{3})-([A-Z]{3})$/.exec(pair);
  if (!m) return 'not two ISO3 codes joined by a dash (AFG-PAK)';
  for (const c of [m[1]!, m[2]!]) if (toIso3(c) !== c) return `unknown country ${c}`;
  if (m[1] === m[2]) return 'a country paired with itself';
  return [m[1]!, m[2]!].sort() as [string, string];
}

/** Maps one row (`2022-04-01,AFG-PAK,-93.1,...`) to a dyad day; the pair is stored in alphabetical order. */
export function mapDyadRow(rec: Readonly<Record<string, string>>): Mapped<DyadIndexDay> {
  try {
    for (const [k, v] of Object.entries(rec)) checkText(k, v);
    const rawDay = rec.date ?? '';
    let day = DAYS.get(rawDay);
    if (day === undefined) {
      day = date(rec, 'date')!;
      if (DAYS.size < 100_000) DAYS.set(rawDay, day);
    }
    const pair = (rec.pair ?? '').trim();
    let p = PAIRS.get(pair);
    if (p === undefined) {
      p = pairOf(pair);
      if (PAIRS.size < 10_000) PAIRS.set(pair, p);
    }
    if (typeof p === 'string') return reject('pair', pair, p);
    const [countryA, countryB] = p;
    const num = (f: string) => {
      const v = decimal(rec, f, -MAX_DYAD_VALUE, MAX_DYAD_VALUE);
      if (v === null) throw new FieldError(f, '', 'is required');
      return v;
    };
    const value = num('value');
    const dayTotalValue = num('day_total_value');
    const dayTotalAbs = num('day_total_abs');
    if (dayTotalAbs < 0) return reject('day_total_abs', rec.day_total_abs ?? '', 'negative absolute total');
    const dayNonzeroCells = count(rec, 'day_nonzero_cells', true)!;
    return {
      ok: true,
      value: { date: day, countryA, countryB, value, dayTotalValue, dayTotalAbs, dayNonzeroCells },
      warnings: [],
    };
  } catch (e) {
    if (e instanceof FieldError) return reject(e.field, e.value, e.reason);
    throw e;
  }
}

/** A third party's daily country-pair index with the day's totals (the bundled GDELT-derived index of gzemo/gdelt-graph-data). */
export const dyadIndexFormat: SourceFormat<DyadIndexDay> = {
  id: 'dyad-index',
  kind: 'dyad-index',
  source: DYAD_INDEX_SOURCE,
  fullRelease: false,
  requiredColumns: DYAD_INDEX_COLUMNS,
  detect(header) {
    const set = new Set(header.map((h) => h.trim().toLowerCase()));
    return DYAD_INDEX_COLUMNS.every((c) => set.has(c)) ? 0.95 : 0;
  },
  version: () => null,
  // The file names no version: the ledger records the last day it covers.
  inferVersion: (lastDate) => `to-${lastDate}`,
  native: { name: 'dyad-index', params: { maxValue: MAX_DYAD_VALUE } },
  map: (rec) => mapDyadRow(rec),
};
