// test-run: alone, about 10 s (large imports)
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

// The bundled GED file's header, HXL row and every sixth of its records (1,070 of 6,416), parsed once
// for the file: all its kinds of violence, provinces and precisions (its first 2,000 records, read
// before, held one kind of violence and cost more time; the whole file cost the first case 3 s more),
// and more than 1,024 records, so the import's check of every 1,024th record reads two.
const GED = (() => {
  const [header, hxl, ...rows] = parse(readFileSync(GED_FILE)) as string[][];
  return [header!, hxl!, ...rows.filter((_, i) => i % 6 === 0)];
})();
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
async function importInto(file: string, alwaysDiff: boolean, unoptimizedUpToBytes?: number) {
  // In memory: the paths compared here write the same tables whatever holds them, and closing a store
  // file (its checkpoint) costs about 0.2 s of CPU for nothing compared.
  const store = await DuckDBStore.open(':memory:');
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

let identical: ReturnType<typeof importIdentical> | undefined;
/**
 * The first lines with line 20 twice (its record also holds an id another record repeats), imported
 * directly and staged, each by plans made without the optimizer (the store's default for a file this
 * small) and with it: once for the two tests below that read them (the one on identical records
 * compares the first two, the one on plans each pair; they imported the same file twice before).
 */
function identicalImports() {
  return (identical ??= importIdentical());
}
async function importIdentical() {
  const path = firstLines('identical', (lines) => lines.splice(20, 0, lines[19]!));
  return {
    path,
    direct: await importInto(path, false),
    staged: await importInto(path, true),
    directOptimized: await importInto(path, false, -1),
    stagedOptimized: await importInto(path, true, -1),
  };
}

describe('a first import written straight into events', () => {
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('gives exactly the events, rejections, changes, ledger and rollups of the staged and diffed path', async () => {
    // No id repeats here: the rows are numbered in parallel, each placed by the hash of its id.
    const file = gedWithRejects(false);
    const direct = await importInto(file.path, false);
    const staged = await importInto(file.path, true);
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
    const direct = await importInto(path, false);
    const staged = await importInto(path, true);
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
    const { direct, staged } = await identicalImports();
    assert.deepEqual(direct.paths, ['direct, numbered by order']);
    assert.equal(direct.state.ledger.rejected, 5);
    assert.equal(direct.state.events.length, 39 - 5);
    assert.ok(direct.state.rejections.some((r) => String(r.reason).startsWith('duplicate id')));
    assert.deepEqual(direct.state, staged.state);
  });

  it('rejects, counts and stores a staged file alike whether it is mapped into a temporary table (small) or straight into stage_events', async () => {
    // Row faults besides the four rejects: a row with a field more (DuckDB would drop it) and one with
    // text after a field's closing quote; and the HXL row. A larger file's staged mapping writes only
    // the rows it keeps and maps the rows left out again for their reasons.
    const path = firstLines('row-faults', (lines) => {
      lines[20] += ',"extra"';
      lines[25] = lines[25]!.replace(/^"([0-9]+)"/, '"$1" 7');
    });
    const small = await importInto(path, true);
    const larger = await importInto(path, true, -1);
    assert.equal(small.state.ledger.metadataRows, 1);
    assert.deepEqual(
      small.state.rejections.map((r) => [r.line, r.field]),
      [
        [8, 'best'],
        [12, 'date_start'],
        [17, 'id'],
        [21, null],
        [26, null],
        [31, null],
      ],
    );
    assert.deepEqual(
      small.state.rejections.filter((r) => [21, 26].includes(Number(r.line))).map((r) => r.reason),
      [
        `expected ${GED[0]!.length} fields, found ${GED[0]!.length + 1}`,
        'malformed CSV: text after the closing quote of field 1 (id)',
      ],
    );
    assert.deepEqual(larger.state, small.state);
  });

  it('maps a small file by plans made without the optimizer into exactly what the optimized plans give', async () => {
    // Rejects, metadata, a repeated id, identical records: the cut every path above is compared on.
    const imports = await identicalImports();
    assert.ok(statSync(imports.path).size <= UNOPTIMIZED_UP_TO_BYTES);
    for (const alwaysDiff of [false, true]) {
      const mode = alwaysDiff ? 'staged' : 'direct';
      const unoptimized = imports[mode];
      const optimized = imports[`${mode}Optimized`];
      assert.deepEqual(unoptimized.paths, optimized.paths);
      assert.equal(unoptimized.state.ledger.rejected, 5);
      assert.deepEqual(unoptimized.state, optimized.state, mode);
    }
  });
});
