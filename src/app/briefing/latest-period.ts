/**
 * A briefing's period when none is given: the latest quarter the loaded source versions under the
 * filter cover whole, every day of it (a quarter covered in part would brief on a count that is
 * not one). It was a fixed 2021-Q4 in the dashboard, and a required --period in the CLI and the API.
 */
import { dayNumber, isoDate } from '../../analytics/aggregate/dates.ts';
import { periodKey } from '../../analytics/aggregate/periods.ts';
import { ParamError } from '../../domain/errors.ts';
import type { Coverage } from '../../storage/store.ts';
import { coverageStatus } from '../analysis/meta.ts';

/** How the briefing says which period it chose, beside the period. */
export const latestQuarterNote = (key: string) =>
  `${key}: no period was given, so the briefing is of the latest quarter the loaded sources cover whole`;

/** The first and last day of the quarter holding `day`. */
function quarterOf(day: string): { key: string; from: string; to: string } {
  const key = periodKey(day, 'quarter');
  const first = (Number(key.slice(-1)) - 1) * 3 + 1;
  const from = `${key.slice(0, 4)}-${String(first).padStart(2, '0')}-01`;
  const next =
    first + 3 > 12
      ? `${String(Number(key.slice(0, 4)) + 1).padStart(4, '0')}-01-01`
      : `${key.slice(0, 4)}-${String(first + 3).padStart(2, '0')}-01`;
  return { key, from, to: isoDate(dayNumber(next)! - 1) };
}

/**
 * The key of the latest quarter (`2026-Q2`) every day of which the relevant coverage covers;
 * throws `missing period: ...` (`--period` in the CLI) when no quarter is covered whole.
 */
export function latestWholeQuarter(relevant: readonly Coverage[]): string {
  const first = relevant.reduce((d, c) => (c.firstDate < d ? c.firstDate : d), '9999-12-31');
  let day = relevant.reduce((d, c) => (c.lastDate > d ? c.lastDate : d), '0000-01-01');
  // Walked back a quarter at a time from the last covered day; a gap between releases is skipped.
  while (day >= first) {
    const q = quarterOf(day);
    if (q.from >= '0002-01-01' && q.from >= first && coverageStatus(relevant, q.from, q.to) === 'covered')
      return q.key;
    day = isoDate(dayNumber(q.from)! - 1);
  }
  throw new ParamError(
    (n) =>
      `missing ${n.field('period')}: no loaded source version covers a whole quarter under this filter, so there is no latest one to brief on (give a period, such as 2021-Q4)`,
  );
}
