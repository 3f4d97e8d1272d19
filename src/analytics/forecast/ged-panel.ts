/** Test and bench helper: monthly panels of UCDP GED 22.1 Pakistan at country and province level. */
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { InvalidInputError } from '../../domain/errors.ts';
import { ACTOR_GROUP_COVARIATES, eventActorGroups, type ActorGroupCovariate } from './actor-groups.ts';
import { monthShares, spreadOverSpan } from './month-shares.ts';
import { monthIndex, monthRange } from './months.ts';
import type { Neighbours, Panel } from './types.ts';

/** The bundled GED extract (HDX "Pakistan – Data on Conflict Events", GED 22.1, 1989–2021). */
export const GED_PAK_PATH = fileURLToPath(
  new URL('../../../data/ucdp-ged/conflict_data_pak.csv', import.meta.url),
);

/** GED's adm_1 labels mapped to today's ISO 3166-2 provinces. */
export const GED_ADM1_TO_PROVINCE: Readonly<Record<string, string>> = {
  // GED 22.1 still labels ex-FATA events "Federally Administered Tribal Areas"; FATA merged into KP in 2018.
  'Federally Administered Tribal Areas': 'PK-KP',
  'Khyber Pakhtunkwa province': 'PK-KP', // sic
  'Balochistan province': 'PK-BA',
  'Sindh province': 'PK-SD',
  'Punjab province': 'PK-PB',
  'Azad Jammu & Kashmir': 'PK-JK',
  'Gilgit-Baltistan': 'PK-GB',
  'Islamabad Capital territory': 'PK-IS',
};

/** Pakistan's provinces and territories that share a land border (symmetric). */
// Hard-coded from the map: KP borders PB, GB, BA, IS and AJK; PB borders SD, BA, IS and AJK; SD borders BA; GB borders AJK.
export const PAK_PROVINCE_NEIGHBOURS: Neighbours = symmetric([
  ['PK-KP', 'PK-PB'],
  ['PK-KP', 'PK-GB'],
  ['PK-KP', 'PK-BA'],
  ['PK-KP', 'PK-IS'],
  ['PK-KP', 'PK-JK'],
  ['PK-PB', 'PK-SD'],
  ['PK-PB', 'PK-BA'],
  ['PK-PB', 'PK-IS'],
  ['PK-PB', 'PK-JK'],
  ['PK-SD', 'PK-BA'],
  ['PK-GB', 'PK-JK'],
]);

/** One GED event reduced to what the panels need; province is null when GED gives no adm_1. */
export interface GedEventRow {
  /** The month of `date_start`. */
  month: string;
  /**
   * For a record dated coarser than a month (date_prec 5), the month of `date_end`: the record is
   * spread over `month` … `through` (month-shares.ts). Absent for a record counted in its start month.
   */
  through?: string;
  province: string | null;
  best: number;
  /** The actor-group covariates the event counts towards (from side_a and side_b); none when absent. */
  groups?: ActorGroupCovariate[];
}

/** What to count per unit-month: deaths (sum of `best`) or events. */
export type GedMeasure = 'fatalities' | 'events';

/** The two panels, and how many events had no adm_1 and so are only in the country panel. */
export interface GedPanels {
  country: Panel;
  admin1: Panel;
  droppedFromAdmin1: number;
}

/**
 * Reads the GED CSV (skipping its HXL tag row) into one row per event, month from `date_start`,
 * and for the records dated coarser than a month the month of `date_end` they are spread to.
 */
export async function readGedEvents(path = GED_PAK_PATH): Promise<GedEventRow[]> {
  const parser = createReadStream(path).pipe(parse({ columns: true, bom: true }));
  const rows: GedEventRow[] = [];
  for await (const r of parser as AsyncIterable<Record<string, string>>) {
    if (r.id === '' && (r.year ?? '').startsWith('#')) continue; // the HXL hashtag row
    const month = (r.date_start ?? '').slice(0, 7);
    monthIndex(month);
    const best = Number(r.best);
    if (!Number.isInteger(best) || best < 0)
      throw new InvalidInputError(`invalid GED best for id ${r.id}: ${r.best}`);
    const label = r.adm_1 ?? '';
    const province = label === '' ? null : GED_ADM1_TO_PROVINCE[label];
    if (province === undefined) throw new InvalidInputError(`unknown GED adm_1: ${label}`);
    const groups = eventActorGroups(r.side_a ?? null, r.side_b ?? null, r.date_start ?? month);
    // The importer stores date_prec 5 as `year` (ucdp-ged-schema.ts DATE_PRECISION), and a record
    // that starts and ends on one day as `day`, whatever its code.
    const [start, end] = [(r.date_start ?? '').slice(0, 10), (r.date_end ?? '').slice(0, 10)];
    const spread = r.date_prec === '5' && start !== end && spreadOverSpan('year');
    rows.push({ month, ...(spread ? { through: end.slice(0, 7) } : {}), province, best, groups });
  }
  return rows;
}

/**
 * Dense monthly panels from `first` to `last`: 'PAK', and the seven provinces (events without
 * adm_1 dropped there); each series carries the actor-group covariates (ACTOR_GROUP_COVARIATES)
 * counted with the same measure. A record with `through` is spread evenly over its months, as the
 * store's panels spread it (month-shares.ts), so that the bench scores the panel the product
 * forecasts from.
 */
export function buildGedPanels(
  events: GedEventRow[],
  measure: GedMeasure,
  first = '1989-01',
  last = '2021-12',
): GedPanels {
  const months = monthRange(first, last);
  const start = monthIndex(first);
  const provinces = [...new Set(Object.values(GED_ADM1_TO_PROVINCE))].sort();
  const zeros = () => new Array<number>(months.length).fill(0);
  const totals = new Map<string, number[]>([['PAK', zeros()]]);
  for (const p of provinces) totals.set(p, zeros());
  const groups = new Map<string, Record<string, number[]>>(
    [...totals.keys()].map((u) => [u, Object.fromEntries(ACTOR_GROUP_COVARIATES.map((c) => [c, zeros()]))]),
  );
  let droppedFromAdmin1 = 0;
  for (const e of events) {
    const amount = measure === 'fatalities' ? e.best : 1;
    const units = e.province === null ? ['PAK'] : ['PAK', e.province];
    const i0 = monthIndex(e.month) - start;
    if (e.province === null && i0 >= 0 && i0 < months.length) droppedFromAdmin1++;
    for (const share of monthShares(e.month, e.through ?? e.month, amount)) {
      const i = monthIndex(share.month) - start;
      if (i < 0 || i >= months.length) continue;
      for (const u of units) {
        totals.get(u)![i]! += share.value;
        for (const g of e.groups ?? []) groups.get(u)![g]![i]! += share.value;
      }
    }
  }
  const series = (unit: string) => ({
    unit,
    months: [...months],
    values: totals.get(unit)!,
    covariates: groups.get(unit)!,
  });
  return { country: [series('PAK')], admin1: provinces.map(series), droppedFromAdmin1 };
}

function symmetric(pairs: [string, string][]): Neighbours {
  const out = new Map<string, string[]>();
  for (const [a, b] of pairs) {
    out.set(a, [...(out.get(a) ?? []), b]);
    out.set(b, [...(out.get(b) ?? []), a]);
  }
  return out;
}
