import type { Command } from 'commander';

/**
 * The arguments Commander should parse. Commander answers an unknown command word followed by
 * `--help` (`faultline returns --help`) with the whole program's help and exit 0, as if the command
 * existed; without its help flags it refuses the word as it does otherwise ("unknown command
 * 'returns'", with the commands it may have meant), exit 2. Other arguments pass unchanged.
 */
export function argsToParse(program: Command, args: readonly string[]): string[] {
  const word = commandWord(program, args);
  const known =
    word === null ||
    word === 'help' ||
    program.commands.some((c) => c.name() === word || c.aliases().includes(word));
  return known ? [...args] : args.filter((a) => a !== '--help' && a !== '-h');
}

/** The first argument that is no option nor an option's value (the command word), or null. */
function commandWord(program: Command, args: readonly string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return args[i + 1] ?? null;
    if (!a.startsWith('-')) return a;
    // A global option that takes its value as the next argument (`--db store.duckdb`).
    const option = program.options.find((o) => o.long === a || o.short === a);
    if (option && (option.required || option.optional)) i++;
  }
  return null;
}
