/**
 * The event filter's vocabulary, declared once: each filter's wire key (API parameter and dashboard
 * URL key), CLI flag, kind of value (which parser reads it) and description. The API's parameter
 * schema and OpenAPI document (api/params.ts), the CLI's options (cli/filter-options.ts), the parsed
 * EventFilter (app/filters.ts) and the dashboard's URL keys (web/src/state/url-state.ts) are all
 * generated from it. Plain data with no imports, so the dashboard's build can import it too.
 */
export const FILTER_VOCABULARY = [
  {
    key: 'from',
    flag: '--from <date>',
    kind: 'date',
    description: 'first date, YYYY-MM-DD, YYYY-MM or YYYY (inclusive, on the event start date)',
    example: '2020-01-01',
  },
  {
    key: 'to',
    flag: '--to <date>',
    kind: 'date',
    description: 'last date, YYYY-MM-DD, YYYY-MM or YYYY (inclusive)',
    example: '2021-12-31',
  },
  {
    key: 'country',
    flag: '--country <iso3>',
    kind: 'list',
    description: 'countries: ISO 3166-1 alpha-3 codes, comma-separated (PAK,AFG)',
    example: 'PAK',
  },
  {
    key: 'admin1',
    flag: '--admin1 <units>',
    kind: 'list',
    description: 'provinces: ISO 3166-2 codes (PK-KP) or names as the sources write them, comma-separated',
    example: 'PK-KP',
  },
  {
    key: 'admin2',
    flag: '--admin2 <names>',
    kind: 'list',
    description: 'districts: names or codes, comma-separated',
    example: 'Quetta',
  },
  {
    key: 'actor',
    flag: '--actor <names>',
    kind: 'list',
    description:
      'actors or groups, aliases allowed (TTP, "Pakistani Taliban", baloch-insurgents), comma-separated',
    example: 'TTP',
  },
  {
    key: 'dyad',
    flag: '--dyad <A:B>',
    kind: 'list',
    description:
      'this side against that side: events with one side in A and the other in B, either way round (actors, aliases or groups: pakistan:afghanistan, pakistan:ttp); several dyads comma-separated',
    example: 'pakistan:afghanistan',
  },
  {
    key: 'type',
    flag: '--type <types>',
    kind: 'list',
    description:
      'common types (battle, violence-against-civilians, ...) or source types (one-sided, Battles), comma-separated',
    example: 'battle',
  },
  {
    key: 'source',
    flag: '--source <sources>',
    kind: 'list',
    description: 'source datasets (ucdp-ged, ucdp-candidate, acled, faultline-desk), comma-separated',
    example: 'ucdp-ged',
  },
  {
    key: 'include_desk',
    flag: '--include-desk',
    kind: 'boolean',
    description:
      'also count published desk events (source faultline-desk, entered by analysts from the news; left out unless asked)',
    example: 'true',
  },
  {
    key: 'version',
    flag: '--version <versions>',
    kind: 'list',
    description: 'source versions (22.1, 26.0.7), comma-separated',
    example: '22.1',
  },
  {
    key: 'border_zone',
    flag: '--border-zone',
    kind: 'boolean',
    description:
      'only events whose whole border-distance range lies inside the Afghanistan-Pakistan border zone (API: true inside, false outside); undecided events are left out and counted',
    example: 'true',
  },
  {
    key: 'max_border_km',
    flag: '--max-border-km <km>',
    kind: 'number',
    description:
      'only events whose whole border-distance range lies within this many km (0 to 100000) of the Afghanistan-Pakistan border; undecided events are left out and counted',
    example: '50',
  },
  {
    key: 'exact',
    flag: '--exact',
    kind: 'boolean',
    description: 'minimum precision: only events with coordinates precise enough for district placement',
    example: 'true',
  },
  {
    key: 'victim',
    flag: '--victim <class>',
    kind: 'victim',
    description: 'only events with at least one death in this class (civilians, side_a, side_b, unknown)',
    example: 'civilians',
  },
] as const;

/** One filter of the vocabulary. */
export type FilterSpec = (typeof FILTER_VOCABULARY)[number];
/** A filter's wire key (API parameter, dashboard URL key). */
export type FilterKey = FilterSpec['key'];
/** Every filter key, in the vocabulary's order. */
export const FILTER_KEYS: readonly FilterKey[] = FILTER_VOCABULARY.map((f) => f.key);
/**
 * The filters the cross-border view takes (GET /border, `faultline border`, the dashboard's Border
 * and relations view and map panel): the period, sources and versions, desk events and the TTP
 * series' distance to the border. Its series set the others (actors, dyads, places) themselves.
 */
export const BORDER_FILTER_KEYS = [
  'from',
  'to',
  'source',
  'include_desk',
  'version',
  'max_border_km',
] as const satisfies readonly FilterKey[];
/** A filter the cross-border view takes. */
export type BorderFilterKey = (typeof BORDER_FILTER_KEYS)[number];
/** Filter values as text, the way a URL, a form or a command line gives them (flags as booleans). */
export type RawFilter = Partial<Record<FilterKey, string | boolean | number>>;

/** The JSON value of a filter kind as answers echo it: lists as arrays, flags as booleans. */
type WireValue<K extends FilterSpec['kind']> = K extends 'list'
  ? string[]
  : K extends 'boolean'
    ? boolean
    : K extends 'number'
      ? number
      : string;
/**
 * The filter an answer applied, under the wire keys (the `meta.filter` of every answer): sent back
 * as query parameters (lists comma-joined), it asks for the same answer.
 */
export type WireFilter = { [S in FilterSpec as S['key']]?: WireValue<S['kind']> };
