/**
 * A mapped CSV's identity is its bytes and its mapping, and its dataset is its scope: the same file
 * read with another mapping is a new import, and a full release of one dataset never removes events
 * of another dataset of source `csv` (docs/importing.md, "A generic CSV with a column mapping").
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { RemovalsNotAllowedError } from '../domain/errors.ts';
import { DuckDBStore } from '../storage/duckdb/duckdb-store.ts';
import { importFile, type ImportOptions } from './import-dataset.ts';
import { originalRecord } from './original-record.ts';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-csv-mapped-identity-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** Writes `text` to a file of the test's folder and returns its path. */
function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

/**
 * A SYNTHETIC `;`-delimited incident log of `n` rows (ids `<prefix>-k`), one every `step` days from
 * `from`, in Pakistan, each with `k % 7` killed (so the sum of `killed` is known); only the rows
 * `pick` keeps.
 */
function syntheticLog(
  name: string,
  n: number,
  prefix: string,
  o: { from?: string; step?: number; pick?: (k: number) => boolean } = {},
): string {
  const t0 = Date.parse(`${o.from ?? '2021-03-01'}T00:00:00Z`);
  const rows = Array.from({ length: n }, (_, k) => {
    const day = new Date(t0 + k * (o.step ?? 3) * 86_400_000).toISOString().slice(0, 10);
    return `${prefix}-${k};${day};Pakistan;${k % 7}`;
  }).filter((_, k) => o.pick?.(k) ?? true);
  return file(name, ['incident_no;day;country_name;killed', ...rows].join('\n') + '\n');
}

/** A mapping (YAML) of the synthetic log: id, date and country, plus `extra` lines under `columns`. */
function mapping(name: string, dataset: string, version: string, extra = ''): string {
  return file(
    name,
    `dataset: ${dataset}\nversion: "${version}"\ndelimiter: ";"\ncolumns:\n  source_id: incident_no\n  date_start: day\n  country: country_name\n${extra}`,
  );
}

/**
 * A fresh store, in memory: what is checked is what each import stores and reads back, not the file
 * (closing a file store that was written to checkpoints it). An in-memory store keeps its source
 * archive in a temporary folder, so original records read back as from a file store.
 */
const openStore = () => DuckDBStore.open(':memory:');

/** The imports of no linking or alerts, read by DuckDB (default) or JavaScript. */
const readers: [string, ImportOptions][] = [
  ['DuckDB', { link: false, alerts: false }],
  ['JavaScript', { link: false, alerts: false, native: false }],
];

/** Sum of best fatalities and count of the stored events whose ids start with `csv:<dataset>:`. */
async function datasetTotals(store: DuckDBStore, dataset: string) {
  const [r] = await store.select<{ n: number; deaths: number | null }>(
    `SELECT count(*) AS n, sum(fatalities_best) AS deaths FROM events WHERE id LIKE 'csv:${dataset}:%'`,
  );
  return { events: Number(r!.n), deaths: r!.deaths === null ? null : Number(r!.deaths) };
}

