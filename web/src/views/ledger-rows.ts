/**
 * What an import ledger's count of rejected rows or of rows kept with warnings links to: their CSV,
 * as much of it as one answer of the API holds, and words that say when that is not every one.
 */
import { apiUrl } from '../api/client.ts';
import { fmtInt } from '../format.ts';
import { t } from '../i18n/t.ts';

/** The most rows GET /imports/:id/rejections and /warnings give in one answer (the API's LIST_MAX_LIMIT). */
export const ROWS_MAX = 10_000;

/** A ledger count's link: its address, its text, its tooltip, and whether the file is cut for sure. */
export interface RowsLinkParts {
  href: string;
  text: string;
  title: string;
  cut: boolean;
}

/**
 * The link of an import's `n` rejected rows (one CSV row each) or `n` rows kept with warnings (one
 * CSV row per warning, and a row may carry several), or null when there are none. Past the most one
 * answer holds it says so in its text ("first 10,000 of 12,345"): the file was cut without a word
 * (or, before that, the count was not linked at all).
 */
export function rowsLink(id: number, n: number, rows: 'rejections' | 'warnings'): RowsLinkParts | null {
  if (n <= 0) return null;
  const cut = n > ROWS_MAX;
  const values = { n: fmtInt(n), max: fmtInt(ROWS_MAX), id };
  return {
    href: apiUrl(`/imports/${id}/${rows}`, { format: 'csv', limit: ROWS_MAX }),
    text: cut ? t(`sources.${rows}Cut`, values) : fmtInt(n),
    title: t(cut ? `sources.${rows}CsvCut` : `sources.${rows}Csv`, values),
    cut,
  };
}
