import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { after, before, describe, it } from 'node:test';
import { useBundledStore } from '../../../test/helpers/use-bundled-store.ts';
import { Command } from 'commander';
import { runCli, testContext } from '../../../test/helpers/in-process-cli.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { registerBorder } from './border.ts';
import { registerEvents } from './events.ts';
import { addStagedEvents, monthlyEvents } from '../../../test/helpers/synthetic-events.ts';
import { createEventPlacer } from '../../app/geography.ts';
import { publishedDeskEvent, syntheticReport } from '../../../test/helpers/desk-events.ts';
import { createApi } from '../../api/server.ts';

// The bundled Candidate file's rows (the 26.0.6 cut for Pakistan and Afghanistan), read once: the
// tests below check the answers against them.
let candidate: Record<string, string>[] | undefined;
const candidateRows = () =>
  (candidate ??= parse(
    readFileSync(new URL('../../../data/ucdp-candidate/GEDEvent_v26_01_26_06_PAK_AFG.csv', import.meta.url)),
    { columns: true },
  ) as Record<string, string>[]);

describe('faultline border --include-desk', () => {
  let own: Store;
  before(async () => {
    own = await createStore({ path: ':memory:' });
    // Synthetic GED-like events in Balochistan, January to March 2021 (none interstate; no source covers
    // the Afghan side, whose rows are null), and a published
    // desk event: a synthetic report of a clash between the two states at Chaman on 10 February 2021.
    await addStagedEvents(own, monthlyEvents([3, 3, 3], '2021-01'));
    await publishedDeskEvent(
      own,
      syntheticReport('2021-02-10', {
        place: 'Chaman',
        lat: 30.92,
        lon: 66.45,
        actor1: 'Government of Pakistan',
        actor2: 'Government of Afghanistan',
      }),
      { place: await createEventPlacer(own), alerts: false },
    );
  });
  after(() => own.close());

  type Answer = {
    rows: { month: string; series: string; side: string; events: number | null }[];
    meta: { desk_events: string };
  };
  const interstate = (a: Answer) =>
    a.rows.filter((r) => r.series === 'interstate' && r.month === '2021-02').map((r) => [r.side, r.events]);

  it('counts published desk events near the border only when asked, in the CLI and the API alike', async () => {
    const args = ['border', '--from', '2021-01', '--to', '2021-03', '--format', 'json'];
    const cli = async (flags: string[]) =>
      JSON.parse((await runCli(own, [registerBorder], [...args, ...flags])).out) as Answer;
    const [without, withDesk] = [await cli([]), await cli(['--include-desk'])];
    assert.deepEqual(
      [interstate(without), without.meta.desk_events],
      [
        [
          ['PAK', 0],
          ['AFG', null],
        ],
        'excluded',
      ],
    );
    assert.deepEqual(
      [interstate(withDesk), withDesk.meta.desk_events],
      [
        [
          ['PAK', 1],
          ['AFG', null],
        ],
        'included',
      ],
    );
    const res = await createApi({ store: own, log: () => {} }).app.request(
      '/api/v1/border?from=2021-01&to=2021-03&include_desk=true',
    );
    assert.equal(res.status, 200, await res.clone().text());
    assert.deepEqual(await res.json(), withDesk);
  });
});

