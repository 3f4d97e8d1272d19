/** The CLI side of the filter vocabulary: one option per filter, and the EventFilter of the options given. */
import type { Command } from 'commander';
import { FILTER_VOCABULARY, type FilterKey, type RawFilter } from '../domain/filter-vocabulary.ts';
import type { EventFilter } from '../domain/query.ts';
import type { Context } from './context.ts';

/** The name commander gives a flag's value (`--max-border-km <km>` is `maxBorderKm`). */
export function optionName(flag: string): string {
  return flag
    .replace(/^--/, '')
    .replace(/\s.*$/, '')
    .replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

/** Adds an option for every filter of the vocabulary (but those left out) to a command. */
export function addFilterOptions(cmd: Command, leaveOut: readonly FilterKey[] = []): Command {
  for (const spec of FILTER_VOCABULARY)
    if (!leaveOut.includes(spec.key)) cmd.option(spec.flag, spec.description);
  return cmd;
}

/** The filter values of a command's options, keyed as the vocabulary keys them. */
export function rawFilterOf(o: Record<string, unknown>): RawFilter {
  const raw: RawFilter = {};
  for (const spec of FILTER_VOCABULARY) {
    const v = o[optionName(spec.flag)];
    if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') raw[spec.key] = v;
  }
  return raw;
}

/**
 * The EventFilter of a command's filter options: malformed values fail before the store opens,
 * then names are looked up in the loaded data (unknown ones fail with the nearest valid values).
 */
export async function filterOfOptions(ctx: Context, o: Record<string, unknown>): Promise<EventFilter> {
  // Loaded here: the parsers bring the actor registry, the country list and the nearest-name search,
  // which `--help` does not need.
  const { checkFilter, parseFilter } = await import('../app/filters.ts');
  const raw = rawFilterOf(o);
  return checkFilter(await ctx.store('read'), parseFilter(raw), raw);
}
