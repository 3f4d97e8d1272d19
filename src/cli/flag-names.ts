/**
 * How the CLI names the parameters a refusal is about: by the flag that gives each (`min_total` is
 * `--min-total`, `include_desk` is `--include-desk`), where the API names the parameter itself. One
 * table for every command, so a value has one flag wherever it is taken.
 */
import type { Command } from 'commander';
import type { ParamNames } from '../domain/errors.ts';

/** Parameters whose flag is not their name in kebab case: an alert rule's `window_days` is `--window`, as in `signals`. */
const FLAG_OF: Readonly<Record<string, string>> = { window_days: '--window' };

/** The flag of a parameter: `--` and its name in kebab case, unless FLAG_OF says otherwise. */
export function flagOf(param: string): string {
  return FLAG_OF[param] ?? `--${param.replace(/_/g, '-')}`;
}

/**
 * The CLI's names in the command that ran: a parameter is its flag, a true/false parameter set to
 * true its flag alone (`--interstate`), and one the command takes as an argument that argument
 * (`faultline relations <a> <b>`: `invalid <a>: "XYZ"`).
 */
export function flagNames(command?: Command): ParamNames {
  const name = (param: string) =>
    command?.registeredArguments.some((a) => a.name() === param) ? `<${param}>` : flagOf(param);
  return { field: name, on: name };
}
