import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bundledApi } from '../../../test/helpers/bundled-api.ts';
import { registeredCommand, runCli } from '../../../test/helpers/in-process-cli.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { registerEvents } from './events.ts';
import { registerGeo } from './geo.ts';
import { addStagedEvents, stagedEvent } from '../../../test/helpers/synthetic-events.ts';
import { createStore } from '../../storage/index.ts';
import { exitCodeFor, failureLine } from '../fail.ts';

const { store, get, errorOf } = bundledApi();
const cli = (...args: string[]) => runCli(store(), [registerGeo], ['geo', ...args]);

describe('faultline geo summary', () => {
  it('--format csv and ndjson give the rows in that format, as --help says (they printed the table)', async () => {
    const json = JSON.parse((await cli('summary', '--format', 'json')).out) as Record<string, unknown>[];
    assert.ok(json.length > 0);
    const csv = (await cli('summary', '--format', 'csv')).out.trimEnd().split('\n');
    assert.equal(csv[0], 'country,geo_method,events,snapped');
    assert.equal(csv.length, json.length + 1);
    const ndjson = (await cli('summary', '--format', 'ndjson')).out.trimEnd().split('\n');
    assert.deepEqual(
      ndjson.map((l) => JSON.parse(l) as unknown),
      json,
    );
  });
});

