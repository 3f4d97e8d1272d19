/** Shared by the analysis commands: filter flags (the API's filter parameters) and printing answers with their meta. */
import type { Command } from 'commander';
import type { Meta } from '../app/analysis/meta.ts';
import type { LinkageBasis } from '../app/disagreements-answer.ts';
import { DEATH_METRICS } from '../domain/aggregate.ts';
import { counted } from '../domain/plural.ts';
import { bySourceVersion } from '../domain/version-order.ts';
import { sourceUseText } from '../domain/release.ts';
import { notesBesideRows } from '../app/notes-beside-rows.ts';
import { licencesText } from '../app/licences-text.ts';
import { addFilterOptions } from './filter-options.ts';
export { filterOfOptions } from './filter-options.ts';
import type { Context } from './context.ts';
import { outputFormat, render, type OutputFormat } from './output.ts';

/** Adds the filter flags (the whole filter vocabulary) and `--format`. */
export function addAnalysisFilters(cmd: Command): Command {
  return addFilterOptions(cmd).option(
    '--format <format>',
    'table, csv, ndjson or json (json prints exactly what the API returns; csv and ndjson the rows)',
    'table',
  );
}

/** The help of a `--metric` option: events, or each death figure by name (the values it takes). */
export const METRIC_HELP = `events or a death figure: ${DEATH_METRICS.slice(0, -1).join(', ')} or ${DEATH_METRICS.at(-1)}`;

/** Checks `--format` (table, csv, ndjson or json). */
export function analysisFormat(o: Record<string, unknown>): OutputFormat {
  return outputFormat(String(o.format ?? 'table'));
}

/**
 * Prints an answer: json prints the whole body (as the API's JSON), csv and ndjson the rows, table
 * the rows; after csv, ndjson and table rows, the sources, coverage warning and notes go to stderr,
 * so the rows never stand alone.
 */
export function printAnswer(
  ctx: Context,
  format: OutputFormat,
  body: { meta?: Meta },
  rows: readonly object[],
  columns?: string[],
): void {
  if (format === 'json') return ctx.out(JSON.stringify(body, null, 2) + '\n');
  const r = rows as readonly Record<string, unknown>[];
  if (format !== 'table') {
    // CSV and NDJSON carry rows only: what they count from, and their warnings, go to stderr.
    ctx.out(render(r, format, columns));
    return aboutRows(ctx, body.meta && { ...body.meta, notes: notesBesideRows(body.meta.notes) });
  }
  // A metric's companion count of events that do not report it (`<metric>_unknown`) only widens the
  // table when it is zero everywhere. A metric's own column always shows, `deaths_unknown` too.
  const all = columns ?? (r[0] ? Object.keys(r[0]) : []);
  const cols = all.filter((c) => !isUnknownCompanion(c, all) || r.some((x) => x[c]));
  ctx.out(render(r, 'table', cols));
  aboutRows(ctx, body.meta);
}

/** Whether a column counts the events that do not report the metric of another column beside it. */
function isUnknownCompanion(column: string, columns: readonly string[]): boolean {
  return column.endsWith('_unknown') && columns.includes(column.slice(0, -'_unknown'.length));
}

/**
 * The line naming the source versions an answer counts from, with their events and, for UCDP,
 * whether the release is final or preliminary (`sources: ucdp-candidate 26.0.6 (200 events,
 * preliminary), ucdp-ged 22.1 (23 events, final)`), as the dashboard's source lines say it.
 */
export function sourcesLine(meta: Pick<Meta, 'sources'>): string {
  return `sources: ${[...meta.sources].sort(bySourceVersion).map(sourceUseText).join(', ') || 'none'}\n`;
}

/** The line naming the licence of each source version an answer counts from (`licences: ucdp-ged 22.1: CC-BY-4.0 <...>`), or '' when it counts from none. */
export function licencesLine(meta: Pick<Meta, 'sources'>): string {
  return meta.sources.length ? `licences: ${licencesText([...meta.sources].sort(bySourceVersion))}\n` : '';
}

/** The sources, their licences, the coverage warning and notes of an answer, on stderr under its rows. */
function aboutRows(ctx: Context, meta: Meta | undefined): void {
  if (!meta) return;
  ctx.err(sourcesLine(meta));
  ctx.err(licencesLine(meta));
  if (meta.coverage_warning) ctx.err(`warning: ${meta.coverage_warning}\n`);
  for (const n of meta.notes) ctx.err(`note: ${n}\n`);
  // A deduplicated answer names the runs its links came from, as `disagreements` does (a period no
  // source covers has no links to name: its warning says so).
  if (meta.linkage?.basis === 'stored' && meta.coverage_status !== 'not_covered')
    ctx.err(`${storedLinksLine(meta.linkage)}\n`);
}

/**
 * The line naming the stored runs an answer's links came from: the part of the answer's period each
 * supplied (and the run's own period), the answer's records there per source version, and the parts
 * no stored run covers.
 */
export function storedLinksLine(l: LinkageBasis): string {
  const runs = l.runs.map(
    (x) =>
      `${x.used.from} to ${x.used.to} from the run of ${x.from} to ${x.to} (${x.used.source_versions.map((v) => `${v.source} ${v.version}: ${counted(v.records, 'record')}`).join(', ')})`,
  );
  const gaps = l.no_run.map((g) => `${g.from} to ${g.to}`);
  const parts = [
    ...(runs.length ? runs : ['none used (no record under this filter)']),
    ...(gaps.length ? [`no stored run covers ${gaps.join(', ')}: nothing there is linked`] : []),
  ];
  return `links stored after the imports${l.relinked ? ' (stale, computed again now)' : ''}: ${parts.join('; ')}`;
}
