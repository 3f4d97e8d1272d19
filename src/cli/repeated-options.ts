import type { Command } from 'commander';
import { InvalidInputError } from '../domain/errors.ts';
import { quoteValue } from '../domain/quote.ts';

/**
 * Makes every command of `program` refuse an option that takes a value given twice
 * (`--country PAK --country AFG`: `repeated --country: "AFG" after "PAK" (give one value,
 * comma-separated for lists)`, exit 2), as the API refuses a repeated parameter. Commander keeps the
 * last value, so such a command answered for AFG alone without a word. Flags that take no value
 * (`--exact`) may repeat: saying one twice loses nothing.
 */
export function refuseRepeatedOptions(program: Command): void {
  const watch = (cmd: Command): void => {
    const seen = new Map<string, unknown>();
    for (const option of cmd.options) {
      if (!option.required && !option.optional) continue;
      const name = option.long ?? option.name();
      // Commander emits this event for each occurrence, in `--limit 5` and `--limit=5` alike.
      cmd.on(`option:${option.name()}`, (value: unknown) => {
        if (seen.has(name))
          throw new InvalidInputError(
            `repeated ${name}: ${quoteValue(value ?? '')} after ${quoteValue(seen.get(name) ?? '')} (give one value, comma-separated for lists)`,
          );
        seen.set(name, value);
      });
    }
    cmd.commands.forEach(watch);
  };
  watch(program);
}
