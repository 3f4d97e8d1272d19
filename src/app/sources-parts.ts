/**
 * The two parts of the sources answer (GET /sources, `faultline sources`): JSON and the table give
 * both; csv and ndjson, which hold one kind of row, give the part named (`part`, `--part`). Apart
 * from sources-view.ts so that the command's options load no store code.
 */
export const SOURCES_PARTS = ['imports', 'coverage'] as const;

/** A part of the sources answer. */
export type SourcesPart = (typeof SOURCES_PARTS)[number];

/** The part csv and ndjson give when none is named: the ledger, which `faultline sources` is named for. */
export const DEFAULT_SOURCES_PART: SourcesPart = 'imports';

/**
 * The columns of each part's rows (LedgerRow, CoverageEntry), in their order: a CSV of a store
 * with no import still has its header row.
 */
export const SOURCES_COLUMNS: Record<SourcesPart, readonly string[]> = {
  imports: [
    'id',
    'file',
    'format',
    'source',
    'version',
    'version_inferred',
    'sha256',
    'bytes',
    'rows_read',
    'accepted',
    'rejected',
    'metadata_rows',
    'out_of_scope',
    'warnings',
    'added',
    'changed',
    'removed',
    'unchanged',
    'stale',
    'started_at',
    'duration_ms',
    'coverage_from',
    'coverage_to',
    'parsed_by',
  ],
  coverage: ['source', 'version', 'first_date', 'last_date', 'basis', 'events', 'countries'],
};
