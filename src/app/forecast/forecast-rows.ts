/**
 * A forecast as rows (the API's and the CLI's CSV and NDJSON): a CSV file travels without its JSON
 * answer, so every row carries what its numbers count (deaths or events, from which source versions,
 * which months are missing), the model, origin, seed and draws that reproduce them, the model's
 * skill, or that it is unknown, and the answer's notes.
 */
import type { ForecastRow } from '../answers.ts';
import type { ForecastWithSkill } from './run-forecast.ts';

/** One CSV or NDJSON row: the quantiles of a unit-month (ForecastRow), then what they count and how they were drawn, then the skill, repeated on every row. */
export interface ForecastCsvRow extends ForecastRow {
  /** What the numbers count, with the source versions and months the history rests on and the months missing (the answer's `counts`). */
  counts: string;
  /** The model whose draws the quantiles summarise. */
  model: string;
  /** The last month of the history: horizon 1 is the month after it. */
  origin: string;
  /** The seed and number of draws behind the quantiles: the same request with them gives the same numbers. */
  seed: number;
  draws: number;
  /** The model's CRPS over the best CRPS baseline's in its backtest; null when unknown (skill_note says why). */
  skill_crps_ratio: number | null;
  /** The ratio's 90% bootstrap interval. */
  skill_crps_ratio_lo: number | null;
  skill_crps_ratio_hi: number | null;
  /** The baseline the ratio is against (the best by CRPS in the backtest). */
  skill_baseline: string | null;
  /** Share of the backtest's outcomes inside the model's q05-q95 and q25-q75 intervals; null when unknown. */
  skill_coverage90: number | null;
  skill_coverage50: number | null;
  /** The backtest's December origins, "2014-12 to 2020-12 (7)"; null when unknown. */
  skill_origins: string | null;
  /** What the skill is (seeded, how many draws, whose model) or why it is unknown. */
  skill_note: string | null;
  /** The answer's notes (where the live model departs from the backtested one, ...), joined by " | ". */
  notes: string;
}

/** The rows of a forecast with its skill on each. */
export function forecastRows(f: ForecastWithSkill): ForecastCsvRow[] {
  const s = f.skill;
  const origins = s?.origins.length ? `${s.origins[0]} to ${s.origins.at(-1)} (${s.origins.length})` : null;
  return f.forecasts.map((x) => ({
    ...x,
    counts: f.counts,
    model: f.model,
    origin: f.origin,
    seed: f.spec.seed,
    draws: f.spec.draws,
    skill_crps_ratio: s?.crps_ratio ?? null,
    skill_crps_ratio_lo: s?.intervals.crps_ratio.lo ?? null,
    skill_crps_ratio_hi: s?.intervals.crps_ratio.hi ?? null,
    skill_baseline: s?.best_baseline.crps ?? null,
    skill_coverage90: s?.methods[f.model]?.coverage90 ?? null,
    skill_coverage50: s?.methods[f.model]?.coverage50 ?? null,
    skill_origins: origins,
    skill_note: f.skill_note,
    notes: f.notes.join(' | '),
  }));
}

/** One line for a ViEWS export's stderr or HTTP header: the skill, or that it is unknown, and the months no source covers. */
export function skillLine(f: Pick<ForecastWithSkill, 'skill' | 'skill_note' | 'missing'>): string {
  const s = f.skill;
  const skill = s
    ? `skill: crps_ratio ${s.crps_ratio.toFixed(3)} vs ${s.best_baseline.crps} (90% interval ${s.intervals.crps_ratio.lo.toFixed(3)} to ${s.intervals.crps_ratio.hi.toFixed(3)}; ${f.skill_note})`
    : (f.skill_note ?? 'skill unknown');
  const gaps = f.missing.map((m) => (m.from === m.to ? m.from : `${m.from} to ${m.to}`)).join(', ');
  return `${skill}; ${gaps ? `not covered, so missing (not zero): ${gaps}` : 'no month missing'}`;
}
