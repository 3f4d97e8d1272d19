/**
 * The arguments that mean "standard input" when given `-`: a command that runs through the server
 * that owns the store sends the caller's standard input with it only for one of these (a `-` given
 * as any other value, a search text say, leaves a piped stdin alone). Every `=== '-'` in
 * src/cli/commands has its entry here (stdin-arguments.test.ts checks).
 */
import type { Command } from 'commander';
import type { Context } from './context.ts';

/** One argument that reads standard input for `-`: a command's positional argument, or an option's value. */
export interface StdinArgument {
  /** The command's words, e.g. `['claims', 'check']`. */
  command: readonly string[];
  /** The positional argument's name as registered (`<file>` is `file`), or the option's long flag. */
  argument?: string;
  option?: string;
  /** The file in src/cli/commands that reads it. */
  in: string;
}

/** Every argument that reads standard input for `-`. */
export const STDIN_ARGUMENTS: readonly StdinArgument[] = [
  { command: ['claims', 'check'], argument: 'file', in: 'claims.ts' },
  { command: ['claims', 'extract'], argument: 'text', in: 'claims.ts' },
  { command: ['news', 'extract'], argument: 'source', in: 'news.ts' },
  { command: ['news', 'add'], argument: 'source', in: 'news.ts' },
  { command: ['desk', 'add'], option: '--json', in: 'desk.ts' },
  { command: ['desk', 'edit'], option: '--json', in: 'desk.ts' },
];

/**
 * Whether an argument list gives `-` to an argument that reads standard input. Parsed as the
 * command itself parses it (Commander's own option parsing on the program), so `--format json -`
 * and `--dedupe -` read it and `--search -` does not.
 */
export async function readsStdin(argv: readonly string[]): Promise<boolean> {
  if (!argv.includes('-') && !argv.some((a) => a.endsWith('=-'))) return false;
  // Loaded here: only an argument list with a `-` needs the program, and nothing of it runs.
  const { buildProgram } = await import('./program.ts');
  let cmd: Command = buildProgram({ settings: {} } as Context);
  const words: string[] = [];
  let args = [...argv];
  for (;;) {
    // A usage error (`--json` with no value) is the command's to report when it runs, not here.
    cmd.exitOverride().configureOutput({ outputError: () => {} });
    let parsed: { operands: string[]; unknown: string[] };
    try {
      parsed = cmd.parseOptions(args);
    } catch {
      return false;
    }
    const { operands, unknown } = parsed;
    const sub = cmd.commands.find((c) => c.name() === operands[0] || c.aliases().includes(operands[0]!));
    if (!sub) {
      const entries = STDIN_ARGUMENTS.filter((s) => s.command.join(' ') === words.join(' '));
      return entries.some((s) =>
        s.option !== undefined
          ? cmd.getOptionValue(optionKey(cmd, s.option)) === '-'
          : operands[cmd.registeredArguments.findIndex((a) => a.name() === s.argument)] === '-',
      );
    }
    words.push(sub.name());
    cmd = sub;
    args = [...operands.slice(1), ...unknown];
  }
}

/** The key Commander keeps an option's value under (`--json` is `json`). */
function optionKey(cmd: Command, flag: string): string {
  const option = cmd.options.find((o) => o.long === flag);
  if (!option) throw new Error(`${flag} is not an option of ${cmd.name()}`);
  return option.attributeName();
}
