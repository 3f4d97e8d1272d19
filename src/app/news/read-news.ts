/**
 * News use cases: read an article (URL, file or text) into draft events, and poll feeds for new
 * items and their drafts. Drafts are shown only when their place lies in the chosen countries,
 * unless all are asked for; the rest are counted, never dropped silently.
 */
import { InvalidInputError, invalidParam } from '../../domain/errors.ts';
import type { CommonType } from '../../domain/event.ts';
import { isCalendarDay } from '../../domain/query.ts';
import { quoteValue } from '../../domain/quote.ts';
import { type Article, articleFromHtml, articleFromText } from '../../ingest/news/article-text.ts';
import { type Publication, readPublished, unreadZone } from '../../ingest/news/draft-date.ts';
import { extractDrafts } from '../../ingest/news/extract-draft.ts';
import { fetchArticle } from '../../ingest/news/fetch-article.ts';
import type { NewsDraft } from '../../ingest/news/news-draft.ts';
import type { OnRetry } from '../../ingest/http/retrying-request.ts';
import { commonTypeOf } from './draft-common-type.ts';
import { NEWS_COUNTRIES, bundledPlaceLookup } from './news-lookup.ts';

/** Options shared by the news use cases. */
export interface NewsOptions {
  /** ISO3 countries drafts are for (default PAK and AFG, the countries the gazetteer covers). */
  countries?: readonly string[];
  /** Show drafts placed elsewhere or not placed too. */
  all?: boolean;
  /** The present (default: now), for future-date checks. */
  now?: Date;
  /** Per-attempt time-out and retries of each HTTP request. */
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
  /** Told of each failed HTTP attempt before its wait. */
  onRetry?: OnRetry;
  /** Waits between attempts (default setTimeout); tests pass one that records the waits. */
  sleep?: (ms: number) => Promise<void>;
}

/** A draft as the news answers give it: with the common type the desk saves it with (`attack` is `other`). */
export type ArticleDraft = NewsDraft & { common_type: CommonType };

/** The drafts of one article, as printed by `news extract` and inside `news watch` answers. */
export interface ArticleDrafts {
  article: {
    url: string | null;
    title: string | null;
    outlet: string | null;
    published: string | null;
    /** A publication time the page or feed gave that could not be read ("Fri, 14 Aug 2026 17:17:09 IST"), even when a dateline stands in for it; null when one was read or none given. */
    published_unread: string | null;
  };
  /** Passages read (1 for an article, one per item of a digest page). */
  passages: number;
  /** Passages without words of violence: no draft. */
  not_violent: number;
  /** Paragraphs of an ordinary article after its headline and first three: not read (0 for a digest). */
  unread_paragraphs: number;
  drafts: ArticleDraft[];
  /** Drafts not shown: placed outside the chosen countries or not placed (shown with `all`). */
  hidden_drafts: number;
}

/** Checks a country list against the countries the gazetteer covers. */
export function newsCountries(list: readonly string[] | undefined): string[] {
  if (list === undefined) return [...NEWS_COUNTRIES];
  const codes = list.map((c) => c.trim().toUpperCase()).filter(Boolean);
  const bad = codes.find((c) => !(NEWS_COUNTRIES as readonly string[]).includes(c));
  if (bad !== undefined || codes.length === 0)
    throw invalidParam(
      'countries',
      `${quoteValue(bad ?? list.join(','))} (drafts can be placed in ${NEWS_COUNTRIES.join(', ')})`,
    );
  return codes;
}

/** The drafts of an article, filtered by place unless `all`. */
export function draftsOf(article: Article, options: NewsOptions = {}): ArticleDrafts {
  const countries = newsCountries(options.countries);
  const x = extractDrafts(article, {
    countries,
    now: options.now ?? new Date(),
    lookup: bundledPlaceLookup(),
  });
  const inScope = (d: NewsDraft) => d.place.value !== null && countries.includes(d.place.value.country);
  const shown = options.all ? x.drafts : x.drafts.filter(inScope);
  return {
    article: {
      url: article.url,
      title: article.title,
      outlet: article.outlet,
      published: article.published?.iso ?? null,
      published_unread: article.published_unread ?? null,
    },
    passages: x.passages,
    not_violent: x.not_violent,
    unread_paragraphs: x.unread_paragraphs,
    // The type in the desk's vocabulary beside the reader's own, so a reader sees what a save stores.
    drafts: shown.map(({ problems, ...d }) => ({ ...d, common_type: commonTypeOf(d.type.value), problems })),
    hidden_drafts: x.drafts.length - shown.length,
  };
}

