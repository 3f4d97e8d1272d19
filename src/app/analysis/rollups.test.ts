// test-run: alone, about 10 s (rollups of the bundled store)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { registerBorder } from '../../cli/commands/border.ts';
import { checkClaims, parseClaims } from '../claims/check-claims.ts';
import { registerEvents } from '../../cli/commands/events.ts';
import { expandActorFilter, resolveActor } from '../../domain/actors.ts';
import type { BorderAnswer, EventSummary } from '../answers.ts';
import {
  aggregateCases,
  canonicalCases,
  PARITY_FILTERS,
  routeMismatches,
} from '../../../test/helpers/rollup-parity.ts';
import { useBundledStore } from '../../../test/helpers/use-bundled-store.ts';
import type { DuckDBStore } from '../../storage/duckdb/duckdb-store.ts';
import { DATA_DIR } from '../bundled-data.ts';
import { parseFilter } from '../filters.ts';
import { querySeries } from './series.ts';

const CANDIDATE_DIR = `${DATA_DIR}ucdp-candidate/`;
const CANDIDATES = readdirSync(CANDIDATE_DIR)
  .filter((f) => f.endsWith('.csv'))
  .sort()
  .map((f) => CANDIDATE_DIR + f);
// Every bundled file imported and placed, as `faultline start` does: the rollups were kept by those imports.
const store = useBundledStore(async (s) => {
  // Hundreds of small reads over a few thousand events: one DuckDB thread answers them with less CPU
  // than two (the suite runs two test processes on two cores anyway).
  await s.limitThreads(1);
});

describe('rollups on the bundled GED and candidate files, placed', () => {
  it('every canonical dashboard query answers the same from the rollups as from events', async () => {
    assert.deepEqual(await routeMismatches(store(), canonicalCases()), []);
  });

  it('every group and bucket unit under every filter dimension gives the same rows from the rollups as from events', async () => {
    // A dyad over the names of both sides, from mid-February (month rows and day rows).
    const dyad = parseFilter({ dyad: 'pakistan:afghanistan,pakistan:ttp,ttp:ttp', from: '2026-02-10' });
    const cases = aggregateCases({ ...PARITY_FILTERS, 'dyads 2026': dyad });
    assert.deepEqual(await routeMismatches(store(), cases), []);
  });

  it("every event's province lies in its source's country, so each country's provinces add up to its placed events", async () => {
    // The events whose exact point lies just across the line from their source's country (0.1 to 3.7 km)
    // were counted in the other country's province: Afghan clashes at Torkham town and Do Kalam in
    // Khyber Pakhtunkhwa, Pakistani ones at the Torkham crossing and Bajaur's passes in Nangarhar and Kunar.
    const crossed = await (store() as DuckDBStore).select<{ id: string; a1: string; m: string }>(
      `SELECT id, admin1_code AS a1, geo_method AS m FROM events
       WHERE id IN ('ucdp-candidate:618277', 'ucdp-candidate:620664', 'ucdp-candidate:622878',
                    'ucdp-ged:57680', 'ucdp-ged:58751', 'ucdp-ged:60623', 'ucdp-ged:153107') ORDER BY id`,
    );
    assert.deepEqual(
      crossed.map((r) => [r.id, r.a1, r.m]),
      [
        ['ucdp-candidate:618277', 'AF-NAN', 'border_snap'],
        ['ucdp-candidate:620664', 'PK-KP', 'border_snap'],
        ['ucdp-candidate:622878', 'AF-KNR', 'border_snap'],
        ['ucdp-ged:153107', 'PK-KP', 'border_snap'],
        ['ucdp-ged:57680', 'PK-KP', 'border_snap'],
        ['ucdp-ged:58751', 'PK-KP', 'border_snap'],
        ['ucdp-ged:60623', 'PK-KP', 'border_snap'],
      ],
    );
    for (const [country, prefix] of [
      ['PAK', 'PK-'],
      ['AFG', 'AF-'],
    ] as const) {
      // From the rollups (a split by province) and from the events table alike.
      const r = await querySeries(store(), {
        filter: { country: [country], from: '1989-01-01', to: '2026-12-31' },
        interval: 'year',
        groupBy: 'admin1',
        metrics: ['events'],
      });
      const groups = new Set(r.points.map((p) => p.group).filter((g) => g !== null));
      assert.deepEqual(
        [...groups].filter((g) => !String(g).startsWith(prefix)),
        [],
        `${country}: provinces of another country`,
      );
      const inProvinces = r.points
        .filter((p) => p.group !== null)
        .reduce((n, p) => n + Number(p.events ?? 0), 0);
      const [{ n }] = (await (store() as DuckDBStore).select<{ n: number }>(
        `SELECT CAST(count(*) AS INTEGER) AS n FROM events WHERE country = '${country}' AND admin1_code IS NOT NULL`,
      )) as [{ n: number }];
      assert.equal(inProvinces, n, country);
    }
  });

  it('the rollups hold every event once: their event count equals the events table', async () => {
    const reads = (store() as DuckDBStore).reads;
    reads.routing = 'events';
    const direct = await store().countEvents({});
    reads.routing = 'auto';
    assert.equal(await store().countEvents({}), direct);
    assert.ok(direct > 7_000, `${direct} events`);
  });
});

