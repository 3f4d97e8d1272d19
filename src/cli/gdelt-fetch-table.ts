/**
 * The table of a GDELT fetch (`faultline fetch gdelt`, the GDELT part of `faultline update`): the
 * answer's counts under its JSON keys, as every table heads its columns.
 */
import type { GdeltFetchAnswer } from '../app/answers.ts';
import { render } from './output.ts';

/** One row of the fetch's counts; `out_of_scope` only when a country filter counted it (as `faultline import` does). */
export function gdeltFetchTable(a: GdeltFetchAnswer): string {
  const row = {
    listed: a.listed,
    imported: a.imported,
    already_imported: a.already_imported,
    rows_read: a.rows_read,
    accepted: a.accepted,
    rejected: a.rejected,
    ...(a.out_of_scope !== null ? { out_of_scope: a.out_of_scope } : {}),
    unreadable_list_lines: a.unreadable_list_lines,
  };
  return render([row], 'table');
}
