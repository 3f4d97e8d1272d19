/**
 * The rejected rows an import answer lists (POST /imports, `faultline import --format json`,
 * `faultline fetch ucdp|acled --format json`): the first ones, and a note whenever the ledger counts
 * more, so a list is never cut without saying so. Every rejected row stays in the store.
 */
import { grouped } from '../domain/format-number.ts';
import type { LedgerEntry, StoredRejection } from '../storage/store.ts';

/** The most rejected rows an import answer lists (the importers keep this many for it). */
export const LISTED_REJECTIONS = 100;

/** An import as far as its answer's rejected rows go. */
interface RejectingImport {
  ledger: Pick<LedgerEntry, 'id' | 'rejected'>;
  alreadyImported: boolean;
  rejections: readonly Omit<StoredRejection, 'importId'>[];
}

/** The first rejected rows (up to LISTED_REJECTIONS) and, when the ledger counts more, a note saying how many and where every one is. */
export function listedRejections(r: RejectingImport): {
  rejections: Omit<StoredRejection, 'importId'>[];
  rejections_note: string | null;
} {
  const rejections = r.rejections.slice(0, LISTED_REJECTIONS);
  const { id, rejected } = r.ledger;
  if (rejections.length >= rejected) return { rejections, rejections_note: null };
  const every = `every one: faultline rejections ${id}, GET /api/v1/imports/${id}/rejections`;
  return {
    rejections,
    rejections_note: r.alreadyImported
      ? `none of the ${grouped(rejected)} rejected rows of import ${id} listed: the same bytes were imported before, and nothing was read; ${every}`
      : `the first ${grouped(rejections.length)} of ${grouped(rejected)} rejected rows listed; ${every}`,
  };
}
