/** A source format's mapping written as SQL, run by the native import session (native-session.ts). */
export interface SqlMapper {
  /** Header names of the two columns the country lookup reads, the first tried first. */
  countryColumns: readonly [string, string];
  /**
   * Lookup keys as cheap SQL over the raw rows `r` (joined to `lk_country lk`), equal to the mapped
   * values of every valid row, so the lookups can run before the full mapping.
   */
  rawKeys(header: readonly string[]): RawKeys;
  /**
   * The mapped query over `stage_raw`: one row per record with `record_no`, `hxl` (metadata row),
   * `fail` ([field, value, reason] of the first failing check, or NULL), `record_hash`, `ds` (ISO
   * start date) and whatever `select` reads.
   */
  query(header: readonly string[]): string;
  /** Every event column (except lookups, placement and file hash) as SQL over the mapped row `m`. */
  select(source: string): Record<string, string>;
  /** The actor names as SQL over `m`, in the order of `rawKeys().actors`. */
  actorsIn: readonly string[];
}

/** Lookup keys over raw rows (see SqlMapper.rawKeys). */
export interface RawKeys {
  from: string;
  actors: string[];
  date: string;
  country: string;
  lat: string;
  lon: string;
  exact: string;
  admin1: string;
  admin2: string;
}

/** How a raw row `r` finds its country in `lk_country` (k1, k2: the two texts the lookup read). */
export function countryJoin(header: readonly string[], columns: readonly [string, string]): string {
  const c = (name: string) => (header.includes(name) ? `r.c${header.indexOf(name)}` : 'NULL');
  return `${c(columns[0])} IS NOT DISTINCT FROM lk.k1 AND ${c(columns[1])} IS NOT DISTINCT FROM lk.k2`;
}
