import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryDuckDb } from '../../../../test/helpers/memory-duckdb.ts';
import { countChecks, countError, fieldTrims, jsTrim, lit, text, trimmed } from './sql-fields.ts';

const mem = memoryDuckDb();

describe('jsTrim', () => {
  it("trims as JavaScript's trim() does, also where its shortcut (printable ASCII at both ends) must not skip the trim", async () => {
    // Whitespace at one end only, a line end last (a regular expression's `$` may match before it),
    // non-ASCII letters at an end, characters just outside printable ASCII, and nothing to trim.
    const values = [
      '',
      ' ',
      'a',
      'abc',
      ' abc',
      'abc ',
      'abc\n',
      'abc\r\n',
      '\nabc',
      'a\tb',
      'a\r',
      '\u00a0a',
      'a\u3000',
      '\ufeffa',
      'a\u2028',
      'é',
      'aé',
      'éa',
      '\u007fa\u007f',
      '~!',
      'x\n\ny',
    ];
    const rows = await mem.db.all<{ k: number; t: string }>(
      `SELECT k, ${jsTrim('v')} AS t FROM (VALUES ${values.map((v, k) => `(${k}, ${lit(v)})`).join(', ')}) x(k, v) ORDER BY k`,
    );
    assert.deepEqual(
      rows.map((r) => r.t),
      values.map((v) => v.trim()),
    );
    const [nul] = await mem.db.all<{ t: string | null }>(`SELECT ${jsTrim('CAST(NULL AS VARCHAR)')} AS t`);
    assert.equal(nul!.t, null);
  });
});

describe('fieldTrims and countChecks', () => {
  // Values for both: NULL, empty, whitespace alone or around, non-ASCII ends, and every count
  // verdict (fine, signed, negative, zero-padded, out of range, not a number at all).
  const values = [
    null,
    '',
    ' ',
    '12',
    ' 12 ',
    '\u00a012',
    '+7',
    '-0',
    '-3',
    '007',
    '0000000000002147483647',
    '2147483648',
    '99999999999',
    '1e3',
    '1.0',
    'é',
    'x\n',
  ];
  // Row k holds values[k] in c0 and values further on in the other columns, so that a field read
  // from the wrong element of a list would show.
  const from = (cols: number) => {
    const at = (k: number, i: number) => values[(k + 5 * i) % values.length]!;
    const rows = values.map((_, k) => {
      const fields = [...Array(cols).keys()].map((i) => at(k, i));
      return `(${[k, ...fields.map((v) => (v === null ? 'NULL' : lit(v)))].join(', ')})`;
    });
    return `(VALUES ${rows.join(', ')}) r(k, ${[...Array(cols).keys()].map((i) => `c${i}`).join(', ')})`;
  };

  it('trims every column as one lambda to the same texts as a trim per column', async () => {
    const cols = ['c0', 'c1', null, 'c2'];
    const per = fieldTrims(false);
    const listed = fieldTrims(true);
    const exprs = (f: typeof per) => [
      ...cols.map((c, i) => `${f.trimmed(c)} AS t${i}`),
      ...cols.map((c, i) => `${f.text(c)} AS x${i}`),
    ];
    const perCol = exprs(per);
    assert.equal(per.list(), null);
    const lists = exprs(listed);
    // The one list holds each column once, however often it is read.
    assert.match(listed.list()!, /^list_transform\(\[c0, c1, c2\], x -> /);
    const perRows = await mem.db.all(`SELECT k, ${perCol.join(', ')} FROM ${from(3)} ORDER BY k`);
    const listRows = await mem.db.all(
      `SELECT k, ${lists.join(', ')} FROM (SELECT *, ${listed.list()} FROM ${from(3)}) ORDER BY k`,
    );
    assert.deepEqual(listRows, perRows);
    assert.deepEqual(
      perRows.map((r) => r.t0),
      values.map((v) => (v ?? '').trim()),
    );
    assert.equal(perRows[0]!.x0, null);
    assert.equal(perCol[2], `${trimmed(null)} AS t2`);
    assert.equal(perCol[6], `${text(null)} AS x2`);
  });

  it('checks counts as one lambda with the reasons of a check per field, a required one too', async () => {
    const t = ['t0', 't1', 't2'];
    const required = [true, false, true];
    const per = countChecks(false);
    const listed = countChecks(true);
    const perCol = t.map((x, i) => `${per.error(x, required[i]!)} AS e${i}`);
    assert.equal(per.list(), null);
    assert.equal(perCol[0], `${countError('t0', true)} AS e0`);
    const lists = t.map((x, i) => `${listed.error(x, required[i]!)} AS e${i}`);
    const texts = `(SELECT k, ${t.map((x, i) => `coalesce(c${i}, '') AS ${x}`).join(', ')} FROM ${from(3)})`;
    const perRows = await mem.db.all<Record<string, string | null>>(
      `SELECT k, ${perCol.join(', ')} FROM ${texts} ORDER BY k`,
    );
    const listRows = await mem.db.all(
      `SELECT k, ${lists.join(', ')} FROM (SELECT *, ${listed.list()} FROM ${texts}) ORDER BY k`,
    );
    assert.deepEqual(listRows, perRows);
    // Every verdict is among them: the comparison above covers each reason.
    assert.deepEqual(
      [...new Set(perRows.flatMap((r) => [r.e0, r.e1]))].sort(),
      [null, 'integer out of range', 'is required', 'negative count', 'not an integer'].sort(),
    );
  });
});
