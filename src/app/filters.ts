/**
 * The event filter, parsed and checked the same way for every entry point. `parseFilter` reads the
 * text values of the filter vocabulary (domain/filter-vocabulary.ts) into an EventFilter, with a
 * one-line error for any malformed value; `checkFilter` then looks the values that name things
 * (countries, provinces, districts, types, sources, versions) up in the loaded data and refuses
 * unknown ones, naming the nearest valid values.
 */
import { closest, distance } from 'fastest-levenshtein';
import { ACTORS, GROUPS, expandActorFilter, expandDyad } from '../domain/actors.ts';
import { choiceHint, matchChoice, parseBoolean } from '../domain/choice.ts';
import { InvalidInputError, invalidParam, ParamError } from '../domain/errors.ts';
import { parseNumberParam } from '../domain/number-params.ts';
import { quoteValue } from '../domain/quote.ts';
import { COMMON_TYPES } from '../domain/event.ts';
import {
  FILTER_VOCABULARY,
  type FilterKey,
  type RawFilter,
  type WireFilter,
} from '../domain/filter-vocabulary.ts';
import {
  DESK_ADMIN1_CODES,
  VICTIM_CLASSES,
  isCalendarDay,
  isCommonType,
  validateFilter,
  dateHint,
  type DyadFilter,
  type EventFilter,
  type StoreFilter,
} from '../domain/query.ts';
import { resolveAdmin1Label } from '../geo/admin-labels.ts';
import { districtNames, isDistrictName, resolveDistrict } from '../geo/district-search.ts';
import { iso3Codes } from '../ingest/countries.ts';
import type { FilterValues, Store } from '../storage/store.ts';
import { memo } from './analysis/memo.ts';
import { loadCoverage } from './analysis/coverage.ts';

export type { RawFilter } from '../domain/filter-vocabulary.ts';

/** `2021` and `2021-03` stand for their first (or last) day; anything else is left for validation. */
function widen(v: string, side: 'start' | 'end'): string {
  if (/^\d{4}$/.test(v)) return side === 'start' ? `${v}-01-01` : `${v}-12-31`;
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(v);
  if (!m) return v;
  if (side === 'start') return `${v}-01`;
  const last = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
  return `${v}-${String(last).padStart(2, '0')}`;
}

/**
 * A filter's first or last day from `2021`, `2021-03` or `2021-03-15`, checked against the calendar
 * (2021-02-30 is not a day): `invalid date for from: "2021-02-30" (use a year 2021, a month 2021-03 or a day 2021-03-07)`.
 */
export function dayBound(key: string, v: string, side: 'start' | 'end'): string {
  const day = widen(v, side);
  if (!isCalendarDay(day))
    throw new ParamError((n) => `invalid date for ${n.field(key)}: ${quoteValue(v)}${dateHint(v)}`);
  return day;
}

function list(key: string, v: string | boolean | number): string[] {
  const items = String(v)
    .split(',')
    .map((s) => s.trim());
  if (typeof v !== 'string' || !items.some(Boolean))
    throw invalidParam(key, `${quoteValue(v)} (give one or more values, comma-separated)`);
  // "PAK," or "PK-KP,,PK-BA": an empty item is a value lost (an unset variable), not dropped silently.
  if (items.some((i) => i === ''))
    throw invalidParam(
      key,
      `${quoteValue(v)} (an empty item between commas: give each value once, comma-separated)`,
    );
  return items;
}

/** An ISO 3166-2 province code (PK-KP, AF-KAB), in any case: the filter reads such a value as a code, others as names. */
export const ADMIN1_CODE = /^[A-Z]{2}-[A-Z0-9]{2,3}$/i;

/**
 * The province codes of the labels among admin1 values (codes aside) that the unit tables know in
 * Pakistan or Afghanistan: "Balochistan province" is PK-BA, "NWFP" PK-KP. A desk event placed there
 * matches the label, as the source's own events carrying it do (EventFilter[DESK_ADMIN1_CODES]).
 */
