import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bundledApi } from '../../../test/helpers/bundled-api.ts';
import { registeredCommand, runCli } from '../../../test/helpers/in-process-cli.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { registerGeo } from './geo.ts';
import { failureLine } from '../fail.ts';

const { store } = bundledApi();
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
