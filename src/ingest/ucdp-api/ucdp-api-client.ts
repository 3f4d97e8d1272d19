import { InvalidInputError, RemoteError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { decodeJson, snippet } from '../http/decode-json.ts';
import { redactUrl } from '../http/fetch-like.ts';
import { createSender, type RetryOptions } from '../http/retrying-request.ts';
import {
  UCDP_EVENTS_RESOURCE,
  UCDP_MAX_PAGE_SIZE,
  UCDP_VERSION_PATTERN,
  UcdpPageSchema,
  type UcdpApiRecord,
} from './ucdp-api-schema.ts';

const SERVICE = 'UCDP API';

/** Which UCDP event dataset to download: the yearly GED release or the monthly Candidate release. */
export type UcdpDataset = 'ged' | 'candidate';

/** Settings of a UCDP API client; retry settings as in RetryOptions. */
export interface UcdpClientOptions extends RetryOptions {
  /** Default `https://ucdpapi.pcr.uu.se/api`. */
  baseUrl?: string;
  /** The access token UCDP issues on request (required since 2025), sent as `x-ucdp-access-token`. */
  token: string;
}

/** What to download: dataset, release version, the API's own filters, and the page size. */
export interface UcdpPagesRequest {
  dataset: UcdpDataset;
  /** `25.1` for GED, `26.0.7` for Candidate. */
  version: string;
  /** API filters passed through, e.g. `{ Country: '770', StartDate: '2021-01-01' }`. */
  query?: Record<string, string>;
  /** Records per page, 1 to 1000 (default 1000). */
  pageSize?: number;
}

/** A UCDP API client that yields event records page by page. */
export interface UcdpClient {
  /** Yields each page's records in order; throws RemoteError when the API fails or answers out of shape. */
  pages(request: UcdpPagesRequest): AsyncGenerator<UcdpApiRecord[], void, undefined>;
}

/** Creates a UCDP API client; throws InvalidInputError when no token is given. */
export function createUcdpClient(options: UcdpClientOptions): UcdpClient {
  if (!options.token || options.token.trim() === '')
    throw new InvalidInputError('UCDP API: no access token; set UCDP_TOKEN or --token');
  const baseUrl = (options.baseUrl ?? 'https://ucdpapi.pcr.uu.se/api').replace(/\/+$/, '');
  const send = createSender(SERVICE, options);
  const headers = { accept: 'application/json', 'x-ucdp-access-token': options.token };

  return {
    async *pages(request) {
      const pageSize = checkRequest(request);
      let received = 0;
      let announced: number | null = null;
      let firstUrl = '';
      for (let page = 0; ; page++) {
        const params = new URLSearchParams({
          pagesize: String(pageSize),
          page: String(page),
          ...request.query,
        });
        const url = `${baseUrl}/${UCDP_EVENTS_RESOURCE}/${encodeURIComponent(request.version)}?${params}`;
        firstUrl ||= url;
        const res = await send(url, { method: 'GET', headers });
        if (res.status === 401 || res.status === 403) {
          throw new RemoteError(
            'unauthorized',
            `UCDP API: access token rejected (HTTP ${res.status}); set UCDP_TOKEN or --token`,
            res.status,
          );
        }
        if (res.status < 200 || res.status >= 300) {
          throw new RemoteError(
            'remote_error',
            `UCDP API: HTTP ${res.status}: ${quoteValue(redactUrl(url))}: ${snippet(res.body)}`,
            res.status,
          );
        }
        const body = decodeJson(SERVICE, res.body, UcdpPageSchema);
        announced ??= body.TotalCount;
        if (body.Result.length === 0) break;
        received += body.Result.length;
        yield body.Result;
        if (page >= body.TotalPages - 1) break;
      }
      // A short download is worse than a failed one: it would import as if complete.
      if (announced !== null && received !== announced) {
        throw new RemoteError(
          'remote_error',
          `UCDP API: received ${received} records, the API announced ${announced}: ${quoteValue(redactUrl(firstUrl))}`,
        );
      }
    },
  };
}

/** Checks the dataset, version and page size of a request; returns the page size. */
function checkRequest(request: UcdpPagesRequest): number {
  const pattern = UCDP_VERSION_PATTERN[request.dataset];
  if (!pattern)
    throw new InvalidInputError(`UCDP API: unknown dataset (use ged or candidate): ${request.dataset}`);
  if (!pattern.test(request.version)) {
    const example = request.dataset === 'ged' ? '25.1' : '26.0.7';
    throw new InvalidInputError(
      `UCDP API: invalid ${request.dataset} version: ${quoteValue(request.version)} (a ${request.dataset} version looks like ${example})`,
    );
  }
  const pageSize = request.pageSize ?? UCDP_MAX_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > UCDP_MAX_PAGE_SIZE) {
    throw new InvalidInputError(`UCDP API: page size must be 1 to ${UCDP_MAX_PAGE_SIZE}: ${pageSize}`);
  }
  return pageSize;
}
