/**
 * The lookup pass's grouping sets (native-session.ts `fillLookups`) gathered in JavaScript from rows
 * grouped by every key at once, for a small file: DuckDB's `GROUP BY GROUPING SETS` of the four sets,
 * planned without the optimizer, cost a 40-row GED file's import about 20 ms of CPU more than one plain
 * `GROUP BY` of all the keys (the pass took 49 ms against 31 ms), and a small file has few such rows.
 */

/** Rows of the lookup pass grouped by all the keys: the keys by name, the earliest date `d` and the count `n` of its rows. */
export type FineRow = Record<string, string | number | boolean | null> & { d: string | null; n: number };

/** A row of the lookup pass: a FineRow of one grouping set (`set`), holding that set's keys. */
export type KeyRow = FineRow & { set: 'country' | 'actor' | 'place' | 'all' };

/**
 * What `GROUP BY GROUPING SETS (<each set's keys>, ())` gives over the rows `fine` summarises (each
 * grouped by all the keys, with `min(d)` and `count(*)`): per set, one row per distinct combination
 * of its keys (NULL equal to NULL, as GROUP BY groups) holding only those keys, its earliest
 * non-null date and its count; then the `all` row, over every row. In no particular order, as SQL
 * gives them.
 */
export function lookupSets(
  fine: readonly FineRow[],
  sets: readonly (readonly [KeyRow['set'], readonly string[]])[],
): KeyRow[] {
  const out: KeyRow[] = [];
  for (const [set, keys] of sets) {
    const groups = new Map<string, KeyRow>();
    for (const r of fine) {
      const key = JSON.stringify(keys.map((k) => r[k]));
      const g = groups.get(key);
      if (!g) {
        const row = { set, d: r.d, n: Number(r.n) } as KeyRow;
        for (const k of keys) row[k] = r[k] ?? null;
        groups.set(key, row);
      } else {
        g.n += Number(r.n);
        if (r.d !== null && (g.d === null || r.d < g.d)) g.d = r.d;
      }
    }
    out.push(...groups.values());
  }
  let n = 0;
  for (const r of fine) n += Number(r.n);
  let d: string | null = null;
  for (const r of fine) if (r.d !== null && (d === null || r.d < d)) d = r.d;
  out.push({ set: 'all', d, n } as KeyRow);
  return out;
}
