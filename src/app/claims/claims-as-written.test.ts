import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import type { ClaimResult, Evidence } from '../../claims/evidence.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { bundledStoreCopy } from '../../../test/helpers/bundled-store.ts';
import { heldWhole, overlapsInPart } from '../../../test/helpers/dates-held.ts';
import { checkClaims, parseClaims } from './check-claims.ts';

// Issue 15: ranks, majorities, both countries, decreases, vague amounts, partial periods. Every
// expected figure is counted by a plain SQL query over a copy of the bundled store, not by the checker.
let store: Store;
let sql: (q: string) => Promise<Record<string, unknown>[]>;

const LIVE = `superseded_by IS NULL`;
const num = (v: unknown) => Number(v ?? 0);

async function check(claim: string): Promise<ClaimResult> {
  const [r] = await checkClaims(store, parseClaims(`claims:\n${claim}`, 'test.yaml').file.claims);
  return r!;
}
const of = (r: ClaimResult, source: string): Evidence => {
  const e = r.evidence.find((x) => x.source === source);
  assert.ok(e, `no evidence from ${source}`);
  return e;
};
const fileError = (claim: string) => {
  try {
    parseClaims(`claims:\n${claim}`, 'c.yaml');
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('claims as analysts write them, against the bundled data', () => {
  before(async () => {
    const [forSql, forStore] = await Promise.all([bundledStoreCopy(), bundledStoreCopy()]);
    const conn = await (await DuckDBInstance.create(forSql)).connect();
    sql = async (q) => (await conn.run(q)).getRowObjects() as Promise<Record<string, unknown>[]>;
    store = await createStore({ path: forStore });
  });
  after(() => store.close());

  it('"2009 was the deadliest year" (rank highest among every GED year) holds, and the year SQL finds deadliest is 2009', async () => {
    const years = await sql(
      `SELECT year(date_start) AS y, sum(fatalities_best) AS d FROM events WHERE source = 'ucdp-ged' AND country = 'PAK' AND ${LIVE} GROUP BY 1 ORDER BY 2 DESC`,
    );
    const others = Array.from({ length: 33 }, (_, i) => String(1989 + i)).filter((y) => y !== '2009');
    const r =
      await check(`  - { id: r, text: deadliest year, metric: deaths, geography: { country: PAK }, period: "2009",
      comparator: { kind: rank, order: highest }, among: { periods: [${others.map((y) => `"${y}"`).join(', ')}] } }`);
    const e = of(r, 'ucdp-ged');
    assert.equal(String(years[0]!.y), '2009');
    assert.equal(e.value, num(years[0]!.d));
    assert.equal(e.outcome, 'holds');
    assert.equal(e.among.length, 32);
    assert.equal(Math.max(...e.among.map((a) => a.value!)), num(years[1]!.d));
    assert.ok(e.among.every((a) => a.query && a.query.event_ids.length > 0));
  });

  it('"events at their lowest in a decade" (rank lowest, the ten years before) gives the verdict the yearly SQL counts give', async () => {
    const rows = await sql(
      `SELECT year(date_start) AS y, count(*) AS n FROM events WHERE source = 'ucdp-ged' AND country = 'PAK' AND ${LIVE}
       AND year(date_start) BETWEEN 2011 AND 2021 GROUP BY 1`,
    );
    const n = new Map(rows.map((x) => [String(x.y), num(x.n)]));
    const lowest = [...n].filter(([y]) => y !== '2021').every(([, v]) => v > n.get('2021')!);
    const r =
      await check(`  - { id: r, text: lowest in a decade, metric: events, geography: { country: PAK }, period: "2021",
      comparator: { kind: rank, order: lowest }, among: { before: 10 } }`);
    const e = of(r, 'ucdp-ged');
    assert.deepEqual(
      e.among.map((a) => [a.label, a.value]),
      [...n]
        .filter(([y]) => y !== '2021')
        .sort()
        .map(([y, v]) => [y, v]),
    );
    assert.equal(e.outcome, lowest ? 'holds' : 'fails');
  });

  it('a rank over an empty set is an error naming among, not a verdict', () => {
    assert.equal(
      fileError(`  - { id: r, text: t, metric: deaths, geography: { country: PAK }, period: "2009",
      comparator: { kind: rank, order: highest }, among: { periods: ["2009"] } }`),
      `invalid claim file "c.yaml": claim "r": among.periods lists no period other than the claim's: a rank over an empty set`,
    );
  });

  it('"most of the fighting took place on Afghan soil" (majority of PAK + AFG events, first half of 2026) is judged on the SQL share', async () => {
    // Records dated only to 2026 may or may not lie in its first half: the share is a range then.
    const [row] = await sql(
      `SELECT count(*) FILTER (WHERE country = 'AFG' AND ${heldWhole('2026-01-01', '2026-06-30')}) AS afg,
              count(*) FILTER (WHERE ${heldWhole('2026-01-01', '2026-06-30')}) AS all,
              count(*) FILTER (WHERE country = 'AFG' AND ${overlapsInPart('2026-01-01', '2026-06-30')}) AS afg_part,
              count(*) FILTER (WHERE ${overlapsInPart('2026-01-01', '2026-06-30')}) AS all_part
       FROM events WHERE source = 'ucdp-candidate'
       AND country IN ('AFG', 'PAK') AND year(date_start) = 2026 AND (date_start <= DATE '2026-06-30' OR date_precision = 'year') AND ${LIVE}`,
    );
    const [afg, all, afgPart, allPart] = [
      num(row!.afg),
      num(row!.all),
      num(row!.afg_part),
      num(row!.all_part),
    ];
    const pct = (100 * afg) / all;
    const [lo, hi] = [(100 * afg) / (all + allPart), (100 * (afg + afgPart)) / (all + afgPart)];
    const r =
      await check(`  - { id: m, text: most on Afghan soil, metric: events, geography: { country: AFG }, period: "2026-01..2026-06",
      comparator: { kind: majority }, share_of: { geography: { country: [PAK, AFG] } } }`);
    const e = of(r, 'ucdp-candidate');
    assert.equal(e.value, Math.round(pct * 100) / 100);
    assert.equal(e.reference_value, all);
    assert.equal(e.outcome, lo > 50 ? 'holds' : hi <= 50 ? 'fails' : 'inconclusive');
    if (allPart) assert.match(e.reason, /^between [\d.]+% and [\d.]+% \(/);
    assert.deepEqual(e.whole_query?.filter.country, ['AFG', 'PAK']);
  });

  it('a share whose whole does not contain the part is an error naming share_of', () => {
    assert.equal(
      fileError(`  - { id: s, text: t, metric: events, geography: { country: PAK, admin1: PK-KP }, period: "2021",
      comparator: { kind: majority }, share_of: { geography: { country: PAK, admin1: PK-BA } } }`),
      'invalid claim file "c.yaml": claim "s": share_of does not contain the part: share_of.geography.admin1 (PK-BA) leaves out PK-KP (a share needs a whole that contains the part)',
    );
  });

  it('"clashes between Pakistani and Afghan forces killed several hundred" (dyad, both countries) counts the SQL deaths of state-on-state events', async () => {
    const [row] = await sql(
      `SELECT sum(fatalities_best) FILTER (WHERE date_start <= DATE '2026-06-30' AND ${heldWhole('2026-01-01', '2026-06-30')}) AS d,
              coalesce(sum(fatalities_best) FILTER (WHERE ${overlapsInPart('2026-01-01', '2026-06-30')}), 0) AS part
       FROM events WHERE source = 'ucdp-candidate' AND country IN ('AFG', 'PAK') AND ${LIVE} AND year(date_start) = 2026
       AND ((actor1 = 'Government of Afghanistan' AND actor2 = 'Government of Pakistan') OR (actor1 = 'Government of Pakistan' AND actor2 = 'Government of Afghanistan'))`,
    );
    const [d, part] = [num(row!.d), num(row!.part)];
    const r =
      await check(`  - { id: d, text: several hundred, metric: deaths, geography: { country: [PAK, AFG] }, dyad: "pakistan-state:afghan-taliban",
      period: "2026-01..2026-06", comparator: { kind: several_hundred } }`);
    const e = of(r, 'ucdp-candidate');
    assert.equal(e.value, d);
    // Deaths of records dated only to 2026 may or may not lie in its first half: the figure is d to d + part.
    const inside = (x: number) => x >= 200 && x <= 999;
    assert.equal(
      e.outcome,
      inside(d) && inside(d + part) ? 'holds' : d + part < 200 || d > 999 ? 'fails' : 'inconclusive',
    );
    assert.equal(r.accepts, 'from 200 to 999');
    assert.equal(of(r, 'published statistics').outcome, 'unavailable');
  });

  it('"deaths fell sharply" (ratio at most 0.8) and "plunged" (at most 2/3) judge the SQL ratio of 2011 to 2010, with both periods\' event ids', async () => {
    const rows = await sql(
      `SELECT year(date_start) AS y, sum(fatalities_best) AS d FROM events WHERE source = 'ucdp-ged' AND country = 'PAK' AND ${LIVE}
       AND year(date_start) IN (2010, 2011) GROUP BY 1`,
    );
    const d = new Map(rows.map((x) => [String(x.y), num(x.d)]));
    const ratio = d.get('2011')! / d.get('2010')!;
    for (const [kind, max] of [
      ['sharp_decrease', 0.8],
      ['plunge', 2 / 3],
    ] as const) {
      const r = await check(
        `  - { id: f, text: fell, metric: deaths, geography: { country: PAK }, period: "2011", comparator: { kind: ${kind} } }`,
      );
      const e = of(r, 'ucdp-ged');
      assert.equal(e.baseline?.from, '2010-01-01');
      assert.equal(Math.round(e.value! * 1e6), Math.round(ratio * 1e6));
      assert.equal(e.outcome, ratio <= max ? 'holds' : 'fails', kind);
      assert.ok(e.query!.event_ids.length && e.baseline_query!.event_ids.length);
      assert.equal(e.baseline_query!.filter.to, '2010-12-31');
    }
  });

  it('"several hundred events in Balochistan 2011..2020" reads the FROM..TO of years and matches the SQL count', async () => {
    const [row] = await sql(
      `SELECT count(*) AS n FROM events WHERE source = 'ucdp-ged' AND admin1_code = 'PK-BA' AND ${LIVE}
       AND date_start BETWEEN DATE '2011-01-01' AND DATE '2020-12-31'`,
    );
    const r =
      await check(`  - { id: v, text: several hundred, metric: events, geography: { country: PAK, admin1: Balochistan }, period: "2011..2020",
      comparator: { kind: several_hundred } }`);
    const e = of(r, 'ucdp-ged');
    assert.deepEqual(e.period, { from: '2011-01-01', to: '2020-12-31' });
    assert.equal(e.value, num(row!.n));
    assert.equal(e.outcome, num(row!.n) >= 200 && num(row!.n) <= 999 ? 'holds' : 'fails');
  });

  it('2026-Q2 is compared with 2026-Q1 by default, not with a 91-day span reaching into 2025', async () => {
    const rows = await sql(
      `SELECT quarter(date_start) AS q, sum(fatalities_best) AS d FROM events WHERE source = 'ucdp-candidate' AND country = 'PAK' AND ${LIVE}
       AND ((date_start BETWEEN DATE '2026-01-01' AND DATE '2026-03-31' AND ${heldWhole('2026-01-01', '2026-03-31')})
         OR (date_start BETWEEN DATE '2026-04-01' AND DATE '2026-06-30' AND ${heldWhole('2026-04-01', '2026-06-30')})) GROUP BY 1`,
    );
    const d = new Map(rows.map((x) => [num(x.q), num(x.d)]));
    const r = await check(
      `  - { id: q, text: rose, metric: deaths, geography: { country: PAK }, period: "2026-Q2", comparator: { kind: increase } }`,
    );
    const e = of(r, 'ucdp-candidate');
    assert.deepEqual(e.baseline, { from: '2026-01-01', to: '2026-03-31' });
    assert.deepEqual(
      [e.test?.count1, e.test?.count2, e.test?.days1, e.test?.days2],
      [d.get(1), d.get(2), 90, 91],
    );
  });

  it('a lower bound on a partly covered year is judged on the covered days; "about" on the same year is inconclusive there, stating the covered share', async () => {
    const [row] = await sql(
      `SELECT sum(fatalities_best) AS d FROM events WHERE source = 'ucdp-candidate' AND country = 'PAK' AND ${LIVE} AND year(date_start) = 2026`,
    );
    const deaths = num(row!.d);
    const more = await check(
      `  - { id: p, text: more than, metric: deaths, geography: { country: PAK }, period: "2026", comparator: { kind: more_than, value: 500 } }`,
    );
    const e = of(more, 'ucdp-candidate');
    assert.equal(e.value, deaths);
    assert.equal(e.outcome, deaths > 500 ? 'holds' : 'inconclusive');
    assert.deepEqual([e.covered?.days, e.covered?.of], [212, 365]);
    const about = await check(
      `  - { id: p, text: about, metric: deaths, geography: { country: PAK }, period: "2026", comparator: { kind: about, value: ${deaths} } }`,
    );
    assert.equal(about.verdict, 'not_checkable');
    assert.equal(of(about, 'ucdp-candidate').outcome, 'inconclusive');
    assert.match(of(about, 'ucdp-candidate').reason, /on the 212 of 365 days the loaded events cover/);
  });

  it('UCDP counts only events with a death, so its events are a lower bound of attacks: "2,099 incidents in 2014" is not checkable by it, "at most 300" fails', async () => {
    const [row] = await sql(
      `SELECT count(*) AS n FROM events WHERE source = 'ucdp-ged' AND country = 'PAK' AND ${LIVE} AND year(date_start) = 2014`,
    );
    const n = num(row!.n);
    assert.ok(n > 300 && n < 2099, `SQL finds ${n} events`);
    const incidents = await check(
      `  - { id: i, text: incidents, metric: attacks, geography: { country: PAK }, period: "2014", comparator: { kind: exactly, value: 2099 } }`,
    );
    const e = of(incidents, 'ucdp-ged');
    assert.deepEqual([e.value, e.qualifier, e.outcome], [n, 'lower_bound', 'unavailable']);
    assert.match(e.reason, /only a lower bound of attacks or incidents/);
    assert.equal(incidents.verdict, 'not_checkable');
    const atMost = await check(
      `  - { id: i, text: at most, metric: attacks, geography: { country: PAK }, period: "2014", comparator: { kind: at_most, value: 300 } }`,
    );
    assert.equal(of(atMost, 'ucdp-ged').outcome, 'fails');
    const atLeast = await check(
      `  - { id: i, text: at least, metric: attacks, geography: { country: PAK }, period: "2014", comparator: { kind: at_least, value: 300 } }`,
    );
    assert.equal(of(atLeast, 'ucdp-ged').outcome, 'holds');
  });

  it('a border-zone claim counts the events SQL finds in the border zone', async () => {
    const [row] = await sql(
      `SELECT count(*) AS n FROM events WHERE source = 'ucdp-ged' AND country = 'PAK' AND coalesce(border_zone, FALSE) AND ${LIVE} AND year(date_start) = 2021`,
    );
    const r = await check(
      `  - { id: b, text: border, metric: events, geography: { country: PAK, border_zone: true }, period: "2021", comparator: { kind: exactly, value: ${num(row!.n)} } }`,
    );
    const e = of(r, 'ucdp-ged');
    assert.ok(num(row!.n) > 0);
    assert.equal(e.outcome, 'holds');
    assert.equal(e.query?.filter.borderZone, true);
    assert.equal(of(r, 'published statistics').outcome, 'unavailable');
  });

  it('"2024 was the deadliest of the three years" ranks each publisher\'s 2024 killed against its own 2022 and 2023 figures, each part naming its file\'s sha256', async () => {
    const [file] = await sql(`SELECT sha256 FROM imports WHERE file_name = 'pakistan_security_reports.csv'`);
    const killed = await sql(
      `SELECT organisation AS o, year(period_start) AS y, max_by(value, published) AS v FROM statistics WHERE metric = 'killed'
       AND admin1 IS NULL AND country = 'PAK' AND year(period_start) IN (2022, 2023, 2024) AND period_end - period_start > 300 GROUP BY 1, 2`,
    );
    const r =
      await check(`  - { id: k, text: deadliest, metric: deaths, geography: { country: PAK }, period: "2024",
      comparator: { kind: rank, order: highest }, among: { before: 2 } }`);
    const pips = r.evidence.find((e) => e.source === 'PIPS' && e.kind === 'statistic')!;
    const v = (y: number) => num(killed.find((x) => x.o === 'PIPS' && num(x.y) === y)!.v);
    assert.deepEqual(
      [pips.value, pips.among.map((a) => [a.label, a.value])],
      [
        v(2024),
        [
          ['2022', v(2022)],
          ['2023', v(2023)],
        ],
      ],
    );
    assert.equal(pips.outcome, v(2024) > Math.max(v(2022), v(2023)) ? 'holds' : 'fails');
    assert.ok(pips.parts.length > 0 && pips.parts.every((p) => p.file_sha256 === file!.sha256));
  });

  it('a claim on January 2009 counts the records of January, not a record dated only to 2009: the figure is a range, with a note', async () => {
    const [row] = await sql(
      `SELECT sum(fatalities_best) FILTER (WHERE date_start BETWEEN DATE '2009-01-01' AND DATE '2009-01-31' AND ${heldWhole('2009-01-01', '2009-01-31')}) AS d,
              sum(fatalities_best) FILTER (WHERE ${overlapsInPart('2009-01-01', '2009-01-31')}) AS part,
              count(*) FILTER (WHERE ${overlapsInPart('2009-01-01', '2009-01-31')}) AS n
       FROM events WHERE source = 'ucdp-ged' AND country = 'PAK' AND year(date_start) = 2009`,
    );
    const [d, part, n] = [num(row!.d), num(row!.part), num(row!.n)];
    assert.ok(
      n > 0 && part > d,
      `the bundled GED has a record of 2009 larger than January (${n}, ${part}, ${d})`,
    );
    const r = await check(
      `  - { id: j, text: about, metric: deaths, geography: { country: PAK }, period: "2009-01", comparator: { kind: about, value: ${d} } }`,
    );
    const e = of(r, 'ucdp-ged');
    assert.equal(e.value, d);
    assert.equal(e.outcome, 'inconclusive');
    assert.match(
      e.reason,
      new RegExp(
        `^between ${d.toLocaleString('en-US')} and ${(d + part).toLocaleString('en-US')} may or may not be`,
      ),
    );
    assert.ok(
      e.notes.some((x) =>
        x.startsWith(
          `${n.toLocaleString('en-US')} record${n === 1 ? '' : 's'} (${part.toLocaleString('en-US')} deaths, best estimate) dated only to a month or a year that overlaps 2009-01`,
        ),
      ),
      e.notes.join(' | '),
    );
    // A figure the range cannot reach fails, one it holds whole holds.
    const far = await check(
      `  - { id: f, text: fewer, metric: deaths, geography: { country: PAK }, period: "2009-01", comparator: { kind: less_than, value: ${d} } }`,
    );
    assert.equal(of(far, 'ucdp-ged').outcome, 'fails');
    const more = await check(
      `  - { id: m, text: more, metric: deaths, geography: { country: PAK }, period: "2009-01", comparator: { kind: more_than, value: ${d - 1} } }`,
    );
    assert.equal(of(more, 'ucdp-ged').outcome, 'holds');
  });

  it('"the bloodiest month was May" (2009) is open while a record dated only to 2009 could lie in any month', async () => {
    const rows = await sql(
      `SELECT m, sum(fatalities_best) AS d FROM (SELECT month(date_start) AS m, fatalities_best FROM events
       WHERE source = 'ucdp-ged' AND country = 'PAK' AND year(date_start) = 2009 AND date_precision <> 'year') GROUP BY m`,
    );
    const [year] = await sql(
      `SELECT sum(fatalities_best) AS d FROM events WHERE source = 'ucdp-ged' AND country = 'PAK' AND year(date_start) = 2009 AND date_precision = 'year'`,
    );
    const month = new Map(rows.map((x) => [num(x.m), num(x.d)]));
    const may = month.get(5)!;
    const others = [...month].filter(([m]) => m !== 5).map(([, d]) => d);
    // May leads the months dated to a day, but not by the year record's deaths.
    assert.ok(others.every((d) => d < may) && others.some((d) => d + num(year!.d) > may));
    const r =
      await check(`  - { id: b, text: bloodiest, metric: deaths, geography: { country: PAK }, period: "2009-05",
      comparator: { kind: rank, order: highest }, among: { periods: [2009-01, 2009-02, 2009-03, 2009-04, 2009-06, 2009-07, 2009-08, 2009-09, 2009-10, 2009-11, 2009-12] } }`);
    const e = of(r, 'ucdp-ged');
    assert.equal(e.value, may);
    assert.equal(e.outcome, 'inconclusive');
    assert.match(e.reason, /records dated only to a month or a year could put 2009-01: [\d,]+ to [\d,]+/);
    // One note says which figures are ranges (the year's record overlaps every month).
    assert.deepEqual(
      e.notes.filter((n) => / figures ranked are ranges/.test(n)).map((n) => n.split(':')[0]),
      ['12 of the 12 figures ranked are ranges'],
    );
    assert.equal(r.verdict, 'not_checkable');
  });
});
