/**
 * An import's rejected rows and the warnings its kept rows carry, as `faultline rejections ID
 * [--warnings]` and `GET /api/v1/imports/{id}/rejections|warnings` answer them (the same shapes).
 */
import { InvalidInputError, NotFoundError } from '../domain/errors.ts';
import { quoteValue } from '../domain/quote.ts';
import { FIPS_TO_ISO3 } from '../ingest/gdelt/fips-countries.ts';
import type { LedgerEntry, Store, StoredWarning } from '../storage/store.ts';

/** A rejected row: its line in the file, the field and value refused, why, and the record as read. */
export interface RejectionRow {
  line: number;
  field: string | null;
  value: string | null;
  reason: string;
  raw: string;
}

/** The rejected rows of one import; fewer than `rejected` when a limit cut the list. */
export interface RejectionsAnswer {
  import_id: number;
  /** Every row the import rejected (the ledger's count). */
  rejected: number;
  rejections: RejectionRow[];
}

/** A warning a kept row carries: the event, statistic or GDELT row it became, the field and value it is about, and its text. */
export type WarningRow = Omit<StoredWarning, 'importId'>;

/** The warnings of one import's kept rows; fewer than `warnings_total` when a limit cut the list. */
export interface WarningsAnswer {
  import_id: number;
  /** Rows the import kept with a warning (the ledger's `warnings`). */
  rows_with_warnings: number;
  /** Of those, the rows the store still holds from this import (a row this import found unchanged stays under the import that stored it first; one a later import changed, under that one). */
  rows_held: number;
  /** Warnings those rows carry (a row may carry several). */
  warnings_total: number;
  warnings: WarningRow[];
}

/** The column order of a rejection row (csv, ndjson) and of a warning row. */
export const REJECTION_COLUMNS = ['line', 'field', 'value', 'reason', 'raw'] as const;
export const WARNING_COLUMNS = ['kind', 'id', 'record', 'field', 'value', 'warning'] as const;

/** Checks an import id and a limit as typed (`12`, `--limit 5`), and finds the import's ledger entry. */
export async function importOf(store: Store, id: string, limit?: string): Promise<LedgerEntry> {
  if (!/^\d{1,15}$/.test(id)) throw new InvalidInputError(`invalid import id: ${quoteValue(id)}`);
  if (limit !== undefined && !/^\d{1,9}$/.test(limit))
    throw new InvalidInputError(`invalid limit: ${quoteValue(limit)} (use a whole number, 0 or more)`);
  // An empty list would read as "this import rejected nothing".
  const ledger = (await store.listImports()).find((l) => l.id === Number(id));
  if (!ledger) throw new NotFoundError(`unknown import id: ${id} (faultline sources lists the imports)`);
  return ledger;
}

/** The rejected rows of an import, up to `limit` (every one without it). */
export async function rejectionsAnswer(
  store: Store,
  ledger: LedgerEntry,
  limit?: number,
): Promise<RejectionsAnswer> {
  const listed = await store.listRejections(ledger.id, limit);
  return {
    import_id: ledger.id,
    rejected: ledger.rejected,
    rejections: listed.map((r) => ({
      line: r.line,
      field: r.field,
      value: r.value,
      reason: r.reason,
      raw: r.raw,
    })),
  };
}

/** The warnings of an import's kept rows, up to `limit` (every one without it). */
export async function warningsAnswer(
  store: Store,
  ledger: LedgerEntry,
  limit?: number,
): Promise<WarningsAnswer> {
  const held = await store.listImportWarnings({
    importId: ledger.id,
    limit,
    knownFips: Object.keys(FIPS_TO_ISO3),
  });
  return {
    import_id: ledger.id,
    rows_with_warnings: ledger.warnings,
    rows_held: held.rows,
    warnings_total: held.total,
    warnings: held.warnings.map(({ importId: _, ...w }) => w),
  };
}

/**
 * The notes that say a list holds fewer than there are: cut by a limit (and how to see every one),
 * or warned rows the store holds under another import. `every` says how to list them all.
 */
export function shortNotes(a: RejectionsAnswer | WarningsAnswer, cutBy: string, every: string): string[] {
  const notes: string[] = [];
  if ('rejections' in a) {
    if (a.rejections.length < a.rejected)
      notes.push(
        `${a.rejections.length ? `rows 1-${a.rejections.length}` : '0'} of ${a.rejected} rejected rows listed (${cutBy}): give a larger --limit, or ${every} for every one`,
      );
    return notes;
  }
  if (a.warnings.length < a.warnings_total)
    notes.push(
      `${a.warnings.length ? `warnings 1-${a.warnings.length}` : '0'} of ${a.warnings_total} warnings listed (${cutBy}): give a larger --limit, or ${every} for every one`,
    );
  if (a.rows_held < a.rows_with_warnings)
    notes.push(
      `${a.rows_with_warnings - a.rows_held} of the ${a.rows_with_warnings} rows import ${a.import_id} kept with a warning are not listed: the store holds them under another import (the earlier one that stored them, when this one found them unchanged, or a later one that changed them)`,
    );
  return notes;
}
