/**
 * An import's rejected rows and the warnings its kept rows carry, as `faultline rejections ID
 * [--warnings]` and `GET /api/v1/imports/{id}/rejections|warnings` answer them (the same shapes).
 */
import { grouped } from '../domain/format-number.ts';
import { agree } from '../domain/plural.ts';
import { InvalidInputError, NotFoundError } from '../domain/errors.ts';
import { parseIntParam } from '../domain/number-params.ts';
import { LIST_MAX_LIMIT, MAX_OFFSET } from '../domain/query.ts';
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

/** The rejected rows of one import; fewer than `rejected` when a limit or an offset cut the list (then `note` says so). */
export interface RejectionsAnswer {
  import_id: number;
  /** Every row the import rejected (the ledger's count). */
  rejected: number;
  /** Rows skipped before the first listed one. */
  offset: number;
  /** The most rows asked for; null: every one (the CLI's exports without --limit). */
  limit: number | null;
  /** Which rows of how many the list holds, and the offset of the next page, when it holds fewer than every one; else null. */
  note: string | null;
  rejections: RejectionRow[];
}

/** A warning a kept row carries: the event, statistic or GDELT row it became, the line its record starts on, the field and value it is about, and its text. */
export type WarningRow = Omit<StoredWarning, 'importId'>;

/** The warnings of one import's kept rows; fewer than `warnings_total` when a limit or an offset cut the list (then `note` says so). */
export interface WarningsAnswer {
  import_id: number;
  /** Rows the import kept with a warning (the ledger's `warnings`). */
  rows_with_warnings: number;
  /** Of those, the rows the store still holds from this import (a row this import found unchanged stays under the import that stored it first; one a later import changed, under that one). */
  rows_held: number;
  /** Warnings those rows carry (a row may carry several). */
  warnings_total: number;
  /** Warnings skipped before the first listed one. */
  offset: number;
  /** The most warnings asked for; null: every one (the CLI's exports without --limit). */
  limit: number | null;
  /**
   * What the list leaves out, else null: which warnings of how many it holds and the offset of the
   * next page, and the rows kept with a warning that the store holds under another import.
   */
  note: string | null;
  warnings: WarningRow[];
}

/** The column order of a rejection row (csv, ndjson) and of a warning row. */
export const REJECTION_COLUMNS = ['line', 'field', 'value', 'reason', 'raw'] as const;
export const WARNING_COLUMNS = ['kind', 'id', 'line', 'record', 'field', 'value', 'warning'] as const;

export { LIST_DEFAULT_LIMIT, LIST_MAX_LIMIT } from '../domain/query.ts';

/** Which rows of a listing: `offset` skipped, then up to `limit` (null: every one). */
export interface ListWindow {
  limit: number | null;
  offset: number;
}

/**
 * Checks a listing's `--limit` or `--offset` as typed, with the bounds of the API's `limit` and
 * `offset` (one rule for both): `invalid --limit: "20000" (use an integer from 0 to 10000)`.
 */
export function listWindowParam(name: 'limit' | 'offset', v: string): number {
  return parseIntParam(name, v, 0, name === 'limit' ? LIST_MAX_LIMIT : MAX_OFFSET);
}

/** Checks an import id as typed (`12`), and finds the import's ledger entry. */
export async function importOf(store: Store, id: string): Promise<LedgerEntry> {
  if (!/^\d{1,15}$/.test(id))
    throw new InvalidInputError(
      `invalid import id: ${quoteValue(id)} (use a whole number: faultline sources lists the imports)`,
    );
  // An empty list would read as "this import rejected nothing".
  const ledger = (await store.listImports()).find((l) => l.id === Number(id));
  if (!ledger)
    throw new NotFoundError(`unknown import id: ${quoteValue(id)} (faultline sources lists the imports)`);
  return ledger;
}

/**
 * Which items of how many a list holds when it holds fewer than every one (`rows 1001-2000 of 5000
 * rejected rows listed; page on with offset 2000`), else null. Worded for the API and the CLI alike.
 */
