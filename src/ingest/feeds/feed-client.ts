/**
 * One conditional GET of a feed: sends the ETag and Last-Modified the feed gave last time
 * (If-None-Match, If-Modified-Since); 304 means nothing changed and no body is read.
 */
import { RemoteError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { redactUrl } from '../http/fetch-like.ts';
import { getText, type GetTextOptions } from '../http/get-text.ts';
import { type FeedDocument, readFeed } from './feed-items.ts';

/** The validators a feed server gave with its last full answer. */
export interface FeedValidators {
  etag: string | null;
  last_modified: string | null;
}

/** The outcome of one poll: unchanged (304), or the feed and its new validators. */
export type FeedFetch =
  { status: 'not_modified' } | { status: 'ok'; feed: FeedDocument; validators: FeedValidators };

/** Fetches a feed conditionally and parses it. */
export async function fetchFeed(
  url: string,
  validators: FeedValidators | null,
  options: Omit<GetTextOptions, 'service'> = {},
): Promise<FeedFetch> {
  const headers: Record<string, string> = {
    accept:
      'application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1',
  };
  if (validators?.etag) headers['if-none-match'] = validators.etag;
  if (validators?.last_modified) headers['if-modified-since'] = validators.last_modified;
  const res = await getText(url, {
    ...options,
    service: 'feed',
    headers: { ...headers, ...options.headers },
  });
  if (res.status === 304) return { status: 'not_modified' };
  if (res.status >= 300)
    throw new RemoteError(
      'remote_error',
      `feed: HTTP ${res.status}: ${quoteValue(redactUrl(url))}`,
      res.status,
    );
  return {
    status: 'ok',
    feed: readFeed(res.body, redactUrl(url)),
    validators: { etag: res.etag, last_modified: res.lastModified },
  };
}