describe('faultline geo disagreements', () => {
  type Listed = {
    placements: Record<string, unknown>[];
    methods: string[];
    counts: Record<string, number | null>;
    total: number | null;
    events: number | null;
    limit: number;
    note: string | null;
  };
  // Without --from/--to a list is of every day the sources cover, whose gaps `faultline events` names
  // for the same filter: GED 22.1 (Pakistan) ends 2021-12-31 and Candidate starts 2026-01-01.
  const partlyAll =
    'partly covered: no loaded source version covers 2022-01-01 to 2025-12-31: periods there show no reporting, not no violence; no loaded source version covers AFG from 1989-01-01 to 2021-12-31: that country has no reporting there, not no violence, and totals there count the other countries alone (meta.uncovered_countries)';

  it("lists the events placed on their own country's province across the border (border_snap) with the point's province, the placed one and the distance, as the API does", async () => {
    // They were only counted by `geo summary`: the list held the disagree events alone.
    const r = await cli('disagreements', '--format', 'json');
    const all = JSON.parse(r.out) as Listed;
    assert.deepEqual(all.methods, ['disagree', 'border_snap', 'other_country']);
    const snapped = all.placements.filter((p) => p.geo_method === 'border_snap');
    assert.deepEqual(snapped.map((p) => [p.id, p.country, p.point_admin1_code, p.admin1_code]).sort(), [
      ['ucdp-candidate:618277', 'AFG', 'PK-KP', 'AF-NAN'],
      ['ucdp-candidate:620664', 'PAK', 'AF-NAN', 'PK-KP'],
      ['ucdp-candidate:622878', 'AFG', 'PK-KP', 'AF-KNR'],
      ['ucdp-ged:153107', 'PAK', 'AF-KNR', 'PK-KP'],
      ['ucdp-ged:57680', 'PAK', 'AF-NAN', 'PK-KP'],
      ['ucdp-ged:58751', 'PAK', 'AF-KNR', 'PK-KP'],
      ['ucdp-ged:60623', 'PAK', 'AF-KNR', 'PK-KP'],
    ]);
    assert.ok(
      snapped.every((p) => (p.snapped_km as number) > 0 && (p.snapped_km as number) <= 5),
      JSON.stringify(snapped.map((p) => p.snapped_km)),
    );
    assert.deepEqual(
      [all.counts.border_snap, all.counts.other_country, all.placements.length],
      [7, 0, all.counts.disagree! + 7],
    );
    // The disagree ones: each point and label name different provinces of the event's country, the
    // point's taken, and there are as many as geo summary counts (8, all of Pakistan).
    const disagree = all.placements.filter((p) => p.geo_method === 'disagree');
    assert.ok(
      disagree.every(
        (p) =>
          p.point_admin1_code !== p.label_admin1_code &&
          p.admin1_code === p.point_admin1_code &&
          p.label_admin1_code !== null,
      ),
    );
    const counted = (await store().placementCounts())
      .filter((c) => c.geoMethod === 'disagree')
      .reduce((n, c) => n + c.events, 0);
    assert.deepEqual([disagree.length, all.counts.disagree], [counted, counted]);
    // Every listed event counted among every event, under the default limit: the list is whole, and
    // its note says only what the sources do not cover.
    assert.deepEqual([all.total, all.limit, all.note], [all.placements.length, 1000, partlyAll]);
    assert.ok(all.events! > all.total!, `${all.total} among ${all.events}`);
    // Filtered by method, in the CLI and the API alike.
    const only = await cli('disagreements', '--method', 'border_snap', '--format', 'json');
    const listed = JSON.parse(only.out) as Listed;
    assert.deepEqual(listed.placements, snapped);
    const api = await get('/api/v1/geo/disagreements?method=border_snap');
    assert.equal(api.status, 200);
    assert.deepEqual(await api.json(), listed);
    const csv = await get('/api/v1/geo/disagreements?method=Border_Snap&country=PAK&format=csv');
    assert.equal(
      await csv.text(),
      (await cli('disagreements', '--method', 'border_snap', '--country', 'PAK', '--format', 'csv')).out,
    );
    // The table names the methods counted.
    const table = await cli('disagreements', '--method', 'border_snap,disagree');
    assert.ok(table.err.startsWith(`${partlyAll}\n`), table.err);
    assert.match(table.err, /\n\d+ among [\d,]+ events \(\d+ disagree, 7 border_snap\)\n$/);
  });

  it('a list cut at --limit (limit=) holds the first events by date and says how many of how many it shows, in the CLI and the API alike', async () => {
    const whole = JSON.parse((await cli('disagreements', '--format', 'json')).out) as Listed;
    // Before, nothing cut the list but the read of 100,000 events, and a limit was refused.
    const cut = await cli('disagreements', '--limit', '3', '--format', 'json');
    assert.equal(cut.error, undefined);
    const listed = JSON.parse(cut.out) as Listed;
    assert.deepEqual(listed.placements, whole.placements.slice(0, 3));
    assert.deepEqual([listed.total, listed.counts, listed.limit], [whole.total, whole.counts, 3]);
    const note = `${partlyAll} | shows the first 3 of ${whole.total} events by date: give a larger limit (at most 10000), or fewer countries or methods, for the rest`;
    assert.equal(listed.note, note);
    assert.equal(cut.err, `${note.replace('larger limit', 'larger --limit')}\n`);
    const api = await get('/api/v1/geo/disagreements?limit=3');
    assert.deepEqual(await api.json(), listed);
    // CSV carries the rows alone: the count and the note in headers.
    const csv = await get('/api/v1/geo/disagreements?limit=3&format=csv');
    assert.deepEqual(
      [csv.headers.get('x-faultline-total'), csv.headers.get('x-faultline-notes')],
      [String(whole.total), note],
    );
    assert.equal(await csv.text(), (await cli('disagreements', '--limit', '3', '--format', 'csv')).out);
    // A limit of 0 gives the counts alone; the table says under it how many of each there are.
    const counts = JSON.parse((await cli('disagreements', '--limit', '0', '--format', 'json')).out) as Listed;
    assert.deepEqual([counts.placements, counts.counts], [[], whole.counts]);
    const table = await cli('disagreements', '--limit', '2');
    assert.match(
      table.err,
      /^partly covered: .* \| shows the first 2 of \d+ events by date: .*\n\d+ among [\d,]+ events \(\d+ disagree, 7 border_snap, 0 other_country\)\n$/,
    );
  });

  it("takes the event filters as `faultline events` does (dates, sources, ...), the store's read filtering by them, in the CLI and the API alike", async () => {
    // Before, --country was the only filter, and --from was refused as an unknown option.
    const year = await cli(
      'disagreements',
      '--from',
      '2009',
      '--to',
      '2009',
      '--method',
      'border_snap',
      '--format',
      'json',
    );
    assert.equal(year.error, undefined);
    const listed = JSON.parse(year.out) as Listed;
    assert.deepEqual(
      listed.placements.map((p) => [p.id, p.date_start]),
      [
        ['ucdp-ged:57680', '2009-08-27'],
        ['ucdp-ged:60623', '2009-10-24'],
      ],
    );
    assert.equal(listed.events, await store().countEvents({ from: '2009-01-01', to: '2009-12-31' }));
    const api = await get('/api/v1/geo/disagreements?from=2009&to=2009&method=border_snap');
    assert.deepEqual(await api.json(), listed);
    const candidate = JSON.parse(
      (
        await cli(
          'disagreements',
          '--source',
          'ucdp-candidate',
          '--method',
          'border_snap',
          '--format',
          'json',
        )
      ).out,
    ) as Listed;
    assert.deepEqual(candidate.placements.map((p) => p.id).sort(), [
      'ucdp-candidate:618277',
      'ucdp-candidate:620664',
      'ucdp-candidate:622878',
    ]);
  });

  it("at --level admin2 takes the same filters (it refused --from), counting Pakistan's events they match; a bad value is refused in one line, exit 2", async () => {
    const admin2 = await cli(
      'disagreements',
      '--level',
      'admin2',
      '--from',
      '2009',
      '--to',
      '2009',
      '--format',
      'json',
    );
    assert.equal(admin2.error, undefined);
    const r = JSON.parse(admin2.out) as {
      groups: { events: number }[];
      events: number;
      total: number;
      note: null;
    };
    const year = { from: '2009-01-01', to: '2009-12-31' };
    assert.equal(r.total, await store().countEvents({ ...year, country: ['PAK'] }));
    const whole = JSON.parse(
      (await cli('disagreements', '--level', 'admin2', '--format', 'json')).out,
    ) as typeof r;
    assert.ok(r.total < whole.total && r.events > 0 && r.events < whole.events, `${r.events} of ${r.total}`);
    assert.equal(
      r.groups.reduce((n, g) => n + g.events, 0),
      r.events,
    );
    assert.equal(r.note, null);
    const geo = registeredCommand(store(), [registerGeo], ['geo', 'disagreements']);
    const bad = await cli('disagreements', '--level', 'admin2', '--from', '2009-13');
    assert.equal(
      failureLine(bad.error, geo),
      'faultline: invalid date for --from: "2009-13" (use a year 2021, a month 2021-03 or a day 2021-03-07)\n',
    );
    assert.equal(exitCodeFor(bad.error), 2);
    const afg = await cli('disagreements', '--level', 'admin2', '--country', 'AFG');
    assert.equal(
      failureLine(afg.error, geo),
      'faultline: invalid --country: "AFG" (district disagreements are for Pakistan, whose 2023 districts the labels are read against)\n',
    );
  });

  it('a --from/--to period no loaded source covers is said to be not covered, at either level, not "0 among 0 events"', async () => {
    const covers =
      '(ucdp-candidate 26.0.6 covers 2026-01-01 to 2026-07-01; ucdp-candidate 26.0.7 covers 2026-07-01 to 2026-07-31; ucdp-ged 22.1 covers 1989-01-01 to 2021-12-31)';
    const note = `not covered: no loaded source covers 1950-01-01 to 1950-12-31 ${covers}, so nothing is known there (not zero disagreements)`;
    // Before, the note spoke only of countries and sources, and the table said "0 among 0 events".
    const table = await cli('disagreements', '--from', '1950', '--to', '1950');
    assert.equal(table.err, `${note}\n`);
    const json = JSON.parse(
      (await cli('disagreements', '--from', '1950', '--to', '1950', '--format', 'json')).out,
    ) as Listed;
    // Nothing is known there: no count is given, as a series gives none (they were zeros).
    const unknown = {
      placements: [],
      counts: { disagree: null, border_snap: null, other_country: null },
      total: null,
      events: null,
      note,
    };
    const said = (r: Listed) => ({
      placements: r.placements,
      counts: r.counts,
      total: r.total,
      events: r.events,
      note: r.note,
    });
    assert.deepEqual(said(json), unknown);
    const api = await get('/api/v1/geo/disagreements?from=1950&to=1950');
    assert.deepEqual(said((await api.json()) as Listed), unknown);
    // CSV carries rows only: no total header where none is known, the note in its own.
    const csv = await get('/api/v1/geo/disagreements?from=1950&to=1950&format=csv');
    assert.deepEqual(
      [csv.headers.get('x-faultline-total'), csv.headers.get('x-faultline-notes')],
      [null, note],
    );
    const admin2 = await cli('disagreements', '--level', 'admin2', '--from', '1950', '--to', '1950');
    assert.equal(admin2.err, `${note}\n`);
    // A country no source covers is still said so, as before.
    const none = JSON.parse(
      (await cli('disagreements', '--country', 'IND', '--format', 'json')).out,
    ) as Listed;
    assert.deepEqual(
      [none.note, none.total, none.counts.disagree],
      [
        'not covered: no loaded source version covers IND, so nothing is known (not zero disagreements)',
        null,
        null,
      ],
    );
  });

  it('a --from/--to period covered in part says "partly covered" as faultline events does, at either level, beside counts of the covered days; a covered period says nothing', async () => {
    // GED 22.1 ends 2021-12-31 and Candidate starts 2026-01-01: 2022-2025 is covered by no source.
    const gap =
      'no loaded source version covers 2022-01-01 to 2025-12-31: periods there show no reporting, not no violence';
    const afg =
      'no loaded source version covers AFG from 2020-01-01 to 2021-12-31: that country has no reporting there, not no violence, and totals there count the other countries alone (meta.uncovered_countries)';
    const partly = `partly covered: ${gap}; ${afg}`;
    const period = ['--from', '2020', '--to', '2026-03'];
    // The line faultline events prints for the same filter.
    const events = await runCli(store(), [registerEvents], ['events', ...period, '--limit', '1']);
    assert.ok(events.err.endsWith(`\n${partly}\n`), events.err);
    // Before, the lists said nothing, and their counts read as the whole period's.
    const json = JSON.parse((await cli('disagreements', ...period, '--format', 'json')).out) as Listed;
    assert.deepEqual(
      [json.note, json.total, json.counts],
      [partly, 3, { disagree: 0, border_snap: 3, other_country: 0 }],
    );
    const table = await cli('disagreements', ...period);
    assert.equal(
      table.err,
      `${partly}\n3 among ${json.events!.toLocaleString('en-US')} events (0 disagree, 3 border_snap, 0 other_country)\n`,
    );
    // Cut at the limit too: both notes, the coverage first, joined as the notes header joins notes.
    const cut = `shows the first 1 of 3 events by date: give a larger limit (at most 10000), or fewer countries or methods, for the rest`;
    const api = await get('/api/v1/geo/disagreements?from=2020&to=2026-03&limit=1');
    assert.equal(((await api.json()) as Listed).note, `${partly} | ${cut}`);
    const csv = await get('/api/v1/geo/disagreements?from=2020&to=2026-03&format=csv');
    assert.deepEqual(
      [csv.headers.get('x-faultline-total'), csv.headers.get('x-faultline-notes')],
      ['3', partly],
    );
    // Pakistan's lists: one country, so the period's gap alone; the counts stay, of the covered days.
    const admin2 = JSON.parse(
      (await cli('disagreements', '--level', 'admin2', ...period, '--format', 'json')).out,
    ) as { events: number | null; total: number | null; note: string | null };
    assert.equal(admin2.note, `partly covered: ${gap}`);
    assert.ok(admin2.total! > 0 && admin2.events! > 0, JSON.stringify(admin2));
    const admin2Table = await cli('disagreements', '--level', 'admin2', ...period);
    assert.equal(
      admin2Table.err,
      `partly covered: ${gap}\n${admin2.events} of ${admin2.total} events of Pakistan have their point in another district than their label names; they count in the point's district\n`,
    );
    const unplaced = JSON.parse((await cli('unplaced', ...period, '--format', 'json')).out) as {
      events: number;
      total: number;
      note: string | null;
    };
    assert.deepEqual([unplaced.note, unplaced.total], [`partly covered: ${gap}`, admin2.total]);
    assert.equal(
      (await cli('unplaced', ...period)).err,
      `partly covered: ${gap}\n${unplaced.events} of ${unplaced.total!.toLocaleString('en-US')} events in Pakistan have no district\n`,
    );
    // A period some source covers every day of, for every country asked, says nothing.
    const covered = ['--from', '2020', '--to', '2021', '--format', 'json'];
    for (const args of [
      ['disagreements', '--country', 'PAK', ...covered],
      ['disagreements', '--level', 'admin2', ...covered],
      ['unplaced', ...covered],
    ])
      assert.equal(
        (JSON.parse((await cli(...args)).out) as { note: string | null }).note,
        null,
        args.join(' '),
      );
  });

  it('without --from/--to says the sources leave 2022-2025 uncovered as faultline events does, at either level and in x-faultline-notes, beside counts of the covered days', async () => {
    // Before, the lists said nothing of the gap unless --from/--to were given, and their counts read
    // as those of 1989-2026 whole.
    const gap =
      'partly covered: no loaded source version covers 2022-01-01 to 2025-12-31: periods there show no reporting, not no violence';
    const line = async (...filter: string[]) => {
      const r = await runCli(store(), [registerEvents], ['events', ...filter, '--limit', '1']);
      return r.err.trimEnd().split('\n').at(-1);
    };
    assert.equal(await line(), partlyAll);
    assert.equal(await line('--country', 'PAK'), gap);
    const json = JSON.parse((await cli('disagreements', '--format', 'json')).out) as Listed;
    assert.deepEqual([json.note, json.total! > 0], [partlyAll, true]);
    assert.equal(
      (await cli('disagreements')).err,
      `${partlyAll}\n${json.total} among ${json.events!.toLocaleString('en-US')} events (${json.counts.disagree} disagree, ${json.counts.border_snap} border_snap, 0 other_country)\n`,
    );
    const csv = await get('/api/v1/geo/disagreements?format=csv');
    assert.deepEqual(
      [csv.headers.get('x-faultline-total'), csv.headers.get('x-faultline-notes')],
      [String(json.total), partlyAll],
    );
    const pak = JSON.parse(
      (await cli('disagreements', '--country', 'PAK', '--format', 'json')).out,
    ) as Listed;
    assert.equal(pak.note, gap);
    for (const args of [['disagreements', '--level', 'admin2'], ['unplaced']]) {
      const r = JSON.parse((await cli(...args, '--format', 'json')).out) as {
        events: number;
        total: number;
        note: string | null;
      };
      assert.deepEqual([r.note, r.total > 0], [gap, true], args.join(' '));
      assert.ok(
        (await cli(...args)).err.startsWith(
          `${gap}\n${r.events} of ${r.total.toLocaleString('en-US')} events`,
        ),
        args.join(' '),
      );
    }
    // Candidate alone covers 2026-01-01 to 2026-07-31 whole: nothing to say.
    const candidate = ['--source', 'ucdp-candidate', '--format', 'json'];
    for (const args of [
      ['disagreements', ...candidate],
      ['disagreements', '--level', 'admin2', ...candidate],
      ['unplaced', ...candidate],
    ])
      assert.equal(
        (JSON.parse((await cli(...args)).out) as { note: string | null }).note,
        null,
        args.join(' '),
      );
  });

  it('refuses a limit out of range naming --limit (limit= in the API), and one at --level admin2', async () => {
    const geo = registeredCommand(store(), [registerGeo], ['geo', 'disagreements']);
    const r = await cli('disagreements', '--limit', '10001');
    assert.equal(
      failureLine(r.error, geo),
      'faultline: invalid --limit: "10001" (use an integer from 0 to 10000)\n',
    );
    const res = await get('/api/v1/geo/disagreements?limit=10001');
    assert.equal(res.status, 400);
    assert.equal(await errorOf(res), 'invalid limit: "10001" (use an integer from 0 to 10000)');
    const admin2 = await cli('disagreements', '--level', 'admin2', '--limit', '5');
    assert.equal(
      (admin2.error as Error).message,
      'invalid limit: "5" (--level admin2 lists every group: the limit is of --level admin1\'s events)',
    );
  });

  it('refuses a method it does not list in one line quoting it, exit 2 and HTTP 400', async () => {
    const r = await cli('disagreements', '--method', 'agree');
    assert.equal(
      (r.error as Error).message,
      'invalid method: "agree" (use disagree, border_snap or other_country)',
    );
    const res = await get('/api/v1/geo/disagreements?method=agree');
    assert.equal(res.status, 400);
    assert.equal(await errorOf(res), 'invalid method: "agree" (use disagree, border_snap or other_country)');
    const empty = await get('/api/v1/geo/disagreements?method=disagree,');
    assert.equal(
      await errorOf(empty),
      'invalid method: "disagree," (use disagree, border_snap or other_country, comma-separated)',
    );
    const admin2 = await cli('disagreements', '--level', 'admin2', '--method', 'disagree');
    assert.equal(
      (admin2.error as Error).message,
      'invalid method: "disagree" (the placement methods are listed at --level admin1, one row per event)',
    );
  });
});

