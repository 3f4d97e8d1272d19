/**
 * The media type of a request body, checked before it is read: a route refuses a body sent as a
 * type it does not take with 415 and one line naming the type received and the ones it takes. JSON
 * routes took `text/plain` and form encoding (`curl -d`) alike and read them as JSON. A compressed
 * body (Content-Encoding) is refused the same way: none is decompressed.
 */
import { MIMEType } from 'node:util';
import type { MiddlewareHandler } from 'hono';
import { UnsupportedMediaTypeError } from '../app/errors.ts';
import { quoteValue } from '../domain/quote.ts';

/** Character sets a text body may declare: it is read as UTF-8 (US-ASCII is a part of it). */
const UTF8 = ['utf-8', 'utf8', 'us-ascii'];

/** Whether a request says it carries a body: a Content-Length over 0, or a transfer coding. */
export function declaresBody(headers: Headers): boolean {
  const length = headers.get('content-length');
  return headers.has('transfer-encoding') || (length !== null && length.trim() !== '0');
}

/**
 * Why a Content-Type is not one of `accepts` (null when it is): another media type, none, one that
 * does not parse, or a text type in a character set other than UTF-8.
 */
export function contentTypeProblem(header: string | null, accepts: readonly string[]): string | null {
  if (header === null) return 'none';
  let type: MIMEType;
  try {
    type = new MIMEType(header);
  } catch {
    return quoteValue(header);
  }
  if (!accepts.includes(type.essence)) return quoteValue(header);
  const charset = type.params.get('charset');
  if (type.type !== 'multipart' && charset !== null && !UTF8.includes(charset.toLowerCase()))
    return quoteValue(header);
  return null;
}

/** Middleware refusing (415) a body of `route` sent as a media type not in `accepts`; a request without a body passes. */
export function acceptBody(route: string, accepts: readonly string[]): MiddlewareHandler {
  const wanted =
    accepts.length > 1 ? `${accepts.slice(0, -1).join(', ')} or ${accepts.at(-1)}` : (accepts[0] ?? '');
  const utf8 = accepts.some((t) => !t.startsWith('multipart/')) ? ' in UTF-8' : '';
  return async (c, next) => {
    if (declaresBody(c.req.raw.headers)) {
      // A compressed body was read as its raw bytes: a gzipped claim file was refused as garbage.
      const coding = c.req.raw.headers.get('content-encoding');
      if (coding !== null && coding.trim().toLowerCase() !== 'identity')
        throw new UnsupportedMediaTypeError(
          `unsupported content encoding: ${quoteValue(coding)} (${route} takes a body sent uncompressed)`,
        );
      const problem = contentTypeProblem(c.req.raw.headers.get('content-type'), accepts);
      if (problem)
        throw new UnsupportedMediaTypeError(
          `unsupported content type: ${problem} (${route} takes ${wanted}${utf8})`,
        );
    }
    return next();
  };
}
