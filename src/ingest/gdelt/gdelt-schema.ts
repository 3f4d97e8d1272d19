/**
 * GDELT event files: the 2.0 15-minute exports (`YYYYMMDDHHMMSS.export.CSV.zip`, 61 tab-separated
 * fields, no header, no quoting) and the 1.0 daily files (`YYYYMMDD.export.CSV.zip`, 58 fields; the
 * 1979-2013 back files have 57, without SOURCEURL). Column layouts from GDELT's own "Column Labels
 * Header Row" files (../shared/data/gdelt-schema, Sep 2016). 2.0 added the three *_ADM2Code columns.
 */
import { invalidParam } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { iso3Codes } from '../countries.ts';

/** The fields of a GDELT 2.0 event export, in order. */
export const GDELT2_COLUMNS: readonly string[] = [
  'GLOBALEVENTID',
  'SQLDATE',
  'MonthYear',
  'Year',
  'FractionDate',
  'Actor1Code',
  'Actor1Name',
  'Actor1CountryCode',
  'Actor1KnownGroupCode',
  'Actor1EthnicCode',
  'Actor1Religion1Code',
  'Actor1Religion2Code',
  'Actor1Type1Code',
  'Actor1Type2Code',
  'Actor1Type3Code',
  'Actor2Code',
  'Actor2Name',
  'Actor2CountryCode',
  'Actor2KnownGroupCode',
  'Actor2EthnicCode',
  'Actor2Religion1Code',
  'Actor2Religion2Code',
  'Actor2Type1Code',
  'Actor2Type2Code',
  'Actor2Type3Code',
  'IsRootEvent',
  'EventCode',
  'EventBaseCode',
  'EventRootCode',
  'QuadClass',
  'GoldsteinScale',
  'NumMentions',
  'NumSources',
  'NumArticles',
  'AvgTone',
  'Actor1Geo_Type',
  'Actor1Geo_FullName',
  'Actor1Geo_CountryCode',
  'Actor1Geo_ADM1Code',
  'Actor1Geo_ADM2Code',
  'Actor1Geo_Lat',
  'Actor1Geo_Long',
  'Actor1Geo_FeatureID',
  'Actor2Geo_Type',
  'Actor2Geo_FullName',
  'Actor2Geo_CountryCode',
  'Actor2Geo_ADM1Code',
  'Actor2Geo_ADM2Code',
  'Actor2Geo_Lat',
  'Actor2Geo_Long',
  'Actor2Geo_FeatureID',
  'ActionGeo_Type',
  'ActionGeo_FullName',
  'ActionGeo_CountryCode',
  'ActionGeo_ADM1Code',
  'ActionGeo_ADM2Code',
  'ActionGeo_Lat',
  'ActionGeo_Long',
  'ActionGeo_FeatureID',
  'DATEADDED',
  'SOURCEURL',
];

/** The fields of a GDELT 1.0 daily file: 2.0's without the ADM2 codes (the back files also lack SOURCEURL). */
export const GDELT1_COLUMNS: readonly string[] = GDELT2_COLUMNS.filter((c) => !c.endsWith('_ADM2Code'));

/** A GDELT file layout: which generation and how many fields each record has. */
export interface GdeltLayout {
  generation: 1 | 2;
  columns: readonly string[];
}

/** The layout of a record with this many fields, or null when no GDELT layout has it. */
export function gdeltLayout(fields: number): GdeltLayout | null {
  if (fields === 61) return { generation: 2, columns: GDELT2_COLUMNS };
  if (fields === 58) return { generation: 1, columns: GDELT1_COLUMNS };
  if (fields === 57) return { generation: 1, columns: GDELT1_COLUMNS.slice(0, 57) };
  return null;
}

/** Whether a first line is a GDELT event record: 61, 58 or 57 tab-separated fields, numeric GLOBALEVENTID and SQLDATE. */
export function looksLikeGdeltRecord(line: string): boolean {
  const f = line.replace(/\r?\n$/, '').split('\t');
  return gdeltLayout(f.length) !== null && /^\d{1,19}$/.test(f[0]!) && /^\d{8}$/.test(f[1]!);
}

/** The fields faultline keeps, named by their GDELT column, with the column each is stored in. */
export const KEPT_FIELDS = {
  GLOBALEVENTID: 'global_event_id',
  SQLDATE: 'event_date',
  DATEADDED: 'date_added',
  Actor1Code: 'actor1_code',
  Actor1Name: 'actor1_name',
  Actor1CountryCode: 'actor1_country',
  Actor2Code: 'actor2_code',
  Actor2Name: 'actor2_name',
  Actor2CountryCode: 'actor2_country',
  IsRootEvent: 'is_root_event',
  EventCode: 'event_code',
  EventBaseCode: 'event_base_code',
  EventRootCode: 'event_root_code',
  QuadClass: 'quad_class',
  GoldsteinScale: 'goldstein',
  NumMentions: 'num_mentions',
  NumSources: 'num_sources',
  NumArticles: 'num_articles',
  AvgTone: 'avg_tone',
  ActionGeo_Type: 'action_geo_type',
  ActionGeo_FullName: 'action_place',
  ActionGeo_CountryCode: 'action_fips',
  ActionGeo_ADM1Code: 'action_adm1',
  ActionGeo_Lat: 'action_lat',
  ActionGeo_Long: 'action_lon',
  SOURCEURL: 'source_url',
} as const;

/**
 * The version a GDELT file's name states: its 15-minute slice (`20250807220000`) or its day
 * (`20250807`), or null when the name says neither.
 */
export function gdeltVersion(fileName: string): string | null {
  const m = /(?:^|[^0-9])(\d{14}|\d{8})\.export\.csv(?:\.zip)?$/i.exec(fileName);
  return m ? m[1]! : null;
}

/**
 * A `--countries` list read: ISO 3166-1 alpha-3 codes, upper-cased, each once. A code of no country
 * (`XYZ`, `PAKI`) or a list of none is refused before anything is fetched or read: a fetch given one
 * downloaded every file of its period and kept no row of it.
 */
export function parseCountryList(text: string): string[] {
  const given = text
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  if (!given.length)
    throw invalidParam(
      'countries',
      `${quoteValue(text)} (give one or more ISO 3166-1 alpha-3 codes, e.g. PAK,AFG,IND)`,
    );
  const known = new Set(iso3Codes());
  const bad = given.find((c) => !known.has(c.toUpperCase()));
  if (bad !== undefined)
    throw invalidParam('countries', `${quoteValue(bad)} (use ISO 3166-1 alpha-3 codes, e.g. PAK,AFG,IND)`);
  return [...new Set(given.map((c) => c.toUpperCase()))];
}