describe('faultline geo unplaced', () => {
  type Unplaced = { groups: { events: number }[]; events: number; total: number; note: string | null };

  it("takes the event filters of faultline events (it took none), counting Pakistan's events they match; a bad value is refused in one line, exit 2", async () => {
    const r = await cli(
      'unplaced',
      '--from',
      '2009',
      '--to',
      '2012',
      '--admin1',
      'PK-KP',
      '--format',
      'json',
    );
    assert.equal(r.error, undefined);
    const listed = JSON.parse(r.out) as Unplaced;
    const filter = { from: '2009-01-01', to: '2012-12-31', admin1: ['PK-KP'], country: ['PAK'] };
    assert.equal(listed.total, await store().countEvents(filter));
    const whole = JSON.parse((await cli('unplaced', '--format', 'json')).out) as Unplaced;
    assert.ok(listed.total < whole.total, `${listed.total} of ${whole.total}`);
    assert.deepEqual([listed.groups.reduce((n, g) => n + g.events, 0), listed.note], [listed.events, null]);
    const table = await cli('unplaced', '--from', '2009', '--to', '2012', '--admin1', 'PK-KP');
    assert.equal(
      table.err,
      `${listed.events} of ${listed.total!.toLocaleString('en-US')} events in Pakistan have no district\n`,
    );
    const geo = registeredCommand(store(), [registerGeo], ['geo', 'unplaced']);
    const bad = await cli('unplaced', '--max-border-km', 'far');
    assert.match(failureLine(bad.error, geo), /^faultline: invalid --max-border-km: "far" \(.*\)\n$/);
    assert.equal(exitCodeFor(bad.error), 2);
    const afg = await cli('unplaced', '--country', 'AFG');
    assert.equal(
      failureLine(afg.error, geo),
      'faultline: invalid --country: "AFG" (the districts of geo unplaced are for Pakistan, whose 2023 districts the labels are read against)\n',
    );
    const uncovered = await cli('unplaced', '--from', '1950', '--to', '1950');
    assert.match(
      uncovered.err,
      /^not covered: no loaded source covers 1950-01-01 to 1950-12-31 \(.*\), so nothing is known there \(not zero events without a district\)\n$/,
    );
  });
});

