/**
 * The place a passage names: runs of capitalised words ("Bajaur district", "Khyber Pakhtunkhwa",
 * "North Waziristan") looked up in the gazetteer, the district table and the country names, longest
 * first. The most specific place in the configured countries wins (town, then district, then
 * province, then the country itself); a place elsewhere is kept and flagged. A town outside every
 * district the passage names, and a name that only starts a longer proper noun ("Kabul Jan
 * restaurant"), give way to the others (weakMentions). A dateline ("PESHAWAR, Nov 28:") names where
 * the report was filed, not where the event happened: its place is used only when the text names
 * nothing more specific than a country, and then flagged `dateline_only`.
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
  /**
   * The district a place names, as a key `inDistrict` takes: a district's own, or the one a town of
   * its district's name lies in ("Peshawar", "Bannu"); null for any other place.
   */
  districtNamed?(place: DraftPlace): string | null;
  /** Whether a town's point lies in the district of this key (false for a place without a point). */
  inDistrict?(place: DraftPlace, districtKey: string): boolean;
}

interface Mention {
  place: DraftPlace;
  words: string;
  index: number;
  /** Why the place is coarser than the name (a split district placed on its province). */
  note?: string;
  /**
   * The name is the first words of a longer capitalised name ("Kabul Jan restaurant", a man's name;
   * "Wazirabad Kuchlak", a quarter of Kuchlak) that goes on with a word no place name takes.
   */
  partial?: boolean;
  /** The place is where someone lives or comes from ("a resident of Faisalabad District"), not where it happened. */
  residence?: boolean;
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
// Capitalised words that go on a place's name and leave it that place: its units, parts, roads and
// forces ("Peshawar District", "Swat Valley", "Kuchlak Bypass", "Tirah Maidan", "Miryan Police
// Station", "Chitral Scouts", "Karachi Rangers").
const PLACE_WORD =
  /^(?:district|agency|province|division|tehsil|sub-?division|city|town|village|valley|maidan|bazaa?r|market|road|bypass|highway|motorway|chowk|bridge|cantonment|cantt|border|crossing|pass|river|area|region|sector|colony|airport|police|station|post|levies|rangers|scouts|militia|rifles|jail|prison|hospital)s?\b/i;
// What stands between a place and the place it lies in ("Faisalabad District in Punjab", "Khar, Bajaur").
const QUALIFIES = /^(?:\s*,\s*|\s+(?:in|of)\s+(?:the\s+)?)$/;
// Where someone lives or comes from, not where it happened ("a resident of Faisalabad District").
const RESIDENCE =
  /\b(?:residents?|natives?|hailing|hails?|hailed|belonging|belongs?)\s+(?:of|from|to)\s+(?:the\s+)?$/i;
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
  // "a resident of Faisalabad District in Punjab": the place that qualifies a residence is one too.
  const residence = (last: Mention | undefined, start: number) =>
    RESIDENCE.test(text.slice(Math.max(0, start - 40), start)) ||
    (last?.residence === true && QUALIFIES.test(text.slice(last.index + last.words.length, start)));
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
        // A possessive ends the name ("Quetta's Hazara Town"); a place word continues it.
        const partial =
          j < words.length && !/[’']s$/.test(words[j - 1]!.text) && !PLACE_WORD.test(words[j]!.text);
        found.push({
          ...hit,
          words: text.slice(start, wordsEnd),
          index: start,
          ...(partial ? { partial } : {}),
          ...(residence(found.at(-1), start) ? { residence: true } : {}),
        });
      }
      i += matched || 1;
    }
  }
  return found;
}

/** Whether a passage is written in title case ("Pakistan Confirms Airstrikes on Targets Inside Afghanistan"), where every name runs on into the next word. */
function titleCase(text: string): boolean {
  const words = text.match(/\b[A-Za-z][a-z]{4,}\b/g) ?? [];
  return words.length >= 3 && words.filter((w) => /^[A-Z]/.test(w)).length >= 0.9 * words.length;
}

/**
 * The mentions that must not win over the others. A town outside every district the passage names
 * (or, when it names no district, outside every province it names): "Hassan Khel area of Peshawar"
 * is not the Hassan Khel of North Waziristan the gazetteer knows, as Khel, Kalay and Banda names
 * repeat from district to district. And a name that only starts a longer proper noun ("Kabul Jan
 * restaurant") when it agrees with none of the places named whole. Only whole names outside the
 * dateline, and not where someone lives ("a resident of Faisalabad District"), name a district,
 * province or place; a town of its district's name ("Peshawar") names that district.
 */
function weakMentions(
  all: Mention[],
  lookup: PlaceLookup,
  isDateline: (m: Mention) => boolean,
  title: boolean,
): Set<Mention> {
  const partial = (m: Mention) => m.partial === true && !title;
  const anchors = all
    .filter((m) => !partial(m) && !isDateline(m) && !m.residence)
    .map((m) => ({ place: m.place, district: lookup.districtNamed?.(m.place) ?? null }));
  const inDistrict = (m: Mention, key: string) => lookup.inDistrict?.(m.place, key) ?? true;
  const districts = anchors.flatMap((a) => (a.district === null ? [] : [a.district]));
  const provinces = anchors.filter((a) => a.place.kind === 'admin1').map((a) => a.place.admin1_code);
  const agrees = (m: Mention, a: (typeof anchors)[number]) =>
    a.place.kind === 'country' || m.place.admin1_code === null
      ? m.place.country === a.place.country
      : a.district !== null && m.place.lat !== null
        ? inDistrict(m, a.district)
        : m.place.admin1_code === a.place.admin1_code;
  const weak = new Set<Mention>();
  for (const m of all) {
    if (partial(m) && anchors.length > 0 && !anchors.some((a) => agrees(m, a))) weak.add(m);
    if (m.place.kind !== 'place' || m.place.lat === null) continue;
    const outside = districts.length
      ? !districts.some((key) => inDistrict(m, key))
      : provinces.length > 0 && !provinces.includes(m.place.admin1_code);
    if (outside) weak.add(m);
  }
  return weak;
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
  const weak = weakMentions(all, lookup, isDateline, titleCase(body));
  const rank = (m: Mention) => RANK[m.place.kind];
  const byRank = (a: Mention, b: Mention) =>
    Number(weak.has(a)) - Number(weak.has(b)) || rank(a) - rank(b) || a.index - b.index;
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
        (!weak.has(m) &&
          ((m.place.admin1_code !== null && m.place.admin1_code === best.place.admin1_code) ||
            (m.place.kind === 'country' && m.place.country === best.place.country))),
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
