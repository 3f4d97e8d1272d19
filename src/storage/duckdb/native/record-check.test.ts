/**
 * The run-time check of record numbers: records read again from the file by Node's index must map to
 * the content stored under their numbers. Here the "mapping" is the record hash itself, over real
 * bundled GED rows read by the import's own reader.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { countRecords } from '../../../ingest/delimited/record-counter.ts';
import type { DelimitedLayout, RecordLocator } from '../../native-import.ts';
import { plainDb, type Db } from '../duckdb-connection.ts';
import { readCsv, recordReader } from './native-session.ts';
import { CHECK_EVERY, checkRecordNumbers, RecordNumberError } from './record-check.ts';
import { recordHashSql } from './sql-mapper.ts';

const GED = new URL('../../../../data/ucdp-ged/conflict_data_pak.csv', import.meta.url).pathname;

describe('checkRecordNumbers', () => {
  let conn: DuckDBConnection;
  let db: Db;
  let layout: DelimitedLayout;
  let locator: RecordLocator;
  let records: number;
  before(async () => {
    conn = await (await DuckDBInstance.create(':memory:')).connect();
    db = plainDb(conn);
    // Enough records for several sampled ones (every CHECK_EVERY-th, the first and the last).
    const lines = readFileSync(GED, 'utf8')
      .split('\r\n')
      .slice(0, 2 * CHECK_EVERY + 300);
    const path = join(mkdtempSync(join(tmpdir(), 'faultline-record-check-')), 'ged.csv');
    writeFileSync(path, lines.join('\r\n') + '\r\n');
    const header = lines[0]!.split(',').map((h) => h.toLowerCase());
    layout = { path, header, delimiter: ',', newline: '\r\n' };
    const counted = await countRecords(path, { index: true });
    locator = counted.index!;
    records = counted.records - 1;
    // What an import stores: each record's number (from 1, in file order) with its content hash.
    await db.run(
      `CREATE TABLE stored AS SELECT row_number() OVER () AS record_no, CAST(${recordHashSql(header)} AS VARCHAR) AS content_hash,
         c0 AS source_id FROM ${await readCsv(db, layout)}`,
    );
  });
  after(() => conn.closeSync());

  const check = async () => {
    const reader = recordReader(layout.path, locator);
    try {
      await checkRecordNumbers(db, {
        table: 'stored',
        where: 'true',
        layout,
        locator,
        text: (k) => reader.text(k),
        readCsv: (l) => readCsv(db, l),
        mapped: `SELECT record_no, CAST(h AS VARCHAR) AS content_hash FROM stage_raw`,
      });
    } finally {
      reader.close();
    }
  };

  it('passes rows numbered in file order', async () => {
    const [{ n }] = await db.all<{ n: number }>(`SELECT count(*) AS n FROM stored`);
    assert.equal(Number(n), records);
    await check();
  });

  it('refuses rows whose numbers were swapped, naming the record and its line', async () => {
    // Two sampled records that trade numbers, as a block read out of order would.
    const a = CHECK_EVERY + 1;
    await db.run(
      `UPDATE stored SET record_no = CASE record_no WHEN ${a} THEN 2 WHEN 2 THEN ${a} END WHERE record_no IN (2, ${a})`,
    );
    await assert.rejects(
      check(),
      (e: Error) =>
        e instanceof RecordNumberError &&
        new RegExp(
          `^ged.csv: import refused: record ${a} \\(line ${locator.line(a)}\\) of the file is not the row stored under that number`,
        ).test(e.message),
    );
    await db.run(
      `UPDATE stored SET record_no = CASE record_no WHEN ${a} THEN 2 WHEN 2 THEN ${a} END WHERE record_no IN (2, ${a})`,
    );
    await check();
  });

  it('refuses a stored row whose record the file does not hold at that number (the last, moved)', async () => {
    await db.run(`UPDATE stored SET content_hash = 'x' WHERE record_no = ${records}`);
    await assert.rejects(
      check(),
      (e: Error) => e instanceof RecordNumberError && e.message.includes(`record ${records} `),
    );
  });
});
