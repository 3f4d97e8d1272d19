/**
 * Every command's --help ends with at least one example a newcomer can copy, and every flag an
 * example uses is one that command takes (an example naming a flag it lacks teaches a usage error).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Command } from 'commander';
import { HELP_EXAMPLES } from './help-examples.ts';
import { buildProgram } from './program.ts';
import type { Context } from './context.ts';

/** Every command and subcommand of the program, with its path (`alerts rules add`). */
function commands(): [string, Command][] {
  const all: [string, Command][] = [];
  const walk = (c: Command, path: string[]): void => {
    for (const sub of c.commands)
      if (sub.name() !== 'help') {
        all.push([[...path, sub.name()].join(' '), sub]);
        walk(sub, [...path, sub.name()]);
      }
  };
  walk(buildProgram({ settings: {} } as Context), []);
  return all;
}

/** The --help text of a command as a user sees it, with the text added after the options. */
function helpOf(cmd: Command): string {
  let text = '';
  cmd.configureOutput({ writeOut: (t) => void (text += t), writeErr: (t) => void (text += t) });
  cmd.outputHelp();
  return text;
}

/** The example lines of a help text: `  faultline ...` under an `Example:` or `Examples:` heading. */
function examplesOf(help: string): string[] {
  const at = help.search(/^Examples?:$/m);
  if (at < 0) return [];
  const lines: string[] = [];
  for (const line of help.slice(at).split('\n').slice(1)) {
    if (!line.startsWith('  ')) break;
    lines.push(line.trim());
  }
  return lines.filter((l) => /(^|[\s=;(|&$])faultline /.test(l));
}

describe('faultline --help of every command', () => {
  it('gives at least one example, headed Example: or Examples:', () => {
    const without = commands()
      .filter(([, c]) => !examplesOf(helpOf(c)).length)
      .map(([path]) => path);
    assert.deepEqual(without, []);
  });

  it("says of every option at least three words: what it does, the values it takes, its default (geo disagreements --country said 'country')", () => {
    const bare = commands().flatMap(([path, c]) =>
      c.options
        .filter((o) => !o.hidden && (o.description ?? '').trim().split(/\s+/).length < 3)
        .map((o) => `${path} ${o.flags}: "${o.description}"`),
    );
    assert.deepEqual(bare, []);
  });

  it('gives its examples under one heading, and the table of examples names only commands that exist', () => {
    const program = commands();
    assert.deepEqual(
      program.filter(([, c]) => (helpOf(c).match(/^Examples?:$/gm) ?? []).length > 1).map(([path]) => path),
      [],
    );
    const paths = new Set(program.map(([path]) => path));
    assert.deepEqual(
      Object.keys(HELP_EXAMPLES).filter((path) => !paths.has(path)),
      [],
    );
  });

  it('uses in its examples only flags the command it runs takes', () => {
    const program = commands();
    const byPath = new Map(program);
    const wrong: string[] = [];
    const lines = new Set(program.flatMap(([, c]) => examplesOf(helpOf(c))));
    for (const line of lines) {
      // From `faultline` to the end of its command: a pipe, a redirection or a comment ends it.
      const words = line
        .slice(line.search(/(^|[\s=;(|&$])faultline /))
        .split(/\s[|;&>#<]|\s\d?>/)[0]!
        .trim()
        .split(/\s+/)
        .slice(1);
      let path = '';
      for (const w of words) {
        const next = path ? `${path} ${w}` : w;
        if (!byPath.has(next)) break;
        path = next;
      }
      const cmd = byPath.get(path);
      if (!cmd) {
        wrong.push(`no command in "${line}"`);
        continue;
      }
      const known = new Set(['--db', '--help', ...cmd.options.map((o) => o.long)]);
      for (const w of words)
        if (/^--[a-z]/.test(w) && !known.has(w.split('=')[0]!)) wrong.push(`${path}: ${w} in "${line}"`);
    }
    assert.deepEqual(wrong, []);
  });
});
