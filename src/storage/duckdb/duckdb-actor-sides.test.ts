import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDBInstance, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import { ACTORS, expandActorFilter, resolveActor } from '../../domain/actors.ts';
import { dyadClause } from './duckdb-actor-sides.ts';
import { Params } from './duckdb-filters.ts';

// Names as sources write them, with the spellings resolveActor reads past: case, accents, a colon, a
// trailing bracket, odd spaces, "Government of Afghanistan" on both sides of the fall of Kabul.
const NAMES = [
  ...ACTORS.flatMap((a) => [a.id, ...a.aliases]),
  'TTP: Tehreek-i-Taliban Pakistan',
  'Military Forces of Pakistan (2018-)',
  'Police Forces of Pakistan (2008-2013) ',
  'Military Forces of Pakistan\u00a0(2018-)',
  'Ṭālibān',
  'GOVERNMENT OF  AFGHANISTAN',
  'Government of Afghanistan (2021-)',
  'Civilians (Pakistan)',
  'IS: no such group',
  'Nobody at all',
  '',
];

describe('the dyad filter in SQL', () => {
  it('resolves every side as resolveActor does, dated names included', async () => {
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    const rows: [string, string, string][] = [];
    for (const a of NAMES)
      for (const date of ['2021-08-14', '2021-08-15'])
        rows.push([a, 'Government of Pakistan', date], ['Government of Pakistan', a, date]);
    await conn.run(`CREATE TABLE e (actor1 VARCHAR, actor2 VARCHAR, date_start DATE, actor_ids VARCHAR[])`);
    const app = await conn.createAppender('e');
    for (const [a1, a2, d] of rows) {
      app.appendVarchar(a1);
      app.appendVarchar(a2);
      app.appendVarchar(d);
      // As the importers store them: every id either name resolves to.
      app.appendList(
        listValue([a1, a2].map((n) => resolveActor(n, d)?.id).filter((x): x is string => Boolean(x))),
        LIST(VARCHAR),
      );
      app.endRow();
    }
    app.closeSync();
    for (const other of ['afghanistan', 'afghan-taliban', 'ttp', 'islamic-state', 'civilians', 'pakistan']) {
      const d = { a: expandActorFilter('pakistan')!.ids, b: expandActorFilter(other)!.ids, label: other };
      const p = new Params();
      const sql = `SELECT actor1, actor2, strftime(date_start, '%Y-%m-%d') AS d FROM e WHERE ${dyadClause([d], p).join(' AND ')}`;
      const got = (await conn.runAndReadAll(sql, p.values as never)).getRows().map((r) => r.join('|'));
      const side = (n: string, date: string, ids: string[]) => ids.includes(resolveActor(n, date)?.id ?? '');
      const want = rows
        .filter(
          ([a1, a2, date]) =>
            (side(a1, date, d.a) && side(a2, date, d.b)) || (side(a1, date, d.b) && side(a2, date, d.a)),
        )
        .map((r) => r.join('|'));
      assert.deepEqual(got.sort(), want.sort(), other);
      assert.ok(want.length > 0, other);
    }
  });
});
