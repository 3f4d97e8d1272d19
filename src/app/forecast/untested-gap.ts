/**
 * Whether a forecast's skill was measured under its conditions. Every method reads the 12 months up
 * to the origin; the skill backtest's origins (2014-12 to 2020-12 with the bundled data) have every
 * one of them covered, while a live forecast from the bundled data has 5 of them missing, at the end
 * of the 2022-2025 months no source covers. The methods condition on the observed months only (see
 * docs/forecasting.md, "Forecast from the latest data"), but how well they forecast after such a gap
 * no backtest measures: the answer says so rather than let the skill stand for it.
 */
import { agree } from '../../domain/plural.ts';
import { addMonths, monthRange } from '../../analytics/forecast/months.ts';

/** Months every method reads up to an origin. */
const WINDOW = 12;

/** A run of months no loaded source covers, inclusive. */
interface Run {
  from: string;
  to: string;
}

/** How many of the WINDOW months up to `origin` lie in the runs. */
function missingBefore(origin: string, runs: readonly Run[]): number {
  return monthRange(addMonths(origin, 1 - WINDOW), origin).filter((m) =>
    runs.some((r) => r.from <= m && m <= r.to),
  ).length;
}

/**
 * The note that the skill's backtest never met a gap like the forecast's: null when the forecast's
 * 12 months up to its origin miss no more months than one of the backtest origins' did.
 */
export function untestedGapNote(
  origin: string,
  missing: readonly Run[],
  backtestOrigins: readonly string[],
): string | null {
  if (!backtestOrigins.length) return null;
  const live = missingBefore(origin, missing);
  const tested = Math.max(...backtestOrigins.map((o) => missingBefore(o, missing)));
  if (live <= tested) return null;
  const near = missing
    .filter((r) => r.to >= addMonths(origin, 1 - WINDOW) && r.from <= origin)
    .map((r) => (r.from === r.to ? r.from : `${r.from} to ${r.to}`))
    .join(', ');
  const measured = tested === 0 ? 'all covered' : `missing at most ${tested}`;
  return `the skill was measured at backtest origins whose ${WINDOW} months up to the origin were ${measured}, but ${live} of the ${WINDOW} months up to this forecast's origin ${origin} ${agree(live, 'is', 'are')} missing (the end of ${near}, which no source covers): how well the model forecasts after such a gap no backtest measures, so the skill describes the model on fuller histories than this one (docs/forecasting.md, "Forecast from the latest data")`;
}
