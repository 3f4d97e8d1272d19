import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bundledApi } from '../../../test/helpers/bundled-api.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import type { IndexAnswer } from '../../app/analysis/conflict-index.ts';
import { readable } from '../../domain/readable.ts';
import { registerIndex } from './conflict-index.ts';

const { store, get } = bundledApi();

describe('faultline index (table)', () => {
  it('shows the rates per 100,000 people its note speaks of (they were in csv and json only)', async () => {
    const args = ['index', '--country', 'PAK', '--from', '2021', '--to', '2021'];
    const { out, err } = await runCli(store(), [registerIndex], args);
    assert.match(err, /^note: rates per 100,000 people use /m);
    const head = out.split('\n')[0]!.split(/ +/);
    assert.deepEqual(head.slice(-2), ['events_per_100k', 'civilian_deaths_per_100k']);
    const api = (await (await get('/api/v1/index?country=PAK&from=2021&to=2021')).json()) as IndexAnswer;
    const kp = api.units.find((u) => u.admin1_code === 'PK-KP')!;
    const [events, civilians] = [Number(kp.events_per_100k), Number(kp.civilian_deaths_per_100k)];
    assert.ok(events > 0 && civilians > 0);
    const row = out.split('\n').find((l) => l.startsWith('PK-KP '))!;
    assert.deepEqual(row.split(/ {2,}/).slice(-2), [
      readable(events, 'events_per_100k'),
      readable(civilians, 'civilian_deaths_per_100k'),
    ]);
  });
});
