/**
 * The place a passage names: runs of capitalised words ("Bajaur district", "Khyber Pakhtunkhwa",
 * "North Waziristan") looked up in the gazetteer, the district table and the country names, longest
 * first. The most specific place in the configured countries wins (town, then district, then
 * province, then the country itself); a place elsewhere is kept and flagged. A dateline ("PESHAWAR,
 * Nov 28:") names where the report was filed, not where the event happened: its place is used only
 * when the text names nothing more specific than a country, and then flagged `dateline_only`.
 */
import { toIso3 } from '../countries.ts';
import type { DraftField, DraftPlace, DraftProblem } from './news-draft.ts';

/** The lookups place finding needs; the app layer builds them from the gazetteer and the district table. */
export interface PlaceLookup {
  /** Towns, crossings and provinces a name may refer to, best first ([] when none). */
  places(name: string): DraftPlace[];
  /** The district a name names ("Bajaur", "Kharan"), or null. */
  district(name: string): DraftPlace | null;
  /**
   * A district since split ("Dir": Upper and Lower Dir): the province that holds its parts, and why
   * the text cannot say which; null for any other name.
   */
  splitDistrict?(name: string): { province: DraftPlace; note: string } | null;
  /**
   * A district the text names as one ("Lalpur district") where `district` knows none (Afghan
   * districts), or null. Asked only with the word "district": a bare Afghan name is as often the
   * town or the province.
   */
  namedDistrict?(name: string): DraftPlace | null;
}

interface Mention {
  place: DraftPlace;
  words: string;
  index: number;
  /** Why the place is coarser than the name (a split district placed on its province). */
  note?: string;
}

const RANK: Record<DraftPlace['kind'], number> = { place: 0, district: 1, admin1: 2, country: 3 };
const NOT_PLACES =
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december)$/i;
// Runs of capitalised words, with the connectors place names use ("Mazar-i-Sharif", "Dera Ismail Khan"),
// and an initialism before a word ("D.I. Khan", "D.G. Khan": read as "D", "I" and "Khan", it was no place).
const RUN =
  /\b(?:(?:[A-Z]\.){2,}(?=\s+[A-Z])|[A-Z][\w’'-]*)(?:\s+(?:(?:e|i|ul|al|de|del|la)\s+)?[A-Z][\w’'-]*)*/g;
// Agencies shorten the country in headlines ("Three police officials killed in attack in Pak's NW",
// "Pak security forces kill 24 terrorists"): such a draft found no place and was hidden by default.
const SHORT_COUNTRIES: Record<string, [name: string, iso3: string]> = { Pak: ['Pakistan', 'PAK'] };
const UNIT_AFTER = /^\s+(district|agency|province|tribal district)\b/i;
const UNIT_INSIDE = /^(.*\S)\s+(district|agency|province)$/i;

