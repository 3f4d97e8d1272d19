import type { Command } from 'commander';
import { counted } from '../../domain/plural.ts';
import { analysisFormat } from '../analysis-output.ts';
import type { Context } from '../context.ts';
import { render } from '../output.ts';

/** `faultline actors`: the actor registry, what --actor and --dyad accept (the API's /actors). */
export function registerActors(program: Command, ctx: Context): void {
  program
    .command('actors')
    .description(
      'list the actor registry: actors with their aliases and groups, what --actor and --dyad accept',
    )
    .option(
      '--format <format>',
      'table, csv, json or ndjson (json prints exactly what GET /api/v1/actors returns)',
      'table',
    )
    .addHelpText(
      'after',
      `
Each actor has an id, a name, a kind, the aliases the filters accept and the groups it belongs to;
json also lists the groups. See docs/actors.md.

Example:
  faultline actors --format csv > actors.csv
`,
    )
    .action(async (o: Record<string, string | undefined>) => {
      const format = analysisFormat(o);
      const { actorRegistry } = await import('../../app/actor-registry.ts');
      const r = actorRegistry();
      if (format === 'json') return ctx.out(JSON.stringify(r, null, 2) + '\n');
      ctx.out(render(r.actors, format));
      if (format === 'table')
        ctx.err(`${counted(r.actors.length, 'actor')}; groups: ${r.groups.map((g) => g.id).join(', ')}\n`);
    });
}