describe('faultline place', () => {
  it('a name nothing matches is not found (exit 3) in one line quoting it', async () => {
    const r = await runCli(store(), [registerGeo], ['place', 'Nowhere near']);
    assert.ok(r.error instanceof NotFoundError);
    assert.equal(r.error.message, 'no place matches: "Nowhere near"');
  });

  it("a name too short is refused naming the <name> argument (it said the API's `invalid q`)", async () => {
    const r = await runCli(store(), [registerGeo], ['place', 'x']);
    // As the program shows it: with the command that ran, which tells an argument from a flag.
    const place = registeredCommand(store(), [registerGeo], ['place']);
    assert.equal(failureLine(r.error, place), 'faultline: invalid <name>: "x" (use at least 2 characters)\n');
  });

  it('an unknown --country is refused naming the flag, as every filter names it (it said "unknown country")', async () => {
    const r = await runCli(store(), [registerGeo], ['place', 'Peshawar', '--country', 'XYZ']);
    const place = registeredCommand(store(), [registerGeo], ['place']);
    assert.equal(
      failureLine(r.error, place),
      'faultline: unknown --country: "XYZ" (nearest: BLZ, CYM, CYP, KAZ, KGZ)\n',
    );
    // The API names its parameter.
    assert.equal((r.error as Error).message, 'unknown country: "XYZ" (nearest: BLZ, CYM, CYP, KAZ, KGZ)');
  });
});

