/** Plain-text (Markdown) tables of backtest results. */
import type { BacktestResult } from './backtest.ts';
import { HORIZON_BANDS } from './bands.ts';
import { BASELINE_NAMES, METHOD_NAMES, MODEL_NAMES } from './methods.ts';

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

/** A Markdown table per horizon band: each model's CRPS, its ratio to every baseline's CRPS, IGN difference to the best baseline, and coverage. */
export function bandTable(result: BacktestResult): string {
  const baselines = BASELINE_NAMES.filter((b) => result.byBand[b]);
  const models = MODEL_NAMES.filter((m) => result.byBand[m]);
  const lines = [
    `| band | model | CRPS | ${baselines.map((b) => `÷ ${b}`).join(' | ')} | IGN − best | coverage90 | n |`,
    `|---|---|---:|${baselines.map(() => '---:').join('|')}|---:|---:|---:|`,
  ];
  HORIZON_BANDS.forEach((band, i) => {
    for (const m of models) {
      const s = result.byBand[m]![i];
      if (!s) continue;
      const ratios = baselines.map((b) => (s.crps / result.byBand[b]![i]!.crps).toFixed(3));
      const bestIgn = Math.min(...baselines.map((b) => result.byBand[b]![i]!.ign));
      lines.push(
        `| ${band.label} | ${m} | ${s.crps.toFixed(2)} | ${ratios.join(' | ')} | ${(s.ign - bestIgn).toFixed(3)} | ${(100 * s.coverage90).toFixed(1)}% | ${s.n} |`,
      );
    }
  });
  return lines.join('\n');
}
