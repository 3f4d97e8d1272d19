import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import type { ClaimResult, Evidence } from '../../claims/evidence.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { bundledStoreCopy } from '../../../test/helpers/bundled-store.ts';
import { heldWhole } from '../../../test/helpers/dates-held.ts';
import { checkClaims, parseClaims } from './check-claims.ts';

// Issue 15, partial periods: the bundled UCDP Candidate files cover 2026-01-01 to 2026-07-31, so
// 2026 and 2026-Q3 are covered in part. Every expected count is a plain SQL query over a copy of
// the bundled store, not the checker.
let store: Store;
let sql: (q: string) => Promise<Record<string, unknown>[]>;
const LIVE = `superseded_by IS NULL`;
const PAK = `source = 'ucdp-candidate' AND country = 'PAK' AND ${LIVE}`;

async function check(metric: string, period: string, comparator: string): Promise<ClaimResult> {
  const yaml = `claims:\n  - { id: p, text: t, metric: ${metric}, geography: { country: PAK }, period: "${period}", comparator: ${comparator} }`;
  const [r] = await checkClaims(store, parseClaims(yaml, 'test.yaml').file.claims);
  return r!;
}
const candidate = (r: ClaimResult): Evidence => r.evidence.find((x) => x.source === 'ucdp-candidate')!;

describe('claims on a period the data cover in part (2026, Candidate events to 31 July)', () => {
  let deaths2026 = 0;
  let events2026 = 0;
  before(async () => {
    const [forSql, forStore] = await Promise.all([bundledStoreCopy(), bundledStoreCopy()]);
    const conn = await (await DuckDBInstance.create(forSql)).connect();
    sql = async (q) => (await conn.run(q)).getRowObjects() as Promise<Record<string, unknown>[]>;
    store = await createStore({ path: forStore });
    const [row] = await sql(
      `SELECT count(*) AS n, sum(fatalities_best) AS d FROM events WHERE ${PAK} AND year(date_start) = 2026`,
    );
    [events2026, deaths2026] = [Number(row!.n), Number(row!.d)];
  });
  after(() => store.close());

  it('"at least N deaths in 2026" is inconclusive (not unavailable) when the covered months have fewer than N, and holds when they reach N', async () => {
    assert.ok(deaths2026 > 100, `SQL finds ${deaths2026} deaths`);
    const short = await check('deaths', '2026', `{ kind: at_least, value: ${deaths2026 + 1} }`);
    assert.equal(candidate(short).outcome, 'inconclusive');
    assert.equal(candidate(short).value, deaths2026);
    assert.match(candidate(short).reason, /the uncovered days could still make it so/);
    assert.equal(short.verdict, 'not_checkable');
    const reached = await check('deaths', '2026', `{ kind: at_least, value: ${deaths2026} }`);
    assert.equal(candidate(reached).outcome, 'holds');
    assert.deepEqual([candidate(reached).covered?.days, candidate(reached).covered?.of], [212, 365]);
  });

  it('"at most N" fails once the covered months pass N, and is inconclusive while they do not', async () => {
    const passed = await check('deaths', '2026', `{ kind: at_most, value: ${deaths2026 - 1} }`);
    assert.equal(candidate(passed).outcome, 'fails');
    assert.equal(passed.verdict, 'contradicted');
    const under = await check('deaths', '2026', `{ kind: less_than, value: ${deaths2026 + 1} }`);
    assert.equal(candidate(under).outcome, 'inconclusive');
  });

  it('"exactly N events" fails once the covered months pass N; equal to the covered count it is inconclusive', async () => {
    const passed = await check('events', '2026', `{ kind: exactly, value: ${events2026 - 1} }`);
    assert.equal(candidate(passed).outcome, 'fails');
    assert.equal(candidate(passed).value, events2026);
    const equal = await check('events', '2026', `{ kind: exactly, value: ${events2026} }`);
    assert.equal(candidate(equal).outcome, 'inconclusive');
  });

  it('a change on 2026-Q3 (July covered) against 2026-Q2 counts July over all 92 days, a lower bound of the rate', async () => {
    const [row] = await sql(
      `SELECT sum(fatalities_best) FILTER (WHERE date_start BETWEEN DATE '2026-04-01' AND DATE '2026-06-30' AND ${heldWhole('2026-04-01', '2026-06-30')}) AS q2,
              sum(fatalities_best) FILTER (WHERE date_start BETWEEN DATE '2026-07-01' AND DATE '2026-07-31' AND ${heldWhole('2026-07-01', '2026-09-30')}) AS jul
       FROM events WHERE ${PAK}`,
    );
    const [q2, jul] = [Number(row!.q2), Number(row!.jul)];
    const lowerRatio = jul / 92 / (q2 / 91);
    const up = await check('deaths', '2026-Q3', '{ kind: increase }');
    const down = await check('deaths', '2026-Q3', '{ kind: decrease }');
    const e = candidate(up);
    assert.deepEqual([e.test?.count1, e.test?.count2, e.test?.days1, e.test?.days2], [q2, jul, 91, 92]);
    assert.ok(Math.abs(e.value! - lowerRatio) < 1e-9, `${e.value} against ${lowerRatio}`);
    assert.equal(e.outcome, lowerRatio > 1 ? 'holds' : 'inconclusive');
    assert.equal(candidate(down).outcome, lowerRatio >= 1 ? 'fails' : 'inconclusive');
    assert.deepEqual([e.covered?.days, e.covered?.of], [31, 92]);
    assert.equal(e.qualifier, 'rate_ratio_lower_bound');
  });

  it('a share on a partly covered period stays unavailable, stating the covered share', async () => {
    const r = await check('events', '2026', '{ kind: majority }');
    assert.equal(candidate(r).outcome, 'unavailable');
    assert.match(candidate(r).reason, /cover 212 of its 365 days, 58%: a share or a rank cannot be judged/);
  });
});
