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

/**
 * The code of a Markdown text: each line of a fenced block (a trailing `\` joins the next) and each
 * inline code span. Prose names a subcommand without `faultline` (`desk publish 3 --supersedes 1`):
 * a span that starts with a command of `parents` (by name, with its subcommands) is read as the
 * command it names when its second word is one of them, or when a flag follows its first words
 * (`news read URL --save`), not a message that starts so (`desk event 3 (draft): ...`).
 */
function codeOf(markdown: string, parents: ReadonlyMap<string, string[]> = new Map()): string[] {
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
  for (const m of prose.matchAll(/(`+)([^`]+?)\1/g)) {
    const span = m[2]!.replace(/\s+/g, ' ').trim();
    const [first, second] = span.split(' ');
    const subcommands = parents.get(first!);
    const named =
      subcommands &&
      (subcommands.includes(firstAlternative(second ?? '')) ||
        /^\S+ [a-z][a-z-]*( [^\s:;()]+)* --[a-z]/.test(span));
    code.push(named ? `faultline ${span}` : span);
  }
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

/** The first of the alternatives a word lists (`add\\|edit` in a table, `add|edit` in prose). */
function firstAlternative(word: string): string {
  return word.split(/\\?\|/)[0]!;
}

/** The names of a command's subcommands, without commander's `help`. */
function subcommandsOf(cmd: Command): string[] {
  return cmd.commands.map((c) => c.name()).filter((n) => n !== 'help');
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
    let depth = 0;
    // A table writes alternatives as `add\\|edit` (its pipe escaped), prose as `add|edit`: the
    // first names the command.
    for (const w of words) {
      const next = path ? `${path} ${firstAlternative(w)}` : firstAlternative(w);
      if (!commands.has(next)) break;
      path = next;
      depth++;
    }
    if (!path && !words[0]!.startsWith('-')) {
      if (/^\s*(\$ )?faultline /.test(code)) wrong.push(`no command "${words[0]}" in "${shown}"`);
      continue;
    }
    const cmd = commands.get(path)!;
    // `faultline geo place`: a command made of subcommands, given a word that names none of them.
    const after = words[depth] === undefined ? '' : firstAlternative(words[depth]!);
    if (subcommandsOf(cmd).length && !cmd.registeredArguments.length && /^[a-z][a-z-]*$/.test(after)) {
      wrong.push(`no command "${path} ${after}" in "${shown}" (${path}: ${subcommandsOf(cmd).join(', ')})`);
      continue; // its flags are those of a command that does not exist
    }
    const known = new Set(['--db', '--help', ...cmd.options.map((o) => o.long)]);
    for (const w of words.flatMap((w) => w.split('\\|'))) {
      const flag = w
        .split('=')[0]!
        .replace(/^\[/, '')
        .replace(/[\].:'"]+$/, '');
      // `--cite-*` names a family of flags in prose.
      if (/^--[a-z]/.test(flag) && !flag.endsWith('*') && !known.has(flag))
        wrong.push(`faultline ${path}: no ${flag} in "${shown}"`);
    }
  }
  return wrong;
}

describe('the faultline commands of README.md and docs/*.md', () => {
  const commands = programCommands();

  it('name commands that exist and only flags those commands take', () => {
    // The commands made of subcommands (desk, news, geo, ...), which prose names without `faultline`.
    const parents = new Map(
      [...commands]
        .filter(([p, c]) => p && !p.includes(' ') && subcommandsOf(c).length)
        .map(([p, c]) => [p, subcommandsOf(c)]),
    );
    const code = docFiles().flatMap((file) =>
      codeOf(readFileSync(new URL(file, ROOT), 'utf8'), parents).map((c) => [file, c] as const),
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

  it('a subcommand that does not exist is found, with `faultline` or in prose without it, and a message is not read as a command', () => {
    const commands = programCommands();
    const parents = new Map(
      [...commands].filter(([p]) => p && !p.includes(' ')).map(([p, c]) => [p, subcommandsOf(c)]),
    );
    const markdown = [
      'placed again (`faultline geo place`); two saves (`news read URL --save`) or `desk publish 3 --supercedes 1`;',
      'a message: `desk event 3 (draft): problems to fix with faultline desk edit 3: (--cite-url, ...)`, `desk edit --cite-*`',
    ].join('\n');
    assert.deepEqual(
      codeOf(markdown, parents).flatMap((c) => wrongIn(c, commands)),
      [
        'no command "geo place" in "faultline geo place" (geo: disagreements, unplaced, refresh, summary)',
        'no command "news read" in "faultline news read URL --save" (news: extract, add, watch)',
        'faultline desk publish: no --supercedes in "faultline desk publish 3 --supercedes 1"',
      ],
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
