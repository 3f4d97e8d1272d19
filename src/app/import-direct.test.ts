// test-run: alone, about 13 s (large imports)
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { csvLine, GED_FILE } from '../../test/helpers/ged-rows.ts';
import { DuckDBStore } from '../storage/duckdb/duckdb-store.ts';
import { UNOPTIMIZED_UP_TO_BYTES } from '../storage/duckdb/native/native-session.ts';
import { createEventPlacer } from './geography.ts';
import { importFile } from './import-dataset.ts';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-direct-'));

// The bundled GED file's header, HXL row and first 2,000 records (a fifth of it: the whole file cost
// the first case 3 s more), parsed once for the file.
const GED = (parse(readFileSync(GED_FILE)) as string[][]).slice(0, 2002);
/**
 * Those rows of the bundled GED file with rows that each path must
 * reject the same way: an unreadable count, a date that does not exist, a repeated id (unless
 * `repeatId` is false) and a row one field short.
 */
function gedWithRejects(repeatId = true): { path: string; rows: number; lines: number[] } {
  const [header, hxl, ...rows] = GED.map((r) => [...r]);
  const at = (name: string) => header!.indexOf(name);
  rows[5]![at('best')] = 'n/a';
  rows[9]![at('date_start')] = '2021-02-30';
  if (repeatId) rows[14]![at('id')] = rows[3]![at('id')]!;
  const lines = [header!, hxl!, ...rows].map(csvLine);
  lines[30] = csvLine(rows[28]!.slice(1));
  const path = join(tmp, `GEDEvent_v22_1-rejects${repeatId ? '' : '-unique-ids'}.csv`);
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  // The line each record starts on (quoted fields may hold line breaks).
  const starts: number[] = [];
  let line = 1;
  for (const l of lines) {
    starts.push(line);
    line += l.split('\n').length;
  }
  return { path, rows: rows.length, lines: starts };
}

/**
 * The first 40 lines of the file with rejects (header, HXL row, four of its rejects: record 15
 * repeats record 4's id), edited, written as `GEDEvent_v22_1-<name>.csv`; returns its path.
 */
function firstLines(name: string, edit?: (lines: string[]) => void): string {
  const lines = readFileSync(gedWithRejects().path, 'utf8').split('\r\n').slice(0, 40);
  edit?.(lines);
  const path = join(tmp, `GEDEvent_v22_1-${name}.csv`);
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  return path;
}

/**
 * Imports the file into a fresh store, recording whether the store wrote it straight into events.
 * `unoptimizedUpToBytes` sets which files are mapped without DuckDB's optimizer (default: the store's).
 */
async function importInto(name: string, file: string, alwaysDiff: boolean, unoptimizedUpToBytes?: number) {
  const store = await DuckDBStore.open(join(tmp, `${name}.duckdb`));
  // Two threads whatever the suite sets (scripts/test.sh): the parallel numbering is the point here.
  await store.limitThreads(2);
  const paths: string[] = [];
  const begin = store.beginImport.bind(store);
  store.beginImport = async (start) => {
    const session = await begin(start);
    const direct = session.importDirect!.bind(session);
    // Every file here takes the parallel numbering, whatever its size (the others take the window).
    session.importDirect = async (o) => {
      const r = await direct({ ...o, parallelFromBytes: 0, unoptimizedUpToBytes });
      paths.push(r ? `direct, numbered by ${r.numberedBy}` : 'staged');
      return r;
    };
    const mapStaged = session.mapStaged!.bind(session);
    session.mapStaged = (o) => mapStaged({ ...o, unoptimizedUpToBytes });
    return session;
  };
  const place = await createEventPlacer(store);
  const r = await importFile(store, file, { place, alwaysDiff });
  // Everything but when and how long (and the import id, the same first id in both stores).
  const ledger = Object.fromEntries(
    Object.entries(r.ledger).filter(([k]) => !['id', 'startedAt', 'durationMs'].includes(k)),
  );
  const table = (sql: string) => store.select<Record<string, unknown>>(sql);
  const state = {
    ledger,
    events: await table(`SELECT * EXCLUDE (import_id) FROM events ORDER BY id`),
    rejections: await table(`SELECT * EXCLUDE (import_id) FROM rejections ORDER BY line, reason`),
    changes: await table(`SELECT * EXCLUDE (import_id) FROM event_changes ORDER BY event_id`),
    rollups: await Promise.all(
      ['rollup_day', 'rollup_month', 'rollup_country_day', 'rollup_country_month'].map((t) =>
        table(`SELECT * FROM ${t} ORDER BY ALL`),
      ),
    ),
  };
  await store.close();
  return { paths, state };
}

