import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mulberry32 as seededRandom } from '../../../../test/helpers/seeded-random.ts';
import { parseNdjsonLine, toFieldText } from '../../../ingest/json/read-ndjson.ts';
import { plainDb, type Db } from '../duckdb-connection.ts';
import { fieldsSql, objectOf, readLines } from './ndjson-sql.ts';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-ndjson-sql-'));

let conn: DuckDBConnection;
let db: Db;
before(async () => {
  conn = await (await DuckDBInstance.create(':memory:')).connect();
  db = plainDb(conn);
});
after(() => {
  conn.closeSync();
  rmSync(tmp, { recursive: true, force: true });
});

/** Each line as DuckDB's reading gives it: object or not, a repeated key, why unsafe, and each key's text. */
async function read(lines: string[], keys: string[]) {
  const path = join(tmp, `lines-${Math.random().toString(36).slice(2)}.ndjson`);
  writeFileSync(path, lines.join('\n') + '\n');
  const rows = await db.all<Record<string, string | boolean | null>>(
    `SELECT * EXCLUDE (h_line) FROM (${fieldsSql(
      keys,
      `(SELECT line, ${objectOf('line')} AS o FROM ${await readLines(db, path)})`,
    )}) t POSITIONAL JOIN (SELECT CASE WHEN ${objectOf('line')} IS NOT NULL THEN len(json_keys(line)) <> len(list_distinct(json_keys(line))) END AS dup FROM ${await readLines(db, path)}) d`,
  );
  assert.equal(rows.length, lines.length);
  return rows;
}

/** JavaScript's reading of a line: its fields as text, or null when it is not a JSON object. */
function js(line: string): Record<string, string> | null {
  const item = parseNdjsonLine(line, 1);
  if (item.kind === 'record') return item.fields;
  // A JSON object holding a nested value is refused as a record (its reason names the key), but it
  // is an object all the same, and DuckDB flags the nested value unsafe when its key is one of the
  // file's (here: a key outside the test's list). Its values as JavaScript prints them:
  if (/: an (object|array), not a value \(a record's fields/.test(item.reason))
    return Object.fromEntries(
      Object.entries(JSON.parse(line) as Record<string, unknown>).map(([k, v]) => [k, toFieldText(v)]),
    );
  return null;
}

describe('NDJSON lines read by DuckDB (ndjson-sql.ts)', () => {
  it('20,000 seeded mutations of JSON lines: wherever DuckDB is not flagged unsafe, it reads exactly what JSON.parse reads', async () => {
    const rnd = seededRandom(20261203);
    const base = [
      '{"id":12,"a":"x y","b":[1,2.5,{"c":null}],"d":true,"e":-3.25e2,"f":"\\u00e9\\n"}',
      '{"id":"7","a":"q","d":false,"e":0.5,"f":null,"n":0,"s":"\\"q\\""}',
    ];
    const alphabet = '{}[],:"\\01e-+. \tnultrfax/*#\'NI\u00e9\u2028\f'.split('');
    const lines: string[] = [];
    while (lines.length < 20_000) {
      let t = base[lines.length % 2]!;
      for (let m = 1 + Math.floor(rnd() * 3); m > 0; m--) {
        const p = Math.floor(rnd() * (t.length + 1));
        const op = rnd();
        const ch = alphabet[Math.floor(rnd() * alphabet.length)]!;
        if (op < 0.4) t = t.slice(0, p) + ch + t.slice(p);
        else if (op < 0.7) t = t.slice(0, p) + t.slice(p + 1);
        else t = t.slice(0, p) + ch + t.slice(p + 1);
      }
      // Blank lines are skipped by both readers (tested with whole files elsewhere).
      if (!/^[ \t]*$/.test(t)) lines.push(t);
    }
    const keys = ['id', 'a', 'b', 'd', 'e', 'f', 'n', 's'];
    const rows = await read(lines, keys);
    let objects = 0;
    let others = 0;
    rows.forEach((row, i) => {
      if (row.unsafe !== null || row.dup) return; // such a file is read the JavaScript way
      const mine = js(lines[i]!);
      assert.equal(row.obj, mine !== null, `line ${JSON.stringify(lines[i])}`);
      if (!mine) {
        others++;
        return;
      }
      objects++;
      keys.forEach((k, j) =>
        assert.equal(row[`c${j}`] ?? '', mine[k] ?? '', `${k} of ${JSON.stringify(lines[i])}`),
      );
    });
    // Both kinds are well represented (the check is not vacuous).
    assert.ok(objects > 1_000 && others > 5_000, `${objects} objects, ${others} others`);
  });

  it('numbers: every value not flagged unsafe reads as String(JSON.parse(token)); the ones JavaScript prints otherwise are flagged', async () => {
    const rnd = seededRandom(7);
    const tokens = [
      '3.0',
      '1E5',
      '-0',
      '-0.0',
      '0',
      '1e21',
      '1e-7',
      '0.000001',
      '123456789012345678901',
      '9007199254740993',
      '9007199254740992',
      '-9007199254740993',
      '0.1',
      '33.50',
      '1e400',
      '-1e400',
      '1.5e300',
      '100000000000000000000',
      '0.30000000000000004',
      '5e-324',
    ];
    for (let i = 0; i < 30_000; i++) {
      const k = i % 5;
      let x: number;
      if (k === 0) x = rnd() * 180 - 90;
      else if (k === 1) x = Math.round((rnd() * 360 - 180) * 1e6) / 1e6;
      else if (k === 2) x = 10 ** (rnd() * 44 - 22) * (rnd() < 0.5 ? -1 : 1);
      else if (k === 3) x = Math.floor(rnd() * 2 ** 60) - 2 ** 59;
      else x = new Float64Array(new Uint32Array([rnd() * 2 ** 32, rnd() * 2 ** 32]).buffer)[0]!;
      if (Number.isFinite(x)) tokens.push(JSON.stringify(x));
    }
    const lines = tokens.map((t) => `{"x":${t}}`);
    const rows = await read(lines, ['x']);
    let safe = 0;
    rows.forEach((row, i) => {
      const want = toFieldText(JSON.parse(tokens[i]!));
      if (row.unsafe === null) {
        safe++;
        assert.equal(row.c0, want, `token ${tokens[i]}`);
      } else assert.match(String(row.unsafe), /^x: (the number|an integer past 2\^53)/, `token ${tokens[i]}`);
    });
    const named = (t: string) => rows[tokens.indexOf(t)]!;
    for (const t of ['3.0', '1E5', '-0', '0.000001', '9007199254740992', '33.50', '0.30000000000000004'])
      assert.equal(named(t).unsafe, null, t);
    for (const t of ['-0.0', '1e21', '1e-7', '9007199254740993', '1e400', '123456789012345678901'])
      assert.notEqual(named(t).unsafe, null, t);
    assert.ok(safe > 12_000, `${safe} safe`);
  });

  it('flags nested values, NaN and Infinity (which DuckDB reads and JSON.parse does not) and NUL characters', async () => {
    const rows = await read(
      ['{"x":{"a":1}}', '{"x":[1]}', '{"x":NaN}', '{"x":-Infinity}', '{"x":"a\\u0000b"}', '{"x":"plain"}'],
      ['x'],
    );
    assert.deepEqual(
      rows.map((r) => r.unsafe),
      [
        'x: a nested object or array',
        'x: a nested object or array',
        'x: the number NaN',
        'x: the number -Infinity',
        'x: a NUL character',
        null,
      ],
    );
  });
});
