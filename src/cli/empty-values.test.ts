/**
 * An empty value is refused, never read as the flag left out, as the API refuses `metrics=`: a
 * script that passes an unset variable (`--metrics "$M"`) must not get every metric, every state or
 * the whole period without a word.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { bundledStoreCopy } from '../../test/helpers/bundled-store.ts';
import { runProgram } from '../../test/helpers/in-process-cli.ts';

describe('a flag given an empty value', () => {
  let env: Record<string, string>;
  before(async () => {
    env = { FAULTLINE_DB: await bundledStoreCopy() };
  });

  it('is refused in one line naming the flag, exit 2 (series, relations, indicators, desk list and brief --claims took it as absent)', async () => {
    const cases: [string[], string][] = [
      [
        ['series', '--metrics', ''],
        'invalid --metrics: "" (use events, fatalities_best, fatalities_low, fatalities_high, deaths_civilians, deaths_side_a, deaths_side_b or deaths_unknown)',
      ],
      [
        ['series', '--by', ''],
        'invalid --by: "" (use admin1, admin2, actor, type, source, h3, h3_fine or border_side)',
      ],
      [
        ['relations', 'PAK', 'AFG', '--from', ''],
        'invalid --from: "" (use a year 2021, a quarter 2021-Q4, a month 2021-03, an ISO week 2021-W05 or a day 2021-03-07)',
      ],
      [
        ['relations', 'PAK', 'AFG', '--to', ' '],
        'invalid --to: " " (use a year 2021, a quarter 2021-Q4, a month 2021-03, an ISO week 2021-W05 or a day 2021-03-07)',
      ],
      [['indicators', '--metric', ''], 'invalid --metric: "" (give a value, or leave the parameter out)'],
      [
        ['indicators', '--by', 'month', '--origin', ''],
        'invalid --origin: "" (give a value, or leave the parameter out)',
      ],
      [
        ['desk', 'list', '--state', ''],
        'invalid --state: "" (use draft, submitted, verified, published, rejected or retracted)',
      ],
      [['brief', '--period', '2021-10', '--claims', ''], 'no such file: ""'],
    ];
    for (const [args, line] of cases) {
      const r = await runProgram(env, [...args, '--format', 'json']);
      assert.deepEqual([r.status, r.stderr], [2, `faultline: ${line}\n`], args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
    }
  });
});
