/**
 * The lines an import's report ends with on stderr, naming the command that lists what its table
 * only counts: the rejected rows (`faultline rejections N`) and the rows kept with warnings
 * (`faultline rejections N --warnings`). `faultline import` and `faultline fetch` print them.
 */

import { grouped } from '../domain/format-number.ts';
import type { LedgerRow } from '../app/answers.ts';
import { agree, counted } from '../domain/plural.ts';

/** One imported file as its JSON report has it (importSummary): whether it was imported before, and its ledger entry. */
export interface ImportedFile {
  already_imported: boolean;
  ledger: Pick<LedgerRow, 'id' | 'rejected' | 'warnings'>;
}

/** The follow-up lines of a run's imported files (none for files imported before: nothing was read). */
export function importFollowUps(files: readonly ImportedFile[]): string[] {
  const lines: string[] = [];
  const read = files.filter((r) => !r.already_imported).map((r) => r.ledger);
  const rejecting = read.filter((r) => r.rejected > 0).map((r) => r.id);
  if (rejecting.length)
    lines.push(
      `see every rejected row with: ${rejecting.map((id) => `faultline rejections ${id}`).join('; ')}`,
    );
  // Rows kept with a warning (high < best, a geography naming no single country ...) are in no column.
  const warned = read.filter((r) => r.warnings > 0);
  const kept = warned.reduce((n, r) => n + r.warnings, 0);
  if (warned.length)
    lines.push(
      `${counted(kept, 'row')} ${agree(kept, 'was', 'were')} kept with warnings${warned.length > 1 ? ` (${warned.map((r) => `${grouped(r.warnings)} by import ${r.id}`).join(', ')})` : ''}; see them with: ${warned.map((r) => `faultline rejections ${r.id} --warnings`).join('; ')}`,
    );
  return lines;
}
