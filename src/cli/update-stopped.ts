/**
 * What `faultline update` says when it stops part-way: which part (and file) failed, what was done
 * before it, which parts were not run, and whether the alert rules judged what was imported. Until
 * 2026-12-06 an update whose import failed after others had committed evaluated no rule on them, and
 * a failing GDELT part said nothing of the UCDP part done before it.
 */
import type { AlertRunAnswer } from '../app/answers.ts';
import { oneLine } from '../domain/errors.ts';
import { agree, counted } from '../domain/plural.ts';
import { quoteValue } from '../domain/quote.ts';

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
  return `note: ${imported} of ${planned} files imported before the update stopped${at} (${where(format, 'listed above', 'files')})${rulesClause(alerts, format)}; faultline update again goes on from there`;
}

/**
 * Once a part failed (`parts[finished.length]`): the lines that say the parts done before it and
 * the parts not run after it, and the answer's `failed` ({part, url, error, not_run}), kept with
 * what the failing part set. Nothing when the update had done and said nothing yet (a bad option,
 * a release not found): the failure's own line says it all.
 */
export function partFailed(
  answer: Record<string, unknown>,
  parts: readonly string[],
  finished: readonly string[],
  error: unknown,
  format: 'table' | 'json',
): string[] {
  if (!Object.keys(answer).length) return [];
  const part = parts[finished.length]!;
  const notRun = parts.slice(finished.length + 1);
  const set = (answer.failed ?? {}) as { url?: string | null };
  answer.failed = { part, url: set.url ?? null, error: oneLine(error), not_run: notRun };
  const lines: string[] = [];
  if (finished.length) {
    const alerts = answer.alerts as AlertRunAnswer | null | undefined;
    const judged = alerts?.rules.length
      ? `; the ${counted(alerts.rules.length, 'alert rule')} ${agree(alerts.rules.length, 'was', 'were')} evaluated on what it imported (${where(format, 'above', 'alerts')})`
      : '';
    lines.push(
      `note: the update's ${finished.join(' and ')} part was done (${where(format, 'listed above', finished.map((p) => (p === 'ucdp' ? 'files' : p)).join(' and '))})${judged}; its ${part} part failed`,
    );
  }
  if (notRun.length)
    lines.push(`note: the update's ${notRun.join(' and ')} part was not run: its ${part} part failed first`);
  return lines;
}
