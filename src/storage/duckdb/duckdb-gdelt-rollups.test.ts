import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { importGdelt } from '../../app/import-gdelt.ts';
import { barometerPoints } from '../../app/relations/barometer.ts';
import { relationsQuery } from '../../app/relations/relations.ts';
import type { GdeltPairDay } from '../../domain/gdelt-barometer.ts';
import { DuckDBStore } from './duckdb-store.ts';

/** 22 whole real rows of GDELT's 2025-08-07 22:00 export (src/ingest/gdelt/fixtures/README.md). */
const REAL = new URL('../../ingest/gdelt/fixtures/20250807220000.export.CSV', import.meta.url).pathname;
const template = readFileSync(REAL, 'utf8').split('\n')[0]!.split('\t');
const dir = mkdtempSync(join(tmpdir(), 'faultline-gdelt-rollups-'));

/** A synthetic GDELT 2.0 row: the first real row with the barometer's fields replaced. */
function row(
  id: number,
  added: string,
  a1: string,
  a2: string,
  quad: number,
  gs: string,
  m: number,
  tone: string,
) {
  const f = [...template];
  [f[0], f[7], f[17], f[29], f[30], f[31], f[34], f[59]] = [
    String(id),
    a1,
    a2,
    String(quad),
    gs,
    String(m),
    tone,
    added,
  ];
  return f.join('\t');
}

// The constructed set (synthetic, hash-spread so no figure is by design): 40 days of Sept-Oct 2023,
// 12 rows a day among PAK, AFG, IND, USA and a blank actor, Goldstein and tone with decimals.
const ACTORS = ['PAK', 'AFG', 'IND', 'USA', ''];
const h = (i: number, k: number) => Math.abs(Math.imul(i * 2654435761 + k * 40503, 2246822519) >>> 7);
function synthetic(ids: number[], day: (i: number) => string, salt: number): string {
  return ids
    .map((i) =>
      row(
        i,
        `${day(i)}${String(h(i, salt) % 24).padStart(2, '0')}1500`,
        ACTORS[h(i, salt + 1) % 5]!,
        ACTORS[h(i, salt + 2) % 5]!,
        1 + (h(i, salt + 3) % 4),
        ((h(i, salt + 4) % 201) / 10 - 10).toFixed(1),
        1 + (h(i, salt + 5) % 9),
        ((h(i, salt + 6) % 2001) / 137 - 7).toFixed(11),
      ),
    )
    .join('\n');
}
const dayOf = (n: number) => {
  const d = new Date(Date.UTC(2023, 8, 1 + n));
  return d.toISOString().slice(0, 10).replaceAll('-', '');
};
const ids = Array.from({ length: 480 }, (_, i) => i + 1);

/** The barometer's days computed straight from `gdelt_events` and `gdelt_volume` (the reads before the rollups). */
async function fromEvents(
  store: DuckDBStore,
  a: string,
  b: string,
  directed: boolean,
  from: string,
  to: string,
) {
  const pair = directed
    ? `actor1_country = '${a}' AND actor2_country = '${b}'`
    : `actor1_country IN ('${a}', '${b}') AND actor2_country IN ('${a}', '${b}') AND actor1_country <> actor2_country`;
  const rows = await store.select<Record<string, number | string>>(
    // A day counts for the pair only when every file of it was imported without countries or with
    // one of the pair's: a file filtered to other countries left the pair's events out.
    `WITH vol AS (SELECT day, sum(rows) AS volume, count(*) AS files FROM gdelt_volume v JOIN imports i ON i.id = v.import_id
        WHERE origin = 'exports' AND day BETWEEN DATE '${from}' AND DATE '${to}' GROUP BY day
        HAVING bool_and(i.scope IS NULL OR contains(',' || i.scope || ',', ',${a},') OR contains(',' || i.scope || ',', ',${b},'))),
      pair AS (SELECT CAST(date_added AS DATE) AS day, count(*) FILTER (WHERE quad_class = 1) AS q1,
        count(*) FILTER (WHERE quad_class = 2) AS q2, count(*) FILTER (WHERE quad_class = 3) AS q3,
        count(*) FILTER (WHERE quad_class = 4) AS q4, sum(num_mentions) AS mentions,
        sum(goldstein * num_mentions) AS gm, sum(avg_tone) AS tone FROM gdelt_events WHERE ${pair} GROUP BY ALL)
    SELECT CAST(vol.day AS VARCHAR) AS date, vol.volume, vol.files, coalesce(q1, 0) AS q1, coalesce(q2, 0) AS q2,
      coalesce(q3, 0) AS q3, coalesce(q4, 0) AS q4, coalesce(mentions, 0) AS mentions, coalesce(gm, 0) AS gm,
      coalesce(tone, 0) AS tone FROM vol LEFT JOIN pair ON pair.day = vol.day ORDER BY vol.day`,
  );
  return rows.map((r): GdeltPairDay => ({
    date: String(r.date),
    volume: Number(r.volume),
    files: Number(r.files),
    q1: Number(r.q1),
    q2: Number(r.q2),
    q3: Number(r.q3),
    q4: Number(r.q4),
    mentions: Number(r.mentions),
    goldsteinMentions: Number(r.gm),
    toneSum: Number(r.tone),
  }));
}