describe('faultline geo: counts of one in prose', () => {
  // Kashmir (PK-JK) in 2011 holds one event, with no district; Balochistan in 2010 one event of 34
  // whose point and label name different districts. The lines read "1 of 1 events ... have".
  it('geo unplaced says "1 of 1 event in Pakistan has no district"', async () => {
    const r = await cli('unplaced', '--from', '2011', '--to', '2011', '--admin1', 'PK-JK');
    assert.equal(r.err, '1 of 1 event in Pakistan has no district\n');
  });

  it('geo disagreements --level admin2 says the one event "has its point" and "counts"', async () => {
    const r = await cli(
      'disagreements',
      '--level',
      'admin2',
      '--from',
      '2010',
      '--to',
      '2010',
      '--admin1',
      'PK-BA',
    );
    assert.equal(
      r.err,
      "1 of 34 events of Pakistan has its point in another district than its label names; it counts in the point's district\n",
    );
  });
});

describe('faultline geo refresh: one event', () => {
  it('says "placed 1 event again" (it said "placed 1 events") and how many changed placement, in text and JSON', async () => {
    const one = await createStore({ path: ':memory:' });
    try {
      await addStagedEvents(one, [stagedEvent('1')]);
      const r = await runCli(one, [registerGeo], ['geo', 'refresh']);
      assert.equal(r.error, undefined);
      assert.equal(r.out, 'placed 1 event again: 1 placed otherwise than before\n');
      // Placed again as it now is: placed, not written.
      const again = await runCli(one, [registerGeo], ['geo', 'refresh', '--format', 'json']);
      assert.deepEqual(JSON.parse(again.out), { placed: 1, changed: 0 });
    } finally {
      await one.close();
    }
  });
});

