/** The parts of a briefing computed from the period's events themselves: provinces, map dots, deadliest events, dyads, border zone. */
import { grouped } from '../../domain/format-number.ts';
import { deadliest, dyads } from '../../analytics/network/dyads.ts';
import { BORDER_ZONE_KM } from '../../geo/border.ts';
import { ADMIN1_COUNTRIES } from '../../geo/units.ts';
import type { BriefingData, BriefingEvent, ProvinceRow } from '../../report/briefing-data.ts';
import type { StoredEvent } from '../../domain/placed-event.ts';
import { agree, counted } from '../../domain/plural.ts';

/** An event as a briefing lists it. */
export function briefingEvent(e: StoredEvent): BriefingEvent {
  return {
    id: e.id,
    date: e.dateStart,
    place: e.place ?? e.admin2Name ?? e.admin2Label ?? '',
    admin1: e.admin1Name ?? e.admin1Label ?? '',
    actors: [e.actor1, e.actor2].filter(Boolean).join(' – '),
    type: e.commonType,
    deaths_best: e.fatalitiesBest,
    deaths_low: e.fatalitiesLow,
    deaths_high: e.fatalitiesHigh,
    deaths_civilians: e.deathsCivilians,
    border_km: e.borderKm === null ? null : Math.round(e.borderKm * 10) / 10,
  };
}

const sumOrNull = (xs: (number | null)[]): number | null =>
  xs.some((x) => x !== null) ? xs.reduce<number>((n, x) => n + (x ?? 0), 0) : null;

/** Events per admin-1 unit: canonical codes when the events were placed, else the sources' labels. */
export function provinceTable(rows: readonly StoredEvent[]): BriefingData['provinces'] {
  const placed = rows.some((e) => e.admin1Code !== null);
  const groups = new Map<string, { code: string | null; name: string; rows: StoredEvent[] }>();
  for (const e of rows) {
    const code = placed ? e.admin1Code : null;
    const name = placed
      ? e.admin1Code
        ? (e.admin1Name ?? e.admin1Code)
        : 'not placed'
      : (e.admin1Label ?? 'no label');
    const key = code ?? `label:${name}`;
    const g = groups.get(key) ?? { code, name, rows: [] };
    g.rows.push(e);
    groups.set(key, g);
  }
  const out: ProvinceRow[] = [...groups.values()].map((g) => ({
    code: g.code,
    name: g.name,
    events: g.rows.length,
    deaths_best: sumOrNull(g.rows.map((e) => e.fatalitiesBest)),
    deaths_civilians: sumOrNull(g.rows.map((e) => e.deathsCivilians)),
  }));
  out.sort(
    (a, b) =>
      b.events - a.events || (b.deaths_best ?? -1) - (a.deaths_best ?? -1) || (a.name < b.name ? -1 : 1),
  );
  const notPlaced = placed ? rows.filter((e) => e.admin1Code === null) : [];
  // Events of a country without bundled provinces (IND, IRN) are not placed for that reason, not
  // for want of coordinates or a label.
  const noUnits = notPlaced.filter((e) => !ADMIN1_COUNTRIES.includes(e.country));
  const countries = [...new Set(noUnits.map((e) => e.country))].sort().join(', ');
  const reasons = [
    ...(noUnits.length
      ? [`${grouped(noUnits.length)} in ${countries}, for which faultline has no province boundaries`]
      : []),
    ...(notPlaced.length > noUnits.length
      ? [`${notPlaced.length - noUnits.length} without usable coordinates or label`]
      : []),
  ];
  return {
    basis: placed ? 'admin1_code' : 'source_label',
    rows: out,
    note: notPlaced.length
      ? `${counted(notPlaced.length, 'event')} could not be placed on an admin-1 unit (${reasons.join('; ')}).`
      : null,
  };
}

/** One dot per event with coordinates (rounded to 0.01°). */
export function mapDots(rows: readonly StoredEvent[]): {
  dots: BriefingData['map']['dots'];
  without: number;
} {
  const dots = rows
    .filter((e) => e.lat !== null && e.lon !== null && !(e.lat === 0 && e.lon === 0))
    .map((e) => ({
      lon: Math.round(e.lon! * 100) / 100,
      lat: Math.round(e.lat! * 100) / 100,
      deaths: e.fatalitiesBest,
    }));
  return { dots, without: rows.length - dots.length };
}

/** The `n` deadliest events (ties: earlier date, then id). */
export function deadliestEvents(rows: readonly StoredEvent[], n: number): BriefingEvent[] {
  return deadliest(
    rows.map((e) => ({ ...e, date: e.dateStart })),
    n,
  ).map(briefingEvent);
}

/** Events with a known death toll: those the deadliest table chooses from. */
export function deadliestTotal(rows: readonly StoredEvent[]): number {
  return rows.filter((e) => e.fatalitiesBest !== null).length;
}

/** The top `n` dyads by deaths then events, and how many pairs there are in all. */
export function topDyads(
  rows: readonly StoredEvent[],
  n: number,
): { dyads: BriefingData['dyads']; total: number } {
  const t = dyads(
    rows.map((e) => ({
      id: e.id,
      date: e.dateStart,
      sideA: e.actor1,
      sideB: e.actor2,
      fatalitiesBest: e.fatalitiesBest,
    })),
  );
  return {
    dyads: t.dyads
      .slice(0, n)
      .map((d) => ({ actor_a: d.actorA, actor_b: d.actorB, events: d.events, deaths_best: d.deathsBest })),
    total: t.dyads.length,
  };
}

/** Events in the border zone (within 50 km of the Afghanistan-Pakistan border), when distances are known. */
export function borderZone(
  rows: readonly StoredEvent[],
  n: number,
  coverage: 'covered' | 'partly_covered' | 'not_covered',
): BriefingData['border'] {
  const measured = rows.filter((e) => e.borderKm !== null);
  if (!measured.length)
    return {
      available: false,
      zone_km: BORDER_ZONE_KM,
      // Not known, so not 0: no source covers the period, or no event carries a distance.
      events: null,
      deaths_best: null,
      top: [],
      note: rows.length
        ? 'Border distances are not available: these events were imported without geography (border_km is empty).'
        : coverage === 'not_covered'
          ? 'Not covered: no loaded source covers the period, so its events are not known (not zero).'
          : 'No events match the filters in the period.',
    };
  // An event counts in the zone only when its whole distance range is (a province-wide range decides nothing).
  const inZone = measured.filter((e) => e.borderZone === true);
  const unmeasured = rows.filter((e) => e.borderZone === null).length;
  return {
    available: true,
    zone_km: BORDER_ZONE_KM,
    events: inZone.length,
    deaths_best: sumOrNull(inZone.map((e) => e.fatalitiesBest)),
    top: deadliestEvents(inZone, n),
    note: unmeasured
      ? `${counted(unmeasured, 'event')} ${agree(unmeasured, 'has', 'have')} no border distance, or one too imprecise to place ${agree(unmeasured, 'it', 'them')} in or out of the zone, and ${agree(unmeasured, 'is', 'are')} not counted.`
      : null,
  };
}
