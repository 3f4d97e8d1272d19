/**
 * Bottom-up country forecasts (issue 16, tenth pass): a country's draws as the sums of its
 * provinces' draws, draw by draw, plus the draws of what no province holds (events without a
 * province). A linear pool takes the same share of draws from each component in every unit of a
 * band, so draw i of every unit comes from the same component, and the sum keeps each component's
 * joint draws together (docs/forecasting.md, "Bottom-up country forecasts").
 */
import { InvalidInputError } from '../../domain/errors.ts';
import { historyUpTo } from './panel.ts';
import type { Method, Neighbours, Panel, Series, UnitMonthDraws } from './types.ts';

/** A country forecast from its parts: their panel (provinces and the remainder), adjacency, and the method run on them. */
export interface BottomUp {
  /** The parts' series (months as the country's), e.g. remainderParts' output. */
  parts: Panel;
  neighbours?: Neighbours;
  /** The method whose draws per part are summed (the admin-1 ensemble). */
  method: Method;
}

/** The unit of a country's events without a province in a bottom-up panel. */
const REMAINDER_SUFFIX = '-none';

/**
 * The parts of a country: its provinces and, as one more unit (`<country>-none`), what the country
 * holds beyond them (events without a province), covariates included where every series has them.
 */
export function remainderParts(country: Series, provinces: Panel): Panel {
  const rest = remainderSeries(country, provinces, `${country.unit}${REMAINDER_SUFFIX}`);
  if (country.covariates && provinces.every((p) => p.covariates))
    rest.covariates = Object.fromEntries(
      Object.keys(country.covariates).map((name) => [
        name,
        remainderSeries(
          { ...country, values: country.covariates![name]! },
          provinces.map((p) => ({ ...p, values: p.covariates![name] ?? p.values.map(() => 0) })),
          rest.unit,
        ).values,
      ]),
    );
  return [...provinces, rest];
}

/**
 * The method of a one-unit (country) panel that forecasts its parts instead, on their history up to
 * the same origin (nothing after it), and sums their draws draw by draw into the country's unit.
 */
export function bottomUpMethod(b: BottomUp): Method {
  return (input) => {
    if (input.history.length !== 1)
      throw new InvalidInputError(
        `a bottom-up forecast is of one unit, got ${input.history.length}: ${input.history.map((s) => s.unit).join(', ')}`,
      );
    const rows = b.method({
      ...input,
      history: historyUpTo(b.parts, input.origin),
      neighbours: b.neighbours,
    });
    return sumByDraw(rows, input.history[0]!.unit, b.parts.length);
  };
}

/**
 * What a total holds beyond its parts, month by month: `total − Σ parts` (NaN where any of them is
 * NaN, that is where no source covers the month). The series must share their months; a negative
 * remainder (parts holding more than the total) is refused.
 */
export function remainderSeries(total: Series, parts: Panel, unit: string): Series {
  for (const p of parts)
    if (p.months.length !== total.months.length || p.months.some((m, i) => m !== total.months[i]))
      throw new InvalidInputError(`remainder of ${total.unit}: ${p.unit} does not share its months`);
  const values = total.values.map((v, i) => {
    const r = parts.reduce((a, p) => a - p.values[i]!, v);
    if (r < 0)
      throw new InvalidInputError(
        `remainder of ${total.unit} in ${total.months[i]}: its parts hold ${v - r}, more than its ${v}`,
      );
    return r;
  });
  return { unit, months: [...total.months], values };
}

/**
 * Sums unit-month draws over units, draw by draw, per target month and horizon: each group must
 * hold `units` rows with as many draws each; the sums come out as `unit`, in the order the groups
 * first appear.
 */
export function sumByDraw(rows: readonly UnitMonthDraws[], unit: string, units: number): UnitMonthDraws[] {
  const groups = new Map<string, UnitMonthDraws[]>();
  for (const r of rows) {
    const key = `${r.month}|${r.horizon}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  return [...groups.values()].map((g) => {
    const first = g[0]!;
    if (g.length !== units || new Set(g.map((r) => r.unit)).size !== units)
      throw new InvalidInputError(
        `bottom-up sum for ${first.month} (horizon ${first.horizon}): ${g.length} rows of ${new Set(g.map((r) => r.unit)).size} units, expected ${units}`,
      );
    const m = first.draws.length;
    if (g.some((r) => r.draws.length !== m))
      throw new InvalidInputError(
        `bottom-up sum for ${first.month} (horizon ${first.horizon}): units give different numbers of draws`,
      );
    const draws = new Array<number>(m).fill(0);
    for (const r of g) for (let i = 0; i < m; i++) draws[i]! += r.draws[i]!;
    return { unit, month: first.month, horizon: first.horizon, draws };
  });
}
