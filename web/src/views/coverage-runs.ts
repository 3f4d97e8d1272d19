/**
 * The per-month coverage of one source by another, with each run of months the other does not
 * cover (share null) in one row: two sources that never overlap give two rows, not one for each of
 * hundreds of months ("1989-01 to 2021-12": GED's records, none on a day Candidate covers).
 */
import type { DisagreementsAnswer } from '../api/types.ts';

type Month = DisagreementsAnswer['coverage'][number];

/** A month, or a run of months not covered by the other source, with the counts summed. */
export interface CoverageRun extends Omit<Month, 'month'> {
  /** First and last month with records (equal for a single month). */
  from: string;
  to: string;
  /** Months with records in the run. */
  months: number;
}

/**
 * The API's months (sorted by month, then source and other) as rows: a month the other source
 * covers stays a row of its own (its share); months of a pair it does not cover join the run of
 * that pair open since its last covered month, placed at the run's first month. Months without
 * records (absent from the answer) do not break a run: they hold nothing to judge.
 */
export function coverageRuns(months: readonly Month[]): CoverageRun[] {
  const rows: CoverageRun[] = [];
  const open = new Map<string, CoverageRun>();
  for (const { month, ...m } of months) {
    const pair = `${m.source}\u0000${m.other}`;
    const run = m.share === null ? open.get(pair) : undefined;
    if (run) {
      run.to = month;
      run.months++;
      run.records += m.records;
      run.covered_by_other += m.covered_by_other;
      run.also_in_other += m.also_in_other;
      continue;
    }
    const row = { ...m, from: month, to: month, months: 1 };
    rows.push(row);
    if (m.share === null) open.set(pair, row);
    else open.delete(pair);
  }
  return rows;
}
