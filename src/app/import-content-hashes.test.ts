// test-run: alone, about 11 s (ten imports of 120 to 400 rows, each placed)
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Papa from 'papaparse';
import { hashInputs } from '../../test/helpers/content-hash-inputs.ts';
import { DuckDBStore } from '../storage/duckdb/duckdb-store.ts';
import { createEventPlacer } from './geography.ts';
import { importFile } from './import-dataset.ts';

/**
 * What an earlier release stored for the inputs of test/helpers/content-hash-inputs.ts
 * (test/fixtures/README.md): each event's content hash (a re-import compares it; a different one
 * makes every stored event look changed), id, record number and placement, and each rejection.
 * FAULTLINE_WRITE_HASH_FIXTURES=1 writes them from the code at hand instead of comparing.
 */
const FIXTURES = new URL('../../test/fixtures/', import.meta.url).pathname;
const HASHES = join(FIXTURES, 'content-hashes-before-h216.csv');
const REJECTIONS = join(FIXTURES, 'rejections-before-h216.csv');
const WRITE = process.env.FAULTLINE_WRITE_HASH_FIXTURES === '1';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-content-hashes-'));

/** A cell as the fixtures hold it: NULL as \N, everything else as its text. */
const cell = (v: unknown): string => (v === null || v === undefined ? '\\N' : String(v));

/** A reason as the fixture holds it: the latest date a field may hold moves with the day of the import. */
const undated = (reason: string): string =>
  reason.replace(/after \d{4}-\d{2}-\d{2} \(the import date/, 'after <latest> (the import date');

const HASH_HEADER = [
  'input',
  'record_no',
  'id',
  'content_hash',
  'admin1_code',
  'admin2_code',
  'geo_method',
  'h3_fine',
];
const REJECTION_HEADER = ['input', 'line', 'field', 'value', 'reason'];

/** Imports every input into a fresh in-memory store (`alwaysDiff`: the staged way); returns the rows the fixtures hold. */
async function importAll(alwaysDiff: boolean) {
  const hashes: string[][] = [];
  const rejections: string[][] = [];
  for (const input of hashInputs(tmp)) {
    const store = await DuckDBStore.open(':memory:');
    try {
      const place = await createEventPlacer(store);
      const res = await importFile(store, input.path, { ...input.opts, place, alwaysDiff });
      assert.equal(res.parsedBy, 'duckdb', input.name);
      const rows = await store.select<Record<string, unknown>>(
        `SELECT ${HASH_HEADER.slice(1).join(', ')} FROM events ORDER BY record_no`,
      );
      for (const r of rows) hashes.push([input.name, ...HASH_HEADER.slice(1).map((c) => cell(r[c]))]);
      for (const r of await store.listRejections(res.ledger.id, 100_000))
        rejections.push([input.name, cell(r.line), cell(r.field), cell(r.value), undated(r.reason)]);
    } finally {
      await store.close();
    }
  }
  return { hashes, rejections };
}

const read = (path: string) =>
  Papa.parse<string[]>(readFileSync(path, 'utf8'), { skipEmptyLines: true }).data;

describe('content hashes, ids, record numbers and rejections of the native mappings', () => {
  let direct: Awaited<ReturnType<typeof importAll>>;
  before(async () => {
    direct = await importAll(false);
    if (WRITE) {
      const write = (path: string, header: string[], rows: string[][]) =>
        writeFileSync(path, Papa.unparse([header, ...rows], { newline: '\n' }) + '\n');
      write(HASHES, HASH_HEADER, direct.hashes);
      write(REJECTIONS, REJECTION_HEADER, direct.rejections);
    }
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('are those an earlier release stored, imported straight into events', () => {
    const [header, ...hashes] = read(HASHES);
    assert.deepEqual(header, HASH_HEADER);
    // Every input gives events (and the probes rejections): an empty run would prove nothing.
    assert.ok(hashes.length > 1000, `${hashes.length} events in the fixture`);
    assert.deepEqual(direct.hashes, hashes);
    const [rheader, ...rejections] = read(REJECTIONS);
    assert.deepEqual(rheader, REJECTION_HEADER);
    assert.ok(rejections.length > 100, `${rejections.length} rejections in the fixture`);
    assert.deepEqual(direct.rejections, rejections);
  });

  it('are the same when staged and diffed', async () => {
    const staged = await importAll(true);
    assert.deepEqual(staged.hashes, direct.hashes);
    assert.deepEqual(staged.rejections, direct.rejections);
  });
});
