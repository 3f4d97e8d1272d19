import type { Command } from 'commander';
import type { Context } from '../context.ts';
import { outputFormat, render } from '../output.ts';

/** `faultline keys create|list|revoke`: API keys for `faultline serve`. */
export function registerKeys(program: Command, ctx: Context): void {
  const keys = program
    .command('keys')
    .description('create, list and revoke API keys (roles: viewer, analyst, reviewer, admin)');
  keys
    .command('create')
    .description('create an API key; it is printed once and only its sha256 hash is stored')
    .requiredOption(
      '--role <role>',
      'viewer (read), analyst (read, import, write desk events), reviewer (also verify or reject desk events) or admin (also publish desk events and manage keys)',
    )
    .option('--name <name>', 'whose key this is')
    .action(async (o: { role: string; name?: string }) => {
      const { createApiKey } = await import('../../app/api-keys.ts');
      const k = await createApiKey(await ctx.store(), { role: o.role, name: o.name });
      ctx.out(`${k.key}\n`);
      ctx.err(
        `created ${k.role} key ${k.id}${k.name ? ` (${k.name})` : ''}; store the key now: it cannot be shown again\n`,
      );
    });
  keys
    .command('list')
    .description('list keys: id, name, role, created, revoked (never the keys themselves)')
    .option('--format <format>', 'table, csv, json or ndjson', 'table')
    .action(async (o: { format: string }) => {
      const { listApiKeys } = await import('../../app/api-keys.ts');
      ctx.out(render(await listApiKeys(await ctx.store()), outputFormat(o.format)));
    });
  keys
    .command('revoke')
    .description('revoke a key by its id (from keys list)')
    .argument('<id>', 'the 12-character key id')
    .action(async (id: string) => {
      const { revokeApiKey } = await import('../../app/api-keys.ts');
      await revokeApiKey(await ctx.store(), id);
      ctx.err(`revoked key ${id}\n`);
    });
}