for (const [reader, opts] of readers) {
  describe(`re-importing a mapped CSV (read by ${reader})`, () => {
    it('the same bytes with a mapping that maps one more column are a new version of the dataset, with its values', async () => {
      const store = await openStore();
      const log = syntheticLog('synthetic-log.csv', 60, 'N');
      const idOnly = mapping('id-only.yaml', 'ngo-log', '1');
      const withDeaths = mapping('with-deaths.yaml', 'ngo-log', '2', '  fatalities_best: killed\n');
      const first = await importFile(store, log, { ...opts, mapping: idOnly });
      assert.equal(first.ledger.added, 60);
      assert.deepEqual(await datasetTotals(store, 'ngo-log'), { events: 60, deaths: null });
      const second = await importFile(store, log, { ...opts, mapping: withDeaths });
      assert.equal(second.alreadyImported, false, 'the new mapping was ignored as "already imported"');
      assert.notEqual(second.ledger.id, first.ledger.id);
      assert.deepEqual(
        [second.ledger.version, second.ledger.changed, second.ledger.added, second.ledger.removed],
        ['2', 60, 0, 0],
      );
      // k % 7 over k = 0..59: 8 full weeks (21 each) and 0..3.
      assert.deepEqual(await datasetTotals(store, 'ngo-log'), { events: 60, deaths: 8 * 21 + 6 });
      assert.notEqual(second.ledger.mappingSha256, first.ledger.mappingSha256);
      assert.match(second.ledger.mappingSha256 ?? '', /^[0-9a-f]{64}$/);
      await store.close();
    });

    it('the same bytes with the same mapping, even rewritten as JSON in another key order, stay a no-op', async () => {
      const store = await openStore();
      const log = syntheticLog('synthetic-same.csv', 20, 'S');
      const yaml = mapping('same.yaml', 'same-log', '2022-12', '  fatalities_best: killed\n');
      const json = file(
        'same.json',
        JSON.stringify({
          columns: {
            fatalities_best: 'killed',
            country: 'country_name',
            date_start: 'day',
            source_id: 'incident_no',
          },
          delimiter: ';',
          version: '2022-12',
          dataset: 'same-log',
        }),
      );
      const first = await importFile(store, log, { ...opts, mapping: yaml });
      for (const m of [yaml, json]) {
        const again = await importFile(store, log, { ...opts, mapping: m });
        assert.equal(again.alreadyImported, true, m);
        assert.equal(again.ledger.id, first.ledger.id);
      }
      assert.equal((await store.listImports()).length, 1);
      await store.close();
    });

    it('a file imported before the ledger kept mappings is read again once (its mapping is unknown), then is a no-op', async () => {
      const store = await openStore();
      const log = syntheticLog('synthetic-legacy.csv', 20, 'L');
      const m = mapping('legacy.yaml', 'legacy-log', '1', '  fatalities_best: killed\n');
      await importFile(store, log, { ...opts, mapping: m });
      await store.select(`UPDATE imports SET mapping_sha256 = NULL`);
      const again = await importFile(store, log, { ...opts, mapping: m });
      assert.equal(again.alreadyImported, false);
      assert.deepEqual([again.ledger.unchanged, again.ledger.changed], [20, 0]);
      assert.equal((await importFile(store, log, { ...opts, mapping: m })).alreadyImported, true);
      await store.close();
    });
  });

  describe(`a full release of a mapped dataset (read by ${reader})`, () => {
    it("removes only its own dataset's events, never another dataset's of source csv", async () => {
      const store = await openStore();
      // Dataset j: 200 events every 3 days from 2021-03-01 (to 2022-10); 100 of them lie between the other file's two dates.
      const j = await importFile(store, syntheticLog('synthetic-j.csv', 200, 'J'), {
        ...opts,
        mapping: mapping('j.yaml', 'j', '1'),
      });
      assert.equal(j.ledger.accepted, 200);
      const other = syntheticLog('synthetic-other.csv', 2, 'O', { from: '2021-06-01', step: 300 });
      const r = await importFile(store, other, {
        ...opts,
        mapping: mapping('other.yaml', 'other', '1'),
        fullRelease: true,
        allowRemovals: 5000,
      });
      assert.deepEqual([r.ledger.added, r.ledger.removed], [2, 0]);
      assert.deepEqual(await datasetTotals(store, 'j'), { events: 200, deaths: null });
      await store.close();
    });

    it("asks consent for more than 5% of its own dataset's events, naming the dataset, and removes only those", async () => {
      const store = await openStore();
      await importFile(store, syntheticLog('synthetic-big.csv', 400, 'B'), {
        ...opts,
        mapping: mapping('big.yaml', 'big', '1'),
      });
      const small = mapping('small.yaml', 'small', '1');
      // Dataset small: 40 events every 3 days from 2021-06-01, among dataset big's (which go on to 2024).
      await importFile(store, syntheticLog('synthetic-small.csv', 40, 'S', { from: '2021-06-01' }), {
        ...opts,
        mapping: small,
      });
      // Its release keeps the first and the last row: the 38 between are removed, big's are not touched.
      const release = syntheticLog('synthetic-small-release.csv', 40, 'S', {
        from: '2021-06-01',
        pick: (k) => k === 0 || k === 39,
      });
      const refused = await importFile(store, release, {
        ...opts,
        mapping: mapping('small-2.yaml', 'small', '2'),
        fullRelease: true,
      }).then(
        () => null,
        (e: unknown) => e,
      );
      assert.ok(refused instanceof RemovalsNotAllowedError, String(refused));
      assert.equal(
        refused.message,
        '"synthetic-small-release.csv": this import would remove 38 of 40 stored csv events of dataset small, more than 5% without consent; nothing was imported; if the file is a complete release, run again with --allow-removals 38',
      );
      const r = await importFile(store, release, {
        ...opts,
        mapping: mapping('small-2.yaml', 'small', '2'),
        fullRelease: true,
        allowRemovals: 38,
      });
      assert.deepEqual([r.ledger.removed, r.ledger.unchanged], [38, 2]);
      assert.deepEqual(await datasetTotals(store, 'small'), { events: 2, deaths: null });
      assert.deepEqual(await datasetTotals(store, 'big'), { events: 400, deaths: null });
      await store.close();
    });
  });
}

describe('a mapped CSV whose unquoted field holds quotes', () => {
  it('reads its original record back as DuckDB stored the field (the export with --original, the event detail)', async () => {
    // DuckDB takes quotes inside an unquoted field literally (an even number of them keeps the
    // independent count in step), so the row is stored; reading its record back refused it before.
    const path = file(
      'quotes-in-unquoted-field.csv',
      'incident_no;day;country_name;town\nQ-1;2021-03-01;Pakistan;=HYPERLINK(""x"")\nQ-2;2021-03-02;Pakistan;"Bannu; city"\n',
    );
    const store = await openStore();
    await importFile(store, path, {
      link: false,
      alerts: false,
      mapping: mapping('quotes.yaml', 'quotes', '1', '  place: town\n'),
    });
    const { rows } = await store.queryEvents({ limit: 10, sort: 'date' });
    assert.deepEqual(
      rows.map((e) => e.place),
      ['=HYPERLINK(""x"")', 'Bannu; city'],
    );
    const originals = await Promise.all(rows.map((e) => originalRecord(store, e)));
    assert.deepEqual(
      originals.map((o) => [o?.text, o?.fields.town]),
      [
        ['Q-1;2021-03-01;Pakistan;=HYPERLINK(""x"")', '=HYPERLINK(""x"")'],
        ['Q-2;2021-03-02;Pakistan;"Bannu; city"', 'Bannu; city'],
      ],
    );
    await store.close();
  });
});
