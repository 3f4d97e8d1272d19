/**
 * The canonical admin-1 units faultline reports by: today's provinces and territories of Pakistan
 * and Afghanistan, keyed by ISO 3166-2 code. Names in Urdu and Persian (Dari) are Natural Earth's
 * `name_ur` / `name_fa`; Natural Earth carries no Pashto names, so there is no Pashto field.
 * Codes follow ISO 3166-2:AF, not Natural Earth's `iso_3166_2`, where they differ: Natural Earth
 * gives Paktia AF-PKA and Paktika AF-PIA, ISO the other way round (AF-PIA Paktiyā, AF-PKA Paktīkā).
 * Units are matched to polygons by `adm1_code`, so the codes are ours alone.
 */

/** ISO 3166-1 alpha-3 codes of the countries the bundled boundaries cover. */
export type GeoCountry = 'PAK' | 'AFG';

/** One canonical admin-1 unit. */
export interface Admin1Unit {
  /** ISO 3166-2 code, e.g. `PK-KP`, `AF-PAN`. */
  code: string;
  country: GeoCountry;
  /** English name as faultline prints it. */
  name: string;
  /** Urdu name from Natural Earth `name_ur`, null where Natural Earth has none for this unit. */
  nameUr: string | null;
  /** Persian (Dari) name from Natural Earth `name_fa`, null where Natural Earth has none for this unit. */
  nameFa: string | null;
  /** Natural Earth `adm1_code`s whose polygons make up the unit (two for PK-KP: K.P. and ex-FATA). */
  neAdm1Codes: string[];
  /** GeoNames admin-1 codes (the gazetteer's `adminCode` column); PK-KP also takes FATA's `01`. */
  geonamesAdmin1: string[];
  /** A point inside the unit for labels, [lon, lat], from Natural Earth `longitude`/`latitude`. */
  labelPoint: [number, number];
}

/** The date the Federally Administered Tribal Areas became part of Khyber Pakhtunkhwa (25th Amendment, in force). */
export const FATA_MERGER_DATE = '2018-05-31';

type Row = [string, string, string | null, string | null, string[], string[], number, number];

