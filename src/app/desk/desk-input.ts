/**
 * What a person (or a news draft) gives for a desk event, checked at the boundary: every malformed
 * value is a one-line error quoting it. Missing or out-of-scope values are not errors here: they
 * become the draft's problems (desk-problems.ts), so a news draft can be saved and fixed later.
 */
import type { DeskCitation, DeskEvidence, DeskField, DeskFields, DeskOrigin } from '../../domain/desk.ts';
import { matchChoice, orList } from '../../domain/choice.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { COMMON_TYPES, type DatePrecision } from '../../domain/event.ts';
import { quoteJsonValue, quoteValue } from '../../domain/quote.ts';
import { isCalendarDay } from '../../domain/query.ts';
import { citationPath, JSON_NAMES, type CitationKey, type DeskNames } from './desk-names.ts';

/** A desk event's content as given: any subset of the fields (null clears one), citations, evidence, origin. */
export interface DeskInput extends Partial<DeskFields> {
  citations?: DeskCitation[];
  from_words?: DeskEvidence;
  origin?: DeskOrigin;
}

/** The content of a new desk event before anything is given. */
export const EMPTY_FIELDS: DeskFields = {
  date_start: null,
  date_end: null,
  date_precision: 'day',
  country: null,
  admin1: null,
  admin2: null,
  place: null,
  lat: null,
  lon: null,
  common_type: 'other',
  actor1: null,
  actor2: null,
  fatalities_best: null,
  fatalities_low: null,
  fatalities_high: null,
  deaths_side_a: null,
  deaths_side_b: null,
  deaths_civilians: null,
  deaths_unknown: null,
  injured: null,
  headline: null,
  notes: null,
};

/** Every field name, in the order forms and tables show them. */
export const DESK_FIELDS = Object.keys(EMPTY_FIELDS) as DeskField[];

const PRECISIONS: readonly DatePrecision[] = ['day', 'week', 'month', 'year', 'range'];
const COUNTS = new Set<DeskField>([
  'fatalities_best',
  'fatalities_low',
  'fatalities_high',
  'deaths_side_a',
  'deaths_side_b',
  'deaths_civilians',
  'deaths_unknown',
  'injured',
]);
const TEXT_MAX: Partial<Record<DeskField, number>> = { notes: 10_000 };

// The input is JSON: text is quoted, a number, true or a list shown as its JSON (domain/quote.ts).
// `path` is the JSON name of what is refused (`lat`, `citations[0].url`): the refusal's `fields`.
const bad = (what: string, v: unknown, hint: string, path?: string) =>
  new InvalidInputError(
    `invalid ${what}: ${quoteJsonValue(v)} (${hint})`,
    path === undefined ? undefined : [path],
  );

const yearZero = (v: unknown) => typeof v === 'string' && v.startsWith('0000-');

function text(what: string, v: unknown, max = 2000, path?: string): string | null {
  if (v === null) return null;
  if (typeof v !== 'string') throw bad(what, v, 'give text', path);
  const t = v.trim();
  // A lone surrogate (`"\ud800"` in a --json file) is no character either: the store's JSON of the
  // audit entry failed on it, and the command ended with DuckDB's conversion error.
  if (
    t.length > max ||
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(
      t,
    )
  )
    throw bad(what, v, `give at most ${max} printable characters`, path);
  return t || null;
}

function required(what: string, v: unknown, path?: string): string {
  const t = text(what, v, 2000, path);
  if (t === null) throw bad(what, v ?? '', 'required, give text', path);
  return t;
}

function field(name: DeskField, v: unknown, names: DeskNames): DeskFields[DeskField] {
  if (v === null && name !== 'date_precision' && name !== 'common_type') return null;
  const what = names.field(name);
  if (name === 'date_start' || name === 'date_end') {
    if (typeof v !== 'string' || !isCalendarDay(v))
      throw bad(
        what,
        v,
        (yearZero(v) ? 'dates start at year 0001' : 'use YYYY-MM-DD') + names.clear(name),
        name,
      );
    return v;
  }
  if (name === 'date_precision') {
    const precision = matchChoice(v, PRECISIONS);
    if (precision === undefined) throw bad(what, v, `use ${PRECISIONS.join(', ')}`, name);
    return precision;
  }
  if (name === 'common_type') {
    const type = matchChoice(v, COMMON_TYPES);
    if (type === undefined) throw bad(what, v, `use ${COMMON_TYPES.join(', ')}`, name);
    return type;
  }
  if (name === 'country') {
    if (typeof v !== 'string' || !/^[A-Za-z]{3}$/.test(v.trim()))
      throw bad(what, v, 'use an ISO 3166-1 alpha-3 code such as PAK' + names.clear(name), name);
    return v.trim().toUpperCase();
  }
  if (name === 'lat' || name === 'lon') {
    const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
    const lim = name === 'lat' ? 90 : 180;
    if (typeof n !== 'number' || !Number.isFinite(n) || Math.abs(n) > lim)
      throw bad(what, v, `a number from -${lim} to ${lim}${names.clear(name)}`, name);
    return n;
  }
  if (COUNTS.has(name)) {
    const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 1_000_000)
      throw bad(what, v, `a whole number of people, 0 or more, ${names.unknown(name)}`, name);
    return n;
  }
  return text(what, v, TEXT_MAX[name], name);
}

