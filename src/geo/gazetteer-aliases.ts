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
