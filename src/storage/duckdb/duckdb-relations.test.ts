import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Params } from './duckdb-filters.ts';
import { rollupRelation } from './duckdb-relations.ts';

test('a rollup read from one table with its columns as the table holds them has no subquery of its own', () => {
  const months = rollupRelation({ country: ['PAK'], from: '2021-01-01', to: '2021-12-31' }, true, 'lean');
  const plain = ['e.date_start', 'e.source', 'e.events AS events', 'e.last_day AS last_day'];
  assert.match(months.from(plain, new Params()), /^rollup_country_month e WHERE /);
  // A renamed or computed column, or day rows for a partial month beside the month rows: a subquery.
  assert.match(
    months.from(['e.source AS grp_source'], new Params()),
    /^\(SELECT e\.source AS grp_source FROM/,
  );
  assert.match(months.from(['unnest(e.actor_ids) AS actor_id'], new Params()), /^\(SELECT /);
  const partial = rollupRelation({ from: '2021-01-15', to: '2021-12-31' }, true);
  assert.match(partial.from(plain, new Params()), /^\(SELECT .* UNION ALL SELECT /s);
  // Day rows have no last_day column: a month row's last day is a day row's date, renamed.
  const days = rollupRelation({ from: '2021-01-15', to: '2021-02-03' }, false);
  assert.match(days.from(['e.date_start', 'e.events AS events'], new Params()), /^rollup_day e WHERE /);
  assert.match(days.from(plain, new Params()), /^\(SELECT .*e\.date_start AS last_day FROM rollup_day e/s);
});
