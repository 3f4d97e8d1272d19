/**
 * The filter's From and To as whole days: the API takes a year (`2025`) or a month (`2025-04`) for
 * either, as a shared link may (`?from=2025&to=2025`), but a date field shows only a whole day and
 * stayed empty with them. Plain functions, no DOM: Node tests load them.
 */

import { t } from '../i18n/t.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The day a From (`end` 'from': the first day) or To (`end` 'to': the last day) value stands for:
 * `2025` is 2025-01-01 or 2025-12-31, `2024-02` is 2024-02-01 or 2024-02-29, a day is itself; ''
 * for none or a value the API refuses too (its error then says which).
 */
export function boundDay(value: string | undefined, end: 'from' | 'to'): string {
  const v = value?.trim() ?? '';
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(v);
  if (!m) return '';
  const year = Number(m[1]);
  if (m[3]) return v;
  if (!m[2]) return end === 'from' ? `${m[1]}-01-01` : `${m[1]}-12-31`;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return '';
  if (end === 'from') return `${m[1]}-${m[2]}-01`;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${m[1]}-${m[2]}-${pad(last)}`;
}

/**
 * The filter's dates in ISO words for the filter bar's title, so they read alike whatever order the
 * browser's date fields show (mm/dd/yyyy under Chromium's default locale): "2025-01-01 to
 * 2025-12-31", "from 2025-01-01", "to 2025-12-31", or '' without dates.
 */
export function periodWords(from: string | undefined, to: string | undefined): string {
  const a = boundDay(from, 'from') || from?.trim() || '';
  const b = boundDay(to, 'to') || to?.trim() || '';
  if (a && b) return t('filters.period', { from: a, to: b });
  if (a) return t('filters.period.from', { date: a });
  if (b) return t('filters.period.to', { date: b });
  return '';
}

/**
 * Whether a date field's value is a year still being typed: Chromium sets the field's value at each
 * digit of the year (0002-03-02, 0020-03-02, 0202-03-02, then 2021-03-02), so a year before 1000.
 */
export const yearBeingTyped = (value: string): boolean => /^0\d{3}-/.test(value);
