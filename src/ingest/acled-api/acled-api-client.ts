import { InvalidInputError, RemoteError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { checkShape, parseJsonBody, snippet } from '../http/decode-json.ts';
import { redactUrl } from '../http/fetch-like.ts';
import { createSender, type RetryOptions } from '../http/retrying-request.ts';
import { createAcledSession, type AcledCredentials } from './acled-api-auth.ts';
import {
  ACLED_DEFAULT_LIMIT,
  AcledFailureSchema,
  AcledReadSchema,
  type AcledApiRecord,
} from './acled-api-schema.ts';

const SERVICE = 'ACLED API';

/** Settings of an ACLED API client: the user's own myACLED credentials, and retry settings as in RetryOptions. */
export interface AcledClientOptions extends RetryOptions, AcledCredentials {
  /** Default `https://acleddata.com`. */
  baseUrl?: string;
}

/** What to download: ACLED's own filters and the page size. */
export interface AcledPagesRequest {
  /** API filters passed through, e.g. `{ country: 'Pakistan', event_date: '2024-01-01|2024-12-31', event_date_where: 'BETWEEN' }`. */
  query?: Record<string, string>;
  /** Rows per page (default 5000); a shorter page is the last. */
  limit?: number;
}

/** An ACLED API client that yields event records page by page. */
export interface AcledClient {
  /** Yields each page's records in order; throws RemoteError when login, the API or the answer's shape fails. */
  pages(request?: AcledPagesRequest): AsyncGenerator<AcledApiRecord[], void, undefined>;
}

/**
 * Creates an ACLED API client using ACLED's OAuth password grant. A 401 while paging renews the
 * token once (refresh token, else the password) and retries the page. Throws InvalidInputError
 * when a credential is missing.
 */
export function createAcledClient(options: AcledClientOptions): AcledClient {
  if (!options.username?.trim()) throw new InvalidInputError('ACLED API: no username; set ACLED_USERNAME');
  if (!options.password) throw new InvalidInputError('ACLED API: no password; set ACLED_PASSWORD');
  const baseUrl = (options.baseUrl ?? 'https://acleddata.com').replace(/\/+$/, '');
  const send = createSender(SERVICE, options);
  const session = createAcledSession(send, baseUrl, {
    username: options.username,
    password: options.password,
  });
  const get = (url: string, token: string) =>
    send(url, { method: 'GET', headers: { accept: 'application/json', authorization: `Bearer ${token}` } });

  return {
    async *pages(request = {}) {
      const limit = request.limit ?? ACLED_DEFAULT_LIMIT;
      if (!Number.isInteger(limit) || limit < 1)
        throw new InvalidInputError(`ACLED API: limit must be a positive integer: ${limit}`);
      let previousFirst: string | null = null;
      for (let page = 1; ; page++) {
        const params = new URLSearchParams({
          _format: 'json',
          limit: String(limit),
          page: String(page),
          ...request.query,
        });
        const url = `${baseUrl}/api/acled/read?${params}`;
        let res = await get(url, await session.bearer());
        if (res.status === 401) {
          res = await get(url, await session.renew());
          if (res.status === 401)
            throw new RemoteError(
              'unauthorized',
              `ACLED API: access denied (HTTP 401) with a fresh token: ${quoteValue(redactUrl(url))}`,
              401,
            );
        }
        if (res.status === 403) {
          throw new RemoteError(
            'unauthorized',
            'ACLED API: access denied (HTTP 403); check that the account has API access and has accepted the terms of use',
            403,
          );
        }
        if (res.status < 200 || res.status >= 300)
          throw new RemoteError(
            'remote_error',
            `ACLED API: HTTP ${res.status}: ${quoteValue(redactUrl(url))}: ${snippet(res.body)}`,
            res.status,
          );
        const rows = readRows(res.body);
        if (rows.length === 0) break;
        // A server that ignores `page` would otherwise be paged forever.
        const first = JSON.stringify(rows[0]);
        if (first === previousFirst)
          throw new RemoteError(
            'remote_error',
            `ACLED API: page ${page} repeats page ${page - 1}: ${quoteValue(redactUrl(url))}`,
          );
        previousFirst = first;
        yield rows;
        if (rows.length < limit) break;
      }
    },
  };
}

/** The records of one read answer, or a RemoteError for a failure reported in the body or an answer out of shape. */
function readRows(body: string): AcledApiRecord[] {
  const value = parseJsonBody(SERVICE, body);
  const failure = AcledFailureSchema.safeParse(value);
  if (failure.success) {
    const why = failure.data.error ?? failure.data.messages ?? 'no reason given';
    throw new RemoteError(
      'remote_error',
      `ACLED API: request failed: ${snippet(typeof why === 'string' ? why : JSON.stringify(why))}`,
    );
  }
  return checkShape(SERVICE, value, AcledReadSchema).data;
}
