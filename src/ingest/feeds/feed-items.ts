/**
 * The items of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, read with feedsmith, reduced to what drafts
 * need: a stable id, title, link, publication time and the item's HTML.
 */
import { parseFeed } from 'feedsmith';
import { InvalidInputError, oneLine } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';

/** One feed item. */
export interface FeedItem {
  /** guid (RSS), id (Atom), else the link, else the title: what "seen" is remembered by. */
  id: string;
  title: string | null;
  link: string | null;
  /** The publication time as the feed writes it (pubDate, published, updated, dc:date). */
  published: string | null;
  /** The item's content or summary as HTML ('' when it has none). */
  html: string;
}

/** A feed's title and items. */
export interface FeedDocument {
  format: 'rss' | 'atom' | 'rdf';
  title: string | null;
  items: FeedItem[];
}

type Text = string | { value?: string } | undefined;
const text = (t: Text): string | null => {
  const v = typeof t === 'string' ? t : t?.value;
  return v && v.trim() ? v.trim() : null;
};

interface LooseItem {
  title?: Text;
  link?: string;
  links?: { href?: string; rel?: string }[];
  guid?: Text;
  id?: string;
  pubDate?: string;
  published?: string;
  updated?: string;
  dc?: { date?: string; dates?: string[] };
  description?: Text;
  summary?: Text;
  content?: Text | { encoded?: string };
}

function itemOf(raw: LooseItem): FeedItem | null {
  const link =
    raw.link ?? raw.links?.find((l) => !l.rel || l.rel === 'alternate')?.href ?? raw.links?.[0]?.href ?? null;
  const title = text(raw.title);
  const encoded =
    typeof raw.content === 'object' && raw.content && 'encoded' in raw.content
      ? raw.content.encoded
      : undefined;
  const html = encoded ?? text(raw.content as Text) ?? text(raw.description) ?? text(raw.summary) ?? '';
  const id = text(raw.guid) ?? raw.id ?? link ?? title;
  if (id === null) return null;
  return {
    id,
    title,
    link,
    published: raw.pubDate ?? raw.published ?? raw.dc?.date ?? raw.dc?.dates?.[0] ?? raw.updated ?? null,
    html,
  };
}

/** Parses a feed; a body that is not well-formed RSS or Atom is one InvalidInputError quoting the URL. */
export function readFeed(xml: string, url: string): FeedDocument {
  let parsed: ReturnType<typeof parseFeed>;
  try {
    parsed = parseFeed(xml);
  } catch (e) {
    const start = JSON.stringify(xml.trimStart().slice(0, 40));
    throw new InvalidInputError(
      `not a readable RSS or Atom feed: ${quoteValue(url)} (${oneLine(e)}; it starts ${start})`,
    );
  }
  if (parsed.format === 'json')
    throw new InvalidInputError(`not an RSS or Atom feed: ${quoteValue(url)} (JSON Feed is not read)`);
  const feed = parsed.feed as { title?: Text; items?: LooseItem[]; entries?: LooseItem[] };
  const raw = feed.items ?? feed.entries ?? [];
  return {
    format: parsed.format,
    title: text(feed.title),
    items: raw.map(itemOf).filter((i): i is FeedItem => i !== null),
  };
}
