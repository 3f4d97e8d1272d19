import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { acledCoverage } from '../../ingest/acled/acled-importer.ts';
import { candidateCoverage } from '../../ingest/ucdp-candidate/ucdp-candidate-importer.ts';
import { gedCoverage } from '../../ingest/ucdp-ged/ucdp-ged-importer.ts';
import { COVERAGE_BACKFILL } from './duckdb-migrations.ts';
import { DuckDBStore } from './duckdb-store.ts';
import { bundledStoreCopy } from '../../../test/helpers/bundled-store.ts';

// Imports stored before the ledger kept declared coverage, as (format, file name, version).
const LEGACY: [string, string, string][] = [
  ['ucdp-ged', 'ged221-csv.zip', '22.1'],
  ['ucdp-ged', 'conflict_data_pak.csv', '22.1'],
  ['ucdp-ged', 'GEDEvent_v25_1.csv', '25.1'],
  ['ucdp-ged', 'mine.csv', 'sha256:0123456789ab'],
  ['ucdp-candidate', 'GEDEvent_v26_01_26_06_PAK_AFG.csv', '26.0.6'],
  ['ucdp-candidate', 'GEDEvent_v26_0_7.csv', '26.0.7'],
  ['ucdp-candidate', 'GEDEvent_v24_0_12.csv', '24.0.12'],
  ['acled-csv', 'acled_2024-01-01-2024-03-31_synthetic.csv', '2024-03-31'],
  ['acled-csv', 'acled_2024-03-31.csv', '2024-03-31'],
  ['csv-mapped', 'incidents.csv', 'sha256:aa'],
];

const jsRule = (format: string, file: string, version: string) =>
  format === 'ucdp-ged'
    ? gedCoverage(file, version)
    : format === 'ucdp-candidate'
      ? candidateCoverage(file)
      : format === 'acled-csv'
        ? acledCoverage(file)
        : null;

describe('declared coverage for stores written before the ledger kept it (migration 8)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-coverage-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the migration fills the same periods as the formats declare at import', async () => {
    const path = join(dir, 'store.duckdb');
    await (await DuckDBStore.open(path)).close();
    const conn = await (await DuckDBInstance.create(path)).connect();
    for (const [i, [format, file, version]] of LEGACY.entries())
      await conn.run(
        `INSERT INTO imports (id, file_name, bytes, sha256, format, source, version, version_inferred, rows_read, accepted,
          rejected, metadata_rows, added, changed, removed, unchanged, stale, warnings, started_at, duration_ms)
         VALUES (${i + 1}, '${file}', 1, 'x', '${format}', 'src', '${version}', false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'now', 0)`,
      );
    for (const sql of COVERAGE_BACKFILL) await conn.run(sql);
    const rows = (
      await conn.runAndReadAll(
        `SELECT CAST(coverage_from AS VARCHAR), CAST(coverage_to AS VARCHAR) FROM imports ORDER BY id`,
      )
    ).getRows();
    const sql = rows.map(([from, to]) => (from === null ? null : { from, to }));
    assert.deepEqual(
      sql,
      LEGACY.map(([f, file, v]) => jsRule(f, file, v)),
    );
    assert.deepEqual(sql.slice(0, 2), [
      { from: '1989-01-01', to: '2021-12-31' },
      { from: '1989-01-01', to: '2021-12-31' },
    ]);
    assert.deepEqual(sql[4], { from: '2026-01-01', to: '2026-06-30' });
    assert.deepEqual(sql[6], { from: '2024-12-01', to: '2024-12-31' });
    assert.equal(sql[3], null);
    conn.closeSync();
  });
});

