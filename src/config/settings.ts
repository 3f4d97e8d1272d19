import { join, resolve } from 'node:path';
import { z } from 'zod';

const Env = z.object({
  FAULTLINE_DB: z.string().min(1).optional(),
  FAULTLINE_HOME: z.string().min(1).optional(),
  FAULTLINE_BORDER_ZONE_KM: z.coerce.number().positive().optional(),
  FAULTLINE_HOST: z.string().min(1).optional(),
  FAULTLINE_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  FAULTLINE_ANONYMOUS_READ: z.enum(['true', 'false', '1', '0']).optional(),
  FAULTLINE_RATE_LIMIT: z.coerce.number().int().min(1).optional(),
  FAULTLINE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(1).optional(),
  FAULTLINE_READ_CONNECTIONS: z.coerce.number().int().min(1).max(64).optional(),
  FAULTLINE_STATEMENT_CACHE: z.coerce.number().int().min(0).max(10_000).optional(),
  FAULTLINE_MEMORY_LIMIT: z
    .string()
    .regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'a size such as 2GB')
    .optional(),
  UCDP_TOKEN: z.string().optional(),
  UCDP_API_URL: z.string().url().optional(),
  ACLED_API_URL: z.string().url().optional(),
  ACLED_USERNAME: z.string().optional(),
  ACLED_PASSWORD: z.string().optional(),
});

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
  /** Store connections serving reads at once (default 3; writes have one of their own). */
  readConnections: number | undefined;
  /** Prepared statements each read connection keeps (default 0: off; see docs/architecture.md). */
  statementCache: number | undefined;
  /** DuckDB memory ceiling (default 2GB): imports of multi-GB files spill to disk above it. */
  memoryLimit: string | undefined;
  ucdpToken: string | undefined;
  /** Base URLs of the remote APIs (defaults are the services' own; tests point them at a local server). */
  ucdpApiUrl: string | undefined;
  acledApiUrl: string | undefined;
  acledUsername: string | undefined;
  acledPassword: string | undefined;
}

/** Reads and validates settings; throws a one-line error naming the bad variable. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid setting ${String(issue.path[0])}: ${issue.message}`);
  }
  const e = parsed.data;
  const home = resolve(e.FAULTLINE_HOME ?? '.faultline');
  return {
    home,
    db: e.FAULTLINE_DB ?? join(home, 'faultline.duckdb'),
    borderZoneKm: e.FAULTLINE_BORDER_ZONE_KM ?? 50,
    host: e.FAULTLINE_HOST ?? '127.0.0.1',
    port: e.FAULTLINE_PORT ?? 8080,
    anonymousRead:
      e.FAULTLINE_ANONYMOUS_READ === undefined
        ? undefined
        : ['true', '1'].includes(e.FAULTLINE_ANONYMOUS_READ),
    rateLimitPerMinute: e.FAULTLINE_RATE_LIMIT ?? 600,
    queryTimeoutMs: e.FAULTLINE_QUERY_TIMEOUT_MS ?? 10_000,
    memoryLimit: e.FAULTLINE_MEMORY_LIMIT,
    readConnections: e.FAULTLINE_READ_CONNECTIONS,
    statementCache: e.FAULTLINE_STATEMENT_CACHE,
    ucdpToken: e.UCDP_TOKEN,
    ucdpApiUrl: e.UCDP_API_URL,
    acledApiUrl: e.ACLED_API_URL,
    acledUsername: e.ACLED_USERNAME,
    acledPassword: e.ACLED_PASSWORD,
  };
}
