/**
 * Curated names the GeoNames extract lacks: abbreviations, district names that stand for their
 * headquarters town, other spellings, and places missing from it. Each alias points at a GeoNames
 * id in data/gazetteer, or carries a coordinate whose source is given beside it.
 */
import type { GeoCountry } from './units.ts';

/** A place named by an alias: a GeoNames row, or a curated point. */
export type AliasTarget =
  | { geonamesId: number }
  | { name: string; country: GeoCountry; admin1Code: string; lat: number; lon: number; source: string };

/** An alias group: the names and what they resolve to. */
export interface PlaceAlias {
  names: readonly string[];
  target: AliasTarget;
  /** Why these names mean this place. */
  note: string;
}

/** The curated alias table. */
export const PLACE_ALIASES: readonly PlaceAlias[] = [
  {
    names: ['D.I. Khan', 'DI Khan', 'D I Khan', 'Dera Ismael Khan', 'DIK'],
    target: { geonamesId: 1180281 },
    note: 'common abbreviation of Dera Ismail Khan',
  },
  {
    names: ['D.G. Khan', 'DG Khan', 'D G Khan', 'Dera Ghazi'],
    target: { geonamesId: 1180289 },
    note: 'common abbreviation of Dera Ghazi Khan',
  },
  {
    names: ['Kech', 'Kej'],
    target: { geonamesId: 1163054 },
    note: 'Kech district; Turbat is its headquarters',
  },
  {
    names: ['North Waziristan', 'Miranshah', 'Miramshah', 'Miram Shah', 'N. Waziristan'],
    target: { geonamesId: 1170367 },
    note: 'North Waziristan (ex-FATA agency, now district); Miran Shah is its headquarters',
  },
  {
    names: ['South Waziristan', 'S. Waziristan'],
    target: { geonamesId: 1162634 },
    note: 'South Waziristan (ex-FATA agency, now district); Wana is its headquarters',
  },
  {
    names: ['Khyber agency', 'Khyber district', 'Khyber Agency HQ'],
    target: { geonamesId: 1172208 },
    note: 'Khyber (ex-FATA agency, now district); Landi Kotal is its headquarters',
  },
  {
    names: ['Kurram agency', 'Kurram district', 'Kurram'],
    target: { geonamesId: 1168394 },
    note: 'Kurram (ex-FATA agency, now district); Parachinar is its headquarters',
  },
  {
    names: ['Torkham', 'Torkham border', 'Torkham border crossing', 'Tor Kham', 'Torkham Gate'],
    // English Wikipedia, "Torkham border crossing", infobox: 34°6′53″N 71°5′5″E (GeoNames extract has no Torkham).
    target: {
      name: 'Torkham',
      country: 'PAK',
      admin1Code: 'PK-KP',
      lat: 34.11472,
      lon: 71.08472,
      source: 'English Wikipedia, Torkham border crossing (34°6′53″N 71°5′5″E)',
    },
    note: 'the main Khyber Pass crossing; Natural Earth puts the point on the Pakistani side',
  },
  {
    names: ['Tirah', 'Tirah Valley'],
    // UCDP's own geocoding: GED 22.1 places its 137 events "Tirah valley" (where_prec 2, a part of a
    // region) at this point in Khyber agency, and Candidate 26.0.6 and 26.0.7 their 4 in Khyber
    // district (data/ucdp-ged, data/ucdp-candidate). GeoNames' extract has no Tirah.
    target: {
      name: 'Tirah',
      country: 'PAK',
      admin1Code: 'PK-KP',
      lat: 33.8125,
      lon: 70.676944,
      source:
        'UCDP GED 22.1 and Candidate 26.0.6/26.0.7, where_coordinates "Tirah valley" (33.8125 N, 70.676944 E, Khyber)',
    },
    note: 'the Tirah valley, which spans Khyber and Orakzai districts: placed, as UCDP places it, at one point in Khyber (UCDP calls it a part of a region, not a town)',
  },
  {
    names: ['Mir Ali'],
    // UCDP's own geocoding: GED 22.1 places its 71 events "Mir Ali town" here, 44 of them at
    // where_prec 1 (the town itself), and Candidate 26.0.x its 3 (data/ucdp-ged, data/ucdp-candidate).
    target: {
      name: 'Mir Ali',
      country: 'PAK',
      admin1Code: 'PK-KP',
      lat: 32.970219,
      lon: 70.2,
      source:
        'UCDP GED 22.1 and Candidate 26.0.6/26.0.7, where_coordinates "Mir Ali town" (32.970219 N, 70.2 E, North Waziristan)',
    },
    note: 'a town of North Waziristan missing from the GeoNames extract',
  },
  {
    names: ['Razmak'],
    // UCDP's own geocoding: GED 22.1 places its 13 events "Razmak town" here and Candidate 26.0.x its 1.
    target: {
      name: 'Razmak',
      country: 'PAK',
      admin1Code: 'PK-KP',
      lat: 32.689571,
      lon: 69.833823,
      source:
        'UCDP GED 22.1 and Candidate 26.0.6/26.0.7, where_coordinates "Razmak town" (32.689571 N, 69.833823 E, North Waziristan)',
    },
    note: 'a town of North Waziristan missing from the GeoNames extract',
  },
  {
    names: ['Chaman border', 'Chaman border crossing', 'Friendship Gate', 'Bab-e-Dosti'],
    target: { geonamesId: 1181611 },
    note: 'the Chaman–Spin Boldak crossing, named after the Pakistani town',
  },
  {
    names: ['Wesh', 'Weesh'],
    target: { geonamesId: 1123906 },
    note: 'Afghan side of the Chaman crossing (Spin Boldak)',
  },
  { names: ['Kabol', 'Kaboul', 'Cabul'], target: { geonamesId: 1138958 }, note: 'spellings of Kabul' },
  {
    names: ['Qandahar', 'Kandhar', 'Qandehar'],
    target: { geonamesId: 1138336 },
    note: 'spellings of Kandahar',
  },
  { names: ['Hirat', 'Harat'], target: { geonamesId: 1140026 }, note: 'spellings of Herat' },
  {
    names: ['Mazar-i-Sharif', 'Mazar', 'Mazar e Sharif', 'Mazari Sharif'],
    target: { geonamesId: 1133616 },
    note: 'spellings of Mazar-e Sharif',
  },
  { names: ['Kondoz', 'Qunduz'], target: { geonamesId: 1135689 }, note: 'spellings of Kunduz' },
  { names: ['Khowst'], target: { geonamesId: 1136469 }, note: 'spelling of Khost' },
  { names: ['Pindi'], target: { geonamesId: 1166993 }, note: 'short for Rawalpindi' },
  { names: ['Pekhawar', 'Peshawer'], target: { geonamesId: 1168197 }, note: 'spellings of Peshawar' },
  { names: ['Kwatah', 'Shal'], target: { geonamesId: 1167528 }, note: 'other names of Quetta' },
];
