/**
 * What a relations_index claim reads: every loaded dyad index (the relations use case's own mean
 * and bootstrap interval), and faultline's GDELT barometer from each origin of the store's GDELT
 * rows that covers part of the period (1,000 x sum of Goldstein x mentions / GDELT's volume, as
 * docs/relations.md defines it). Each figure carries its days, so a change can be resampled.
 */
import { dayNumber } from '../../analytics/aggregate/dates.ts';
import type { RelationsFigure } from '../../claims/claim-sources.ts';
import { ratioInterval } from '../../claims/relations-change.ts';
import type { Store } from '../../storage/store.ts';
import { BAROMETER_SOURCES } from '../relations/barometer.ts';
import { relationsOverPeriod } from '../relations/relations.ts';

/** Each loaded relations index and barometer of a pair over exactly `from`..`to`. */
export async function relationsFigures(
  store: Store,
  a: string,
  b: string,
  from: string,
  to: string,
): Promise<RelationsFigure[]> {
  const [countryA, countryB] = [a, b].sort() as [string, string];
  const indexes = await relationsOverPeriod(store, a, b, from, to);
  const origins = ((await store.gdeltOrigins?.()) ?? []).filter((o) => o.firstDay <= to && o.lastDay >= from);
  const barometers: RelationsFigure[] = [];
  for (const o of origins) {
    const rows =
      (await store.gdeltPairDays?.({
        origin: o.origin,
        a: countryA,
        b: countryB,
        directed: false,
        from,
        to,
      })) ?? [];
    const days = rows
      .filter((d) => d.volume > 0)
      .map((d) => ({ num: 1000 * d.goldsteinMentions, den: d.volume }));
    const src = BAROMETER_SOURCES[o.origin];
    const ci = ratioInterval(days, `${src.id}|${countryA}-${countryB}|${from}..${to}`);
    const den = days.reduce((s, d) => s + d.den, 0);
    barometers.push({
      source: src.id,
      name: src.name,
      version: `${rows[0]?.date ?? from}..${rows.at(-1)?.date ?? to}`,
      daysCovered: days.length,
      daysInPeriod: dayNumber(to)! - dayNumber(from)! + 1,
      value: den > 0 ? round(days.reduce((s, d) => s + d.num, 0) / den) : null,
      ciLow: ci ? round(ci[0]) : null,
      ciHigh: ci ? round(ci[1]) : null,
      days,
    });
  }
  return [...indexes, ...barometers];
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