let candidates: Map<string, Record<string, string>> | undefined;
/**
 * The bundled Candidate rows, parsed here (not through the importer): a later file's row replaces an
 * earlier one's. Parsed once for the file's three tests (each only filters them).
 */
function candidateRows(): Map<string, Record<string, string>> {
  if (candidates) return candidates;
  const byId = new Map<string, Record<string, string>>();
  for (const f of CANDIDATES)
    for (const r of parse(readFileSync(f), { columns: true }) as Record<string, string>[]) byId.set(r.id!, r);
  return (candidates = byId);
}

describe('dyads on the bundled data', () => {
  it('--dyad pakistan:afghanistan in 2026 gives the interstate events of the raw file, each with its side of the border', async () => {
    const states = new Set(['Government of Pakistan', 'Government of Afghanistan']);
    const raw = [...candidateRows().values()].filter(
      (r) =>
        r.date_start!.startsWith('2026') &&
        states.has(r.side_a!) &&
        states.has(r.side_b!) &&
        r.side_a !== r.side_b,
    );
    const deaths = raw.reduce((n, r) => n + Number(r.best), 0);
    assert.deepEqual([raw.length, deaths], [90, 655]); // the figures, counted from the file
    const r = await runCli(
      store(),
      [registerEvents],
      ['events', '--dyad', 'pakistan:afghanistan', '--from', '2026', '--to', '2026', '--format', 'json'],
    );
    assert.equal(r.error, undefined, r.err);
    const events = JSON.parse(r.out) as EventSummary[];
    assert.deepEqual(events.map((e) => e.id).sort(), raw.map((x) => `ucdp-candidate:${x.id}`).sort());
    assert.equal(
      events.reduce((n, e) => n + (e.fatalities_best ?? 0), 0),
      deaths,
    );
    const iso = { Pakistan: 'PAK', Afghanistan: 'AFG' } as Record<string, string>;
    const rawById = new Map(raw.map((x) => [`ucdp-candidate:${x.id}`, x]));
    for (const e of events) {
      assert.ok(e.border_side === 'PAK' || e.border_side === 'AFG', `${e.id}: ${e.border_side}`);
      const x = rawById.get(e.id)!;
      // Without an exact point (UCDP where_prec above 3) and without a province, the source's country decides.
      if (e.border_side_basis === 'country') assert.equal(e.border_side, iso[x.country!], e.id);
      if (e.border_side_basis === 'point') assert.ok(Number(x.where_prec) <= 3, e.id);
    }
    // Those without exact coordinates (where_prec above 3) have a distance from their place text or unit, or none;
    // a table filtered on one says how many it could not judge: no distance, or a range across the limit.
    const exact = raw.filter((x) => Number(x.where_prec) <= 3).length;
    assert.equal(events.filter((e) => e.border_method === 'point').length, exact);
    const vague = events.filter(
      (e) => e.border_km_high === null || (e.border_km_low! <= 50 && e.border_km_high > 50),
    ).length;
    assert.ok(vague > 0);
    const table = await runCli(
      store(),
      [registerEvents],
      ['events', '--dyad', 'pakistan:afghanistan', '--from', '2026', '--to', '2026', '--max-border-km', '50'],
    );
    assert.match(
      table.err,
      new RegExp(
        `\\nnote: ${vague} events matching the other filters could not be judged against 50 km .* left out\\n`,
      ),
    );
    const bases = new Set(events.map((e) => e.border_side_basis));
    assert.ok(bases.has('point') && bases.has('country'), [...bases].join());
  });

  it('a dyad names each side: pakistan:ttp is not pakistan with ttp on either side of any event', async () => {
    const f = parseFilter({ dyad: 'pakistan:ttp', from: '2026', to: '2026' });
    const either = parseFilter({ actor: 'pakistan,ttp', from: '2026', to: '2026' });
    const rows = (await store().queryEvents({ ...either, limit: 10_000 })).rows;
    const ttp = new Set(expandActorFilter('ttp')!.ids);
    const want = rows.filter((e) => {
      const [a, b] = [resolveActor(e.actor1, e.dateStart)?.id, resolveActor(e.actor2, e.dateStart)?.id];
      return (a === 'pakistan' && ttp.has(b!)) || (b === 'pakistan' && ttp.has(a!));
    });
    assert.ok(want.length > 200 && want.length < rows.length, `${want.length} of ${rows.length}`);
    assert.equal(await store().countEvents(f), want.length);
  });

  it('the cross-border view: interstate, strikes and TTP rows per month and side, null where nothing covers the month', async () => {
    const raw = [...candidateRows().values()].filter((r) => r.date_start!.startsWith('2026'));
    const r = await runCli(
      store(),
      [registerBorder],
      ['border', '--from', '2025-11', '--to', '2026-07', '--format', 'json'],
    );
    assert.equal(r.error, undefined, r.err);
    const { rows, imprecise, meta } = JSON.parse(r.out) as BorderAnswer;
    // Every event is in a month or, dated only to a year, in the imprecise band.
    const sum = (series: string, k: 'events' | 'fatalities_best') =>
      [...rows, ...imprecise].filter((x) => x.series === series).reduce((n, x) => n + (x[k] ?? 0), 0);
    // 2025 is covered by no bundled source: nothing known, not zero.
    const late2025 = rows.filter((x) => x.month < '2026');
    assert.equal(late2025.length, 2 * 5);
    assert.ok(
      late2025.every((x) => x.events === null && x.fatalities_best === null),
      JSON.stringify(late2025[0]),
    );
    assert.deepEqual([sum('interstate', 'events'), sum('interstate', 'fatalities_best')], [90, 655]);
    const interstate = rows.filter((x) => x.series === 'interstate' && x.events);
    assert.ok(new Set(interstate.map((x) => x.side)).size === 2, 'clashes on both sides of the border');
    // Strikes: side_a the Government of Pakistan, in Afghanistan (the source's country here: checked by hand, every such row's point or label lies in AFG).
    const strikes = raw.filter((x) => x.side_a === 'Government of Pakistan' && x.country === 'Afghanistan');
    assert.ok(strikes.length > 0);
    assert.deepEqual(
      [sum('pakistani_strikes', 'events'), sum('pakistani_strikes', 'fatalities_best')],
      [strikes.length, strikes.reduce((n, x) => n + Number(x.best), 0)],
    );
    // TTP near the border: within 50 km, plus the unjudged ones, is every TTP event of the period.
    const ttp = await store().countEvents(parseFilter({ actor: 'ttp', from: '2026-01', to: '2026-07' }));
    const near = await store().countEvents(
      parseFilter({ actor: 'ttp', from: '2026-01', to: '2026-07', max_border_km: 50 }),
    );
    const unjudged = rows.reduce((n, x) => n + (x.unjudged ?? 0), 0);
    assert.equal(sum('ttp_near_border', 'events'), near);
    assert.equal(imprecise.filter((x) => x.series === 'interstate').length, 1);
    assert.equal(meta.border_unjudged, unjudged);
    assert.ok(near + unjudged < ttp && unjudged > 0, `${near} + ${unjudged} of ${ttp}`);
    // Not judged: no distance, or a range across 50 km (placed only by district or province).
    const all = await store().queryEvents({
      ...parseFilter({ actor: 'ttp', from: '2026-01', to: '2026-07' }),
      limit: 10_000,
    });
    assert.equal(all.total, ttp);
    assert.equal(
      all.rows.filter((e) => e.borderKmHigh === null || (e.borderKmLow! <= 50 && e.borderKmHigh > 50)).length,
      unjudged,
    );
  });

  it('a claim scoped to a dyad counts that dyad only', async () => {
    const yaml = `claims:
  - id: border-war
    text: the border clashes killed hundreds on the Afghan side in 2026
    metric: deaths
    geography: { country: AFG }
    dyad: pakistan:afghanistan
    period: 2026-01-01..2026-07-31
    comparator: { kind: at_least, value: 100 }
`;
    const [r] = await checkClaims(store(), parseClaims(yaml, 'test.yaml').file.claims);
    const raw = [...candidateRows().values()].filter(
      (x) =>
        x.side_a === 'Government of Afghanistan' &&
        x.side_b === 'Government of Pakistan' &&
        x.country === 'Afghanistan',
    );
    const e = r!.evidence.find((x) => x.source === 'ucdp-candidate' && x.value !== null);
    assert.ok(e, JSON.stringify(r!.evidence));
    assert.equal(
      e.value,
      raw.reduce((n, x) => n + Number(x.best), 0),
    );
    assert.match(e.geography!, /Afghan state/);
    assert.throws(() => parseClaims(yaml.replace('pakistan:afghanistan', 'pakistan:nobody'), 'test.yaml'), {
      message:
        'invalid claim file "test.yaml": claim "border-war": unknown actor in dyad "pakistan:nobody": "nobody" (see docs/actors.md for names and groups)',
    });
  });

  it('an unknown side fails in one line naming the nearest actors', async () => {
    assert.throws(() => parseFilter({ dyad: 'pakistan:talban' }), {
      message:
        'unknown actor in dyad "pakistan:talban": "talban" (nearest: Taleban, Taliban, BLA, UBA, BLF; see docs/actors.md)',
    });
    assert.throws(() => parseFilter({ dyad: 'pakistan' }), /invalid dyad: "pakistan" \(use A:B/);
  });
});
