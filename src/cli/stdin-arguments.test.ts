import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Command } from 'commander';
import type { Context } from './context.ts';
import { buildProgram } from './program.ts';
import { readsStdin, STDIN_ARGUMENTS } from './stdin-arguments.ts';

const COMMANDS = join(import.meta.dirname, 'commands');

describe('the arguments that read standard input for -', () => {
  it('list every value a command compares with - (a new one cannot be forgotten)', () => {
    for (const file of readdirSync(COMMANDS).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const text = readFileSync(join(COMMANDS, file), 'utf8');
      const values = new Set([...text.matchAll(/([\w.]+) [!=]== '-'/g)].map((m) => m[1]));
      const listed = STDIN_ARGUMENTS.filter((s) => s.in === file).length;
      assert.ok(
        listed >= values.size,
        `${file} compares ${[...values].join(', ')} with '-' but src/cli/stdin-arguments.ts lists ${listed}`,
      );
    }
  });

  it('name arguments and options the commands have, in the file that reads them', () => {
    const program = buildProgram({ settings: {} } as Context);
    for (const s of STDIN_ARGUMENTS) {
      const cmd = s.command.reduce<Command | undefined>(
        (c, word) => c?.commands.find((x) => x.name() === word),
        program,
      );
      assert.ok(cmd, s.command.join(' '));
      if (s.option)
        assert.ok(
          cmd.options.some((o) => o.long === s.option && o.required),
          s.option,
        );
      else
        assert.ok(
          cmd.registeredArguments.some((a) => a.name() === s.argument),
          s.argument,
        );
      assert.match(readFileSync(join(COMMANDS, s.in), 'utf8'), /[!=]== '-'/, s.in);
    }
  });

  it('is - where the command takes it, after any options; - as another value is not', async () => {
    const reads = [
      ['claims', 'check', '-'],
      ['claims', 'check', '--format', 'json', '-'],
      ['claims', 'check', '--dedupe', '-'],
      ['--db', 'x.duckdb', 'claims', 'extract', '-'],
      ['claims', 'extract', '--', '-'],
      ['news', 'add', '-', '--outlet', 'Synthetic Daily'],
      ['desk', 'add', '--json', '-'],
      ['desk', 'add', '--json=-'],
      ['desk', 'edit', '7', '--json', '-'],
    ];
    const not = [
      ['desk', 'add', '--place', '-'],
      ['desk', 'edit', '-', '--title', 'x'],
      ['claims', 'check', 'claims.yaml', '--format', '-'],
      ['events', '--country', '-'],
      ['desk', 'add', '--json'],
      ['sources'],
    ];
    for (const argv of reads) assert.equal(await readsStdin(argv), true, argv.join(' '));
    for (const argv of not) assert.equal(await readsStdin(argv), false, argv.join(' '));
  });
});