describe('faultline geo summary: the events geo disagreements counts', () => {
  it("leaves desk events out unless --include-desk, as geo disagreements does, and says what it counts (it counted a desk event's disagree that the list did not)", async () => {
    const own = await createStore({ path: ':memory:' });
    try {
      // Synthetic: a GED event and a published desk event, each placed by its point against its label.
      const disagree = { geoMethod: 'disagree' as const, pointAdmin1Code: 'PK-BA', labelAdmin1Code: 'PK-SD' };
      await addStagedEvents(own, [
        stagedEvent('1', disagree),
        stagedEvent('2', { ...disagree, id: 'faultline-desk:2', source: 'faultline-desk' }),
      ]);
      const run = async (args: string[]) => {
        const summary = await runCli(own, [registerGeo], ['geo', 'summary', '--format', 'json', ...args]);
        const list = await runCli(own, [registerGeo], ['geo', 'disagreements', '--format', 'json', ...args]);
        const rows = JSON.parse(summary.out) as { geo_method: string; events: number }[];
        return {
          summary: rows.filter((r) => r.geo_method === 'disagree').reduce((n, r) => n + r.events, 0),
          list: (JSON.parse(list.out) as { counts: { disagree: number } }).counts.disagree,
          note: summary.err,
        };
      };
      assert.deepEqual(await run([]), {
        summary: 1,
        list: 1,
        note: 'counts: events of the loaded source versions, superseded Candidate events left out, desk events left out (--include-desk counts them), as geo disagreements and geo unplaced count them\n',
      });
      assert.deepEqual(await run(['--include-desk']), {
        summary: 2,
        list: 2,
        note: 'counts: events of the loaded source versions, superseded Candidate events left out, published desk events included, as geo disagreements and geo unplaced count them\n',
      });
    } finally {
      await own.close();
    }
  });
});
