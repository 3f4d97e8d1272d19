import type { Command } from 'commander';
import { checkVisible, PROSE_FIELDS } from '../domain/invisible.ts';

/** An option's parameter name as refusals give it (`--cite-quote` is `cite_quote`, shown as its flag again). */
const paramOf = (long: string) => long.replace(/^--/, '').replace(/-/g, '_');

/** Whether an option gives prose (`--notes`, `--cite-quote`, `--reason`): kept as typed (domain/invisible.ts). */
const isProse = (param: string) => PROSE_FIELDS.has(param) || PROSE_FIELDS.has(param.split('_').at(-1)!);

/**
 * Makes every command of `program` refuse an argument or an option value holding an invisible
 * character (a BOM, a zero-width space, a bidi override), as the API refuses such a parameter:
 * `invalid --country: "\ufeffPAK" (holds an invisible character, U+FEFF: give the value without it)`,
 * exit 2. The values are checked as typed, before an option's parser reads them (trim() took a BOM away).
 */
export function refuseInvisibleArgs(program: Command): void {
  const watch = (cmd: Command): void => {
    for (const option of cmd.options) {
      if ((!option.required && !option.optional) || !option.long) continue;
      const param = paramOf(option.long);
      if (isProse(param)) continue;
      // Commander emits this event for each occurrence with the value as typed.
      cmd.on(`option:${option.name()}`, (value: unknown) => {
        if (typeof value === 'string') checkVisible(param, value);
      });
    }
    cmd.commands.forEach(watch);
  };
  watch(program);
  program.hook('preAction', (_program, action) => {
    const names = action.registeredArguments.map((a) => a.name());
    action.args.forEach((value, i) => {
      const name = names[Math.min(i, names.length - 1)];
      if (name !== undefined && !isProse(name)) checkVisible(name, value);
    });
  });
}
