import { FaultlineError, oneLine, ParamError } from '../domain/errors.ts';
import { printableMessage } from '../domain/quote.ts';
import type { Command, OutputConfiguration } from 'commander';
import { SettingsError } from '../config/settings.ts';
import { flagNames } from './flag-names.ts';

/** Exit codes of the faultline command (documented in docs/cli.md). */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  notFound: 3,
  store: 4,
  remote: 5,
} as const;

/** Maps an error to its exit code. */
export function exitCodeFor(err: unknown): number {
  // config/ imports nothing of src/, so a bad setting is its own error: bad input all the same.
  if (err instanceof SettingsError) return EXIT.usage;
  if (!(err instanceof FaultlineError)) return EXIT.unexpected;
  switch (err.code) {
    case 'invalid_input':
    case 'conflict':
    case 'forbidden':
    case 'unauthenticated':
      return EXIT.usage;
    case 'not_found':
      return EXIT.notFound;
    case 'store_error':
      return EXIT.store;
    case 'unauthorized':
    case 'rate_limited':
    case 'remote_error':
      return EXIT.remote;
    default:
      return EXIT.unexpected;
  }
}

/**
 * The one line `faultline: <message>` a failed command prints on stderr. A refusal of a parameter's
 * value names the flag the user typed (`invalid --min-total: "x"`), where the API names the
 * parameter (`invalid min_total: "x"`).
 */
export function failureLine(err: unknown, command?: Command): string {
  const message = err instanceof ParamError ? printableMessage(err.naming(flagNames(command))) : oneLine(err);
  return `faultline: ${message}\n`;
}

/**
 * Commander's usage error (`error: unknown option '--contry'` and `(Did you mean --country?)` on a
 * line of its own) as the one line every failure prints, naming the help of the command that
 * refused it: `faultline: unknown option '--contry' (Did you mean --country?); run faultline events
 * --help for usage` (`claims list`: `unknown command 'list'; run faultline claims --help for usage`).
 */
export function usageLine(commanderMessage: string, command?: Command): string {
  const text = commanderMessage
    .replace(/^error: /, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ');
  return `faultline: ${text}; run ${commandPath(command)} --help for usage\n`;
}

/** `faultline claims check` for that command (`faultline` without one). */
function commandPath(command: Command | undefined): string {
  const names: string[] = [];
  for (let c: Command | null | undefined = command; c; c = c.parent) names.unshift(c.name());
  return names.length > 1 ? ['faultline', ...names.slice(1)].join(' ') : 'faultline';
}

/**
 * Sets every command's usage errors to `usageLine` naming that command (commander gives each command
 * its parent's output settings when it is made, so the root's alone would name the root).
 */
export function usageErrorsNamed(cmd: Command, output: OutputConfiguration = {}): void {
  cmd.configureOutput({ ...output, outputError: (text, write) => write(usageLine(text, cmd)) });
  cmd.commands.forEach((c) => usageErrorsNamed(c, output));
}

/** Prints the failure line on stderr and exits with the error's code (entry points only: a server maps errors per request). */
export function fail(err: unknown, command?: Command): never {
  process.stderr.write(failureLine(err, command));
  process.exit(exitCodeFor(err));
}
