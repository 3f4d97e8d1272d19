/**
 * What an event export holds, written into the file where its format has room for it (GeoJSON's
 * `meta` member, Parquet's key-value metadata `faultline`, an xlsx sheet `about`), so a file handed
 * on keeps its filter, source versions and licences: the stderr lines and HTTP headers that said
 * them stay behind. Nothing in it depends on when the export is made: the same filter on the same
 * store gives the same bytes.
 */
import { bySourceVersion } from '../domain/version-order.ts';
import { sourceUseText } from '../domain/release.ts';
import type { WireFilter } from '../domain/filter-vocabulary.ts';
import type { CoverageStatus, Meta, MetaSource } from './answers.ts';

/** What the rows of an event export are. */
export const EXPORT_COUNTS =
  'one row per event record matching the filter, as its source records it (a record, not an incident: two sources may record one incident), with the source version and the sha256 of the file each row was imported from (file_sha256, record_no)';

/**
 * The fields of an import ledger entry (the Store's LedgerEntry) the about names: its own type, so
 * the dashboard, which reads ExportAbout through answers.ts, never compiles the storage layer.
 */
export interface ImportOfRows {
  id: number;
  source: string;
  version: string;
  fileName: string;
  sha256: string;
  startedAt: string;
}

/** The facts of an export a reader needs to cite and reproduce it. */
export interface ExportAbout {
  counts: string;
  /** The filter applied, under the API's parameter names (send it back as query parameters: the same rows). */
  filter: WireFilter;
  sort: string;
  /** Whether UCDP Candidate events a final release superseded are listed too (`include_superseded`). */
  include_superseded: boolean;
  offset: number;
  /** null: every matching event after `offset`. */
  limit: number | null;
  /** Matching events, before offset and limit; null when none matches and no loaded source covers the filter. */
  matching_events: number | null;
  period: { from: string; to: string } | null;
  coverage_status: CoverageStatus | null;
  coverage_warning: string | null;
  /** The source versions the matching events come from, with their licence and the credit they ask for. */
  sources: MetaSource[];
  /**
   * The imports of those source versions, oldest first: the files the rows were read from (each
   * row's `file_sha256` is one of them) and when, so the file says what state of the store it shows.
   */
  imports: {
    import: number;
    source: string;
    version: string;
    file: string;
    sha256: string;
    imported_at: string;
  }[];
  notes: string[];
}

/** The about of an export from its listing's meta and the query's sort and window. */
export function exportAbout(
  meta: Meta,
  q: { sort?: string; offset?: number; limit?: number; includeSuperseded?: boolean },
  matching: number | null,
  ledger: readonly ImportOfRows[],
): ExportAbout {
  const used = new Set(meta.sources.map((s) => `${s.source}\u0000${s.version}`));
  return {
    counts: EXPORT_COUNTS,
    filter: meta.filter,
    sort: q.sort ?? 'date',
    include_superseded: q.includeSuperseded === true,
    offset: q.offset ?? 0,
    limit: q.limit ?? null,
    matching_events: matching,
    period: meta.period,
    coverage_status: meta.coverage_status,
    coverage_warning: meta.coverage_warning,
    sources: [...meta.sources].sort(bySourceVersion),
    imports: ledger
      .filter((e) => used.has(`${e.source}\u0000${e.version}`))
      .sort((a, b) => a.id - b.id)
      .map((e) => ({
        import: e.id,
        source: e.source,
        version: e.version,
        file: e.fileName,
        sha256: e.sha256,
        imported_at: e.startedAt,
      })),
    notes: meta.notes,
  };
}

/** The filter as the API's query string (`country=PAK&from=2021-01-01`); '' for none. */
export function filterQuery(filter: WireFilter): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filter))
    if (v !== undefined && v !== null) params.set(k, Array.isArray(v) ? v.join(',') : String(v));
  return decodeURIComponent(params.toString().replace(/\+/g, '%20'));
}

/** The about as label and value pairs, one a row (an xlsx `about` sheet). */
export function aboutRows(a: ExportAbout): [string, string | number | null][] {
  const rows: [string, string | number | null][] = [
    ['rows', a.counts],
    ['filter', filterQuery(a.filter) || '(none: every event)'],
    ['sort', a.sort],
    ['include_superseded', String(a.include_superseded)],
    ['offset', a.offset],
    ['limit', a.limit ?? '(none: every matching event after offset)'],
    ['matching events', a.matching_events ?? 'unknown (no loaded source covers the filter)'],
    ['period', a.period ? `${a.period.from} to ${a.period.to}` : null],
    ['coverage', a.coverage_status],
    ['coverage warning', a.coverage_warning],
  ];
  for (const s of a.sources) {
    rows.push(['source', sourceUseText(s)]);
    rows.push([
      'licence',
      [s.licence, s.licence_url && `<${s.licence_url}>`].filter(Boolean).join(' ') || null,
    ]);
    rows.push(['credit', s.credit]);
  }
  for (const i of a.imports)
    rows.push([
      'import',
      `${i.import}: ${i.file} (${i.source} ${i.version}), sha256 ${i.sha256}, imported ${i.imported_at}`,
    ]);
  for (const n of a.notes) rows.push(['note', n]);
  return rows;
}
