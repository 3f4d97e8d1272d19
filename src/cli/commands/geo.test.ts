import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bundledApi } from '../../../test/helpers/bundled-api.ts';
import { registeredCommand, runCli } from '../../../test/helpers/in-process-cli.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { registerGeo } from './geo.ts';
import { failureLine } from '../fail.ts';

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
    counts: Record<string, number>;
    note: string | null;
  };

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
      [7, 0, all.counts.disagree + 7],
    );
    assert.equal(all.note, null);
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
    assert.match(table.err, /^\d+ among \d+ events \(\d+ disagree, 7 border_snap\)\n$/);
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
