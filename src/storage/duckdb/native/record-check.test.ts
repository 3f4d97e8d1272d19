/**
 * The run-time check of record numbers: records read again from the file by Node's index must map to
 * the columns stored under their numbers. Here the "mapping" takes the GED columns as they are
 * (typed where they can be), over real bundled GED rows read by the import's own reader.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { countRecords } from '../../../ingest/delimited/record-counter.ts';
import type { DelimitedLayout, RecordLocator } from '../../native-import.ts';
import { plainDb, type Db } from '../duckdb-connection.ts';
import { csvReread, readCsv, recordReader } from './native-session.ts';
import { EVENT_COLUMNS } from '../../event-columns.ts';
import {
  aheadFingerprints,
  aheadNumbers,
  CHECK_EVERY,
  checkRecordNumbers,
  checkRecordNumbersAhead,
  FINGERPRINT,
  readAhead,
  RecordNumberError,
} from './record-check.ts';
import { checkRowNumbers } from './table-mapping.ts';

const GED = new URL('../../../../data/ucdp-ged/conflict_data_pak.csv', import.meta.url).pathname;

/** The GED column each fingerprint column is read from. */
const FROM: Record<(typeof FINGERPRINT)[number], string> = {
  source_id: 'id',
  date_start: 'date_start',
  date_end: 'date_end',
  fatalities_best: 'best',
  fatalities_low: 'low',
  fatalities_high: 'high',
  actor1: 'side_a',
  actor2: 'side_b',
  lat: 'latitude',
  lon: 'longitude',
};

/**
 * An in-memory store holding the first records of the bundled GED file as an import stores them (each
 * record's number, from 1 in file order, with the mapped columns), with the file's layout, record
 * index and the "mapping" of a column.
 */
async function storedGed(prefix: string) {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const db = plainDb(conn);
  // Enough records for several sampled ones (every CHECK_EVERY-th, the first and the last).
  const lines = readFileSync(GED, 'utf8')
    .split('\r\n')
    .slice(0, 2 * CHECK_EVERY + 300);
  const path = join(mkdtempSync(join(tmpdir(), prefix)), 'ged.csv');
  writeFileSync(path, lines.join('\r\n') + '\r\n');
  const header = lines[0]!.split(',').map((h) => h.toLowerCase());
  const layout: DelimitedLayout = { path, header, delimiter: ',', newline: '\r\n' };
  const counted = await countRecords(path, { index: true });
  const value = (name: string): string => {
    const type = EVENT_COLUMNS.find((c) => c.name === name)!.type;
    return `TRY_CAST(m.c${header.indexOf(FROM[name as keyof typeof FROM])} AS ${type})`;
  };
  await db.run(
    `CREATE TABLE stored AS SELECT row_number() OVER () AS record_no, ${FINGERPRINT.map((c) => `${value(c)} AS ${c}`).join(', ')}
     FROM ${await readCsv(db, layout)} m`,
  );
  return { conn, db, layout, locator: counted.index!, records: counted.records - 1, value };
}

describe('checkRecordNumbers', () => {
  let conn: DuckDBConnection;
  let db: Db;
  let layout: DelimitedLayout;
  let locator: RecordLocator;
  let records: number;
  let value: (name: string) => string;
  before(async () => {
    ({ conn, db, layout, locator, records, value } = await storedGed('faultline-record-check-'));
  });
  after(() => conn.closeSync());

  const check = async () => {
    const reader = recordReader(layout.path, locator);
    try {
      await checkRecordNumbers(db, {
        table: 'stored',
        where: 'true',
        path: layout.path,
        locator,
        text: (k) => reader.text(k),
        reread: csvReread(db, layout, reader.text(0)),
        mapped: 'stage_raw m',
        value,
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
          `^"ged.csv": import refused: record ${a} \\(line ${locator.line(a)}\\) of the file is not the row stored under that number`,
        ).test(e.message),
    );
    await db.run(
      `UPDATE stored SET record_no = CASE record_no WHEN ${a} THEN 2 WHEN 2 THEN ${a} END WHERE record_no IN (2, ${a})`,
    );
    await check();
  });

  it('refuses a stored row that its record, read again, does not give (the last, one death more)', async () => {
    await db.run(`UPDATE stored SET fatalities_best = fatalities_best + 1 WHERE record_no = ${records}`);
    await assert.rejects(
      check(),
      (e: Error) => e instanceof RecordNumberError && e.message.includes(`record ${records} `),
    );
  });
});

