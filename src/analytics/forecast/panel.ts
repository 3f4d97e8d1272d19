/** Checks on panels and the cut at a forecast origin. */
import { InvalidInputError } from '../../domain/errors.ts';
import { addMonths, monthIndex } from './months.ts';
import type { Panel, Series } from './types.ts';

/** Whether a panel value was observed (NaN marks a month no source covers). */
export const isObserved = (v: number | undefined): v is number => v !== undefined && !Number.isNaN(v);

/** The last `n` observed values of a series (fewer when it has fewer), oldest first. */
export function lastObserved(values: readonly number[], n: number): number[] {
  const out: number[] = [];
  for (let i = values.length - 1; i >= 0 && out.length < n; i--)
    if (isObserved(values[i])) out.push(values[i]!);
  return out.reverse();
}

/**
 * Throws `invalid panel: …` unless every series is dense, aligned with its values, non-negative
 * where observed (NaN marks a missing month) and observed at least once, and its covariates finite where observed.
 */
export function validatePanel(panel: Panel): void {
  if (panel.length === 0) throw new InvalidInputError('invalid panel: no series');
  const seen = new Set<string>();
  for (const s of panel) {
    if (seen.has(s.unit)) throw new InvalidInputError(`invalid panel: unit ${s.unit} appears twice`);
    seen.add(s.unit);
    if (s.months.length !== s.values.length) {
      throw new InvalidInputError(
        `invalid panel: unit ${s.unit} has ${s.months.length} months and ${s.values.length} values`,
      );
    }
    for (let i = 0; i < s.months.length; i++) {
      if (i > 0 && monthIndex(s.months[i]!) !== monthIndex(s.months[i - 1]!) + 1) {
        throw new InvalidInputError(
          `invalid panel: unit ${s.unit} skips from ${s.months[i - 1]} to ${s.months[i]}`,
        );
      }
      const v = s.values[i]!;
      if (Number.isNaN(v)) continue;
      if (!(v >= 0) || !Number.isFinite(v)) {
        throw new InvalidInputError(`invalid panel: unit ${s.unit} ${s.months[i]} has value ${v}`);
      }
    }
    for (const [name, xs] of Object.entries(s.covariates ?? {})) {
      if (xs.length !== s.values.length)
        throw new InvalidInputError(
          `invalid panel: unit ${s.unit} covariate ${name} has ${xs.length} values for ${s.values.length} months`,
        );
      // Signed covariates are allowed (relations indexes); NBAR checks that its log1p ones are counts.
      const bad = xs.findIndex((x) => !Number.isNaN(x) && !Number.isFinite(x));
      if (bad >= 0)
        throw new InvalidInputError(
          `invalid panel: unit ${s.unit} covariate ${name} ${s.months[bad]} has value ${xs[bad]}`,
        );
    }
    if (!s.values.some(isObserved))
      throw new InvalidInputError(`invalid panel: unit ${s.unit} has no observed month`);
  }
}

/** Each series (and its covariates) cut to the months up to and including `origin`; throws unless every series reaches the origin. */
export function historyUpTo(panel: Panel, origin: string): Panel {
  const end = monthIndex(origin);
  return panel.map((s): Series => {
    if (s.months.length === 0 || monthIndex(s.months[0]!) > end) {
      throw new InvalidInputError(`no data up to origin ${origin} for unit ${s.unit}`);
    }
    const keep = end - monthIndex(s.months[0]!) + 1;
    if (keep > s.months.length) {
      throw new InvalidInputError(
        `unit ${s.unit} ends at ${s.months[s.months.length - 1]}, before origin ${origin}`,
      );
    }
    const cut: Series = { unit: s.unit, months: s.months.slice(0, keep), values: s.values.slice(0, keep) };
    if (s.covariates)
      cut.covariates = Object.fromEntries(
        Object.entries(s.covariates).map(([name, xs]) => [name, xs.slice(0, keep)]),
      );
    return cut;
  });
}

/** The observed value of a unit in a month, or undefined when the panel does not reach it. */
export function valueAt(series: Series, month: string): number | undefined {
  if (series.months.length === 0) return undefined;
  const i = monthIndex(month) - monthIndex(series.months[0]!);
  return i >= 0 && i < series.values.length ? series.values[i] : undefined;
}

/** The target months origin+1 … origin+horizons. */
export function targetMonths(origin: string, horizons: number): string[] {
  if (!Number.isInteger(horizons) || horizons < 1)
    throw new InvalidInputError(`invalid horizons: ${horizons}`);
  return Array.from({ length: horizons }, (_, h) => addMonths(origin, h + 1));
}
