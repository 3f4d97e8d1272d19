/** Plain-text (Markdown) tables of backtest results. */
import type { BacktestResult } from './backtest.ts';
import { HORIZON_BANDS } from './bands.ts';
import { BASELINE_NAMES, METHOD_NAMES, MODEL_NAMES } from './methods.ts';
import type { SkillIntervals, SkillStatistic, YearSkill } from './skill-intervals.ts';

/** A Markdown table: one row per method (CRPS, IGN, MIS, coverage90, coverage50, n), then each model against the best baseline. */
export function backtestTable(result: BacktestResult): string {
  const lines = [
    '| method | CRPS | IGN (bits) | MIS (90%) | coverage90 | coverage50 | n |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const name of METHOD_NAMES) {
    const s = result.methods[name];
    if (s)
      lines.push(
        `| ${name} | ${s.crps.toFixed(2)} | ${s.ign.toFixed(3)} | ${s.mis.toFixed(1)} | ${(100 * s.coverage90).toFixed(1)}% | ${(100 * s.coverage50).toFixed(1)}% | ${s.n} |`,
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

/**
 * A Markdown table of skill intervals (skill-intervals.ts): per block length and model, each
 * statistic's interval and the share of resamples meeting its goal, where one was given.
 */
export function skillIntervalTable(runs: readonly SkillIntervals[]): string {
  const stats: [SkillStatistic, (x: number) => string][] = [
    ['crps_ratio', (x) => x.toFixed(3)],
    ['ign_diff', (x) => x.toFixed(3)],
    ['coverage90', (x) => `${(100 * x).toFixed(1)}%`],
  ];
  // The goal columns only when goals were given.
  const goals = runs.some((r) => r.models.some((m) => Object.keys(m.goalShares).length));
  const first = runs[0];
  const lines = [
    first
      ? `Skill intervals: ${first.method}; ${first.months} target months, ${first.resamples} resamples, central ${Math.round(100 * first.level)}%`
      : 'Skill intervals: none',
    '',
    `| block (months) | model | ${stats.map(([s]) => `${s} interval${goals ? ' | resamples meeting the goal' : ''}`).join(' | ')} |`,
    `|---:|---|${stats.map(() => (goals ? '---:|---:' : '---:')).join('|')}|`,
  ];
  for (const run of runs)
    for (const m of run.models)
      lines.push(
        `| ${run.blockMonths} | ${m.model} | ${stats
          .map(([s, f]) => {
            const interval = `${f(m.intervals[s].lo)} to ${f(m.intervals[s].hi)}`;
            if (!goals) return interval;
            const share = m.goalShares[s];
            return `${interval} | ${share === undefined ? '' : `${(100 * share).toFixed(0)}%`}`;
          })
          .join(' | ')} |`,
      );
  return lines.join('\n');
}

/** A Markdown table of skill by target year (skill-intervals.ts `yearlySkill`): one row per model, one column per year. */
export function yearlySkillTable(rows: readonly YearSkill[], baseline: string): string {
  const years = [...new Set(rows.map((r) => r.year))].sort();
  const models = [...new Set(rows.map((r) => r.model))];
  const cell = (m: string, y: string) => {
    const r = rows.find((x) => x.model === m && x.year === y);
    return r ? `${r.crps_ratio.toFixed(3)} (${(100 * r.coverage90).toFixed(1)}%)` : '';
  };
  return [
    `CRPS ratio to ${baseline} (coverage90) by target year`,
    '',
    `| model | ${years.join(' | ')} |`,
    `|---|${years.map(() => '---:').join('|')}|`,
    ...models.map((m) => `| ${m} | ${years.map((y) => cell(m, y)).join(' | ')} |`),
  ].join('\n');
}