export function cutNote(
  items: string,
  of: string,
  listed: number,
  total: number,
  w: ListWindow,
): string | null {
  if (listed >= total) return null;
  // One item is named alone: "row 7 of 1,300", not "rows 7-7 of 1,300".
  const held =
    listed === 0
      ? '0'
      : listed === 1
        ? `${items.replace(/s$/, '')} ${grouped(w.offset + 1)}`
        : `${items} ${grouped(w.offset + 1)}-${grouped(w.offset + listed)}`;
  const next = w.offset + listed;
  const why =
    next < total
      ? listed
        ? `; page on with offset ${next}`
        : ` (limit ${w.limit ?? 0})`
      : ` (from offset ${w.offset}${w.offset >= total ? ', past the last' : ''})`;
  return `${held} of ${grouped(total)} ${of} listed${why}`;
}

/** The rejected rows of an import in the window (every one without a limit). */
export async function rejectionsAnswer(
  store: Store,
  ledger: LedgerEntry,
  w: ListWindow = { limit: null, offset: 0 },
): Promise<RejectionsAnswer> {
  const listed = await store.listRejections(ledger.id, w.limit ?? undefined, w.offset);
  return {
    import_id: ledger.id,
    rejected: ledger.rejected,
    offset: w.offset,
    limit: w.limit,
    note: cutNote('rows', 'rejected rows', listed.length, ledger.rejected, w),
    rejections: listed.map((r) => ({
      line: r.line,
      field: r.field,
      value: r.value,
      reason: r.reason,
      raw: r.raw,
    })),
  };
}

/** The warnings of an import's kept rows in the window (every one without a limit). */
export async function warningsAnswer(
  store: Store,
  ledger: LedgerEntry,
  w: ListWindow = { limit: null, offset: 0 },
): Promise<WarningsAnswer> {
  const held = await store.listImportWarnings({
    importId: ledger.id,
    limit: w.limit ?? undefined,
    offset: w.offset,
    knownFips: Object.keys(FIPS_TO_ISO3),
  });
  const notes = [
    cutNote('warnings', 'warnings', held.warnings.length, held.total, w),
    held.rows < ledger.warnings ? elsewhere(ledger.id, ledger.warnings - held.rows, ledger.warnings) : null,
  ].filter((n) => n !== null);
  return {
    import_id: ledger.id,
    rows_with_warnings: ledger.warnings,
    rows_held: held.rows,
    warnings_total: held.total,
    offset: w.offset,
    limit: w.limit,
    note: notes.length ? notes.join('; ') : null,
    warnings: held.warnings.map(({ importId: _, ...x }) => x),
  };
}

/** Says how many of the rows an import kept with a warning the store holds under another import. */
const elsewhere = (id: number, missing: number, all: number) =>
  `${grouped(missing)} of the ${grouped(all)} rows import ${id} kept with a warning ${agree(missing, 'is not listed: the store holds it under another import (the earlier one that stored it, when this one found it unchanged, or a later one that changed it)', 'are not listed: the store holds them under another import (the earlier one that stored them, when this one found them unchanged, or a later one that changed them)')}`;

/**
 * The notes that say a list holds fewer than there are: cut by a limit (and how to see every one),
 * or warned rows the store holds under another import. `every` says how to list them all.
 */
export function shortNotes(a: RejectionsAnswer | WarningsAnswer, cutBy: string, every: string): string[] {
  const notes: string[] = [];
  const [items, of, listed, total] =
    'rejections' in a
      ? ['rows', 'rejected rows', a.rejections.length, a.rejected]
      : ['warnings', 'warnings', a.warnings.length, a.warnings_total];
  if (listed < total) {
    const held = listed ? `${items} ${grouped(a.offset + 1)}-${grouped(a.offset + listed)}` : '0';
    const next = a.offset + listed < total && listed ? `page on with --offset ${a.offset + listed}, ` : '';
    notes.push(
      `${held} of ${grouped(total)} ${of} listed (${cutBy}): ${next}give a larger --limit, or ${every} for every one`,
    );
  }
  if (!('rejections' in a) && a.rows_held < a.rows_with_warnings)
    notes.push(elsewhere(a.import_id, a.rows_with_warnings - a.rows_held, a.rows_with_warnings));
  return notes;
}
