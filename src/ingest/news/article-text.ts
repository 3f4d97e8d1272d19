/**
 * The text of a news page or a plain-text article: title, paragraphs, publication time and outlet
 * (Mozilla Readability over a linkedom document), and, for digest pages that list many events
 * (Wikipedia's Current events portal), the listed items one by one.
 */
import { Readability } from '@mozilla/readability';
import * as chrono from 'chrono-node';
import { parseHTML } from 'linkedom';
import { type Publication, readPublished, unreadPublished } from './draft-date.ts';

/** An article reduced to what drafts are read from. */
export interface Article {
  url: string | null;
  title: string | null;
  outlet: string | null;
  published: Publication | null;
  /** A publication time the page or feed gave that could not be read (an unknown zone: "... IST"), when none was read; drafts say so. */
  published_unread?: string | null;
  /** Paragraphs of the main text, in order. */
  paragraphs: string[];
  /** The items of a digest page, one event each; [] for an ordinary article. */
  digest: string[];
  /** The day a digest page's heading names ("August 14, 2026"): its events' day; absent for an article. */
  digest_day?: Publication | null;
}

/** What the caller already knows about a text (a feed item's title and date, the URL it came from). */
export interface ArticleHints {
  url?: string | null;
  title?: string | null;
  outlet?: string | null;
  published?: Publication | null;
  /** A publication time given that could not be read (a feed item's pubDate): said, unless the page gives one. */
  published_unread?: string | null;
}

const BLOCKS = 'p, li, h1, h2, h3, h4, h5, h6, blockquote, pre, td, dd';
const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

function parse(html: string) {
  const { document } = parseHTML(
    /<html[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`,
  );
  for (const el of Array.from(document.querySelectorAll('script, style, noscript, template'))) el.remove();
  return document;
}

// A digest lists events as list items with their own prose; related-story lists are links only.
function digestItems(document: ReturnType<typeof parse>): string[] {
  const items = Array.from(document.querySelectorAll('li'))
    .filter((li) => !li.querySelector('ul, ol'))
    .filter((li) => {
      let own = squash(li.textContent);
      for (const a of Array.from(li.querySelectorAll('a'))) own = own.replace(squash(a.textContent), '');
      return own.replace(/[\s().,;:]/g, '').length >= 20;
    })
    .map((li) => squash(li.textContent));
  return items.length >= 2 ? items : [];
}

function blockTexts(document: ReturnType<typeof parse>): string[] {
  const blocks = Array.from(document.querySelectorAll(BLOCKS))
    .filter((el) => !el.querySelector(BLOCKS))
    .map((el) => squash(el.textContent))
    .filter((t) => t.length > 0);
  return blocks.length ? blocks : plainParagraphs(document.body?.textContent ?? '');
}

function plainParagraphs(text: string): string[] {
  return text
    .split(/\n\s*\n|\r\n\s*\r\n/)
    .map(squash)
    .filter((t) => t.length > 0);
}

/** The first full date (day, month and year) near the top of a text, as a publication time. */
function datelineOf(text: string): Publication | null {
  const top = text.slice(0, 400);
  for (const r of chrono.en.parse(top, { instant: new Date(0), timezone: 'UTC' })) {
    // A written year: chrono fills "yesterday" in from the reference and calls it certain.
    if (r.start.isCertain('day') && r.start.isCertain('month') && /\b\d{4}\b/.test(r.text))
      return { iso: r.start.date().toISOString(), words: r.text.trim() };
  }
  return null;
}

function metaContent(document: ReturnType<typeof parse>, selectors: string[]): string | null {
  for (const s of selectors) {
    const v = squash(document.querySelector(s)?.getAttribute('content'));
    if (v) return v;
  }
  return null;
}

const publicationOf = readPublished;

/** Reads an HTML page (or fragment, such as a feed item's description). */
export function articleFromHtml(html: string, hints: ArticleHints = {}): Article {
  const document = parse(html);
  const digest = digestItems(document);
  const metaTitle = metaContent(document, ['meta[property="og:title"]', 'meta[name="twitter:title"]']);
  const metaOutlet = metaContent(document, [
    'meta[property="og:site_name"]',
    'meta[name="application-name"]',
  ]);
  const metaTime = metaContent(document, [
    'meta[property="article:published_time"]',
    'meta[name="pubdate"]',
    'meta[name="date"]',
    'meta[itemprop="datePublished"]',
  ]);
  const timeEl = squash(document.querySelector('time[datetime]')?.getAttribute('datetime'));
  // Readability changes the document it reads, so it gets its own copy; a digest needs no main text.
  const read = digest.length
    ? null
    : new Readability(parse(html) as unknown as Document, { charThreshold: 100 }).parse();
  const paragraphs = read?.content ? blockTexts(parse(read.content)) : blockTexts(document);
  const text = paragraphs.join('\n\n');
  const title =
    hints.title ??
    (squash(read?.title) || metaTitle || squash(document.querySelector('title')?.textContent) || null);
  // A page saved from a browser still names its address (canonical link, og:url): its citation.
  const url = hints.url ?? pageUrlOf(document);
  const given =
    hints.published ?? publicationOf(read?.publishedTime) ?? publicationOf(metaTime) ?? publicationOf(timeEl);
  // A time the feed or page gave in words not read ("... IST") is kept to be said, not taken for
  // none, even when a dateline stands in for it.
  const unread = [read?.publishedTime, metaTime, timeEl].map(unreadPublished).find((w) => w !== null);
  return {
    url,
    title,
    outlet: hints.outlet ?? (squash(read?.siteName) || metaOutlet || hostOf(url)),
    published: given ?? datelineOf(squash(document.body?.textContent)) ?? datelineOf(text),
    published_unread: given ? null : (hints.published_unread ?? unread ?? null),
    paragraphs,
    digest,
    digest_day: digest.length ? (datelineOf(squash(document.body?.textContent)) ?? datelineOf(text)) : null,
  };
}

/** Reads a plain-text article: paragraphs split at blank lines (each line when there are none). */
export function articleFromText(text: string, hints: ArticleHints = {}): Article {
  let paragraphs = plainParagraphs(text);
  if (paragraphs.length === 1)
    paragraphs = text
      .split(/\r?\n/)
      .map(squash)
      .filter((t) => t.length > 0);
  return {
    url: hints.url ?? null,
    title: hints.title ?? null,
    outlet: hints.outlet ?? hostOf(hints.url),
    published: hints.published ?? datelineOf(text),
    published_unread: hints.published ? null : (hints.published_unread ?? null),
    paragraphs,
    digest: [],
  };
}

/** The address a page gives for itself (`<link rel="canonical">`, else `og:url`), when it is http(s). */
function pageUrlOf(document: ReturnType<typeof parse>): string | null {
  const candidates = [
    squash(document.querySelector('link[rel="canonical"]')?.getAttribute('href')),
    metaContent(document, ['meta[property="og:url"]']),
  ];
  return candidates.find((u) => !!u && URL.canParse(u) && /^https?:$/.test(new URL(u).protocol)) ?? null;
}

function hostOf(url: string | null | undefined): string | null {
  if (!url || !URL.canParse(url)) return null;
  const { protocol, hostname } = new URL(url);
  return protocol === 'http:' || protocol === 'https:' ? hostname.replace(/^www\./, '') : null;
}
