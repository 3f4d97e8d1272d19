import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { ClaimResult } from '../../claims/evidence.ts';
import { formatNumber } from '../../claims/tolerances.ts';
import { InvalidInputError, NotFoundError } from '../../domain/errors.ts';
import { userPath, type Context } from '../context.ts';
import { render } from '../output.ts';

/** `faultline claims check|extract|schema`: check quantitative claims against the loaded data, draft specs from prose, print the spec schema. */
export function registerClaims(program: Command, ctx: Context): void {
  const cmd = program
    .command('claims')
    .description(
      'check quantitative claims against published statistics and event data, with definitions (see docs/claims.md)',
    );

  cmd
    .command('check')
    .description('check every claim of a claim file (YAML or JSON) and print verdicts with evidence')
    .argument('<file>', 'claim file, e.g. examples/claims/ttp-essay.yaml')
    .option('--format <format>', 'table or json', 'table')
    .addHelpText(
      'after',
      '\nVerdicts: supported, partly_supported (true under some definitions or sources only), contradicted, not_checkable.\nDrafts (status: draft) are not checked.\n',
    )
    .action(async (file: string, o: { format: string }) => {
      if (o.format !== 'table' && o.format !== 'json')
        throw new InvalidInputError(`invalid format: ${o.format} (use table or json)`);
      const { checkClaims, claimsAnswer, loadClaimFile } = await import('../../app/claims/check-claims.ts');
      const loaded = await loadClaimFile(userPath(ctx, file));
      const results = await checkClaims(await ctx.store(), loaded.file.claims);
      if (o.format === 'json') return ctx.out(JSON.stringify(claimsAnswer(loaded, results), null, 2) + '\n');
      ctx.out(results.map(block).join('\n'));
    });

  cmd
    .command('extract')
    .description('propose claim specs (status: draft) from a text, for an analyst to confirm')
    .argument('<textfile>', 'plain text of an essay, speech or report')
    .action(async (file: string) => {
      let text: string;
      try {
        text = await readFile(userPath(ctx, file), 'utf8');
      } catch {
        throw new NotFoundError(`text file not found: ${file}`);
      }
      const { draftClaimFile } = await import('../../app/claims/draft-claims.ts');
      const r = draftClaimFile(text, basename(file));
      ctx.out(r.yaml);
      ctx.err(
        `${r.drafts} draft claims, ${r.skipped} quantitative sentences skipped; confirm each draft (status: confirmed) before checking\n`,
      );
    });

  cmd
    .command('schema')
    .description('print the JSON Schema of claim files (docs/claim-spec.schema.json)')
    .action(async () => {
      const { claimFileJsonSchema } = await import('../../claims/claim-file.ts');
      ctx.out(JSON.stringify(claimFileJsonSchema(), null, 2) + '\n');
    });
}

function block(r: ClaimResult): string {
  const rows = r.evidence.map((e) => ({
    source: e.source,
    report: e.report ?? '',
    version: e.version,
    measure: e.measure,
    value:
      e.value === null
        ? ''
        : e.qualifier === 'rate_ratio'
          ? `RR ${formatNumber(e.value, 2)}`
          : e.qualifier === 'percent'
            ? `${formatNumber(e.value, 1)}%`
            : formatNumber(e.value),
    outcome: e.role === 'context' ? `${e.outcome} (context)` : e.outcome,
  }));
  return `${r.id}: ${r.verdict}\n  claim: ${r.text}\n  accepts: ${r.accepts}\n  ${r.explanation}\n${render(rows, 'table').replace(/^/gm, '  ')}`;
}
