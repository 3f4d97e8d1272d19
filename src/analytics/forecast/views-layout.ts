/**
 * Forecast draws in the layout of the ViEWS prediction challenge (prio-data/prediction_competition_2023,
 * `test_compliance.py`): one row per unit, month and draw with the columns `month_id`, the unit
 * (`country_id` at country level), `draw` and `outcome`. ViEWS numbers months from 1 = January 1980
 * (ingester3's ViewsMonth: year = 1980 + (id - 1) / 12, month = (id - 1) % 12 + 1).
 */
import { monthIndex } from './months.ts';

/** ViEWS's month_id of a 'YYYY-MM' month: 1 for 1980-01. */
export function viewsMonthId(month: string): number {
  return monthIndex(month) - monthIndex('1980-01') + 1;
}

/** One row of the layout; `unit` is written under the unit column's name. */
export interface ViewsRow {
  month_id: number;
  unit: string | number;
  draw: number;
  outcome: number;
}

/** What the layout needs of a unit-month: its unit, target month ('YYYY-MM') and draws (an array or a typed array). */
export interface ViewsUnitMonth {
  unit: string;
  month: string;
  draws: ArrayLike<number>;
}

/**
 * The rows of a forecast's draws, unit by unit, month by month, draw by draw. `unitId` maps a
 * unit to the id written (a ViEWS country_id when the caller knows it; the unit's own code otherwise).
 */
export function* viewsRows(
  forecasts: readonly ViewsUnitMonth[],
  unitId: (unit: string) => string | number = (u) => u,
): Generator<ViewsRow> {
  for (const f of forecasts) {
    const month_id = viewsMonthId(f.month);
    const unit = unitId(f.unit);
    for (let d = 0; d < f.draws.length; d++) yield { month_id, unit, draw: d, outcome: f.draws[d]! };
  }
}