// A dateline: a city in capitals at the start of a paragraph, before a comma, colon, parenthesis
// or dash ("PESHAWAR, Nov 28:", "KABUL (Reuters) -", "QUETTA:", "DERA ISMAIL KHAN —").
const DATELINE =
  /(?:^|\n)[ \t]*([A-Z][A-Z’'.-]+(?:[ \t]+[A-Z][A-Z’'.-]+)*)[ \t]*(?=,|:|\(|[—–]|-{1,2}[ \t])/g;

// A place name as the subject of a government's words or acts of protest.
const SPEAKS =
  /^\s+(?:has\s+|had\s+|have\s+|also\s+|later\s+)?(?:said|says|rejected|rejects|denied|denies|accused|accuses|summoned|summons|condemned|condemns|blamed|blames|warned|warns|insisted|insists|claimed|claims|demanded|demands|protested|protests|responded|retaliated)\b/;

/** The character ranges of the passage's datelines. */
function datelines(text: string): [number, number][] {
  return [...text.matchAll(DATELINE)].map((m) => {
    const start = m.index + m[0].indexOf(m[1]!);
    return [start, start + m[1]!.length];
  });
}

function countryPlace(name: string, iso3: string): DraftPlace {
  return {
    name,
    kind: 'country',
    country: iso3,
    admin1_code: null,
    admin1_name: null,
    lat: null,
    lon: null,
    point_source: null,
  };
}

const wrap = (place: DraftPlace | null) => (place ? { place } : null);

function lookUp(
  words: string,
  unitAfter: string | null,
  lookup: PlaceLookup,
): { place: DraftPlace; note?: string } | null {
  // "Bajaur Agency", "Kharan District": the unit word is part of the run of capitalised words.
  const inner = UNIT_INSIDE.exec(words);
  const span = inner ? inner[1]! : words;
  const unit = inner ? inner[2]! : unitAfter;
  if (NOT_PLACES.test(span)) return null;
  const district = () => lookup.district(span);
  const place = () => lookup.places(unit && /province/i.test(unit) ? `${span} province` : span)[0] ?? null;
  // Without a unit word, a district of that very name beats a province the name once stood for
  // ("Bajaur", "Orakzai": FATA agencies, now districts of Khyber Pakhtunkhwa) and a town of another
  // name it is an alias of ("Kurram" is not the town of Parachinar); a town of the same name stays.
  const either = () => {
    const p = place();
    const d = district();
    if (
      p &&
      d &&
      (p.kind === 'admin1' || p.kind === 'country' || p.name.toLowerCase() !== span.toLowerCase())
    )
      return d;
    return p ?? d;
  };
  // "in Dir", "Chitral district": a district since split, so only its province is known. With the
  // word "district" it comes before a town of the same name (the town of Chitral is in one part).
  const split = () => {
    const found = lookup.splitDistrict?.(span);
    return found ? { place: found.province, note: found.note } : null;
  };
  const named = unit && /district|agency/i.test(unit);
  const found = named ? district() : either();
  if (found) return { place: found };
  // A Pakistani district since split comes before an Afghan district of the same name ("Kohistan").
  const coarse = named ? (split() ?? wrap(lookup.namedDistrict?.(span) ?? null) ?? wrap(place())) : split();
  if (coarse) return coarse;
  const short = SHORT_COUNTRIES[span];
  if (short) return { place: countryPlace(short[0], short[1]) };
  const iso3 = toIso3(span);
  return iso3 ? { place: countryPlace(span, iso3) } : null;
}

/** Every place mention of a text outside the masked ranges (actor names), longest spans first within each run. */
function mentions(text: string, lookup: PlaceLookup, masked: [number, number][]): Mention[] {
  const found: Mention[] = [];
  for (const run of text.matchAll(RUN)) {
    const words = [...run[0].matchAll(/\S+/g)].map((w) => ({ text: w[0], at: run.index + w.index }));
    for (let i = 0; i < words.length;) {
      let matched = 0;
      for (let j = words.length; j > i && !matched; j--) {
        const start = words[i]!.at;
        const end = words[j - 1]!.at + words[j - 1]!.text.length;
        if (masked.some(([a, b]) => start < b && end > a)) continue;
        const span = text.slice(start, end).replace(/[’']s$/, '');
        const unit = j === words.length ? (UNIT_AFTER.exec(text.slice(end))?.[1] ?? null) : null;
        const hit = lookUp(span, unit, lookup);
        if (!hit) continue;
        const wordsEnd = unit ? end + UNIT_AFTER.exec(text.slice(end))![0].length : end;
        matched = j - i;
        // "a claim Islamabad rejected", "Kabul said": the government speaking, not where it happened.
        if (SPEAKS.test(text.slice(wordsEnd))) continue;
        found.push({ ...hit, words: text.slice(start, wordsEnd), index: start });
      }
      i += matched || 1;
    }
  }
  return found;
}

/**
 * The place of a passage and its problems: `no_place` when nothing is found, `outside_countries`
 * when the only places are elsewhere, `country_only` when only the country is named.
 */
export function findPlace(
  text: string,
  lookup: PlaceLookup,
  countries: readonly string[],
  masked: [number, number][] = [],
): { field: DraftField<DraftPlace>; problems: DraftProblem[] } {
  // Digest items end with their sources in brackets: "(Dawn)", "(AFP via Arab News)".
  const body = text.replace(/(?:\s*\([^()]*\))+\s*$/, '');
  const found = mentions(body, lookup, masked);
  const filed = datelines(body);
  const isDateline = (m: Mention) => filed.some(([a, b]) => m.index >= a && m.index < b);
  const told = found.filter((m) => !isDateline(m));
  // The dateline's place counts only when the text itself names no town, district or province.
  const all = told.some((m) => m.place.kind !== 'country') ? told : found;
  const rank = (m: Mention) => RANK[m.place.kind];
  const byRank = (a: Mention, b: Mention) => rank(a) - rank(b) || a.index - b.index;
  const inScope = all.filter((m) => countries.includes(m.place.country)).sort(byRank);
  const elsewhere = all.filter((m) => !countries.includes(m.place.country)).sort(byRank);
  const configured = countries.join(', ');
  const best = inScope[0];
  // A town or province elsewhere says more than a bare country name here ("near the Afghanistan border").
  const outside =
    elsewhere[0] && (!best || (best.place.kind === 'country' && elsewhere[0].place.kind !== 'country'));
  if (best && !outside) {
    // Other mentions that agree with the chosen one (same province or the country) are its evidence too.
    const agree = inScope.filter(
      (m) =>
        m === best ||
        (m.place.admin1_code !== null && m.place.admin1_code === best.place.admin1_code) ||
        (m.place.kind === 'country' && m.place.country === best.place.country),
    );
    const words = [...new Set(agree.sort((a, b) => a.index - b.index).map((m) => m.words))];
    const problems: DraftProblem[] =
      best.place.kind === 'country'
        ? [{ field: 'place', code: 'country_only', message: `place names only the country: ${best.words}` }]
        : best.note && !isDateline(best)
          ? [
              {
                field: 'place',
                code: 'split_district',
                message: `${best.words} names a former district (${best.note}); placed on its province, ${best.place.name}`,
              },
            ]
          : isDateline(best)
            ? [
                {
                  field: 'place',
                  code: 'dateline_only',
                  message: `place taken from the dateline, where the report was filed: ${best.words} (the text names no place of its own)`,
                },
              ]
            : [];
    return { field: { value: best.place, words }, problems };
  }
  if (elsewhere[0])
    return {
      field: { value: elsewhere[0].place, words: [elsewhere[0].words] },
      problems: [
        {
          field: 'place',
          code: 'outside_countries',
          message: `place outside the configured countries: ${elsewhere[0].words} (${elsewhere[0].place.country}; configured: ${configured})`,
        },
      ],
    };
  return {
    field: { value: null, words: [] },
    problems: [{ field: 'place', code: 'no_place', message: `no place in ${configured} found in the text` }],
  };
}
