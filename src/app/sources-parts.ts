/**
 * The three parts of the sources answer (GET /sources, `faultline sources`): a part named (`part`,
 * `--part`, in any case) is the one every format gives; with none, JSON and the table give all and
 * csv and ndjson, which hold one kind of row, the ledger. Apart from sources-view.ts so that the
 * command's options load no store code.
 */
import { invalidParam } from '../domain/errors.ts';
import { quoteValue } from '../domain/quote.ts';
import type { SourcesAnswer } from './answers.ts';

export const SOURCES_PARTS = ['imports', 'coverage', 'credits'] as const;

/** The parts as a message lists them: "imports, coverage or credits". */
export const SOURCES_PARTS_TEXT = `${SOURCES_PARTS.slice(0, -1).join(', ')} or ${SOURCES_PARTS.at(-1)}`;

/** A part of the sources answer. */
export type SourcesPart = (typeof SOURCES_PARTS)[number];

/** Checks a part named by `part` or `--part`, in any case (`COVERAGE` is `coverage`, as countries and types match). */
export function parseSourcesPart(v: string): SourcesPart {
  const part = v.trim().toLowerCase();
  if (!(SOURCES_PARTS as readonly string[]).includes(part))
    throw invalidParam('part', `${quoteValue(v)} (use ${SOURCES_PARTS_TEXT})`);
  return part as SourcesPart;
}

/** The JSON answer: every part, or only the one named (`{"coverage": [...]}`). */
export function sourcesJson(answer: SourcesAnswer, part: SourcesPart | undefined): Partial<SourcesAnswer> {
  return part === undefined ? answer : { [part]: answer[part] };
}

/** The part csv and ndjson give when none is named: the ledger, which `faultline sources` is named for. */
export const DEFAULT_SOURCES_PART: SourcesPart = 'imports';

/**
 * The columns of each part's rows (LedgerRow, CoverageEntry, CreditRow), in their order: a CSV of a store
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
    'scope',
    'mapping_sha256',
  ],
  coverage: ['source', 'version', 'first_date', 'last_date', 'basis', 'events', 'countries'],
  // The licence's id and text come last: a reader of the columns before them by position still reads them.
  credits: [
    'dataset',
    'source',
    'versions',
    'used_for',
    'licence',
    'credit',
    'url',
    'licence_id',
    'licence_url',
  ],
};
