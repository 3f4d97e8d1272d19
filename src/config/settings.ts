import { join, resolve } from 'node:path';
import { holds, invisibleChar } from '../domain/invisible.ts';
import { quoteValue } from '../domain/quote.ts';

// Plain checks, not zod: every CLI call reads these, and loading zod cost more than the rest of
// `faultline --help` (docs/benchmarks.md, "CLI start-up").
type Check = (v: string) => string | null;
const text: Check = (v) => (v.length ? null : 'empty');
// In plain digits, as the flags and the API's parameters take numbers: Number() also took "0x10",
// "1e3", " 5 " and "" (0, a random port for FAULTLINE_PORT).
const number =
  (what: string, ok: (n: number) => boolean): Check =>
  (v) =>
    /^\d+(\.\d+)?$/.test(v) && ok(Number(v)) ? null : `${what}, in plain digits`;
// A whole number in plain digits, as domain/number-params.ts's PLAIN_INTEGER (config imports no more
// of src/ than domain/quote.ts and domain/invisible.ts): not 2.0, which the decimal check and
// Number.isInteger took.
const whole =
  (what: string, lo: number, hi = Infinity): Check =>
  (v) =>
    /^\d+$/.test(v) && Number(v) >= lo && Number(v) <= hi ? null : `${what}, in plain digits`;
// Node's timers take at most 2^31-1 ms (about 24.8 days) and turn a longer delay into 1 ms (with a
// TimeoutOverflowWarning): a "huge" FAULTLINE_QUERY_TIMEOUT_MS timed every query out at once.
const MAX_TIMER_MS = 2_147_483_647;
const ms = whole(`a whole number of milliseconds from 1 to ${MAX_TIMER_MS}`, 1, MAX_TIMER_MS);
// Requests a minute (as `serve --rate-limit` takes them) and rows of an export: far above any real
// use, and below Number.MAX_SAFE_INTEGER, past which digits were read as a rounded float (or Infinity).
const MAX_COUNT = 1_000_000_000;
const url: Check = (v) => (URL.canParse(v) ? null : 'not a URL');
const httpUrl: Check = (v) =>
  /^https?:\/\//i.test(v) && URL.canParse(v) ? null : 'an http:// or https:// URL';

// The words of domain/choice.ts's BOOLEAN_WORDS, in any ASCII case, as every true/false value takes
// them: config imports no more of src/ than domain/quote.ts and domain/invisible.ts, so they are
// copied, and settings.test.ts holds the two equal.
const BOOLEAN_WORDS = ['true', 'false', 'yes', 'no', '1', '0'];
const TRUE_WORDS = ['true', 'yes', '1'];
const asciiLower = (v: string) => v.replace(/[A-Z]/g, (c) => c.toLowerCase());
const flag: Check = (v) =>
  BOOLEAN_WORDS.includes(asciiLower(v))
    ? null
    : `use ${BOOLEAN_WORDS.slice(0, -1).join(', ')} or ${BOOLEAN_WORDS.at(-1)}`;

/** What each variable must hold; unset is always allowed. Numbers are plain digits, read as `Number(value)`. */
const CHECKS: Record<string, Check> = {
  FAULTLINE_DB: text,
  FAULTLINE_HOME: text,
  FAULTLINE_BORDER_ZONE_KM: number('a positive number of kilometres', (n) => n > 0),
  FAULTLINE_HOST: text,
  FAULTLINE_PORT: whole('a whole number from 0 to 65535', 0, 65535),
  FAULTLINE_ANONYMOUS_READ: flag,
  FAULTLINE_RATE_LIMIT: whole('a whole number from 1 to 1000000000', 1, MAX_COUNT),
  FAULTLINE_QUERY_TIMEOUT_MS: ms,
  FAULTLINE_HEADERS_TIMEOUT_MS: ms,
  FAULTLINE_REQUEST_TIMEOUT_MS: ms,
  FAULTLINE_BODY_TIMEOUT_MS: ms,
  FAULTLINE_KEEP_ALIVE_TIMEOUT_MS: ms,
  FAULTLINE_READ_CONNECTIONS: whole('a whole number from 1 to 64', 1, 64),
  FAULTLINE_STATEMENT_CACHE: whole('a whole number from 0 to 10000', 0, 10_000),
  FAULTLINE_HEAVY_SLOTS: whole('a whole number from 1 to 64', 1, 64),
  FAULTLINE_HEAVY_QUEUE: whole('a whole number from 0 to 10000', 0, 10_000),
  FAULTLINE_DB_THREADS: whole('a whole number from 1 to 256', 1, 256),
  FAULTLINE_ALERT_INTERVAL_MINUTES: number(
    'a number of minutes from 0 (off) to 10080',
    (n) => n >= 0 && n <= 10_080,
  ),
  FAULTLINE_MAX_EXPORT_ROWS: whole('a whole number from 1 to 1000000000', 1, MAX_COUNT),
  FAULTLINE_MEMORY_LIMIT: (v) =>
    /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(v) ? null : 'a size such as 2GB',
  UCDP_API_URL: url,
  UCDP_DOWNLOADS_URL: httpUrl,
  ACLED_API_URL: url,
  GDELT_BASE_URL: url,
  FAULTLINE_GDELT_COUNTRIES: (v) =>
    /^(all|[A-Za-z]{3}(\s*,\s*[A-Za-z]{3})*)$/i.test(v.trim())
      ? null
      : 'ISO3 codes such as PAK,AFG,IND, or all',
  FAULTLINE_GDELT_FROM: (v) =>
    /^(\d{4}-\d{2}-\d{2}|\d{1,4}d)$/.test(v)
      ? null
      : 'a day (YYYY-MM-DD) or a number of days back such as 7d',
};