function labelledProvinces(admin1: readonly string[]): string[] {
  const codes = admin1
    .filter((a) => !ADMIN1_CODE.test(a))
    .flatMap((a) => LABELLED_COUNTRIES.map((c) => resolveAdmin1Label(c, a)?.code ?? null))
    .filter((c) => c !== null);
  return [...new Set(codes)].sort();
}

/** The countries whose admin-1 labels the unit tables resolve. */
const LABELLED_COUNTRIES = ['PAK', 'AFG'];

/** How each filter's value goes into the EventFilter (the parser column of the vocabulary). */
const PARSERS: { [K in FilterKey]: (v: string | boolean | number, f: EventFilter) => void } = {
  from: (v, f) => void (f.from = dayBound('from', String(v), 'start')),
  to: (v, f) => void (f.to = dayBound('to', String(v), 'end')),
  country: (v, f) => {
    // Checked as sent, so a refusal quotes it ("NaN", not "NAN"); a code in any ASCII case is the code.
    const given = list('country', v);
    for (const c of given)
      if (!/^[A-Za-z]{3}$/.test(c))
        throw invalidParam('country', `${quoteValue(c)} (use an ISO 3166-1 alpha-3 code such as PAK)`);
    f.country = given.map((c) => c.toUpperCase());
  },
  // A province code in any case is the code (pk-kp is PK-KP): the store matches codes as written.
  admin1: (v, f) => {
    f.admin1 = list('admin1', v).map((a) => (ADMIN1_CODE.test(a) ? a.toUpperCase() : a));
    const codes = labelledProvinces(f.admin1);
    if (codes.length) (f as StoreFilter)[DESK_ADMIN1_CODES] = codes;
  },
  admin2: (v, f) => void (f.admin2 = list('admin2', v)),
  actor: (v, f) => {
    const ids = new Set<string>();
    for (const term of list('actor', v)) {
      const hit = expandActorFilter(term);
      if (!hit)
        throw new ParamError(
          (n) => `unknown ${n.field('actor')}: ${quoteValue(term)} (nearest: ${nearestActors(term)})`,
        );
      hit.ids.forEach((i) => ids.add(i));
    }
    f.actorIds = [...ids];
  },
  dyad: (v, f) => void (f.dyad = list('dyad', v).map(parseDyad)),
  // A common type in any case is that type (BATTLE is battle); source types match in any case.
  type: (v, f) =>
    void (f.type = list('type', v).map((t) => (isCommonType(t.toLowerCase()) ? t.toLowerCase() : t))),
  source: (v, f) => void (f.source = list('source', v)),
  include_desk: (v, f) => void (f.includeDesk = parseBoolean('include_desk', v)),
  version: (v, f) => void (f.sourceVersion = list('version', v)),
  border_zone: (v, f) => void (f.borderZone = parseBoolean('border_zone', v)),
  // A JSON number (an alert rule's) is the number it is; text is read as every number parameter is.
  max_border_km: (v, f) =>
    void (f.maxBorderKm =
      typeof v === 'number' && v >= 0 && v <= 100_000
        ? v
        : parseNumberParam('max_border_km', String(v), 0, 100_000)),
  exact: (v, f) => void (f.exactOnly = parseBoolean('exact', v)),
  victim: (v, f) => {
    const victim = matchChoice(String(v), VICTIM_CLASSES);
    if (victim === undefined)
      throw invalidParam('victim', `${quoteValue(v)} (${choiceHint(VICTIM_CLASSES)})`);
    f.victim = victim;
  },
};

/** One dyad, `A:B`: each side an actor, alias or group of the registry (the way --actor reads them). */
function parseDyad(term: string): DyadFilter {
  const d = expandDyad(term);
  if (d === null)
    throw invalidParam(
      'dyad',
      `${quoteValue(term)} (use A:B, two actors or groups such as pakistan:afghanistan)`,
    );
  if ('unknown' in d)
    throw new ParamError(
      (n) =>
        `unknown actor in ${n.field('dyad')} ${quoteValue(term)}: ${quoteValue(d.unknown)} (nearest: ${nearestActors(d.unknown)})`,
    );
  return d;
}

