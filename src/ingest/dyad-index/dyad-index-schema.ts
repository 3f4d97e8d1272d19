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

/** What answers say about a dyad index source: whose index it is, its licence, and what it is not. */
export interface DyadIndexDescription {
  name: string;
  licence: string;
  /** The licence's SPDX identifier, null when SPDX lists none. */
  licenceId: string | null;
  /** Where the licence's text is. */
  licenceUrl: string | null;
  url: string;
  /** How the daily value is computed, in one sentence. */
  method: string;
  /** What the index is not. */
  caveat: string;
}

/** Descriptions of the dyad index sources faultline knows (by ledger source name). */
export const DYAD_INDEX_DESCRIPTIONS: Readonly<Record<string, DyadIndexDescription>> = {
  [DYAD_INDEX_SOURCE]: {
    name: 'GDELT daily dyad index of gzemo/gdelt-graph-data (a third-party index, not faultline’s barometer)',
    licence: 'GPL-3.0 (data/gdelt-dyad-index-2018-2024/LICENSE-GPL-3.0.txt); derived from the GDELT Project',
    // The repository's LICENSE is the GPL version 3 text with no "or any later version" notice.
    licenceId: 'GPL-3.0-only',
    licenceUrl: 'https://www.gnu.org/licenses/gpl-3.0.html',
    url: 'https://github.com/gzemo/gdelt-graph-data',
    method:
      'per day (GDELT DATEADDED, UTC), the sum over events whose two actor codes are bare country codes of Goldstein + 0.025·sources + 0.01·articles (sign of Goldstein, or of tone when it is 0) + 0.01·tone; undirected',
    caveat:
      'news coverage coded by machine, not verified incidents; events where an actor code is more than a bare country code (PAKMIL, AFGGOV) are left out; 96 days of 2018-2024 are missing and some days are partial',
  },
};