/** Rows where the rollups differ from a fresh sum over `gdelt_events` and `gdelt_volume` (sums to 1e-9). */
async function mismatches(store: DuckDBStore): Promise<unknown[]> {
  const fresh = `SELECT CAST(date_added AS DATE) AS day, actor1_country, actor2_country,
      count(*) FILTER (WHERE quad_class = 1) AS q1, count(*) FILTER (WHERE quad_class = 2) AS q2,
      count(*) FILTER (WHERE quad_class = 3) AS q3, count(*) FILTER (WHERE quad_class = 4) AS q4,
      sum(num_mentions) AS mentions, round(sum(goldstein * num_mentions), 9) AS gm, round(sum(avg_tone), 9) AS tone
    FROM gdelt_events WHERE actor1_country IS NOT NULL AND actor2_country IS NOT NULL GROUP BY ALL`;
  const rollup = `SELECT day, actor1_country, actor2_country, q1, q2, q3, q4, mentions, round(goldstein_mentions, 9) AS gm,
      round(tone_sum, 9) AS tone FROM gdelt_pair_days`;
  const vol = `SELECT origin, day, sum(rows) AS rows FROM gdelt_volume GROUP BY ALL`;
  return store.select(`(SELECT 'missing' AS side, * FROM ((${fresh}) EXCEPT ALL (${rollup})))
    UNION ALL (SELECT 'extra', * FROM ((${rollup}) EXCEPT ALL (${fresh})))
    UNION ALL (SELECT 'volume', origin, CAST(day AS VARCHAR), NULL, rows, NULL, NULL, NULL, NULL, NULL, NULL
      FROM ((${vol}) EXCEPT ALL (SELECT origin, day, rows FROM gdelt_volume_days)))
    UNION ALL (SELECT 'volume extra', origin, CAST(day AS VARCHAR), NULL, rows, NULL, NULL, NULL, NULL, NULL, NULL
      FROM ((SELECT origin, day, rows FROM gdelt_volume_days) EXCEPT ALL (${vol})))`);
}

const ASKS = [
  { a: 'AFG', b: 'PAK', directed: false },
  { a: 'PAK', b: 'AFG', directed: true },
  { a: 'IND', b: 'PAK', directed: false },
  { a: 'CAN', b: 'GBR', directed: false },
] as const;

let store: DuckDBStore;
before(async () => {
  store = await DuckDBStore.open(':memory:');
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text + '\n');
    return join(dir, name);
  };
  // Three files: the first 40 days; then re-sent copies of every fifth event, later, with other actors,
  // class and figures (the stored copies leave the rollup); then the first file again (nothing changes).
  const first = write(
    '20231010230000.export.CSV',
    synthetic(ids, (i) => dayOf(i % 40), 10),
  );
  const resent = ids.filter((i) => i % 5 === 0);
  await importGdelt(store, first, { countries: ['PAK', 'AFG', 'IND'] });
  const r = await importGdelt(
    store,
    write(
      '20231020230000.export.CSV',
      synthetic(resent, () => '20231020', 20),
    ),
    {
      countries: ['PAK', 'AFG', 'IND'],
    },
  );
  assert.ok(r.ledger.changed > 10, `re-sent events replace stored ones (${r.ledger.changed})`);
  await importGdelt(store, first);
  await importGdelt(store, REAL);
});
after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the barometer's GDELT rollups", () => {
  it('the pair rollup and the volume per day equal fresh sums over gdelt_events after additions, re-sent events and re-imports', async () => {
    const [{ n }] = await store.select<{ n: number }>(`SELECT count(*) AS n FROM gdelt_pair_days`);
    assert.ok(Number(n) > 100, `the rollup holds the constructed set (${n} rows)`);
    assert.deepEqual(await mismatches(store), []);
  });

  it('answers from the rollups equal answers computed from gdelt_events, bootstrap interval included', async () => {
    let intervals = 0;
    for (const q of ASKS)
      for (const [interval, from, to] of [
        ['month', '2023-09-01', '2023-10-31'],
        ['week', '2023-09-04', '2023-10-15'],
        ['month', '2025-08-01', '2025-08-31'],
      ] as const) {
        const r = await relationsQuery(store, { ...q, interval, from, to });
        const s = r.series.find((x) => x.source.id === 'faultline-gdelt-barometer')!;
        const label = `exports|${q.a}-${q.b}|${q.directed ? 'directed' : 'either'}`;
        const days = await fromEvents(store, q.a, q.b, q.directed, from, to);
        assert.deepEqual(s.points, barometerPoints(days, from, to, interval, label), `${label} ${interval}`);
        intervals += s.points.filter((p) => p.ci_low !== null && p.events! > 0).length;
      }
    assert.ok(intervals >= 8, `bootstrap intervals compared (${intervals})`);
  });

  it('migration 19 builds the rollups for a store that held GDELT rows before it', async () => {
    await store.select(`DROP TABLE gdelt_pair_days`);
    await store.select(`DROP TABLE gdelt_volume_days`);
    await store.select(`DELETE FROM schema_migrations WHERE version = 19`);
    await store.migrate();
    const [{ n }] = await store.select<{ n: number }>(`SELECT count(*) AS n FROM gdelt_pair_days`);
    assert.ok(Number(n) > 100);
    assert.deepEqual(await mismatches(store), []);
  });
});