/**
 * Turns text filters into a validated EventFilter: dates widened and checked against the calendar,
 * countries upper-cased, actors expanded through the registry (aliases and groups), one-line errors
 * for anything malformed. Empty values and `false` flags given as booleans (a CLI flag not set) are
 * left out.
 */
export function parseFilter(raw: RawFilter): EventFilter {
  const f: EventFilter = {};
  for (const spec of FILTER_VOCABULARY) {
    const v = raw[spec.key];
    // An empty value is refused, not read as no filter: a script with an unset $DISTRICT must not get
    // the national totals (`invalid admin1: "" ...`).
    if (v === undefined || (spec.kind === 'boolean' && v === false && typeof v === 'boolean')) continue;
    PARSERS[spec.key](v, f);
  }
  return validateFilter(f, raw);
}

/** A dyad side under a name the filter reads back as the same ids: the actor's id, or the group's. */
function sideName(ids: readonly string[]): string | null {
  if (ids.length === 1) return ids[0]!;
  const same = (g: string) => {
    const members = ACTORS.filter((a) => a.groups.includes(g)).map((a) => a.id);
    return members.length === ids.length && members.every((m) => ids.includes(m));
  };
  return GROUPS.find((g) => same(g.id))?.id ?? null;
}

/** A dyad as the dyad filter reads it, `A:B` (its label when a side is no actor or group of the registry). */
function dyadTerm(d: DyadFilter): string {
  const [a, b] = [sideName(d.a), sideName(d.b)];
  return a && b ? `${a}:${b}` : d.label;
}

const some = <T>(v: readonly T[] | undefined): T[] | undefined => (v?.length ? [...v] : undefined);

/** How each filter of an EventFilter is echoed under its wire key (the inverse of PARSERS). */
const ECHOES: { [K in FilterKey]: (f: EventFilter) => WireFilter[K] } = {
  from: (f) => f.from,
  to: (f) => f.to,
  country: (f) => some(f.country),
  admin1: (f) => some(f.admin1),
  admin2: (f) => some(f.admin2),
  actor: (f) => some(f.actorIds),
  dyad: (f) => some(f.dyad?.map(dyadTerm)),
  type: (f) => some(f.type),
  source: (f) => some(f.source),
  include_desk: (f) => f.includeDesk,
  version: (f) => some(f.sourceVersion),
  border_zone: (f) => f.borderZone,
  max_border_km: (f) => f.maxBorderKm,
  exact: (f) => f.exactOnly,
  victim: (f) => f.victim,
};

/**
 * The filter an answer applied, under the wire keys the API and the dashboard use (answers' `meta.filter`):
 * actors as the registry ids they were expanded to, dyads as `A:B` of ids or groups. Sent back as query
 * parameters (lists comma-joined), it selects the same events. Filters outside the vocabulary (the
 * cross-border view's own) are not echoed.
 */
export function echoFilter(f: EventFilter): WireFilter {
  const out: Record<string, unknown> = {};
  for (const { key } of FILTER_VOCABULARY) {
    const v = ECHOES[key](f);
    if (v !== undefined) out[key] = v;
  }
  return out as WireFilter;
}

/** Up to five candidates nearest a term: those it starts or is contained in first, then by edit distance. */
export function nearest(term: string, candidates: readonly string[], n = 5): string[] {
  const t = term.toLowerCase();
  const score = (c: string) => {
    const l = c.toLowerCase();
    return l.startsWith(t) || t.startsWith(l) ? -2 : l.includes(t) ? -1 : distance(t, l);
  };
  const unique = [...new Set(candidates)];
  if (!unique.length) return [];
  const best = closest(
    t,
    unique.map((c) => c.toLowerCase()),
  );
  return unique
    .map((c) => ({ c, s: c.toLowerCase() === best ? Math.min(score(c), 0) : score(c) }))
    .sort((a, b) => a.s - b.s || a.c.localeCompare(b.c))
    .slice(0, n)
    .map((x) => x.c);
}

