/** Columns of a daily dyad index file (data/gdelt-dyad-index/gdelt_dyad_daily.csv). */
export const DYAD_INDEX_COLUMNS = [
  'date',
  'pair',
  'value',
  'day_total_value',
  'day_total_abs',
  'day_nonzero_cells',
] as const;

/** The ledger's source name of the bundled index: that third party's index, never faultline's own barometer. */
export const DYAD_INDEX_SOURCE = 'gdelt-dyad-index';

/** Largest magnitude a daily value may have (the bundled file's largest day total is about 10^5). */
export const MAX_DYAD_VALUE = 1e12;
