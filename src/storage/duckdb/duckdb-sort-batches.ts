/**
 * A long sorted export cut into batches on its leading sort keys, so that the engine sorts one
 * batch at a time instead of every matching row at once (a single sort of 3 million summaries took
 * DuckDB to its 2 GB memory limit). The matching rows are first counted per value of the leading
 * keys (a date; or deaths and a date), then runs of consecutive values are cut into batches of
 * about `size` rows. Each batch costs a scan of the table: fewer, larger batches are faster and
 * take more memory. Each batch is the range after the previous batch's last value up to its own,
 * so the batches cover every row exactly once, whatever their counts.
 */
import type { EventSort } from '../../domain/query.ts';
import type { Params } from './duckdb-filters.ts';

/** A leading key of an order (the id that ends every order is left out); none is ever null. */
interface SortKey {
  expr: string;
  desc: boolean;
  cast: 'DATE' | 'INTEGER';
}

const DATE_UP: SortKey = { expr: 'e.date_start', desc: false, cast: 'DATE' };
const DEATHS = 'coalesce(e.fatalities_best, -1)';

/** The leading keys of each order, as the full orders (duckdb-event-stream.ts) begin. */
const KEYS: Record<EventSort, SortKey[]> = {
  date: [DATE_UP],
  '-date': [{ ...DATE_UP, desc: true }],
  fatalities: [{ expr: DEATHS, desc: false, cast: 'INTEGER' }, DATE_UP],
  '-fatalities': [{ expr: DEATHS, desc: true, cast: 'INTEGER' }, DATE_UP],
};

/** One batch: the rows after the key values `after` (exclusive) up to `upTo` (inclusive), `rows` of them; null is open. */
export interface SortBatch {
  after: unknown[] | null;
  upTo: unknown[] | null;
  rows: number;
}

/** The SQL of the matching rows' leading key values, in order, each with its count `n`. */
export function keyGroupsSql(sort: EventSort, where: string): string {
  const keys = KEYS[sort];
  const names = keys.map((_, i) => `k${i}`);
  return `SELECT ${keys.map((k, i) => `${k.expr} AS k${i}`).join(', ')}, count(*) AS n FROM events e ${where}
    GROUP BY ${names.join(', ')} ORDER BY ${keys.map((k, i) => `k${i}${k.desc ? ' DESC' : ''}`).join(', ')}`;
}

/** Cuts the key groups (in order) into batches of at least `size` rows; the last is open-ended. */
export function sortBatches(
  groups: readonly Record<string, unknown>[],
  sort: EventSort,
  size: number,
): SortBatch[] {
  const width = KEYS[sort].length;
  const batches: SortBatch[] = [];
  let after: unknown[] | null = null;
  let rows = 0;
  groups.forEach((g, i) => {
    rows += Number(g.n);
    if (rows < size && i < groups.length - 1) return;
    const upTo = i < groups.length - 1 ? Array.from({ length: width }, (_, j) => g[`k${j}`]) : null;
    batches.push({ after, upTo, rows });
    after = upTo;
    rows = 0;
  });
  return batches;
}

/** `rows past the key values`: k1 after v1 OR (k1 = v1 AND k2 after v2) ..., each in its key's direction. */
function past(sort: EventSort, values: readonly unknown[], p: Params): string {
  const keys = KEYS[sort];
  const ph = keys.map((k, i) => `CAST(${p.add(values[i])} AS ${k.cast})`);
  const ors = keys.map((k, i) => {
    const eq = keys.slice(0, i).map((q, j) => `${q.expr} = ${ph[j]}`);
    return `(${[...eq, `${k.expr} ${k.desc ? '<' : '>'} ${ph[i]}`].join(' AND ')})`;
  });
  return `(${ors.join(' OR ')})`;
}

/** The conditions that keep a batch's rows (none for an open batch). */
export function batchConditions(sort: EventSort, b: SortBatch, p: Params): string[] {
  const c: string[] = [];
  if (b.after) c.push(past(sort, b.after, p));
  if (b.upTo) c.push(`NOT ${past(sort, b.upTo, p)}`);
  return c;
}