describe('checkRecordNumbersAhead (a small file: the records read again are mapped with the file)', () => {
  let conn: DuckDBConnection;
  let db: Db;
  let layout: DelimitedLayout;
  let locator: RecordLocator;
  let records: number;
  let value: (name: string) => string;
  before(async () => {
    ({ conn, db, layout, locator, records, value } = await storedGed('faultline-record-ahead-'));
  });
  after(() => conn.closeSync());

  /** As a small file's import does: the file's rows and the records read ahead, mapped in one statement. */
  const mapAhead = async (): Promise<Map<number, string>> => {
    await db.run(
      `CREATE OR REPLACE TEMP VIEW stage_rows AS SELECT row_number() OVER () AS record_no, hash(${layout.header.map((_, i) => `c${i}`).join(', ')}) AS h, *
       FROM ${await readCsv(db, layout)}`,
    );
    const reader = recordReader(layout.path, locator);
    const dir = mkdtempSync(join(tmpdir(), 'faultline-record-ahead-'));
    try {
      await readAhead(
        db,
        { text: (k) => reader.text(k), reread: csvReread(db, layout, reader.text(0), 'stage_ahead') },
        aheadNumbers(1, records),
        dir,
      );
      await db.run(
        `CREATE OR REPLACE TEMP TABLE mapped AS SELECT m.record_no, ${FINGERPRINT.map((c) => `${value(c)} AS ${c}`).join(', ')} FROM stage_raw m`,
      );
    } finally {
      reader.close();
      rmSync(dir, { recursive: true, force: true });
    }
    const rows = await db.all<{ record_no: number; fp: string }>(aheadFingerprints('mapped'));
    return new Map(rows.map((r) => [Number(r.record_no), String(r.fp)]));
  };
  const check = async (again: Map<number, string>) => {
    const reader = recordReader(layout.path, locator);
    try {
      await checkRecordNumbersAhead(
        db,
        {
          table: 'stored',
          where: 'true',
          path: layout.path,
          locator,
          text: (k) => reader.text(k),
          reread: csvReread(db, layout, reader.text(0)),
          mapped: 'stage_raw m',
          value,
        },
        again,
      );
    } finally {
      reader.close();
    }
  };

  it('maps the file and the records read ahead in one statement, and passes rows numbered in file order', async () => {
    const again = await mapAhead();
    const [{ own, ahead }] = await db.all<{ own: number; ahead: number }>(
      `SELECT count(*) FILTER (WHERE record_no >= 0) AS own, count(*) FILTER (WHERE record_no < 0) AS ahead FROM mapped`,
    );
    assert.equal(Number(own), records);
    // The first and last AHEAD_EDGE records and every CHECK_EVERY-th: 8 + 8 + 2 (1 is among the first).
    assert.deepEqual(
      [...again.keys()].sort((a, b) => a - b),
      aheadNumbers(1, records),
    );
    assert.equal(Number(ahead), 18);
    await check(again);
  });

  it('refuses rows whose numbers were swapped, naming the record and its line as the usual check does', async () => {
    const a = CHECK_EVERY + 1;
    const swap = `UPDATE stored SET record_no = CASE record_no WHEN ${a} THEN 2 WHEN 2 THEN ${a} END WHERE record_no IN (2, ${a})`;
    await db.run(swap);
    try {
      await assert.rejects(
        check(await mapAhead()),
        (e: Error) =>
          e instanceof RecordNumberError &&
          new RegExp(
            `^"ged.csv": import refused: record ${a} \\(line ${locator.line(a)}\\) of the file is not the row stored under that number`,
          ).test(e.message),
      );
    } finally {
      await db.run(swap);
    }
  });

  it('checks the usual way a sampled row not read ahead (the first stored one, past the first records)', async () => {
    const again = await mapAhead();
    await db.run(`CREATE TABLE kept AS SELECT * FROM stored WHERE record_no <= 10`);
    await db.run(`DELETE FROM stored WHERE record_no <= 10`);
    try {
      assert.equal(again.has(11), false);
      await check(again);
      await db.run(`UPDATE stored SET fatalities_best = fatalities_best + 1 WHERE record_no = 11`);
      await assert.rejects(
        check(again),
        (e: Error) => e instanceof RecordNumberError && e.message.includes('record 11 '),
      );
    } finally {
      await db.run(`UPDATE stored SET fatalities_best = fatalities_best - 1 WHERE record_no = 11`);
      await db.run(`INSERT INTO stored SELECT * FROM kept`);
      await db.run(`DROP TABLE kept`);
    }
  });
});

describe('checkRowNumbers (published statistics)', () => {
  let conn: DuckDBConnection;
  let db: Db;
  let layout: DelimitedLayout;
  let locator: RecordLocator;
  before(async () => {
    conn = await (await DuckDBInstance.create(':memory:')).connect();
    db = plainDb(conn);
    const file = new URL(
      '../../../../data/published-statistics/pakistan_security_reports.csv',
      import.meta.url,
    ).pathname;
    const lines = readFileSync(file, 'utf8').split('\n');
    const path = join(mkdtempSync(join(tmpdir(), 'faultline-row-check-')), 'reports.csv');
    writeFileSync(path, lines.join('\n'));
    layout = { path, header: lines[0]!.split(','), delimiter: ',', newline: '\n' };
    locator = (await countRecords(path, { index: true })).index!;
    // The rows as an import stages them: numbered from 1 in file order, with their fields' hash.
    await db.run(`CREATE TABLE parsed AS SELECT * FROM ${await readCsv(db, layout)}`);
    await db.run(
      `CREATE TABLE stage_raw AS SELECT row_number() OVER () AS record_no, hash(${layout.header.map((_, i) => `c${i}`).join(', ')}) AS h, * FROM parsed`,
    );
  });
  after(() => conn.closeSync());

  const check = async (shift = 0) => {
    const reader = recordReader(layout.path, locator);
    try {
      await checkRowNumbers({
        db,
        path: layout.path,
        locator,
        text: (k) => reader.text(k + shift),
        reread: csvReread(db, layout, reader.text(0)),
      });
    } finally {
      reader.close();
    }
  };

  it('passes rows numbered in file order, and refuses them when each number gives the next record', async () => {
    await check();
    await assert.rejects(
      check(1),
      (e: Error) =>
        e instanceof RecordNumberError &&
        /^"reports.csv": import refused: record 1 \(line 2\) of the file is not the row staged under that number/.test(
          e.message,
        ),
    );
  });
});
