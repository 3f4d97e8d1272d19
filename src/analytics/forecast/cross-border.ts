/**
 * Pooling across the Pakistan-Afghanistan border: one admin-1 panel holding both countries'
 * provinces, so that NBAR is estimated on both and its neighbour lag counts the provinces across
 * the border. Only where both countries have data: the other country's provinces join only when
 * observed in the 12 months up to the panel's last month.
 */
import { monthIndex } from './months.ts';
import { isObserved } from './panel.ts';
import type { Neighbours, Panel, Series } from './types.ts';

/**
 * Provinces that share the Durand Line, with the registry's unit codes (src/geo/units.ts: AF-PIA is
 * Paktia, AF-PKA Paktika there). GB meets Badakhshan (Wakhan); KP meets Badakhshan, Nuristan, Kunar,
 * Nangarhar, Paktia, Khost and Paktika; Balochistan meets Paktika, Zabul, Kandahar, Helmand and Nimroz.
 */
export const PAK_AFG_BORDER_PAIRS: readonly (readonly [string, string])[] = [
  ['PK-GB', 'AF-BDS'],
  ['PK-KP', 'AF-BDS'],
  ['PK-KP', 'AF-NUR'],
  ['PK-KP', 'AF-KNR'],
  ['PK-KP', 'AF-NAN'],
  ['PK-KP', 'AF-PIA'],
  ['PK-KP', 'AF-KHO'],
  ['PK-KP', 'AF-PKA'],
  ['PK-BA', 'AF-PKA'],
  ['PK-BA', 'AF-ZAB'],
  ['PK-BA', 'AF-KAN'],
  ['PK-BA', 'AF-HEL'],
  ['PK-BA', 'AF-NIM'],
];

/** The pooled panel, its neighbour lists, and which of the other country's units joined. */
export interface CrossBorderPanel {
  panel: Panel;
  neighbours: Neighbours;
  joined: string[];
}

// The other series laid on the own panel's months: NaN where it has no value.
function aligned(s: Series, months: readonly string[]): Series {
  const start = monthIndex(s.months[0]!);
  return {
    unit: s.unit,
    months: [...months],
    values: months.map((m) => {
      const i = monthIndex(m) - start;
      return i >= 0 && i < s.values.length ? s.values[i]! : Number.NaN;
    }),
  };
}

/**
 * Joins to `own` the units of `other` observed at least once in the 12 months up to own's last
 * month (aligned on own's months; NaN where the other has no value: missing, not zero), with
 * neighbour lists merging both countries' and the border pairs among the units present.
 */
export function crossBorderPanel(
  own: Panel,
  other: Panel,
  neighbours: { own?: Neighbours; other?: Neighbours; border?: readonly (readonly [string, string])[] } = {},
): CrossBorderPanel {
  const months = own[0]?.months ?? [];
  const ownUnits = new Set(own.map((s) => s.unit));
  const joinedSeries = other
    .filter((s) => !ownUnits.has(s.unit))
    .map((s) => aligned(s, months))
    .filter((s) => s.values.slice(-12).some(isObserved));
  const panel = [...own, ...joinedSeries];
  const present = new Set(panel.map((s) => s.unit));
  const lists = new Map<string, Set<string>>(panel.map((s) => [s.unit, new Set<string>()]));
  const link = (a: string, b: string) => {
    if (!present.has(a) || !present.has(b) || a === b) return;
    lists.get(a)!.add(b);
    lists.get(b)!.add(a);
  };
  for (const source of [neighbours.own, neighbours.other])
    for (const [a, bs] of source ?? []) for (const b of bs) link(a, b);
  for (const [a, b] of neighbours.border ?? PAK_AFG_BORDER_PAIRS) link(a, b);
  return {
    panel,
    neighbours: new Map([...lists].map(([u, set]) => [u, [...set].sort()])),
    joined: joinedSeries.map((s) => s.unit),
  };
}