function nearestActors(term: string): string {
  const names = [...GROUPS.map((g) => g.id), ...ACTORS.flatMap((a) => [a.name, ...a.aliases])];
  return `${nearest(term, names).join(', ')}; see docs/actors.md`;
}

/** Event sources faultline reads that a store may not hold yet, with the commands that load them. */
const LOADABLE_SOURCES: ReadonlyMap<string, string> = new Map([
  ['ucdp-ged', 'faultline fetch ucdp or faultline import FILE'],
  ['ucdp-candidate', 'faultline fetch ucdp --dataset candidate or faultline import FILE'],
  ['acled', 'faultline fetch acled or faultline import FILE'],
  ['csv', 'faultline import FILE --mapping MAP.yaml'],
]);

const say = (values: string[]) => (values.length ? values.join(', ') : 'none loaded');

/**
 * Refuses filter values that name nothing in the loaded data (countries: no ISO 3166-1 country
 * either): `unknown country: "XYZ" (nearest: PAK, ...)`, `unknown admin1: "KP" (nearest: PK-KP Khyber Pakhtunkhwa, ...)`. Codes and names
 * match without regard to case, as the store's filter does. Given the filter as sent, a refusal
 * quotes a value as it was sent ("NaN", not the "NAN" it was read as).
 */
export async function checkFilter(store: Store, f: EventFilter, sent?: RawFilter): Promise<EventFilter> {
  // The store's values are read only for a value nothing else settles: a filter of dates, actors,
  // ISO country codes and common types reads nothing (a one-shot command on a large store saves
  // the cold reads).
  let loaded: Promise<FilterValues> | undefined;
  const known = () => (loaded ??= knownFilterValues(store));
  const has = (vs: readonly (string | null)[], v: string) =>
    vs.some((x) => x !== null && x.toLowerCase() === v.toLowerCase());
  const refuse = (key: FilterKey, v: string, candidates: string[]) => {
    throw new ParamError(
      (n) =>
        `unknown ${n.field(key)}: ${quoteValue(asSent(sent, key, v))} (nearest: ${say(nearest(v, candidates))})`,
    );
  };
  // A real country no loaded source covers is not an error: answers say it is not covered.
  for (const c of f.country ?? [])
    if (!iso3Codes().includes(c)) {
      const { countries } = await known();
      if (!countries.includes(c)) refuse('country', c, [...countries, ...iso3Codes()]);
    }
  if (f.admin1?.length) {
    const units = (await known()).admin1;
    for (const a of f.admin1)
      if (!units.some((u) => has([u.code, u.name, u.label], a)))
        refuse(
          'admin1',
          a,
          [
            ...new Set(units.filter((u) => u.code).map((u) => `${u.code}${u.name ? ` ${u.name}` : ''}`)),
            ...units.flatMap((u) => (u.code ? [] : [u.label ?? u.name ?? ''])),
          ].filter(Boolean),
        );
  }
  for (const a of f.admin2 ?? []) {
    const { admin2 } = await known();
    // A district of the bundled boundaries with no event in the loaded data is an answer (none
    // placed there), not an unknown name.
    if (!has(admin2, a) && !isDistrictName(a))
      refuse('admin2', a, [...new Set([...admin2, ...districtNames()])]);
  }
  // A district outside every province the filter names can match nothing: refused, not a zero
  // that reads "covered, and no event" (Peshawar with Balochistan, Muzaffarabad with KP).
  if (f.admin1?.length && f.admin2?.length) {
    const named = await namedProvinces(f.admin1, (await known()).admin1);
    for (const a of named ? f.admin2 : []) {
      const provinces = await districtProvinces(store, a, named!);
      if (provinces.length && !provinces.some((c) => named!.includes(c)))
        throw new ParamError(
          (n) =>
            `invalid ${n.field('admin2')}: ${quoteValue(a)} lies in ${provinces.join(' or ')}, not in ${f.admin1!.map(quoteValue).join(' or ')} (the filter's ${n.field('admin1')}), so nothing can match; change one of them`,
        );
    }
  }
  for (const t of f.type ?? [])
    if (!has(COMMON_TYPES, t)) {
      const types = [...new Set([...COMMON_TYPES, ...(await known()).types])];
      if (!has(types, t)) refuse('type', t, types);
    }
  // faultline-desk is always a known source: before anything is published it holds no event (a true zero).
  // The counted values leave superseded Candidate events out; a source or version whose every event
  // a final GED release superseded is still held (its answers say why its days are not covered).
  const held = async (k: 'source' | 'version') =>
    (await loadCoverage(store)).map((c) => (k === 'source' ? c.source : c.version));
  for (const s of f.source ?? [])
    if (s !== 'faultline-desk') {
      const inCounts = (await known()).sources;
      if (inCounts.includes(s)) continue;
      const sources = [...new Set([...inCounts, ...(await held('source')), 'faultline-desk'])];
      if (!sources.includes(s) && LOADABLE_SOURCES.has(s))
        throw new InvalidInputError(
          `source not loaded: ${quoteValue(s)} (faultline reads it, but this store holds none of its events; load them with ${LOADABLE_SOURCES.get(s)}; loaded: ${say(sources)})`,
        );
      if (!sources.includes(s)) refuse('source', s, sources);
    }
  for (const v of f.sourceVersion ?? []) {
    const { versions } = await known();
    if (versions.includes(v)) continue;
    const all = [...new Set([...versions, ...(await held('version'))])];
    if (!all.includes(v)) refuse('version', v, all);
  }
  return f;
}