// The describes below only read: they share one copy of the bundled store (each made its own).
describe('faultline border on the bundled data', () => {
  const store = useBundledStore();

  describe('faultline border: the table and its imprecise rows', () => {
    it('--help says --max-border-km narrows the TTP series only, as it does: the interstate rows keep every distance', async () => {
      const program = new Command('faultline');
      registerBorder(
        program,
        testContext(
          store(),
          () => {},
          () => {},
        ),
      );
      const help = program.commands.find((c) => c.name() === 'border')!.helpInformation();
      assert.match(help.replace(/\s+/g, ' '), /--max-border-km <km> ttp_near_border only: TTP events/);
      const near = JSON.parse(
        (
          await runCli(
            store(),
            [registerBorder],
            ['border', '--from', '2026-03', '--to', '2026-03', '--max-border-km', '5', '--format', 'json'],
          )
        ).out,
      ) as { rows: { series: string; events: number | null }[] };
      const all = JSON.parse(
        (
          await runCli(
            store(),
            [registerBorder],
            ['border', '--from', '2026-03', '--to', '2026-03', '--format', 'json'],
          )
        ).out,
      ) as { rows: { series: string; events: number | null }[] };
      const sum = (a: typeof all, series: string) =>
        a.rows.filter((r) => r.series === series).reduce((n, r) => n + (r.events ?? 0), 0);
      assert.equal(sum(near, 'interstate'), sum(all, 'interstate'));
      assert.ok(sum(near, 'ttp_near_border') < sum(all, 'ttp_near_border'));
    });

    it('--source acled, a source faultline reads that the store has not loaded, is refused as not loaded (exit 2), with how to load it', async () => {
      const r = await runCli(store(), [registerBorder], ['border', '--source', 'acled']);
      assert.ok(r.error instanceof InvalidInputError);
      assert.equal(
        r.error.message,
        'source not loaded: "acled" (faultline reads it, but this store holds none of its events; load them with faultline fetch acled or faultline import FILE; loaded: ucdp-candidate, ucdp-ged, faultline-desk)',
      );
    });

    it('prints under the months the records dated only to a year, which its note names and the JSON holds', async () => {
      const args = ['border', '--from', '2026', '--to', '2026'];
      const json = JSON.parse(
        (await runCli(store(), [registerBorder], [...args, '--format', 'json'])).out,
      ) as {
        imprecise: { period: string; series: string; events: number }[];
      };
      assert.ok(
        json.imprecise.length > 0,
        'the bundled 2026 data hold an interstate event dated only to the year',
      );
      const table = await runCli(store(), [registerBorder], args);
      assert.equal(table.error, undefined);
      assert.match(table.err, /dated only to a year .* in `imprecise`/);
      const [, band] = table.out.split(
        '\nimprecise dates (known only to a year or a span longer than a month, in no row above):\n',
      );
      assert.ok(band, table.out);
      const rows = band.trim().split('\n').slice(2);
      assert.equal(rows.length, json.imprecise.length);
      assert.ok(rows.every((r, i) => r.includes(json.imprecise[i]!.series)));
      // CSV holds the months only: its note says where the band is.
      const csv = await runCli(store(), [registerBorder], [...args, '--format', 'csv']);
      assert.match(
        csv.err,
        /in `imprecise`, not in any month .*\(`imprecise` is a field of the JSON answer: CSV and NDJSON rows hold the periods only\)/,
      );
    });

    it('names a month a version covers only in part (26.0.6 holds 1 July 2026 alone), on each side, rather than showing it as a quiet month', async () => {
      const args = ['border', '--version', '26.0.6', '--from', '2026-07', '--to', '2026-07'];
      const json = JSON.parse(
        (await runCli(store(), [registerBorder], [...args, '--format', 'json'])).out,
      ) as {
        rows: { month: string; events: number | null }[];
        meta: { partly_covered: { period: string; side: string; covered_days: number; days: number }[] };
      };
      assert.deepEqual(json.meta.partly_covered, [
        { period: '2026-07', covered_days: 1, days: 31, side: 'PAK' },
        { period: '2026-07', covered_days: 1, days: 31, side: 'AFG' },
      ]);
      const table = await runCli(store(), [registerBorder], args);
      assert.match(
        table.err,
        /note: only partly covered by the loaded source versions: 2026-07 on the PAK side \(1 of 31 days\)/,
      );
      // With every version loaded, July is covered whole: no such note.
      const all = await runCli(
        store(),
        [registerBorder],
        ['border', '--from', '2026-07', '--to', '2026-07', '--format', 'json'],
      );
      assert.deepEqual((JSON.parse(all.out) as typeof json).meta.partly_covered, []);
    });
  });

  describe("faultline border: Pakistan's strikes in the interstate war", () => {
    it("says that the interstate events on the AFG side hold Pakistan's strikes in the war (UCDP's side_a there is Afghanistan), with their count and deaths from the source rows, in the CLI and the API alike", async () => {
      // The raw Candidate rows of the interstate dyad on 16 March 2026 in Afghanistan: the Kabul air
      // strike (621247) among them. UCDP gives every one the Government of Afghanistan as side_a.
      const rows = candidateRows();
      const day = rows.filter(
        (r) =>
          r.dyad_name === 'Government of Afghanistan - Government of Pakistan' &&
          r.country === 'Afghanistan' &&
          r.date_start!.startsWith('2026-03-16'),
      );
      assert.ok(day.some((r) => r.id === '621247' && /Pakistan air strike/.test(r.source_headline!)));
      assert.ok(day.every((r) => r.side_a === 'Government of Afghanistan'));
      const deaths = day.reduce((n, r) => n + Number(r.best), 0);
      const args = ['border', '--from', '2026-03-16', '--to', '2026-03-16'];
      const cli = await runCli(store(), [registerBorder], [...args, '--format', 'json']);
      const json = JSON.parse(cli.out) as {
        rows: { series: string; side: string; events: number; fatalities_best: number }[];
        meta: { notes: string[]; series: Record<string, string> };
      };
      const row = (series: string, side: string) =>
        json.rows.find((r) => r.series === series && r.side === side)!;
      assert.deepEqual(
        [row('interstate', 'AFG').events, row('interstate', 'AFG').fatalities_best],
        [day.length, deaths],
      );
      assert.equal(row('pakistani_strikes', 'AFG').events, 0);
      const note = `${day.length} interstate events (${deaths} deaths, best) lie on the AFG side: Pakistan's strikes in the interstate war are counted there, not in \`pakistani_strikes\` (UCDP's interstate dyad has the Government of Afghanistan as side_a whoever fired; \`pakistani_strikes\` holds the events Pakistan is side_a of, its strikes on armed groups in Afghanistan)`;
      assert.ok(json.meta.notes.includes(note), json.meta.notes.join('\n'));
      assert.match(json.meta.series.pakistani_strikes!, /strikes in the interstate war are in `interstate`/);
      const table = await runCli(store(), [registerBorder], args);
      assert.ok(table.err.includes(`note: ${note}\n`), table.err);
      const res = await createApi({ store: store(), log: () => {} }).app.request(
        '/api/v1/border?from=2026-03-16&to=2026-03-16',
      );
      assert.deepEqual(((await res.json()) as typeof json).meta.notes, json.meta.notes);
    });
  });

  describe('faultline border: an event in two series', () => {
    it("says how many events both pakistani_strikes and ttp_near_border count (Pakistan's strike on the TTP in Nangarhar, 21 February 2026), so the series are not added", async () => {
      // The raw Candidate rows of February 2026 with the Government of Pakistan against the TTP in
      // Afghanistan: one, the strike of 21 February in Behsud, Nangarhar, some 30 km from the line.
      const rows = candidateRows();
      const feb = rows.filter(
        (r) =>
          r.side_a === 'Government of Pakistan' &&
          r.side_b === 'TTP' &&
          r.country === 'Afghanistan' &&
          r.date_start!.startsWith('2026-02'),
      );
      assert.deepEqual(
        feb.map((r) => [r.id, r.adm_1]),
        [['618155', 'Nangarhar province']],
      );
      const deaths = Number(feb[0]!.best);
      const cli = await runCli(
        store(),
        [registerBorder],
        ['border', '--from', '2026-02', '--to', '2026-02', '--format', 'json'],
      );
      const json = JSON.parse(cli.out) as {
        rows: { series: string; side: string; events: number; fatalities_best: number }[];
        meta: { notes: string[] };
      };
      const row = (series: string) => json.rows.find((r) => r.series === series && r.side === 'AFG')!;
      assert.deepEqual(
        [row('pakistani_strikes').events, row('pakistani_strikes').fatalities_best],
        [1, deaths],
      );
      assert.deepEqual([row('ttp_near_border').events, row('ttp_near_border').fatalities_best], [1, deaths]);
      assert.ok(
        json.meta.notes.includes(
          `1 event (${deaths} deaths, best) is in both \`pakistani_strikes\` and \`ttp_near_border\` (Pakistan's strikes on the TTP within 50 km of the border): each series counts it, so the series are not to be added`,
        ),
        json.meta.notes.join('\n'),
      );
      // Within 10 km the strike is no TTP event near the border, and no event is in both.
      const near = JSON.parse(
        (
          await runCli(
            store(),
            [registerBorder],
            ['border', '--from', '2026-02', '--to', '2026-02', '--max-border-km', '10', '--format', 'json'],
          )
        ).out,
      ) as typeof json;
      assert.ok(!near.meta.notes.some((n) => n.includes('in both')), near.meta.notes.join('\n'));
    });
  });

  describe('faultline border: events whose point and source name different sides near the line', () => {
    // The raw Candidate rows of the three interstate events of 2026 whose point lies on the other side
    // of Natural Earth's line than UCDP's `country`: Torkham town (618277, 0.1 km inside Pakistan's
    // outline), Torkham border crossing (620664, 3.7 km inside Afghanistan's) and Do Kalam (622878, 1 km).
    const raw = candidateRows().filter((r) => ['618277', '620664', '622878'].includes(r.id!));
    const iso: Record<string, string> = { Pakistan: 'PAK', Afghanistan: 'AFG' };
    const ids = raw.map((r) => `ucdp-candidate:${r.id}`).sort();
    type Answer = {
      rows: { series: string; side: string; events: number | null }[];
      imprecise: { series: string; side: string | null; events: number }[];
      meta: { notes: string[] };
    };
    const interstateOn = (a: Answer, side: string) =>
      a.rows
        .filter((r) => r.series === 'interstate' && r.side === side)
        .reduce((n, r) => n + (r.events ?? 0), 0) +
      a.imprecise
        .filter((r) => r.series === 'interstate' && r.side === side)
        .reduce((n, r) => n + r.events, 0);

    it("puts each on UCDP's side in the events listing (JSON and CSV) of the CLI and the API, basis country, as --country counts it", async () => {
      assert.deepEqual(
        raw.map((r) => [r.id, r.country]),
        [
          ['618277', 'Afghanistan'],
          ['622878', 'Afghanistan'],
          ['620664', 'Pakistan'],
        ],
      );
      const args = ['events', '--dyad', 'pakistan:afghanistan', '--from', '2026', '--to', '2026'];
      const json = JSON.parse(
        (await runCli(store(), [registerEvents], [...args, '--format', 'json'])).out,
      ) as {
        id: string;
        border_side: string;
        border_side_basis: string;
        border_method: string;
        border_km: number;
      }[];
      const csv = parse((await runCli(store(), [registerEvents], [...args, '--format', 'csv'])).out, {
        columns: true,
      }) as { id: string; border_side: string; border_side_basis: string }[];
      const api = await createApi({ store: store(), log: () => {} }).app.request(
        '/api/v1/events?dyad=pakistan:afghanistan&from=2026&to=2026&format=csv&limit=1000',
      );
      assert.equal(api.status, 200);
      const apiCsv = parse(await api.text(), { columns: true }) as typeof csv;
      for (const r of raw) {
        const id = `ucdp-candidate:${r.id}`;
        const e = json.find((x) => x.id === id)!;
        assert.equal(e.border_method, 'point', id);
        assert.ok(e.border_km <= 5, `${id}: ${e.border_km} km`);
        for (const x of [e, csv.find((c) => c.id === id)!, apiCsv.find((c) => c.id === id)!])
          assert.deepEqual([x.border_side, x.border_side_basis], [iso[r.country!], 'country'], id);
      }
    });

    it('the border view counts the interstate events on each side as --country does (73 in Afghanistan, 17 in Pakistan), and names the three, in the CLI and the API alike', async () => {
      const count = async (country: string) =>
        (
          JSON.parse(
            (
              await runCli(
                store(),
                [registerEvents],
                [
                  'events',
                  '--dyad',
                  'pakistan:afghanistan',
                  '--country',
                  country,
                  '--from',
                  '2026',
                  '--to',
                  '2026',
                  '--format',
                  'json',
                ],
              )
            ).out,
          ) as unknown[]
        ).length;
      const [afg, pak] = [await count('AFG'), await count('PAK')];
      assert.deepEqual([afg, pak], [73, 17]);
      const cli = await runCli(
        store(),
        [registerBorder],
        ['border', '--from', '2026', '--to', '2026', '--format', 'json'],
      );
      const json = JSON.parse(cli.out) as Answer;
      assert.deepEqual([interstateOn(json, 'AFG'), interstateOn(json, 'PAK')], [afg, pak]);
      const note = `3 events (${ids.join(', ')}) lie within 5 km of the border line on the other side of it than their source's country: the simplified line cannot tell the side that close, so the source's country decides (\`border_side_basis\` country), as claims and \`--country\` count them, and so does their province (\`admin1_code\`: the nearest of that country's, \`geo_method\` border_snap; docs/geography.md)`;
      assert.ok(json.meta.notes.includes(note), json.meta.notes.join('\n'));
      assert.ok(
        json.meta.notes.some((n) => n.startsWith(`${afg} interstate events (`)),
        json.meta.notes.join('\n'),
      );
      const table = await runCli(store(), [registerBorder], ['border', '--from', '2026', '--to', '2026']);
      assert.ok(table.err.includes(`note: ${note}\n`), table.err);
      const res = await createApi({ store: store(), log: () => {} }).app.request(
        '/api/v1/border?from=2026&to=2026',
      );
      assert.equal(res.status, 200);
      const api = (await res.json()) as Answer;
      assert.deepEqual([interstateOn(api, 'AFG'), api.meta.notes], [afg, json.meta.notes]);
    });
  });
});
