import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bundledApi } from '../../../test/helpers/bundled-api.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { registerCompare } from '../../cli/commands/compare.ts';
import { exitCodeFor, failureLine } from '../../cli/fail.ts';

const { store, get, errorOf } = bundledApi();

describe('compare over HTTP and the CLI', () => {
  it('refuses a place or a period compared with itself, naming both parameters (400) or flags (exit 2)', async () => {
    // Each was answered with a rate ratio of 1, as if it said something (relations PAK PAK is refused).
    const cases: [string, string[], string][] = [
      [
        'place1=PK-KP&place2=PK-KP',
        ['--place1', 'PK-KP', '--place2', 'PK-KP'],
        'invalid comparison: place1 "PK-KP" and place2 "PK-KP" are the same place (name two different places)',
      ],
      // A code and the name the store matches it by are one place, in any case.
      [
        'place1=pk-kp&place2=Khyber%20Pakhtunkhwa',
        ['--place1', 'pk-kp', '--place2', 'Khyber Pakhtunkhwa'],
        'invalid comparison: place1 "pk-kp" and place2 "Khyber Pakhtunkhwa" are the same place (name two different places)',
      ],
      [
        'level=country&place1=PAK&place2=pak',
        ['--level', 'country', '--place1', 'PAK', '--place2', 'pak'],
        'invalid comparison: place1 "PAK" and place2 "pak" are the same place (name two different places)',
      ],
      [
        'period1=2021&period2=2021',
        ['--period1', '2021', '--period2', '2021'],
        'invalid comparison: period1 "2021" and period2 "2021" are the same period (name two different periods)',
      ],
      [
        'period1=2021&period2=2021-01-01..2021-12-31',
        ['--period1', '2021', '--period2', '2021-01-01..2021-12-31'],
        'invalid comparison: period1 "2021" and period2 "2021-01-01..2021-12-31" are the same period (name two different periods)',
      ],
    ];
    for (const [query, flags, message] of cases) {
      const res = await get(`/api/v1/compare?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(await errorOf(res), message);
      const cli = await runCli(store(), [registerCompare], ['compare', ...flags]);
      const flagged = message.replace(/(place|period)([12]) "/g, '--$1$2 "');
      assert.deepEqual([exitCodeFor(cli.error), failureLine(cli.error)], [2, `faultline: ${flagged}\n`]);
    }
    // Two different places, or a period and a part of it, are still compared.
    for (const query of [
      'place1=PK-KP&place2=PK-BA&from=2021&to=2021',
      'place1=PK-KP&place2=PK-KP,PK-BA&from=2021&to=2021',
      'period1=2021&period2=2021-Q1',
    ]) {
      const res = await get(`/api/v1/compare?${query}`);
      assert.equal(res.status, 200, query);
    }
  });

  it('refuses places beside periods, and a level beside periods, quoting what was given (a level was ignored; a place got a message naming nothing)', async () => {
    const cases: [string, string[], string][] = [
      [
        'period1=2020&period2=2021&place1=PK-KP',
        ['--period1', '2020', '--period2', '2021', '--place1', 'PK-KP'],
        'invalid comparison: period1 "2020", period2 "2021", place1 "PK-KP" (give period1 and period2, or place1 and place2, not both)',
      ],
      [
        'period1=2020&period2=2021&level=admin2',
        ['--period1', '2020', '--period2', '2021', '--level', 'admin2'],
        'invalid level: "admin2" (it applies to place1 and place2, not to two periods; leave level out)',
      ],
    ];
    for (const [query, flags, message] of cases) {
      const res = await get(`/api/v1/compare?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(await errorOf(res), message);
      const cli = await runCli(store(), [registerCompare], ['compare', ...flags]);
      const flagged = message.replace(/\b(period1|period2|place1|place2|level)\b/g, '--$1');
      assert.deepEqual([exitCodeFor(cli.error), failureLine(cli.error)], [2, `faultline: ${flagged}\n`]);
    }
    // from and to beside two periods are quoted as typed (they were named alone).
    const bounds = await get('/api/v1/compare?period1=2020&period2=2021&from=0001-01-01&to=2021');
    assert.equal(
      await errorOf(bounds),
      'invalid parameter: from "0001-01-01" and to "2021" do not apply when comparing two periods (use period1 and period2)',
    );
    // The CLI's default level says nothing beside two periods.
    const cli = await runCli(
      store(),
      [registerCompare],
      ['compare', '--period1', '2020', '--period2', '2021'],
    );
    assert.equal(cli.error, undefined);
  });
});

describe('lists of metrics and lookbacks', () => {
  it('refuse an empty item quoting the whole list, as filter lists do (metrics dropped it; lookbacks quoted "")', async () => {
    const hint = '(an empty item between commas: give each value once, comma-separated)';
    for (const [url, message] of [
      ['/api/v1/series?metrics=events,', `invalid metrics: "events," ${hint}`],
      [
        '/api/v1/series?metrics=events,,fatalities_best',
        `invalid metrics: "events,,fatalities_best" ${hint}`,
      ],
      ['/api/v1/signals?lookbacks=365,,1095', `invalid lookbacks: "365,,1095" ${hint}`],
      ['/api/v1/signals?lookbacks=,', `invalid lookbacks: "," ${hint}`],
    ]) {
      const res = await get(url!);
      assert.equal(res.status, 400, url);
      assert.equal(await errorOf(res), message);
    }
    assert.equal(
      (await get('/api/v1/series?metrics=events,%20fatalities_best&from=2021&to=2021')).status,
      200,
    );
  });
});
