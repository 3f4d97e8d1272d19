/**
 * What the evaluation of the alert rules after an import says on stderr: each alert it recorded,
 * and each rule's error and note (`alert rule 2 note: the loaded data end on ...`). The evaluation
 * after an import is read by no one else, so every command that imports (`import`, `fetch ucdp`,
 * `fetch acled`, `update`) says it, in these words; `fetch ucdp`, `fetch acled` and `update` said
 * nothing of it until 2026-12-06.
 */

import type { AlertRunAnswer } from '../app/answers.ts';

/** The lines of one evaluation (none when the store has no rule, or the evaluation failed and was logged). */
export function alertRunLines(run: AlertRunAnswer | null | undefined): string[] {
  if (!run) return [];
  const lines = run.alerts.map(
    (a) => `alert ${a.id} ${a.state} (rule ${a.rule_id}): ${a.title}${a.reason ? ` (${a.reason})` : ''}`,
  );
  for (const x of run.rules) {
    if (x.error) lines.push(`alert rule ${x.rule_id}: ${x.error}`);
    if (x.note) lines.push(`alert rule ${x.rule_id} note: ${x.note}`);
  }
  return lines;
}
