import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bundledApi } from '../../../test/helpers/bundled-api.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { registerEvent } from './event.ts';

const { store } = bundledApi();

describe('faultline event', () => {
  it('says --format json gives a cut cell whole, not csv, which event refuses', async () => {
    const r = await runCli(store(), [registerEvent], ['event', 'ucdp-ged:374523']);
    assert.equal(r.error, undefined);
    // The original record's source_article and the file's sha256 are longer than a cell.
    assert.match(
      r.out,
      /\(\d+ cells? cut at 48 characters, ending in …: --format json gives every value whole\)/,
    );
    assert.doesNotMatch(r.out, /--format csv/);
    const csv = await runCli(store(), [registerEvent], ['event', 'ucdp-ged:374523', '--format', 'csv']);
    assert.equal((csv.error as Error).message, 'invalid format: "csv" (use table or json)');
  });
});
