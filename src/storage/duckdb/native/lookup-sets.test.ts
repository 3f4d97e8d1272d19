import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryDuckDb } from '../../../../test/helpers/memory-duckdb.ts';
import { lookupSets, type FineRow, type KeyRow } from './lookup-sets.ts';

const mem = memoryDuckDb();

// Keys as the lookup pass names them (native-session.ts fillLookups), with NULLs in every key, rows
// that differ in one key only, NULL and equal dates, a NULL text against the text 'null', and 0
// against -0 (GROUP BY groups them as one).
const SETS = [
  ['country', ['k1', 'k2']],
  ['actor', ['n0', 'n1', 'acls']],
  ['place', ['k1', 'k2', 'lat', 'lon', 'exact', 'pcls']],
] as const;
const ROWS = `(VALUES
  ('Pakistan', 'PAK', 'TTP', 'Pakistan', 0, 33.1, 70.2, true, 0, '2021-03-04'),
  ('Pakistan', 'PAK', 'TTP', 'Pakistan', 0, 33.1, 70.2, true, 0, '2021-01-02'),
  ('Pakistan', 'PAK', 'TTP', 'Pakistan', 1, 33.1, 70.2, true, 1, '2021-09-01'),
  ('Pakistan', 'PAK', 'TTP', NULL, 0, 33.1, 70.2, false, 0, NULL),
  ('Pakistan', NULL, 'TTP', 'null', 0, 0.0, -0.0, false, 0, '2020-05-05'),
  ('Pakistan', NULL, NULL, 'null', 0, -0.0, 0.0, false, 0, '2020-05-04'),
  (NULL, NULL, NULL, NULL, 0, NULL, NULL, false, 0, NULL),
  (NULL, NULL, NULL, NULL, 0, NULL, NULL, false, 0, NULL),
  ('null', 'PAK', 'TTP', 'Pakistan', 0, 33.1, 70.2, true, 0, '2021-01-02')
) t(k1, k2, n0, n1, acls, lat, lon, exact, pcls, d)`;
const ALL = 'k1, k2, n0, n1, acls, lat, lon, exact, pcls';

/** Rows in one order, whatever order they came in (every field in it). */
const sorted = (rows: readonly KeyRow[]) =>
  rows
    .map((r) =>
      JSON.stringify([
        r.set,
        r.d,
        Number(r.n),
        ...ALL.split(', ').map((k) => (r[k] === undefined ? null : r[k])),
      ]),
    )
    .sort();

describe('lookupSets', () => {
  it("gives the rows of DuckDB's GROUPING SETS from rows grouped by every key", async () => {
    const sql = await mem.db.all<KeyRow>(
      `SELECT ${ALL}, min(d) AS d, count(*) AS n,
         CASE WHEN grouping(acls) = 0 THEN 'actor' WHEN grouping(pcls) = 0 THEN 'place' WHEN grouping(k1) = 0 THEN 'country' ELSE 'all' END AS set
       FROM ${ROWS} GROUP BY GROUPING SETS ((k1, k2), (n0, n1, acls), (k1, k2, lat, lon, exact, pcls), ())`,
    );
    const fine = await mem.db.all<FineRow>(
      `SELECT ${ALL}, min(d) AS d, count(*) AS n FROM ${ROWS} GROUP BY ${ALL}`,
    );
    const js = lookupSets(fine, SETS);
    // (The SQL rows hold NULL for other sets' keys, the JavaScript ones leave them out.)
    assert.deepEqual(sorted(js), sorted(sql));
    assert.equal(js.find((r) => r.set === 'all')?.n, 9);
    assert.equal(js.filter((r) => r.set === 'country').length, 4);
  });

  it('counts no rows as one `all` row of 0, as the empty grouping set does', async () => {
    assert.deepEqual(lookupSets([], SETS), [{ set: 'all', d: null, n: 0 }]);
  });
});
