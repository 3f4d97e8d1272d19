/**
 * The slice of BigQuery's REST API (v2) that `faultline fetch gdelt --via bigquery` uses: a dry run
 * (jobs.query with dryRun), jobs.query, and jobs.getQueryResults paging, authorised by an access
 * token or a service-account key (OAuth 2.0 JWT bearer flow, RS256 signed with node:crypto).
 */
import { createPrivateKey, createSign } from 'node:crypto';
import { InvalidInputError, RemoteError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';

/** BigQuery's REST base (tests point it at a local server with --bigquery-url or $BIGQUERY_URL). */
export const BIGQUERY_URL = 'https://bigquery.googleapis.com/bigquery/v2';
const SCOPE = 'https://www.googleapis.com/auth/bigquery';

/** The fields of a service-account key file the JWT flow needs. */
export interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  token_uri: string;
}

/** How to authorise: a bearer token as it is, or a service-account key (tokens fetched and renewed). */
export type BigQueryAuth = { accessToken: string } | { key: ServiceAccountKey };

/**
 * Reads a service-account key's JSON; a file that is not one is refused in one line that names where
 * its path came from (`from`: the flag or variable, as "cannot read" does) and quotes the path.
 */
export function parseServiceAccountKey(text: string, path: string, from: string): ServiceAccountKey {
  const refuse = (why: string) =>
    new InvalidInputError(`${from}: ${quoteValue(path)} is not a service-account key (${why})`);
  let k: unknown;
  try {
    k = JSON.parse(text);
  } catch {
    throw refuse('not JSON');
  }
  // `null`, a list or a number parse as JSON too (null crashed the field check below).
  if (typeof k !== 'object' || k === null || Array.isArray(k)) throw refuse('not a JSON object');
  const o = k as Partial<Record<keyof ServiceAccountKey, unknown>>;
  for (const f of ['client_email', 'private_key', 'token_uri'] as const)
    if (typeof o[f] !== 'string' || !o[f]) throw refuse(`no ${f}`);
  // A key that does not parse failed at the first token request, in OpenSSL's words and naming no file.
  try {
    createPrivateKey(o.private_key as string);
  } catch {
    throw refuse('its private_key is not a PEM private key');
  }
  return o as ServiceAccountKey;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/** A signed JWT asserting the service account for BigQuery's scope, valid one hour from `now` (seconds). */
export function serviceAccountJwt(key: ServiceAccountKey, now: number): string {
  const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = b64url(
    JSON.stringify({ iss: key.client_email, scope: SCOPE, aud: key.token_uri, iat: now, exp: now + 3600 }),
  );
  const sign = createSign('RSA-SHA256');
  sign.update(`${head}.${claims}`);
  return `${head}.${claims}.${b64url(sign.sign(key.private_key))}`;
}

/** A query's schema field and a row as BigQuery returns them (`{ f: [{ v }] }`). */
interface QueryResponse {
  jobComplete?: boolean;
  jobReference?: { projectId: string; jobId: string; location?: string };
  totalBytesProcessed?: string;
  totalBytesBilled?: string;
  totalRows?: string;
  pageToken?: string;
  schema?: { fields: { name: string }[] };
  rows?: { f: { v: string | null }[] }[];
  errors?: { message: string; reason?: string }[];
}

/** What a finished query gave: its job, bytes and every row as an object of strings (or null). */
export interface QueryResult {
  jobId: string;
  location: string | null;
  bytesProcessed: number | null;
  bytesBilled: number | null;
  rows: Record<string, string | null>[];
}

/** A BigQuery client for one project. */
export class BigQueryClient {
  private token: { value: string; expires: number } | null = null;

  constructor(
    private readonly baseUrl: string,
    private readonly project: string,
    private readonly auth: BigQueryAuth,
    /** Milliseconds between polls of a job not complete yet. */
    private readonly pollMs = 1000,
  ) {
    if (!/^[a-z][a-z0-9.:-]{3,62}$/i.test(project))
      throw new InvalidInputError(`invalid --project: ${quoteValue(project)} (a Google Cloud project id)`);
  }

  /** Bytes the query would process (a dry run: nothing is billed). */
  async dryRun(query: string): Promise<number> {
    const r = await this.call('POST', `/projects/${this.project}/queries`, {
      query,
      useLegacySql: false,
      dryRun: true,
    });
    return Number(r.totalBytesProcessed ?? 0);
  }

  /** Runs the query (jobs.query), waits for the job, and pages through every row (getQueryResults). */
  async query(query: string, pageRows = 50_000): Promise<QueryResult> {
    let r = await this.call('POST', `/projects/${this.project}/queries`, {
      query,
      useLegacySql: false,
      maxResults: pageRows,
      timeoutMs: 10_000,
    });
    const job = r.jobReference;
    if (!job?.jobId)
      throw new RemoteError('remote_error', 'BigQuery: jobs.query answered without a job reference');
    const loc = job.location ? `&location=${encodeURIComponent(job.location)}` : '';
    const results = (pageToken?: string) =>
      this.call(
        'GET',
        `/projects/${this.project}/queries/${encodeURIComponent(job.jobId)}?maxResults=${pageRows}&timeoutMs=10000${loc}${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`,
      );
    while (r.jobComplete !== true) {
      await new Promise((res) => setTimeout(res, this.pollMs));
      r = await results();
    }
    const fields = r.schema?.fields.map((f) => f.name) ?? [];
    const out: Record<string, string | null>[] = [];
    const take = (page: QueryResponse) => {
      for (const row of page.rows ?? [])
        out.push(Object.fromEntries(fields.map((n, i) => [n, row.f[i]?.v ?? null])));
    };
    take(r);
    const first = r;
    while (r.pageToken) {
      r = await results(r.pageToken);
      take(r);
    }
    const total = Number(first.totalRows ?? out.length);
    if (out.length !== total)
      throw new RemoteError(
        'remote_error',
        `BigQuery: job ${job.jobId} has ${total} rows but ${out.length} were read`,
      );
    return {
      jobId: job.jobId,
      location: job.location ?? null,
      bytesProcessed: first.totalBytesProcessed === undefined ? null : Number(first.totalBytesProcessed),
      bytesBilled: first.totalBytesBilled === undefined ? null : Number(first.totalBytesBilled),
      rows: out,
    };
  }

  /** One API call; a 401 renews a service account's token once; errors become one line. */
  private async call(method: string, path: string, body?: unknown, retried = false): Promise<QueryResponse> {
    const url = `${this.baseUrl.replace(/\/$/, '')}${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${await this.bearer()}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(120_000),
      });
    } catch (e) {
      throw new RemoteError(
        'remote_error',
        `BigQuery: cannot reach ${quoteValue(url)}: ${(e as Error).message}`,
      );
    }
    const text = await res.text();
    let json: QueryResponse & { error?: { code?: number; message?: string; status?: string } };
    try {
      json = JSON.parse(text) as typeof json;
    } catch {
      throw new RemoteError(
        'remote_error',
        `BigQuery: HTTP ${res.status} from ${quoteValue(url)} is not JSON: ${text.slice(0, 120)}`,
      );
    }
    if (res.status === 401) {
      if ('key' in this.auth && !retried) {
        this.token = null;
        return this.call(method, path, body, true);
      }
      throw new RemoteError(
        'remote_error',
        `BigQuery: the access token was refused (HTTP 401: ${json.error?.message ?? 'unauthenticated'}); it may have expired: get a new one or use --key`,
      );
    }
    if (!res.ok || json.error)
      throw new RemoteError(
        'remote_error',
        `BigQuery: HTTP ${res.status}: ${json.error?.message ?? text.slice(0, 200)}`.replace(/\s+/g, ' '),
      );
    if (json.errors?.length)
      throw new RemoteError(
        'remote_error',
        `BigQuery: the job failed: ${json.errors[0]!.message}`.replace(/\s+/g, ' '),
      );
    return json;
  }

  /** The bearer token: as given, or the service account's (fetched when missing or within a minute of expiry). */
  private async bearer(): Promise<string> {
    if ('accessToken' in this.auth) return this.auth.accessToken;
    const now = Date.now();
    if (this.token && this.token.expires - 60_000 > now) return this.token.value;
    const key = this.auth.key;
    const assertion = serviceAccountJwt(key, Math.floor(now / 1000));
    let res: Response;
    try {
      res = await fetch(key.token_uri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion,
        }).toString(),
        signal: AbortSignal.timeout(60_000),
      });
    } catch (e) {
      throw new RemoteError(
        'remote_error',
        `BigQuery: cannot reach ${key.token_uri}: ${(e as Error).message}`,
      );
    }
    const j = (await res.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      error_description?: string;
      error?: string;
    };
    if (!res.ok || !j.access_token)
      throw new RemoteError(
        'remote_error',
        `BigQuery: the token exchange for ${key.client_email} failed (HTTP ${res.status}: ${j.error_description ?? j.error ?? 'no access_token'})`,
      );
    this.token = { value: j.access_token, expires: now + (j.expires_in ?? 3600) * 1000 };
    return this.token.value;
  }
}
