import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { argsToParse } from './command-word.ts';

/** A program shaped as faultline's: a global --db with a value, two commands, one alias. */
function program(): Command {
  const p = new Command('faultline').option('--db <path>', 'store');
  p.command('events').option('--limit <n>', 'rows');
  p.command('sources').alias('src');
  return p;
}

describe('argsToParse: an unknown command word is refused, also when --help follows it', () => {
  it('drops the help flags after an unknown command word, wherever the global --db puts it', () => {
    assert.deepEqual(argsToParse(program(), ['returns', '--help']), ['returns']);
    assert.deepEqual(argsToParse(program(), ['--db', 'events', 'returns', '-h']), [
      '--db',
      'events',
      'returns',
    ]);
    assert.deepEqual(argsToParse(program(), ['--', 'returns', '--help']), ['--', 'returns']);
  });

  it('keeps them for a known command, its alias, help, and the program itself', () => {
    for (const args of [
      ['events', '--help'],
      ['--db', 'x.duckdb', 'events', '-h'],
      ['src', '--help'],
      ['help', 'events'],
      ['--help'],
      ['--db', 'returns', '--help'],
    ])
      assert.deepEqual(argsToParse(program(), args), args, args.join(' '));
  });
});