/** A publication time the user gave (`--published` on the command line, `published` in the API), checked. */
export function publicationOption(text: string | undefined, name = '--published'): Publication | null {
  if (text === undefined) return null;
  // Read as a feed's time is, so a time copied from a Pakistani page ("... 23:30 PKT") is taken too.
  const read = readPublished(text);
  const ms = read ? Date.parse(read.iso) : NaN;
  // Date.parse rolls an impossible day over (2021-02-30 is 2 March): refused, as every filter does.
  const day = /^\s*(\d{4}-\d{2}-\d{2})/.exec(text);
  if (day && !Number.isNaN(ms) && !isCalendarDay(day[1]!))
    throw new InvalidInputError(
      `invalid ${name}: ${quoteValue(text)} (${day[1]!.startsWith('0000') ? 'dates start at year 0001' : 'not a day of the calendar'})`,
    );
  if (Number.isNaN(ms))
    throw new InvalidInputError(
      `invalid ${name}: ${quoteValue(text)} (${unreadZone(text) ?? 'use a date or time such as 2026-08-21 or 2026-08-21T09:30Z'})`,
    );
  return read!;
}

/** Where a text the user gave was published (`--url`, `--outlet`): its citation, as a page gives its own. */
export interface TextSource {
  url?: string;
  outlet?: string;
}

/** Checks `--url` and `--outlet` of a file or standard input (`url`, `outlet` in the API: `prefix` ''). */
export function textSourceOption(o: { url?: string; outlet?: string }, prefix = '--'): TextSource {
  if (o.url !== undefined) {
    let ok = false;
    try {
      ok = /^https?:$/.test(new URL(o.url).protocol);
    } catch {
      ok = false;
    }
    if (!ok)
      throw new InvalidInputError(
        `invalid ${prefix}url: ${quoteValue(o.url)} (use the article's http(s) address)`,
      );
  }
  if (o.outlet !== undefined && o.outlet.trim() === '')
    throw new InvalidInputError(`invalid ${prefix}outlet: "" (use the name of the paper or agency)`);
  return { ...(o.url !== undefined ? { url: o.url } : {}), ...(o.outlet ? { outlet: o.outlet.trim() } : {}) };
}

// The start of an RSS 2.0, RSS 1.0 (RDF) or Atom document, after any XML declaration and comments.
const FEED_START = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[^]*?-->\s*)*<(?:rss|feed|rdf:RDF)[\s>]/i;

/**
 * A text the user gave (a file or standard input): HTML by its name or its first tag, else plain
 * text; `source` says where it was published (the outlet defaults to the URL's host); `shown` is how
 * a refusal names the text (a file's path quoted, `standard input`, the API's field `text`).
 */
export function articleOfText(
  body: string,
  name: string,
  published: Publication | null,
  source: TextSource = {},
  shown = name,
): Article {
  if (body.includes('\u0000'))
    throw new InvalidInputError(`not an article: ${shown} is binary (faultline reads HTML or plain text)`);
  // A feed saved to a file is no article: read as text, its XML would make one draft of markup.
  if (FEED_START.test(body))
    throw new InvalidInputError(
      `not an article: ${shown} is an RSS or Atom feed (read feeds with faultline news watch FEED_URL)`,
    );
  const hints = { url: source.url ?? null, published, ...(source.outlet ? { outlet: source.outlet } : {}) };
  if (/\.x?html?$/i.test(name) || /^\s*(<!doctype html|<html|<body|<div|<article|<p[\s>])/i.test(body))
    return articleFromHtml(body, hints);
  return articleFromText(body, hints);
}

/** Fetches an article page and reads its drafts; `published` is used only when the page gives no time of its own. */
export async function draftsOfUrl(
  url: string,
  options: NewsOptions & { published?: Publication | null } = {},
): Promise<ArticleDrafts> {
  const article = await fetchArticle(url, {
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    backoffMs: options.backoffMs,
    onRetry: options.onRetry,
    sleep: options.sleep,
  });
  // --published stands in for a page's time that could not be read, as for one it does not give.
  const stands = !article.published && options.published;
  return draftsOf(
    stands ? { ...article, published: options.published!, published_unread: null } : article,
    options,
  );
}