/** Settings read once from the environment and validated. */
export interface Settings {
  /** Directory for the store and downloads (default ./.faultline). */
  home: string;
  /** DuckDB file (default <home>/faultline.duckdb). */
  db: string;
  borderZoneKm: number;
  host: string;
  port: number;
  /** Whether the API answers read routes without a key; undefined: on for a loopback host, off otherwise. */
  anonymousRead: boolean | undefined;
  /** API requests a minute per key (or per address when anonymous). */
  rateLimitPerMinute: number;
  /** Longest an API query may run before a 503. */
  queryTimeoutMs: number;
  /** The server's limits on receiving a request (api/http-server.ts; undefined: its defaults): the headers, the whole request, an idle kept-alive connection. */
  headersTimeoutMs: number | undefined;
  requestTimeoutMs: number | undefined;
  keepAliveTimeoutMs: number | undefined;
  /** The body of a JSON or text route must arrive within this after its headers (default 30 s). */
  bodyTimeoutMs: number | undefined;
  /** Store connections serving reads at once (default 3; writes have one of their own). */
  readConnections: number | undefined;
  /** Prepared statements each read connection keeps (default 0: off; see docs/architecture.md). */
  statementCache: number | undefined;
  /** Uncached heavy API requests running at once (default: the cores less one, at least 1). */
  heavySlots: number | undefined;
  /** Heavy API requests waiting for a slot, at most (default 16 per slot); past it they answer 503. */
  heavyQueue: number | undefined;
  /** Threads DuckDB may use: in the server (default: the cores less one, at least 1, so the event loop keeps a core) and, read where each store opens (storage/duckdb/duckdb-connection.ts), in every other command. */
  dbThreads: number | undefined;
  /** Most rows one streamed API export may have (default 5,000,000); more answers 413 with the count. */
  maxExportRows: number | undefined;
  /** Minutes between alert evaluations while a server runs (default 15; 0: only after imports and on request). */
  alertIntervalMinutes: number;
  /** DuckDB memory ceiling (default 1GB): imports of multi-GB files spill to disk above it. */
  memoryLimit: string | undefined;
  ucdpToken: string | undefined;
  /** The API key `faultline desk` acts with (FAULTLINE_API_KEY); without one it acts as the local user. */
  apiKey: string | undefined;
  /** Base URLs of the remote APIs (defaults are the services' own; tests point them at a local server). */
  ucdpApiUrl: string | undefined;
  /** Base URL of UCDP's open downloads folder, or a mirror with its layout (`faultline update`). */
  ucdpDownloadsUrl: string | undefined;
  /** Base URL of GDELT 2.0's file folder (masterfilelist.txt, lastupdate.txt, the exports), or a mirror (`faultline fetch gdelt`). */
  gdeltBaseUrl: string | undefined;
  /** GDELT countries `faultline update` fetches (ISO3; null: all rows); undefined: update leaves GDELT out. */
  gdeltCountries: string[] | null | undefined;
  /** First day `faultline update` fetches GDELT from: YYYY-MM-DD, or `7d` (days back from today); default 2d. */
  gdeltFrom: string | undefined;
  acledApiUrl: string | undefined;
  acledUsername: string | undefined;
  acledPassword: string | undefined;
  /** `fetch gdelt --via bigquery`: BigQuery's REST base (BIGQUERY_URL; default Google's), an OAuth token (BIGQUERY_ACCESS_TOKEN) and a service-account key file (GOOGLE_APPLICATION_CREDENTIALS), each a default of its flag. */
  bigqueryUrl: string | undefined;
  bigqueryAccessToken: string | undefined;
  googleApplicationCredentials: string | undefined;
}

/** FAULTLINE_GDELT_COUNTRIES read: `all` is null (every row), else the ISO3 codes upper-cased. */
export function gdeltCountriesOf(value: string): string[] | null {
  return value.trim().toLowerCase() === 'all' ? null : value.split(',').map((c) => c.trim().toUpperCase());
}

/** A setting the user gave that is not acceptable (the CLI exits 2, as for any bad input). */
export class SettingsError extends Error {}

/** The settings that are secrets: a refusal names the variable, never shows its value. */
const SECRETS = ['UCDP_TOKEN', 'FAULTLINE_API_KEY', 'ACLED_PASSWORD', 'BIGQUERY_ACCESS_TOKEN'];

