/**
 * What `faultline update` says when a part fails: which part (and file) failed, what was done, and
 * whether the alert rules judged what was imported. Until 2026-12-06 an update whose import failed
 * after others had committed evaluated no rule on them, and a failing GDELT part said nothing of the
 * UCDP part done before it; until 2026-12-07 a failing UCDP part left the GDELT part not run.
 */
import { grouped } from '../domain/format-number.ts';
import type { AlertRunAnswer } from '../app/answers.ts';
import { oneLine } from '../domain/errors.ts';
import { agree, counted } from '../domain/plural.ts';
import { quoteValue } from '../domain/quote.ts';
import { exitCodeFor } from './fail.ts';

/** Where a format shows what the note points to: the table and lines above it, or the JSON answer. */
const where = (format: 'table' | 'json', table: string, json: string) =>
  format === 'table' ? table : `the answer's ${json}`;

/** What the rules' evaluation on what was imported said, as a clause of a note (empty when no rule was there to judge it). */
function rulesClause(alerts: AlertRunAnswer | null | undefined, format: 'table' | 'json'): string {
  if (alerts === undefined) return '; they changed no event, so no alert rule was evaluated';
  if (alerts === null) return "; the alert rules' evaluation on them failed (said above)";
  const n = alerts.rules.length;
  if (!n) return '';
  return `; the ${counted(n, 'alert rule')} ${agree(n, 'was', 'were')} evaluated on what they imported (${where(format, 'above', 'alerts')})`;
}

/**
 * The note of a UCDP part whose import failed after `imported` of `planned` files were committed:
 * `note: 4 of 5 files imported before the update stopped at "<url>" (listed above); the 2 alert rules
 * were evaluated on what they imported (above); faultline update again goes on from there`.
 */
export function importStopped(
  imported: number,
  planned: number,
  failedUrl: string | null,
  alerts: AlertRunAnswer | null | undefined,
  format: 'table' | 'json',
): string {
  const at = failedUrl === null ? '' : ` at ${quoteValue(failedUrl)}`;
  return `note: ${grouped(imported)} of ${grouped(planned)} files imported before the update stopped${at} (${where(format, 'listed above', 'files')})${rulesClause(alerts, format)}; faultline update again goes on from there`;
}

/** A part of `faultline update` that failed: the part, the file it failed at (when one is known) and the failure. */
export interface PartFailure {
  part: string;
  url: string | null;
  error: unknown;
}

/**
 * The line said when a part fails and others follow, which are run all the same: `note: the
 * update's ucdp part failed (cannot reach "<url>": ...); its gdelt part is run all the same`.
 */
export const goingOn = (part: string, next: readonly string[], error: unknown): string =>
  `note: the update's ${part} part failed (${oneLine(error)}); its ${next.join(' and ')} part is run all the same`;

/**
 * Once every part ran and some failed: the lines that say the parts done and the parts failed, and
 * the answer's `failed` (one `{part, url, error, exit_code}` each, in the order the parts ran), kept
 * with what the parts set. The command then fails with the first failure (its line and exit code);
 * another part's failure is said here, `note: the update's gdelt part failed too: ... (exit 5)`.
 * Nothing when the update had done and said nothing else and one part failed (a release not found,
 * with GDELT not configured): the failure's own line says it all.
 */
export function partsFailed(
  answer: Record<string, unknown>,
  parts: readonly string[],
  failures: readonly PartFailure[],
  format: 'table' | 'json',
): string[] {
  // One failure and nothing else done or said: its own line says it all (two are both said).
  if (!Object.keys(answer).length && failures.length < 2) return [];
  answer.failed = failures.map((f) => ({
    part: f.part,
    url: f.url,
    error: oneLine(f.error),
    exit_code: exitCodeFor(f.error),
  }));
  const failed = failures.map((f) => f.part);
  const done = parts.filter((p) => !failed.includes(p));
  const lines: string[] = [];
  if (done.length) {
    const alerts = answer.alerts as AlertRunAnswer | null | undefined;
    const judged =
      done.includes('ucdp') && alerts?.rules.length
        ? `; the ${counted(alerts.rules.length, 'alert rule')} ${agree(alerts.rules.length, 'was', 'were')} evaluated on what it imported (${where(format, 'above', 'alerts')})`
        : '';
    lines.push(
      `note: the update's ${done.join(' and ')} part was done (${where(format, 'listed above', done.map((p) => (p === 'ucdp' ? 'files' : p)).join(' and '))})${judged}; its ${failed.join(' and ')} part failed`,
    );
  }
  // The first failure is the command's last line; the others are said here, each with its exit code.
  for (const f of failures.slice(1))
    lines.push(
      `note: the update's ${f.part} part failed too: ${oneLine(f.error)} (exit ${exitCodeFor(f.error)}; the update exits with its ${failures[0]!.part} part's code)`,
    );
  return lines;
}
