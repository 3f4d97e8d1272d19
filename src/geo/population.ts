/**
 * Population of the units faultline can give rates for: Pakistan's 2023-census districts and
 * provinces (PBS, bundled with the district boundaries) and Afghanistan's provinces (OCHA/UNFPA
 * COD-PS 2021 estimate, data/population). A unit without a row has no rate, never a rate of zero.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { resolveAdmin1Label } from './admin-labels.ts';
import { PAKISTAN_CENSUS_YEAR, PAKISTAN_DISTRICT_FILES, readDistrictCsv } from './pakistan-districts.ts';

/** The population of one unit and where it comes from. */
export interface UnitPopulation {
  /** People (all sexes, urban and rural). */
  population: number;
  /** Year the figure refers to (the census year, or the estimate's reference year). */
  year: number;
  /** What the figure is, in a few words. */
  source: string;
}

/** File name of Afghanistan's province population, under data/population/. */
export const AFGHAN_POPULATION_FILE = 'afg_admpop_adm1_2021_v2.csv';

const PAK_SOURCE = 'Pakistan Bureau of Statistics, Census 2023 (table 1)';
const AFG_SOURCE = 'OCHA/UNFPA COD-PS estimate 2021';

let table: Map<string, UnitPopulation> | undefined;

function add(map: Map<string, UnitPopulation>, code: string, n: number, year: number, source: string): void {
  const known = map.get(code);
  map.set(code, { population: (known?.population ?? 0) + n, year, source });
}

function build(): Map<string, UnitPopulation> {
  const map = new Map<string, UnitPopulation>();
  const unitOf = new Map(
    readDistrictCsv(PAKISTAN_DISTRICT_FILES.districts).map((r) => [r.district_id!, r.map_unit_id!]),
  );
  for (const row of readDistrictCsv(PAKISTAN_DISTRICT_FILES.counts)) {
    const n = Number(row.pop_total);
    const unit = unitOf.get(row.district_id!);
    if (!Number.isFinite(n) || unit === undefined) throw new Error(`bad census row: ${row.district_id}`);
    add(map, unit, n, PAKISTAN_CENSUS_YEAR, PAK_SOURCE);
    add(map, `PK-${row.province_code}`, n, PAKISTAN_CENSUS_YEAR, PAK_SOURCE);
    add(map, 'PAK', n, PAKISTAN_CENSUS_YEAR, PAK_SOURCE);
  }
  const rows: Record<string, string>[] = parse(
    readFileSync(new URL(`../../data/population/${AFGHAN_POPULATION_FILE}`, import.meta.url)),
    { columns: true, skip_empty_lines: true },
  );
  for (const row of rows) {
    const unit = resolveAdmin1Label('AFG', row.Admin1_Name!);
    const n = Number(row.T_TL);
    if (unit === null || !Number.isFinite(n)) throw new Error(`bad population row: ${row.Admin1_Name}`);
    add(map, unit.code, n, 2021, AFG_SOURCE);
    add(map, 'AFG', n, 2021, AFG_SOURCE);
  }
  return map;
}

/**
 * The population of a unit by code: a country (ISO 3166-1 alpha-3), a province (ISO 3166-2) or a
 * Pakistani 2023 district map unit (`kp_peshawar`); null when faultline has no figure for it
 * (Gilgit-Baltistan, AJK, Afghan districts).
 */
export function unitPopulation(code: string): UnitPopulation | null {
  table ??= build();
  return table.get(code) ?? null;
}

/**
 * Events or deaths per 100,000 people, unrounded (tables round for reading; json and csv keep full
 * precision: 3 decimals made Punjab's 0.00235 in 2021 read 0.002); null when either side is unknown.
 */
export function per100k(count: number | null, population: number | null): number | null {
  if (count === null || population === null || population <= 0) return null;
  return (count / population) * 100_000;
}
