import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { ClaimResult } from '../../claims/evidence.ts';
import type { LoadedClaims } from '../../app/claims/check-claims.ts';
import { noBoundSummary } from '../../domain/statistic.ts';
import { formatNumber, ratioWords } from '../../domain/format-number.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { storedLinksLine } from '../analysis-output.ts';
import { userPath, type Context } from '../context.ts';
import { render, textOrJson } from '../output.ts';
import { counted } from '../../domain/plural.ts';

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
    .argument('<file>', 'claim file, e.g. examples/claims/ttp-essay.yaml, or - to read standard input')
    .option('--format <format>', 'table or json', 'table')
    .option(
      '--dedupe',
      'count one per incident across the event datasets (linked records count once, docs/linkage.md), as if every claim said dedupe: true',
    )
    .addHelpText(
      'after',
      '\nVerdicts: supported, partly_supported (true under some definitions or sources only), contradicted, not_checkable.\nDrafts (status: draft) are not checked.\nWith --dedupe the event datasets answer together as one source, "deduplicated events of ...".\n',
    )
    .action(async (file: string, o: { format: string; dedupe?: boolean }) => {
      o.format = textOrJson(o.format, 'table');
      const { checkClaims, claimsAnswer, loadClaimFile, parseClaims, withDedupe } =
        await import('../../app/claims/check-claims.ts');
      // `-` reads the file from standard input, as `claims extract -` does (it was taken for a file
      // named "-"); without a name, as the API's POST /claims/check reads a body.
      const read: LoadedClaims<string | null> =
        file === '-'
          ? parseClaims(await (ctx.stdin ? ctx.stdin() : processStdin()), null)
          : await loadClaimFile(userPath(ctx, file));
      const loaded = o.dedupe ? withDedupe(read) : read;
      // Read-only unless a claim counts incidents (dedupe), which may store links it had to compute.
      const store = await ctx.store(loaded.file.claims.some((c) => c.dedupe) ? undefined : 'read');
      const results = await checkClaims(store, loaded.file.claims);
      if (o.format === 'json') return ctx.out(JSON.stringify(claimsAnswer(loaded, results), null, 2) + '\n');
      ctx.out(results.map(block).join('\n'));
    });

  cmd
    .command('extract')
    .description('propose claim specs (status: draft) from a text, for an analyst to confirm')
    .argument('<text>', 'a text file, - to read standard input, or the text itself in quotes')
    .option('--format <format>', 'yaml (a claim file of drafts) or json', 'yaml')
    .addHelpText(
      'after',
      '\nExamples:\n  faultline claims extract essay.txt > drafts.yaml\n  cat essay.txt | faultline claims extract -\n  faultline claims extract "Attacks rose by about 70% in 2023."\nEvery sentence that gives no draft is listed with the reason. Drafts are not checked until you set status: confirmed.\n',
    )
    .action(async (arg: string, o: { format: string }) => {
      o.format = textOrJson(o.format, 'yaml');
      const { text, name } = await readText(ctx, arg);
      const { draftClaimFile, draftClaimsAnswer } = await import('../../app/claims/draft-claims.ts');
      if (o.format === 'json') return ctx.out(JSON.stringify(draftClaimsAnswer(text, name), null, 2) + '\n');
      const r = draftClaimFile(text, name);
      ctx.out(r.yaml);
      ctx.err(
        `${counted(r.drafts, 'draft claim')}, ${counted(r.skipped, 'sentence')} without a draft (listed with the reason); confirm each draft (status: confirmed) before checking\n`,
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

/** The text to draft from: standard input for `-`, a file when one exists at the path, else the argument itself when it reads as prose. */
async function readText(ctx: Context, arg: string): Promise<{ text: string; name: string }> {
  if (arg === '-') return { text: await (ctx.stdin ? ctx.stdin() : processStdin()), name: 'stdin' };
  try {
    return { text: await readFile(userPath(ctx, arg), 'utf8'), name: basename(arg) };
  } catch {
    if (/\s/.test(arg.trim())) return { text: arg, name: 'text' };
    // Bad input, as a missing file is for every command (it exited 3, not found).
    throw new InvalidInputError(
      `no such file: ${quoteValue(arg)} (give a file, - for standard input, or the text in quotes)`,
    );
  }
}

async function processStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function block(r: ClaimResult): string {
  // Figures over other periods that give no bound: counted in one line under the table, each whole in --format json.
  const rows = r.evidence
    .filter((e) => e.no_bound === undefined)
    .map((e) => ({
      source: e.source,
      report: e.report ?? '',
      version: e.version,
      measure: e.measure,
      value:
        e.value === null
          ? ''
          : e.bound
            ? `${e.bound.kind === 'lower' ? '>=' : '<='} ${formatNumber(e.value)}`
            : e.qualifier.startsWith('rate_ratio')
              ? `RR ${RATIO_SIGN[e.qualifier] ?? ''}${formatNumber(e.value, 2)}`
              : e.qualifier === 'difference'
                ? `${e.value > 0 ? '+' : ''}${formatNumber(e.value, 2)}`
                : e.qualifier === 'percent'
                  ? `${formatNumber(e.value, 1)}%`
                  : formatNumber(e.value),
      // Published figures over other periods than the claim's (bounds) differ: each one's period.
      period: e.period ? `${e.period.from}..${e.period.to}` : '',
      // A figure over part of its period: how many of its days (the explanation says it too).
      covered:
        e.covered && e.covered.days < e.covered.of
          ? `${formatNumber(e.covered.days)} of ${formatNumber(e.covered.of)} days`
          : '',
      outcome: e.role === 'context' ? `${e.outcome} (context)` : e.outcome,
    }));
  const partly = rows.some((x) => x.covered);
  const periods = new Set(rows.map((x) => x.period).filter(Boolean)).size > 1;
  const shown = rows.map(({ period, covered, outcome, ...x }) => ({
    ...x,
    ...(periods ? { period } : {}),
    ...(partly ? { covered } : {}),
    outcome,
  }));
  // A deduplicated figure: the line `series --dedupe` prints, naming the runs its links came from.
  const links = r.evidence.flatMap((e) => (e.linkage ? [`${storedLinksLine(e.linkage)}\n`] : []));
  return `${r.id}: ${r.verdict}\n  claim: ${r.text}\n  accepts: ${r.accepts}\n  ${r.explanation}\n${(render(shown, 'table', undefined, 'json') + noBoundLine(r) + boundLines(r) + links.join('')).replace(/^(?=.)/gm, '  ')}`;
}

/** The one line that stands for the figures the table leaves out because they give no bound. */
function noBoundLine(r: ClaimResult): string {
  const summary = noBoundSummary(r.evidence);
  return summary ? `(not in the table: ${summary}; --format json lists each)\n` : '';
}

/** How the table writes a rate ratio that is a bound: `RR >= 2.69`, `RR <= 0.5`. */
const RATIO_SIGN: Record<string, string> = {
  rate_ratio_lower_bound: '>= ',
  rate_ratio_upper_bound: '<= ',
};

/**
 * Each bounding figure's `bound.why`, and each change read from bounds with its `change_bound.why`,
 * whole (a table cell would cut it), under the table: the API's words.
 */
function boundLines(r: ClaimResult): string {
  const bounds = r.evidence.filter((e) => e.bound);
  const changes = r.evidence.filter((e) => e.change_bound);
  const figures = bounds.length
    ? `why each figure over another period bounds the claim:\n${bounds
        .map(
          (e) =>
            `  ${e.source}, ${e.period!.from}..${e.period!.to} (${e.bound!.kind === 'lower' ? '>=' : '<='} ${formatNumber(e.bound!.value)}): ${e.bound!.why}\n`,
        )
        .join('')}`
    : '';
  const ratios = changes.length
    ? `why each publisher's figures bound the change:\n${changes
        .map((e) => {
          const c = e.change_bound!;
          const value = ratioWords(c.low, c.high);
          return `  ${e.source} (RR ${value}): ${c.why}\n`;
        })
        .join('')}`
    : '';
  return figures + ratios;
}
