/** Shared types of the forecasting library: panels of monthly count series and draws. */

/**
 * One unit's dense monthly series: `values[i]` is the count (deaths or events) in `months[i]`, or
 * NaN when no loaded source covers that month (missing, not zero: methods condition on the
 * observed months only; see docs/forecasting.md, "Months no source covers").
 */
export interface Series {
  unit: string;
  /** Consecutive months, 'YYYY-MM', with no gaps. */
  months: string[];
  values: number[];
  /**
   * Optional covariate series aligned with `months` (e.g. deaths in one actor group's events),
   * NaN where no source covers the month. Methods read them only up to the origin.
   */
  covariates?: Record<string, number[]>;
}

/** A panel: one dense monthly series per unit. */
export type Panel = Series[];

/** Neighbour lists per unit (symmetric adjacency, unit ids as in the panel). */
export type Neighbours = Map<string, string[]>;

/** Predictive draws for one unit and one target month. */
export interface UnitMonthDraws {
  unit: string;
  /** Target month, 'YYYY-MM'. */
  month: string;
  /** Months ahead of the origin: 1 for the month right after it. */
  horizon: number;
  draws: number[];
}

/** What every forecasting method receives: the panel cut at the origin, and where to go from there. */
export interface MethodInput {
  /** Each series holds only months up to and including the origin. */
  history: Panel;
  origin: string;
  horizons: number;
  draws: number;
  seed: number;
  neighbours?: Neighbours;
}

/** A forecasting method: deterministic given `input.seed`. */
export type Method = (input: MethodInput) => UnitMonthDraws[];
