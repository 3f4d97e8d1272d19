/**
 * Relations covariates of the forecast (issue 16): for the forecast country, the monthly mean of
 * each loaded relations index (a GDELT-derived dyad index, or faultline's GDELT barometer) for the
 * country's pairs, laid on the panel's months. A month the index does not cover is NaN (missing),
 * never 0: NBAR reads each one as a signed level and a "covered" indicator (see `indexFeatures`).
 */
import { monthIndex } from './months.ts';
import { isObserved } from './panel.ts';
import type { Panel } from './types.ts';

/**
 * The pairs whose relations enter a country's forecast: Pakistan's with its two neighbours in
 * conflict (Afghanistan across the Durand Line, India across the Line of Control), Afghanistan's
 * with Pakistan and India (its rival patrons). Countries not listed get no relations covariate.
 */
export const RELATIONS_PAIRS: Readonly<Record<string, readonly string[]>> = {
  PAK: ['AFG', 'IND'],
  AFG: ['PAK', 'IND'],
};

/** Months before the target whose index values NBAR averages (chosen a priori: no validation origin has the index). */
export const RELATIONS_WINDOW = 3;

/** One relations covariate: its name in the panel, the pair, and the index's monthly values. */
export interface RelationsCovariate {
  /** `relations_<source>_<A>_<B>`, snake_case, A and B in alphabetical order. */
  name: string;
  /** 'AFG-PAK': the two countries in alphabetical order (the indexes are undirected). */
  pair: string;
  /** Consecutive months 'YYYY-MM' and the index's monthly value in each (NaN: not covered). */
  months: string[];
  values: number[];
}

/** The covariate name of a source's index for a pair: `relations_gdelt_dyad_index_AFG_PAK`. */
export function relationsCovariateName(source: string, a: string, b: string): string {
  const [x, y] = [a, b].sort();
  return `relations_${source.replace(/[^A-Za-z0-9]+/g, '_')}_${x}_${y}`;
}

/**
 * The mean daily value per month over the days present, on `months` (NaN for a month without a
 * day: not covered, never 0). `days` hold ISO dates ('2022-04-01') and values.
 */
export function monthlyMeans(
  days: readonly { date: string; value: number }[],
  months: readonly string[],
): number[] {
  const first = months.length ? monthIndex(months[0]!) : 0;
  const sums = months.map(() => 0);
  const counts = months.map(() => 0);
  for (const d of days) {
    const i = monthIndex(d.date.slice(0, 7)) - first;
    if (i < 0 || i >= months.length) continue;
    sums[i] += d.value;
    counts[i]! += 1;
  }
  return sums.map((s, i) => (counts[i]! > 0 ? s / counts[i]! : Number.NaN));
}

/**
 * The panel with every series carrying each relations covariate on its own months (the same
 * country-level values for every unit), NaN where the covariate has no value.
 */
export function withRelations(panel: Panel, covariates: readonly RelationsCovariate[]): Panel {
  return panel.map((s) => {
    const extra = Object.fromEntries(
      covariates.map((c) => {
        const start = c.months.length ? monthIndex(c.months[0]!) : 0;
        const xs = s.months.map((m) => {
          const i = monthIndex(m) - start;
          return i >= 0 && i < c.values.length ? c.values[i]! : Number.NaN;
        });
        return [c.name, xs];
      }),
    );
    return { ...s, covariates: { ...s.covariates, ...extra } };
  });
}

/** sign(x)·log1p(|x|): a log scale for a signed index (relations values run from large negative to large positive). */
export const signedLog1p = (x: number): number => Math.sign(x) * Math.log1p(Math.abs(x));

/**
 * The two design columns of a signed index covariate for a target at position `end` of `xs`: the
 * signed log of its mean over the observed months among the RELATIONS_WINDOW before it, and 1
 * when one of them is observed. When none is, both are 0: the indicator's coefficient, not a
 * value of 0, carries those rows, so an uncovered month never reads as neutral relations.
 */
export function indexFeatures(
  xs: readonly number[],
  end: number,
  window = RELATIONS_WINDOW,
): [number, number] {
  let sum = 0;
  let seen = 0;
  for (let i = Math.max(0, end - window); i < end; i++)
    if (isObserved(xs[i])) [sum, seen] = [sum + xs[i]!, seen + 1];
  return seen === 0 ? [0, 0] : [signedLog1p(sum / seen), 1];
}

/** The runs of consecutive months with a value ('2018-01' to '2024-02'), for the answer's coverage. */
export function coveredRuns(
  months: readonly string[],
  values: readonly number[],
): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  months.forEach((m, i) => {
    if (!isObserved(values[i])) return;
    const last = out.at(-1);
    if (last && isObserved(values[i - 1])) last.to = m;
    else out.push({ from: m, to: m });
  });
  return out;
}