/**
 * The province codes a filter's admin1 values name: a code itself, a name or label the codes of
 * the loaded events that carry it. Null when a name is carried by events with no province code
 * (nothing then tells which provinces the filter holds).
 */
function namedProvinces(admin1: readonly string[], units: FilterValues['admin1']): string[] | null {
  const codes: string[] = [];
  for (const a of admin1) {
    if (ADMIN1_CODE.test(a)) {
      codes.push(a.toUpperCase());
      continue;
    }
    const held = units.filter((u) => [u.name, u.label].some((x) => x?.toLowerCase() === a.toLowerCase()));
    if (held.some((u) => u.code === null)) return null;
    codes.push(...held.map((u) => u.code!));
  }
  return codes;
}

/**
 * The provinces a district lies in: those of the bundled district of that name (prefix matches
 * aside), and, unless one of them is among `named`, those its loaded events lie in. A district no
 * 2023 unit holds (AJK's and Gilgit-Baltistan's, named by their label) has only its events'.
 */
async function districtProvinces(store: Store, name: string, named: readonly string[]): Promise<string[]> {
  const bundled = resolveDistrict(name)
    .filter((p) => p.matchedBy !== 'prefix')
    .flatMap((p) => (p.admin1Code === null ? [] : [p.admin1Code]));
  if (bundled.some((c) => named.includes(c))) return [...new Set(bundled)];
  const placed = await memo(store, `admin2-provinces:${name.toLowerCase()}`, async () =>
    (await store.aggregate({ filter: { admin2: [name], includeDesk: true }, groupBy: 'admin1', metrics: [] }))
      .flatMap((r) => (r.grp === null ? [] : [r.grp]))
      .sort(),
  );
  return [...new Set([...bundled, ...placed])];
}

/** The values the loaded events use for the filters that name things (memoised until the next import). */
export function knownFilterValues(store: Store): Promise<FilterValues> {
  return memo(store, 'filter-values', () => store.filterValues());
}

/** parseFilter, then checkFilter against the store. */
export async function resolveFilter(store: Store, raw: RawFilter): Promise<EventFilter> {
  return checkFilter(store, parseFilter(raw), raw);
}

/** A list filter's item as it was sent (before its case was changed), or the value itself. */
export function asSent(sent: RawFilter | undefined, key: FilterKey, v: string): string {
  const given = sent?.[key];
  if (typeof given !== 'string') return v;
  return (
    given
      .split(',')
      .map((s) => s.trim())
      .find((s) => s.toLowerCase() === v.toLowerCase()) ?? v
  );
}
