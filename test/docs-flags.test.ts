/**
 * Users copy the `faultline ...` commands of README.md and docs/*.md. Every one of them must name a
 * command that exists and only flags that command takes, read from the program itself (as
 * src/cli/help-examples.test.ts does for the examples of --help): a renamed or removed flag then
 * fails here instead of teaching a usage error.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Command } from 'commander';
import { buildProgram } from '../src/cli/program.ts';
import type { Context } from '../src/cli/context.ts';

const ROOT = new URL('../', import.meta.url);

/** README.md and every docs/*.md, by path from the repository root. */
function docFiles(): string[] {
  const docs = readdirSync(new URL('docs/', ROOT)).filter((f) => f.endsWith('.md'));
  return ['README.md', ...docs.sort().map((f) => `docs/${f}`)];
}

/** The code of a Markdown text: each line of a fenced block (a trailing `\` joins the next) and each inline code span. */
function codeOf(markdown: string): string[] {
  const code: string[] = [];
  let fenced = false;
  let prose = '';
  for (const line of markdown.replace(/\\\n\s*/g, ' ').split('\n')) {
    if (line.trimStart().startsWith('```')) {
      fenced = !fenced;
      continue;
    }
    if (fenced) code.push(line);
    else prose += line + '\n';
  }
  // A span may wrap onto the next line of a paragraph, as Markdown allows.
  for (const m of prose.matchAll(/(`+)([^`]+?)\1/g)) code.push(m[2]!.replace(/\s+/g, ' '));
  return code;
}

/** Every command and subcommand of the program by its path (`alerts rules add`); '' is the program. */
function programCommands(): Map<string, Command> {
  const program = buildProgram({ settings: {} } as Context);
  const all = new Map<string, Command>([['', program]]);
  const walk = (c: Command, path: string[]): void => {
    for (const sub of c.commands)
      if (sub.name() !== 'help') {
        all.set([...path, sub.name()].join(' '), sub);
        walk(sub, [...path, sub.name()]);
      }
  };
  walk(program, []);
  return all;
}

/**
 * What is wrong with the `faultline` commands in a piece of code: an unknown command (when the code
 * is a command, not a message that names one) or a flag its command lacks.
 */
function wrongIn(code: string, commands: Map<string, Command>): string[] {
  const wrong: string[] = [];
  const shown = code.trim().replace(/\s+/g, ' ');
  for (const m of code.matchAll(/(?:^|[\s(=;|&$])faultline /g)) {
    // From `faultline` to the end of its command: a pipe, a redirection, a comment, a closing
    // parenthesis or a word ending a clause (`faultline keys create, or leave out --key`) ends it.
    const words: string[] = [];
    for (const w of code
      .slice(m.index + m[0].length)
      .split(/\s[|;&>#<]|\s\d?>|\)/)[0]!
      .trim()
      .split(/\s+/)) {
      if (!w) continue;
      words.push(w.replace(/[,;]$/, ''));
      if (/[,;]$/.test(w)) break;
    }
    // `faultline COMMAND --help`, `faultline X`: a placeholder, not a command to copy.
    if (!words.length || /^[A-Z]/.test(words[0]!)) continue;
    let path = '';
    // A table writes alternatives as `add\\|edit` (its pipe escaped): the first names the command.
    for (const w of words) {
      const next = path ? `${path} ${w.split('\\|')[0]}` : w.split('\\|')[0]!;
      if (!commands.has(next)) break;
      path = next;
    }
    if (!path && !words[0]!.startsWith('-')) {
      if (/^\s*(\$ )?faultline /.test(code)) wrong.push(`no command "${words[0]}" in "${shown}"`);
      continue;
    }
    const cmd = commands.get(path)!;
    const known = new Set(['--db', '--help', ...cmd.options.map((o) => o.long)]);
    for (const w of words.flatMap((w) => w.split('\\|'))) {
      const flag = w
        .split('=')[0]!
        .replace(/^\[/, '')
        .replace(/[\].:'"]+$/, '');
      if (/^--[a-z]/.test(flag) && !known.has(flag))
        wrong.push(`faultline ${path}: no ${flag} in "${shown}"`);
    }
  }
  return wrong;
}

describe('the faultline commands of README.md and docs/*.md', () => {
  const commands = programCommands();

  it('name commands that exist and only flags those commands take', () => {
    const code = docFiles().flatMap((file) =>
      codeOf(readFileSync(new URL(file, ROOT), 'utf8')).map((c) => [file, c] as const),
    );
    // The docs hold about 470 commands in code (December 2026): far fewer means the reader lost them.
    const read = code.reduce(
      (n, [, c]) => n + [...c.matchAll(/(?:^|[\s(=;|&$])faultline [a-z-]/g)].length,
      0,
    );
    assert.ok(read > 400, `only ${read} faultline commands read from the docs`);
    assert.deepEqual(
      code.flatMap(([file, c]) => wrongIn(c, commands).map((w) => `${file}: ${w}`)),
      [],
    );
  });

  it('are read from fenced blocks, continued lines and inline code, and a wrong flag or command is found', () => {
    const markdown = [
      'Run `faultline events --contry PAK` or',
      '```sh',
      'faultline series --from 2021 \\',
      '  --intervl month   # a comment --not-a-flag',
      'faultline serie --from 2021',
      'faultline alerts rules add --kind surge --admin1 PK-BA',
      'faultline COMMAND --help',
      '```',
    ].join('\n');
    assert.deepEqual(
      codeOf(markdown).flatMap((c) => wrongIn(c, commands)),
      [
        'faultline series: no --intervl in "faultline series --from 2021 --intervl month # a comment --not-a-flag"',
        'no command "serie" in "faultline serie --from 2021"',
        'faultline events: no --contry in "faultline events --contry PAK"',
      ],
    );
  });
});