/**
 * Variables read where they are used rather than through Settings, checked here all the same:
 * FAULTLINE_CHROMIUM is read as the PDF printer loads (report/pdf/chromium-pdf.ts; tests and
 * benchmarks launch Chromium without settings), and every CLI run, `serve` among them, calls
 * loadSettings before any PDF is printed. Until 2026-12-07 a bidi override in it was used as is.
 */
const READ_ELSEWHERE = ['FAULTLINE_CHROMIUM'];

/** Every variable loadSettings reads or checks. */
const READ = [
  ...Object.keys(CHECKS),
  'ACLED_USERNAME',
  'BIGQUERY_URL',
  'GOOGLE_APPLICATION_CREDENTIALS',
  ...READ_ELSEWHERE,
  ...SECRETS,
];

/**
 * Refuses a setting holding an invisible character (domain/invisible.ts: a BOM, a zero-width space,
 * a bidi override), as the CLI refuses such an argument: `invalid setting FAULTLINE_DB_THREADS:
 * "4\u200b" (holds an invisible character, U+200B: give the value without it)`. Before, a number's
 * was refused as not in plain digits, which it looked to be, and a path's or a host's was kept.
 */
function checkVisibleSetting(name: string, value: string | undefined): void {
  const ch = value === undefined ? null : invisibleChar(value);
  if (ch === null) return;
  throw new SettingsError(
    SECRETS.includes(name)
      ? `invalid setting ${name}: its value (not shown: a secret) ${holds(ch)}`
      : `invalid setting ${name}: ${quoteValue(value)} (${holds(ch)})`,
  );
}

/** Reads and validates settings; throws a one-line SettingsError naming the bad variable. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  for (const name of READ) checkVisibleSetting(name, env[name]);
  for (const [name, check] of Object.entries(CHECKS)) {
    const v = env[name];
    const problem = v === undefined ? null : check(v);
    // Quoted as every refusal quotes a value (JSON.stringify showed "80\t" where the rest show "80\x09").
    if (problem) throw new SettingsError(`invalid setting ${name}: ${quoteValue(v)} (${problem})`);
  }
  const e = env;
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const home = resolve(e.FAULTLINE_HOME ?? '.faultline');
  return {
    home,
    db: e.FAULTLINE_DB ?? join(home, 'faultline.duckdb'),
    borderZoneKm: num(e.FAULTLINE_BORDER_ZONE_KM) ?? 50,
    host: e.FAULTLINE_HOST ?? '127.0.0.1',
    port: num(e.FAULTLINE_PORT) ?? 8080,
    anonymousRead:
      e.FAULTLINE_ANONYMOUS_READ === undefined
        ? undefined
        : TRUE_WORDS.includes(asciiLower(e.FAULTLINE_ANONYMOUS_READ)),
    rateLimitPerMinute: num(e.FAULTLINE_RATE_LIMIT) ?? 600,
    queryTimeoutMs: num(e.FAULTLINE_QUERY_TIMEOUT_MS) ?? 10_000,
    headersTimeoutMs: num(e.FAULTLINE_HEADERS_TIMEOUT_MS),
    requestTimeoutMs: num(e.FAULTLINE_REQUEST_TIMEOUT_MS),
    keepAliveTimeoutMs: num(e.FAULTLINE_KEEP_ALIVE_TIMEOUT_MS),
    bodyTimeoutMs: num(e.FAULTLINE_BODY_TIMEOUT_MS),
    memoryLimit: e.FAULTLINE_MEMORY_LIMIT,
    maxExportRows: num(e.FAULTLINE_MAX_EXPORT_ROWS),
    alertIntervalMinutes: num(e.FAULTLINE_ALERT_INTERVAL_MINUTES) ?? 15,
    heavySlots: num(e.FAULTLINE_HEAVY_SLOTS),
    heavyQueue: num(e.FAULTLINE_HEAVY_QUEUE),
    dbThreads: num(e.FAULTLINE_DB_THREADS),
    readConnections: num(e.FAULTLINE_READ_CONNECTIONS),
    statementCache: num(e.FAULTLINE_STATEMENT_CACHE),
    ucdpToken: e.UCDP_TOKEN,
    apiKey: e.FAULTLINE_API_KEY,
    ucdpApiUrl: e.UCDP_API_URL,
    ucdpDownloadsUrl: e.UCDP_DOWNLOADS_URL,
    gdeltBaseUrl: e.GDELT_BASE_URL,
    gdeltCountries:
      e.FAULTLINE_GDELT_COUNTRIES === undefined ? undefined : gdeltCountriesOf(e.FAULTLINE_GDELT_COUNTRIES),
    gdeltFrom: e.FAULTLINE_GDELT_FROM,
    acledApiUrl: e.ACLED_API_URL,
    acledUsername: e.ACLED_USERNAME,
    acledPassword: e.ACLED_PASSWORD,
    bigqueryUrl: e.BIGQUERY_URL,
    bigqueryAccessToken: e.BIGQUERY_ACCESS_TOKEN,
    googleApplicationCredentials: e.GOOGLE_APPLICATION_CREDENTIALS,
  };
}
