import { InvalidInputError } from '../../domain/errors.ts';
import type { Panel } from '../../analytics/forecast/types.ts';
import { ADMIN1_UNITS } from '../../geo/index.ts';
import type { Store } from '../../storage/store.ts';

/** What a forecast panel counts per unit-month. */
export type ForecastMetric = 'fatalities' | 'events';
/** Country-month or admin-1-month units. */
export type ForecastLevel = 'country' | 'admin1';

/** Which events make the panel: one source (mixing GED with Candidate would splice two definitions), one country. */
export interface PanelSpec {
  country: string;
  level: ForecastLevel;
  metric: ForecastMetric;
  source: string;
  first?: string;
}

/** Month keys from `first` to `last` inclusive (YYYY-MM). */
function months(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  const [ly, lm] = last.split('-').map(Number) as [number, number];
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/**
 * Builds a dense monthly panel from the store: fatalities (sum of best; events with unknown deaths
 * add nothing) or event counts per unit and month of the start date, zeros for months without
 * events, from the first month with data (or `first`) to the last month the source covers.
 * Admin-1 units are today's (ex-FATA is PK-KP); events without a placed unit stay out of admin-1
 * panels but count at country level.
 */
export async function buildPanel(
  store: Store,
  spec: PanelSpec,
): Promise<{ panel: Panel; last: string; droppedEvents: number }> {
  const own = ADMIN1_UNITS.filter((u) => u.country === spec.country).map((u) => u.code);
  const cells = await store.panelCells({
    country: spec.country,
    source: spec.source,
    units: spec.level === 'country' ? 'country' : own,
    metric: spec.metric === 'fatalities' ? 'fatalities' : 'events',
  });
  const rows = cells.map((c) => ({ unit: c.unit, month: c.month, v: c.value }));
  if (!rows.length) throw new InvalidInputError(`no ${spec.source} events for ${spec.country} in the store`);
  // The last month any version of the source covers (its latest end date).
  const last = (await store.coverage())
    .filter((c) => c.source === spec.source)
    .map((c) => c.lastDate.slice(0, 7))
    .sort()
    .at(-1);
  const first = spec.first ?? rows.reduce((a, r) => (r.month < a ? r.month : a), '9999-12');
  const keys = months(first, last!);
  const index = new Map(keys.map((k, i) => [k, i]));
  const series = new Map<string, number[]>();
  let droppedEvents = 0;
  for (const r of rows) {
    if (r.unit === null) {
      droppedEvents += spec.metric === 'events' ? r.v : 0;
      continue;
    }
    const i = index.get(r.month);
    if (i === undefined) continue;
    if (!series.has(r.unit)) series.set(r.unit, new Array(keys.length).fill(0));
    series.get(r.unit)![i] += r.v;
  }
  const panel = [...series.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([u, values]) => ({ unit: u, months: keys, values }));
  return { panel, last: last!, droppedEvents };
}
