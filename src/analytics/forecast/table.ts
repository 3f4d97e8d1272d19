/** Plain-text (Markdown) tables of backtest results. */
import type { BacktestResult } from './backtest.ts';
import { METHOD_NAMES } from './methods.ts';

/** A Markdown table: one row per method (CRPS, IGN, MIS, coverage90, n), then each model against the best baseline. */
export function backtestTable(result: BacktestResult): string {
  const lines = [
    '| method | CRPS | IGN (bits) | MIS (90%) | coverage90 | n |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const name of METHOD_NAMES) {
    const s = result.methods[name];
    if (s)
      lines.push(
        `| ${name} | ${s.crps.toFixed(2)} | ${s.ign.toFixed(3)} | ${s.mis.toFixed(1)} | ${(100 * s.coverage90).toFixed(1)}% | ${s.n} |`,
      );
  }
  lines.push(
    '',
    '| model | crps_ratio | ign_diff (bits) | mis_ratio | best baseline (CRPS / IGN / MIS) |',
    '|---|---:|---:|---:|---|',
  );
  for (const c of result.comparisons) {
    lines.push(
      `| ${c.model} | ${c.crps_ratio.toFixed(3)} | ${c.ign_diff.toFixed(3)} | ${c.mis_ratio.toFixed(3)} | ${c.best.crps} / ${c.best.ign} / ${c.best.mis} |`,
    );
  }
  return lines.join('\n');
}

/** A Markdown table of CRPS by horizon (rows) and method (columns). */
export function horizonTable(result: BacktestResult): string {
  const names = METHOD_NAMES.filter((m) => result.byHorizon[m]);
  const lines = [`| h | ${names.join(' | ')} |`, `|---|${names.map(() => '---:').join('|')}|`];
  for (let h = 0; h < result.horizons; h++) {
    lines.push(`| ${h + 1} | ${names.map((m) => result.byHorizon[m]![h]!.crps.toFixed(2)).join(' | ')} |`);
  }
  return lines.join('\n');
}