describe("each source version's coverage from its events", () => {
  it('counts, first and last dates and countries equal those of the events, counted one by one', async () => {
    const path = await bundledStoreCopy();
    const store = await DuckDBStore.open(path);
    try {
      // Events without a country, and a version whose events have none at all.
      await store.select(
        `UPDATE events SET country = NULL WHERE id IN (SELECT id FROM events WHERE source = 'ucdp-ged' ORDER BY id LIMIT 5)`,
      );
      await store.select(`UPDATE events SET country = NULL WHERE source = 'ucdp-candidate'`);
      // (A version also covers the countries its files' rows held: the ledger keeps them. Here none.)
      await store.select(`UPDATE imports SET countries = NULL WHERE source = 'ucdp-candidate'`);
      // No declared period: the coverage of GED 22.1 is its events' first start to last end.
      await store.select(
        `UPDATE imports SET coverage_from = NULL, coverage_to = NULL WHERE source = 'ucdp-ged'`,
      );
      const rows = await store.select<{
        source: string;
        v: string;
        country: string | null;
        s: string;
        e: string;
      }>(
        `SELECT source, source_version AS v, country, CAST(date_start AS VARCHAR) AS s, CAST(date_end AS VARCHAR) AS e FROM events`,
      );
      const expected = new Map<
        string,
        { events: number; first: string; last: string; countries: Set<string> }
      >();
      for (const r of rows) {
        const k = `${r.source} ${r.v}`;
        const x = expected.get(k) ?? { events: 0, first: r.s, last: r.e, countries: new Set<string>() };
        x.events++;
        if (r.s < x.first) x.first = r.s;
        if (r.e > x.last) x.last = r.e;
        if (r.country !== null) x.countries.add(r.country);
        expected.set(k, x);
      }
      const cov = await store.coverage();
      assert.deepEqual(cov.map((c) => `${c.source} ${c.version}`).sort(), [...expected.keys()].sort());
      for (const c of cov) {
        const x = expected.get(`${c.source} ${c.version}`)!;
        assert.equal(c.events, x.events, c.source);
        assert.deepEqual(c.countries, [...x.countries].sort(), c.source);
      }
      const ged = cov.find((c) => c.source === 'ucdp-ged')!;
      const x = expected.get(`ucdp-ged ${ged.version}`)!;
      assert.deepEqual([ged.basis, ged.firstDate, ged.lastDate], ['events', x.first, x.last]);
      assert.ok(ged.countries.length > 0 && x.countries.size > 0);
      assert.deepEqual(cov.find((c) => c.source === 'ucdp-candidate')!.countries, []);
    } finally {
      await store.close();
      rmSync(dirname(path), { recursive: true, force: true });
    }
  });

  it("a version's period, read alone, is its coverage's first and last dates, declared or from its events", async () => {
    const path = await bundledStoreCopy();
    const store = await DuckDBStore.open(path);
    try {
      // GED from its events' dates; Candidate declared, widened by its events; a declared version
      // without events; one not stored.
      await store.select(
        `UPDATE imports SET coverage_from = NULL, coverage_to = NULL WHERE source = 'ucdp-ged'`,
      );
      await store.select(
        `UPDATE imports SET coverage_from = coverage_from + 20, coverage_to = coverage_to - 20 WHERE source = 'ucdp-candidate'`,
      );
      await store.select(
        `INSERT INTO imports (id, file_name, bytes, sha256, format, source, version, version_inferred, rows_read, accepted,
          rejected, metadata_rows, added, changed, removed, unchanged, stale, warnings, started_at, duration_ms, coverage_from, coverage_to)
         VALUES (9999, 'acled_2024-03-31.csv', 1, 'x', 'acled-csv', 'acled', '2024-03-31', false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'now', 0,
           DATE '2024-01-01', DATE '2024-03-31')`,
      );
      const cov = await store.coverage();
      assert.deepEqual(new Set(cov.map((c) => c.basis)), new Set(['declared', 'events']));
      // A declared period its precise events widen (the declarations were narrowed above).
      const declared = await store.select<{ source: string; version: string; f: string }>(
        `SELECT source, version, CAST(min(coverage_from) AS VARCHAR) AS f FROM imports WHERE coverage_from IS NOT NULL GROUP BY ALL`,
      );
      assert.ok(
        cov.some((c) =>
          declared.some((d) => d.source === c.source && d.version === c.version && c.firstDate < d.f),
        ),
      );
      for (const c of cov)
        assert.deepEqual(await store.versionPeriod(c.source, c.version), {
          from: c.firstDate,
          to: c.lastDate,
        });
      assert.deepEqual(await store.versionPeriod('acled', '2024-03-31'), {
        from: '2024-01-01',
        to: '2024-03-31',
      });
      assert.equal(await store.versionPeriod('ucdp-ged', 'not stored'), null);
    } finally {
      await store.close();
      rmSync(dirname(path), { recursive: true, force: true });
    }
  });
});
