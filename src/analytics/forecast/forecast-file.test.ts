import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { readForecastFile, scoreForecastFile } from './forecast-file.ts';
import { scoreForecasts } from './scores.ts';

const text = (lines: string[], eol = '\n') => Readable.from([lines.join(eol) + eol]);
const HEADER = 'unit,month,draw,value,observed';

describe('readForecastFile', () => {
  it('groups one row per draw into one forecast per unit-month', async () => {
    const rows = await readForecastFile(
      text([
        HEADER,
        'PK-KP,2015-01,0,3,2',
        'PK-KP,2015-01,1,1,2',
        'PK-BA,2015-01,0,0,0',
        'PK-KP,2015-01,2,2,2',
      ]),
    );
    assert.deepEqual(rows, [
      { unit: 'PK-KP', month: '2015-01', draws: [3, 1, 2], observed: 2 },
      { unit: 'PK-BA', month: '2015-01', draws: [0], observed: 0 },
    ]);
  });
  it('reads CRLF files with quoted fields and columns in any order', async () => {
    const rows = await readForecastFile(
      text(['observed,value,draw,month,unit', '4,5,0,2015-02,"PK-SD"', '4,"6",1,2015-02,PK-SD'], '\r\n'),
    );
    assert.deepEqual(rows, [{ unit: 'PK-SD', month: '2015-02', draws: [5, 6], observed: 4 }]);
  });
  it('names the line and quotes the value that is not a number', async () => {
    const lines = [
      HEADER,
      'A,2015-01,0,1,0',
      'A,2015-01,1,1,0',
      'A,2015-01,2,1,0',
      'A,2015-01,3,1,0',
      'A,2015-01,4,1,0',
      'A,2015-01,5,x,0',
    ];
    await assert.rejects(readForecastFile(text(lines)), {
      message: 'invalid forecast file: line 7: value "x" is not a number',
    });
  });
  it('counts physical lines, including quoted line breaks and blank lines', async () => {
    const lines = [HEADER, '"PK\nKP",2015-01,0,1,0', '', 'A,2015-01,0,y,0'];
    await assert.rejects(readForecastFile(text(lines)), {
      message: 'invalid forecast file: line 5: value "y" is not a number',
    });
  });
  it('rejects a missing column, a bad month, a bad draw index and a changing observation', async () => {
    await assert.rejects(readForecastFile(text(['unit,month,draw,value', 'A,2015-01,0,1'])), {
      message: 'invalid forecast file: missing column "observed"',
    });
    await assert.rejects(readForecastFile(text([HEADER, 'A,2015-13,0,1,0'])), {
      message: 'invalid forecast file: line 2: month "2015-13" is not YYYY-MM',
    });
    await assert.rejects(readForecastFile(text([HEADER, 'A,2015-01,-1,1,0'])), {
      message: 'invalid forecast file: line 2: draw "-1" is not a non-negative integer',
    });
    await assert.rejects(readForecastFile(text([HEADER, 'A,2015-01,0,1,0', 'A,2015-01,1,1,3'])), {
      message: 'invalid forecast file: line 3: observed "3" differs from 0 given earlier for "A" 2015-01',
    });
  });
  it('turns a malformed CSV record into one invalid forecast file line', async () => {
    await assert.rejects(readForecastFile(text([HEADER, 'A,2015-01,0,1'])), (err: Error) => {
      assert.match(err.message, /^invalid forecast file: .*line 2/);
      assert.doesNotMatch(err.message, /\n/);
      return true;
    });
  });
  it('streams a file of 200,000 draw rows from disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-forecast-'));
    const path = join(dir, 'big.csv');
    const lines = [HEADER];
    for (let u = 0; u < 20; u++) for (let d = 0; d < 10000; d++) lines.push(`U${u},2015-01,${d},${d % 7},3`);
    writeFileSync(path, lines.join('\n'));
    const rows = await readForecastFile(path);
    assert.equal(rows.length, 20);
    assert.equal(rows[19]!.draws.length, 10000);
  });
});

describe('scoreForecastFile', () => {
  it('scores a file exactly as scoreForecasts scores the same rows', async () => {
    const lines = [HEADER, 'A,2015-01,0,1,2', 'A,2015-01,1,2,2', 'A,2015-01,2,3,2', 'B,2015-01,0,0,7'];
    const fromFile = await scoreForecastFile(text(lines));
    const direct = scoreForecasts([
      { unit: 'A', month: '2015-01', draws: [1, 2, 3], observed: 2 },
      { unit: 'B', month: '2015-01', draws: [0], observed: 7 },
    ]);
    assert.deepEqual(fromFile, direct);
  });
  it('rejects a file with a header and no rows', async () => {
    await assert.rejects(scoreForecastFile(text([HEADER])), {
      message: 'invalid forecast file: it has no forecasts',
    });
  });
});
