/**
 * The --help of a number flag says the range its refusal names: a newcomer reads `--window <days>
 * window length in days, 1 to 365` before being told `invalid --window: "0" (use an integer from 1
 * to 365)`. Each flag is given "x" and the range of the refusal is looked for in its help line.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Command } from 'commander';
import { bundledStoreCopy } from '../../test/helpers/bundled-store.ts';
import { runProgram } from '../../test/helpers/in-process-cli.ts';
import type { Context } from './context.ts';
import { buildProgram } from './program.ts';

/** Each number flag, after the command and the arguments it needs to reach the flag's check. */
const NUMBER_FLAGS: readonly [string[], string][] = [
  [['events'], '--limit'],
  [['events'], '--offset'],
  [['events'], '--max-border-km'],
  [['rejections', '1'], '--limit'],
  [['rejections', '1'], '--offset'],
  [['gaps'], '--limit'],
  [['gaps'], '--offset'],
  [['series'], '--max-border-km'],
  [['compare', '--period1', '2020', '--period2', '2021'], '--confidence'],
  [['changepoints'], '--penalty'],
  [['changepoints'], '--min-segment'],
  [['signals'], '--window'],
  [['signals'], '--min-total'],
  [['signals'], '--lookbacks'],
  [['network'], '--limit'],
  [['deadliest'], '--limit'],
  [['disagreements'], '--limit'],
  [['border'], '--max-border-km'],
  [['place', 'Peshawar'], '--limit'],
  [['geo', 'disagreements'], '--limit'],
  [['serve'], '--port'],
  [['serve'], '--rate-limit'],
  [['fetch', 'gdelt', '--from', '2025-01-01', '--to', '2025-01-01'], '--parallel'],
  [['forecast', 'backtest'], '--draws'],
  [['forecast', 'backtest'], '--seed'],
  [['alerts', 'rules', 'add', '--kind', 'surge', '--admin1', 'PK-BA'], '--window'],
  [['alerts', 'rules', 'add', '--kind', 'surge', '--admin1', 'PK-BA'], '--min-total'],
  [['alerts', 'rules', 'add', '--kind', 'surge', '--admin1', 'PK-BA'], '--lookbacks'],
  [['alerts', 'rules', 'add', '--kind', 'surge', '--admin1', 'PK-BA'], '--pending-evaluations'],
  [['alerts', 'rules', 'add', '--kind', 'surge', '--admin1', 'PK-BA'], '--pending-hours'],
  [['alerts', 'rules', 'add', '--kind', 'surge', '--admin1', 'PK-BA'], '--cooldown-hours'],
  [['alerts', 'list'], '--limit'],
  [['alerts', 'list'], '--offset'],
  [['alerts', 'deliveries'], '--alert'],
  [['alerts', 'deliveries'], '--limit'],
  [['desk', 'list'], '--limit'],
  [['brief', '--period', '2021'], '--top'],
  [['news', 'extract', 'README.md'], '--timeout'],
  [['news', 'extract', 'README.md'], '--retries'],
];

describe('the --help line of a number flag', () => {
  let env: Record<string, string>;
  before(async () => {
    env = { FAULTLINE_DB: await bundledStoreCopy() };
  });

  it('says the range its refusal names', async () => {
    const program = buildProgram({ settings: {} } as Context);
    const unsaid: string[] = [];
    for (const [args, flag] of NUMBER_FLAGS) {
      const r = await runProgram(env, [...args, flag, 'x']);
      const range = new RegExp(
        `^faultline: invalid ${flag}: "x" \\(use an? (?:integer|number) from (\\S+) to ([^)\\s]+)\\)$`,
      ).exec(r.stderr.trim());
      assert.ok(range, `${args.join(' ')} ${flag} x: ${r.stderr}`);
      const path = args.filter((a, i) => !a.startsWith('-') && (i === 0 || !args[i - 1]!.startsWith('-')));
      let cmd: Command = program;
      for (const name of path) cmd = cmd.commands.find((c) => c.name() === name) ?? cmd;
      const description = cmd.options.find((o) => o.long === flag)?.description ?? '';
      if (!description.includes(`${range[1]} to ${range[2]}`))
        unsaid.push(`${path.join(' ')} ${flag}: ${range[1]} to ${range[2]} not in "${description}"`);
    }
    assert.deepEqual(unsaid, []);
  });
});
