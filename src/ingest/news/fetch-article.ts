/** Fetches an article over HTTP and reads it as HTML or plain text; anything else is refused in one line. */
import { InvalidInputError, RemoteError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { getText, type GetTextOptions } from '../http/get-text.ts';
import { redactUrl } from '../http/fetch-like.ts';
import { type Article, type ArticleHints, articleFromHtml, articleFromText } from './article-text.ts';

/** Media types read as HTML and as plain text. */
const HTML_TYPES = ['text/html', 'application/xhtml+xml'];
const TEXT_TYPES = ['text/plain', 'text/markdown'];

/** Reads a body by its media type: HTML, plain text, or an error naming the type. */
export function articleFromBody(
  body: string,
  contentType: string,
  hints: ArticleHints & { url: string | null },
): Article {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (HTML_TYPES.includes(type)) return articleFromHtml(body, hints);
  if (TEXT_TYPES.includes(type)) return articleFromText(body, hints);
  const where = hints.url ? quoteValue(redactUrl(hints.url)) : 'input';
  throw new InvalidInputError(
    `not an article: ${where} is ${type || 'of no stated type'} (faultline reads HTML or plain text)`,
  );
}

/** GETs an article page (time-out and retries as in getText) and reads it. */
export async function fetchArticle(
  url: string,
  options: Omit<GetTextOptions, 'service'> = {},
  hints: ArticleHints = {},
): Promise<Article> {
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    throw new InvalidInputError(`invalid article URL: ${quoteValue(url)} (use http:// or https://)`);
  const res = await getText(url, {
    ...options,
    service: 'news',
    headers: { accept: 'text/html, application/xhtml+xml, text/plain;q=0.9', ...options.headers },
  });
  if (res.status >= 400)
    throw new RemoteError(
      'remote_error',
      `news: HTTP ${res.status}: ${quoteValue(redactUrl(url))}`,
      res.status,
    );
  return articleFromBody(res.body, res.contentType, { ...hints, url });
}