describe('a first import written straight into events', () => {
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('gives exactly the events, rejections, changes, ledger and rollups of the staged and diffed path', async () => {
    // No id repeats here: the rows are numbered in parallel, each placed by the hash of its id.
    const file = gedWithRejects(false);
    const direct = await importInto('direct', file.path, false);
    const staged = await importInto('staged', file.path, true);
    assert.deepEqual(direct.paths, ['direct, numbered by key']);
    assert.deepEqual(staged.paths, []);
    const s = direct.state;
    assert.equal(s.ledger.metadataRows, 1);
    assert.equal(s.ledger.rejected, 3);
    assert.equal(s.events.length, file.rows - 3);
    assert.deepEqual(
      s.rejections.map((r) => [r.line, r.field]),
      [
        [file.lines[7], 'best'],
        [file.lines[11], 'date_start'],
        [file.lines[30], null],
      ],
    );
    assert.ok(s.rollups.every((t) => t.length > 0));
    // Every event keeps its record's number (and so the line its original is read back from).
    assert.deepEqual(s, staged.state);
  });

  it('numbers rows in reading order, as the staged path does, when an id repeats', async () => {
    // Record 15 repeats record 4's id.
    const path = firstLines('repeated-id');
    const direct = await importInto('direct-repeated', path, false);
    const staged = await importInto('staged-repeated', path, true);
    assert.deepEqual(direct.paths, ['direct, numbered by order']);
    assert.equal(direct.state.ledger.rejected, 4);
    assert.deepEqual(
      direct.state.rejections.filter((r) => String(r.reason).startsWith('duplicate id')).map((r) => r.field),
      ['id'],
    );
    assert.deepEqual(direct.state, staged.state);
  });

  it('numbers byte-identical records (rows sharing a hash) as the staged path does', async () => {
    // Records are numbered by a hash of their fields unless two rows share one: then by reading order.
    // Line 20 twice (its record also holds an id another record repeats).
    const path = firstLines('identical', (lines) => lines.splice(20, 0, lines[19]!));
    const direct = await importInto('direct-identical', path, false);
    const staged = await importInto('staged-identical', path, true);
    assert.deepEqual(direct.paths, ['direct, numbered by order']);
    assert.equal(direct.state.ledger.rejected, 5);
    assert.equal(direct.state.events.length, 39 - 5);
    assert.ok(direct.state.rejections.some((r) => String(r.reason).startsWith('duplicate id')));
    assert.deepEqual(direct.state, staged.state);
  });

  it('maps a small file by plans made without the optimizer into exactly what the optimized plans give', async () => {
    // Rejects, metadata, a repeated id, identical records: the cut every path above is compared on.
    const path = firstLines('plans', (lines) => lines.splice(20, 0, lines[19]!));
    assert.ok(statSync(path).size <= UNOPTIMIZED_UP_TO_BYTES);
    for (const alwaysDiff of [false, true]) {
      const mode = alwaysDiff ? 'staged' : 'direct';
      const unoptimized = await importInto(`plans-${mode}-off`, path, alwaysDiff);
      const optimized = await importInto(`plans-${mode}-on`, path, alwaysDiff, -1);
      assert.deepEqual(unoptimized.paths, optimized.paths);
      assert.equal(unoptimized.state.ledger.rejected, 5);
      assert.deepEqual(unoptimized.state, optimized.state, mode);
    }
  });
});
