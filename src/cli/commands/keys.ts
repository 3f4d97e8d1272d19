import type { Command } from 'commander';
import type { Context } from '../context.ts';
import { asJson, outputFormat, render, textOrJson } from '../output.ts';

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
    .option(
      '--format <format>',
      'text (the key alone on stdout) or json (what POST /api/v1/keys answers: id, name, role, created_at and the key)',
      'text',
    )
    .action(async (o: { role: string; name?: string; format: string }) => {
      const format = textOrJson(o.format, 'text');
      const { createApiKey, parseKeyName, parseRole } = await import('../../app/api-keys.ts');
      // A bad role or name is refused before the store is opened (or made).
      parseRole(o.role);
      parseKeyName(o.name);
      const k = await createApiKey(await ctx.store(), { role: o.role, name: o.name });
      ctx.out(format === 'json' ? asJson(k) : `${k.key}\n`);
      ctx.err(
        `created ${k.role} key ${k.id}${k.name ? ` (${k.name})` : ''}; store the key now: it cannot be shown again\n`,
      );
    });
  keys
    .command('list')
    .description('list keys: id, name, role, created, revoked (never the keys themselves)')
    .option(
      '--format <format>',
      'table, csv, json (what GET /api/v1/keys answers: {"keys": [...]}) or ndjson',
      'table',
    )
    .action(async (o: { format: string }) => {
      const format = outputFormat(o.format);
      const { KEY_COLUMNS, listApiKeys } = await import('../../app/api-keys.ts');
      const keys = await listApiKeys(await ctx.store('read'));
      if (format === 'json') return ctx.out(asJson({ keys }));
      // csv has its header with no key, as the API's (it printed nothing).
      ctx.out(render(keys, format, format === 'table' ? undefined : [...KEY_COLUMNS]));
      if (format === 'table' && !keys.length)
        ctx.out('no API keys (faultline keys create --role ROLE makes one)\n');
    });
  keys
    .command('revoke')
    .description('revoke a key by its id (from keys list)')
    .argument('<id>', 'the 12-character key id')
    .option('--format <format>', 'text or json (what DELETE /api/v1/keys/{id} answers)', 'text')
    .action(async (id: string, o: { format: string }) => {
      const format = textOrJson(o.format, 'text');
      const { revokeApiKey } = await import('../../app/api-keys.ts');
      await revokeApiKey(await ctx.store(), id);
      if (format === 'json') ctx.out(asJson({ revoked: id }));
      ctx.err(`revoked key ${id}\n`);
    });
}