/** Checks a URL: http or https, with a host; `path` is its JSON name for the refusal's `fields`. */
export function checkUrl(what: string, v: unknown, path?: string): string {
  if (typeof v !== 'string') throw bad(what, v, 'use an http or https URL', path);
  let u: URL;
  try {
    u = new URL(v.trim());
  } catch {
    throw bad(what, v, 'use an http or https URL', path);
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname.includes('.'))
    throw bad(what, v, 'use an http or https URL', path);
  return u.toString();
}

/** Checks a publication time: YYYY-MM-DD or an ISO 8601 date-time. */
function checkTime(what: string, v: unknown, path: string): string {
  if (
    typeof v !== 'string' ||
    !(
      isCalendarDay(v) ||
      // Date.parse rolls 2021-02-30T10:00Z over to 2 March: the day is checked on its own.
      (/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:?\d{2})$/.test(v) &&
        isCalendarDay(v.slice(0, 10)) &&
        !Number.isNaN(Date.parse(v)))
    )
  )
    throw bad(
      what,
      v,
      yearZero(v)
        ? 'dates start at year 0001'
        : 'use YYYY-MM-DD or an ISO 8601 date-time such as 2026-11-30T08:15:00Z',
      path,
    );
  return v;
}

function object(what: string, v: unknown, path?: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw bad(what, v, 'give an object', path);
  return v as Record<string, unknown>;
}

function only(what: string, o: Record<string, unknown>, keys: readonly string[]): void {
  for (const k of Object.keys(o))
    if (!keys.includes(k))
      throw new InvalidInputError(`unknown ${what}: ${quoteValue(k)} (use ${orList(keys)})`);
}

const CITATION_KEYS: readonly CitationKey[] = ['url', 'outlet', 'published_at', 'quote'];

/** Checks citation `index` (0-based: url, outlet, published_at, quote); `names` names its keys in errors. */
export function parseCitation(v: unknown, index: number, names: DeskNames = JSON_NAMES): DeskCitation {
  const what = `citation ${index + 1}`;
  const o = object(what, v, `citations[${index}]`);
  only(`${what} field`, o, CITATION_KEYS);
  const missing = CITATION_KEYS.filter((k) => o[k] === undefined);
  if (missing.length)
    throw new InvalidInputError(
      `missing ${what} ${missing.join(', ')} (a citation gives ${CITATION_KEYS.join(', ')})`,
      missing.map((k) => citationPath(index, k)),
    );
  const key = (k: CitationKey) => [names.citation(index, k), o[k], citationPath(index, k)] as const;
  return {
    url: checkUrl(...key('url')),
    outlet: required(...key('outlet')),
    published_at: checkTime(...key('published_at')),
    quote: required(...key('quote')),
  };
}

/**
 * Checks a desk event's input; throws a one-line InvalidInputError quoting the first malformed
 * value, naming it as `names` do (the JSON fields unless the CLI gives its flags).
 */
export function parseDeskInput(raw: unknown, names: DeskNames = JSON_NAMES): DeskInput {
  const o = object('desk event', raw);
  only('field', o, [...DESK_FIELDS, 'citations', 'from_words', 'origin']);
  const out: DeskInput = {};
  for (const name of DESK_FIELDS)
    if (o[name] !== undefined) (out as Record<string, unknown>)[name] = field(name, o[name], names);
  if (o.citations !== undefined) {
    if (!Array.isArray(o.citations) || o.citations.length > 20)
      throw bad('citations', o.citations, 'give a list of at most 20 citations', 'citations');
    out.citations = o.citations.map((c, i) => parseCitation(c, i, names));
  }
  if (o.from_words !== undefined) {
    const w = object('from_words', o.from_words, 'from_words');
    only('from_words field', w, DESK_FIELDS);
    out.from_words = Object.fromEntries(
      Object.entries(w).map(([k, v]) => [k, required(`from_words ${k}`, v, `from_words.${k}`)]),
    ) as DeskEvidence;
  }
  if (o.origin !== undefined) {
    const g = object('origin', o.origin, 'origin');
    if (g.kind === 'manual') {
      only('origin field', g, ['kind']);
      out.origin = { kind: 'manual' };
    } else if (g.kind === 'news') {
      // A news origin is a citation whose url, outlet and published_at may be null (the text did not say).
      only('origin field', g, ['kind', ...CITATION_KEYS]);
      const missing = CITATION_KEYS.filter((k) => g[k] === undefined);
      if (missing.length)
        throw new InvalidInputError(
          `missing origin ${missing.join(', ')} (a news origin gives ${CITATION_KEYS.join(', ')}; null when the text does not say)`,
          missing.map((k) => `origin.${k}`),
        );
      out.origin = {
        kind: 'news',
        url: g.url === null ? null : checkUrl('origin url', g.url, 'origin.url'),
        outlet: g.outlet === null ? null : required('origin outlet', g.outlet, 'origin.outlet'),
        published_at:
          g.published_at === null
            ? null
            : checkTime('origin published_at', g.published_at, 'origin.published_at'),
        quote: required('origin quote', g.quote, 'origin.quote'),
      };
    } else throw bad('origin kind', g.kind, 'use manual or news', 'origin.kind');
  }
  return out;
}

/** The fields after an input is applied to them (a given null clears a field; date_end follows date_start unless given). */
export function applyFields(base: DeskFields, input: DeskInput): DeskFields {
  const next = { ...base };
  for (const name of DESK_FIELDS)
    if (input[name] !== undefined) (next as Record<string, unknown>)[name] = input[name];
  return next;
}