// Natural Earth repeats Parwan's Urdu/Persian names on Panjshir (AFG-1769) and Uruzgan's on
// Daykundi (AFG-1753); those are left null rather than invented.
const ROWS: Row[] = [
  [
    'PK-KP',
    'Khyber Pakhtunkhwa',
    'خیبر پختونخوا',
    'خیبر پختونخوا',
    ['PAK-1123', 'PAK-1112'],
    ['03', '01'],
    72.6402,
    34.9407,
  ],
  ['PK-BA', 'Balochistan', 'بلوچستان', 'ایالت بلوچستان پاکستان', ['PAK-1108'], ['02'], 65.5512, 27.5194],
  ['PK-SD', 'Sindh', 'سندھ', 'استان سند', ['PAK-1114'], ['05'], 68.8685, 26.3734],
  ['PK-PB', 'Punjab', 'پنجاب', 'پنجاب', ['PAK-1113'], ['04'], 72.3449, 31.3589],
  [
    'PK-IS',
    'Islamabad Capital Territory',
    'اسلام آباد',
    'ناحیه پایتختی اسلامآباد',
    ['PAK-1110'],
    ['08'],
    73.0628,
    33.7011,
  ],
  ['PK-GB', 'Gilgit-Baltistan', 'گلگت بلتستان', 'گلگت-بلتستان', ['PAK-1111'], ['07'], 74.9848, 35.7864],
  ['PK-JK', 'Azad Jammu and Kashmir', 'آزاد جموں کشمیر', 'کشمیر آزاد', ['PAK-1109'], ['06'], 73.8036, 33.868],
  ['AF-BDS', 'Badakhshan', 'صوبہ بدخشاں', 'ولایت بدخشان', ['AFG-1760'], ['01'], 70.8036, 36.781],
  ['AF-BDG', 'Badghis', 'صوبہ بادغیس', 'ولایت بادغیس', ['AFG-1741'], ['02'], 63.8495, 35.2699],
  ['AF-BGL', 'Baghlan', 'صوبہ بغلان', 'ولایت بغلان', ['AFG-1766'], ['03'], 68.9831, 35.8588],
  ['AF-BAL', 'Balkh', 'بلخ', 'ولایت بلخ', ['AFG-1744'], ['30'], 67.2185, 36.6851],
  ['AF-BAM', 'Bamyan', 'بامیان', 'ولایت بامیان', ['AFG-1743'], ['05'], 67.2365, 34.9693],
  ['AF-DAY', 'Daykundi', null, null, ['AFG-1753'], ['41'], 66.3011, 33.8446],
  ['AF-FRA', 'Farah', 'صوبہ فراہ', 'ولایت فراه', ['AFG-1749'], ['06'], 62.6498, 32.5314],
  ['AF-FYB', 'Faryab', 'صوبہ فاریاب', 'ولایت فاریاب', ['AFG-1745'], ['07'], 64.7678, 35.8043],
  ['AF-GHA', 'Ghazni', 'صوبہ غزنی', 'ولایت غزنی', ['AFG-1757'], ['08'], 67.8006, 33.4079],
  ['AF-GHO', 'Ghor', 'صوبہ غور', 'ولایت غور', ['AFG-1747'], ['09'], 64.9224, 34.002],
  ['AF-HEL', 'Helmand', 'صوبہ ہلمند', 'ولایت هلمند', ['AFG-1750'], ['10'], 63.9824, 30.9278],
  ['AF-HER', 'Herat', 'صوبہ ہرات', 'ولایت هرات', ['AFG-1742'], ['11'], 62.4845, 34.1551],
  ['AF-JOW', 'Jowzjan', 'صوبہ جوزجان', 'ولایت جوزجان', ['AFG-1746'], ['31'], 65.9617, 36.8971],
  ['AF-KAB', 'Kabul', 'صوبہ کابل', 'ولایت کابل', ['AFG-1767'], ['13'], 69.3846, 34.4949],
  ['AF-KAN', 'Kandahar', 'صوبہ قندھار', 'ولایت قندهار', ['AFG-1754'], ['23'], 65.7163, 31.135],
  ['AF-KAP', 'Kapisa', 'صوبہ کاپیسا', 'ولایت کاپیسا', ['AFG-1768'], ['14'], 69.6626, 34.9748],
  ['AF-KHO', 'Khost', 'صوبہ خوست', 'ولایت خوست', ['AFG-1758'], ['37'], 69.8211, 33.363],
  ['AF-KNR', 'Kunar', 'صوبہ کنڑ', 'ولایت کنر', ['AFG-1762'], ['34'], 71.1061, 34.9013],
  ['AF-KDZ', 'Kunduz', 'صوبہ قندوز', 'ولایت کندوز', ['AFG-1763'], ['24'], 68.682, 36.9043],
  ['AF-LAG', 'Laghman', 'لاگھمان صوبہ', 'ولایت لغمان', ['AFG-1770'], ['35'], 70.2085, 34.7273],
  ['AF-LOG', 'Logar', 'صوبہ لوگر', 'ولایت لوگر', ['AFG-1771'], ['17'], 69.3047, 34.0857],
  ['AF-NAN', 'Nangarhar', 'صوبہ ننگرہار', 'ولایت ننگرهار', ['AFG-1764'], ['18'], 70.3027, 34.2153],
  ['AF-NIM', 'Nimroz', 'صوبہ نیمروز', 'ولایت نیمروز', ['AFG-1751'], ['19'], 62.2069, 30.7528],
  ['AF-NUR', 'Nuristan', 'صوبہ نورستان', 'ولایت نورستان', ['AFG-1761'], ['38'], 70.7567, 35.2898],
  ['AF-PIA', 'Paktia', 'پکتیا', 'ولایت پکتیا', ['AFG-3413'], ['36'], 69.3826, 33.575],
  ['AF-PKA', 'Paktika', 'صوبہ پکتیکا', 'ولایت پکتیکا', ['AFG-1759'], ['29'], 68.651, 32.5106],
  ['AF-PAN', 'Panjshir', null, null, ['AFG-1769'], ['42'], 69.7587, 35.3368],
  ['AF-PAR', 'Parwan', 'صوبہ پروان', 'ولایت پروان', ['AFG-1772'], ['40'], 68.8995, 34.9984],
  ['AF-SAM', 'Samangan', 'صوبہ سمنگان', 'ولایت سمنگان', ['AFG-1773'], ['32'], 67.683, 36.0506],
  ['AF-SAR', 'Sar-e Pol', 'صوبہ سرپل', 'ولایت سرپل', ['AFG-1748'], ['33'], 66.2158, 35.7062],
  ['AF-TAK', 'Takhar', 'صوبہ تخار', 'ولایت تخار', ['AFG-1765'], ['26'], 69.8124, 36.8335],
  ['AF-URU', 'Uruzgan', 'اروزگان', 'ولایت اروزگان', ['AFG-1752'], ['39'], 66.0947, 32.807],
  ['AF-WAR', 'Wardak', 'وردک', 'ولایت وردک', ['AFG-1774'], ['27'], 68.1087, 34.4269],
  ['AF-ZAB', 'Zabul', 'زابل پراونس', 'ولایت زابل', ['AFG-1755'], ['28'], 67.1401, 32.4033],
];

/** All 41 canonical units: 7 Pakistani, 34 Afghan. */
export const ADMIN1_UNITS: readonly Admin1Unit[] = ROWS.map(
  ([code, name, nameUr, nameFa, neAdm1Codes, geonamesAdmin1, lon, lat]) => ({
    code,
    country: code.startsWith('PK-') ? 'PAK' : 'AFG',
    name,
    nameUr,
    nameFa,
    neAdm1Codes,
    geonamesAdmin1,
    labelPoint: [lon, lat],
  }),
);

/** The countries faultline has admin-1 boundaries for, in alphabetical order (AFG, PAK). */
export const ADMIN1_COUNTRIES: readonly string[] = [
  ...new Set(ADMIN1_UNITS.map((u) => u.country as string)),
].sort();

const BY_CODE = new Map(ADMIN1_UNITS.map((unit) => [unit.code, unit]));
const BY_NE_CODE = new Map(ADMIN1_UNITS.flatMap((unit) => unit.neAdm1Codes.map((ne) => [ne, unit] as const)));

/** The unit with this ISO 3166-2 code (case-insensitive), or null. */
export function admin1Unit(code: string): Admin1Unit | null {
  return BY_CODE.get(code.trim().toUpperCase()) ?? null;
}

/** The unit a Natural Earth admin-1 feature belongs to, by its `adm1_code` (never by `name`, which repeats). */
export function admin1UnitOfNaturalEarth(adm1Code: string): Admin1Unit | null {
  return BY_NE_CODE.get(adm1Code) ?? null;
}

/** The Natural Earth `adm1_code` of the pre-2018 Federally Administered Tribal Areas polygon (PK-TA). */
export const NE_FATA_ADM1_CODE = 'PAK-1112';

/** ISO 3166-2 code Natural Earth still gives the ex-FATA polygon. */
export const FATA_ISO_CODE = 'PK-TA';
