/**
 * One poll of a set of feeds: a conditional GET of each, the items not seen before, and their
 * drafts. A feed that fails is reported with its error and does not stop the others; its state is
 * left as it was, so its items are tried again next time.
 */
import { createHash } from 'node:crypto';
import { oneLine } from '../../domain/errors.ts';
import { fetchFeed } from '../../ingest/feeds/feed-client.ts';
import type { FeedItem } from '../../ingest/feeds/feed-items.ts';
import { emptyFeedState, readFeedState, remember, writeFeedState } from '../../ingest/feeds/feed-state.ts';
import { articleFromHtml } from '../../ingest/news/article-text.ts';
import { readPublished, unreadPublished } from '../../ingest/news/draft-date.ts';
import type { SavedDraft } from './news-text.ts';
import { type ArticleDrafts, type NewsOptions, draftsOf, newsCountries } from './read-news.ts';

/** What one poll found in one feed. */
export interface FeedPoll {
  url: string;
  /** new: items read; not_modified: the server answered 304; error: see `error`. */
  status: 'new' | 'not_modified' | 'error';
  feed_title: string | null;
  /** Items the feed lists (null unless it answered with a body). */
  items: number | null;
  new_items: number;
  /** Items listed again under an id the same answer already lists: drafted once, not counted as new. */
  repeated_items: number;
  /** Items seen before whose title or text changed since (same id): drafted again, marked `updated`. */
  updated_items: number;
  /** Drafts of each new or updated item (with the desk events they were saved as, when saved). */
  articles: (ArticleDrafts & { item_id: string; updated: boolean; desk_events?: SavedDraft[] })[];
  error: string | null;
}

/** Saves one item's drafts (as desk events) before the item is remembered as seen. */
export type SaveDrafts = (article: ArticleDrafts) => Promise<SavedDraft[]>;

/** One poll of every feed. */
export interface PollReport {
  polled_at: string;
  feeds: FeedPoll[];
}

/** A short fingerprint of an item's title and text: what tells an updated item from an unchanged one. */
const fingerprint = (item: FeedItem) =>
  createHash('sha256')
    .update(`${item.title ?? ''}\n${item.html}`)
    .digest('hex')
    .slice(0, 16);

/** Polls each feed once, remembers what it saw in the state file, and returns the drafts of new items. */
export async function pollFeeds(
  urls: readonly string[],
  statePath: string,
  options: NewsOptions & { save?: SaveDrafts } = {},
): Promise<PollReport> {
  newsCountries(options.countries);
  const state = await readFeedState(statePath);
  // Written back before any feed is fetched: a state file that cannot be written is refused before
  // drafts are saved (they were saved, then the state failed, so the next poll saved them again).
  await writeFeedState(statePath, state);
  const now = options.now ?? new Date();
  const feeds: FeedPoll[] = [];
  for (const url of urls) {
    const before = state.feeds[url] ?? emptyFeedState();
    const poll: FeedPoll = {
      url,
      status: 'new',
      feed_title: null,
      items: null,
      new_items: 0,
      repeated_items: 0,
      updated_items: 0,
      articles: [],
      error: null,
    };
    try {
      const got = await fetchFeed(url, before, {
        timeoutMs: options.timeoutMs,
        retries: options.retries,
        backoffMs: options.backoffMs,
        onRetry: options.onRetry,
        sleep: options.sleep,
      });
      // A 304 answers a conditional request only: to a poll that sent no validators (a first poll, or
      // a feed that gave none before) it is the server's fault, and nothing was read. It said "not modified since the last poll"
      // and left the feed looking empty; now it is the feed's error, and the state is not advanced.
      if (got.status === 'not_modified' && !before.etag && !before.last_modified)
        throw new Error(
          'answered 304 Not Modified to a poll that sent no validators (no ETag or Last-Modified kept from an earlier one): no items were read',
        );
      if (got.status === 'not_modified') {
        poll.status = 'not_modified';
        state.feeds[url] = { ...before, polled_at: now.toISOString() };
      } else {
        // A feed may list one item twice (an aggregator's repost, a story in two sections): it is
        // drafted once, as it would be had it come in two polls (it was drafted twice).
        const listed = new Set<string>();
        const once = got.feed.items.filter((item) => !listed.has(item.id) && listed.add(item.id));
        const fresh = once.filter((item) => !before.seen.includes(item.id));
        // An item seen before whose text changed (a toll raised, a correction) is drafted again and
        // said to be updated: it was skipped unsaid, so the new figures never reached a reviewer.
        const prints = Object.fromEntries(once.map((item) => [item.id, fingerprint(item)]));
        const updated = new Set(
          once
            .filter((item) => before.seen.includes(item.id))
            .filter((item) => (before.fingerprints?.[item.id] ?? prints[item.id]) !== prints[item.id])
            .map((item) => item.id),
        );
        poll.feed_title = got.feed.title;
        poll.items = got.feed.items.length;
        poll.new_items = fresh.length;
        poll.repeated_items = got.feed.items.length - once.length;
        poll.updated_items = updated.size;
        const drafted = once.filter((item) => !before.seen.includes(item.id) || updated.has(item.id));
        const articles: FeedPoll['articles'] = drafted.map((item) => ({
          item_id: item.id,
          updated: updated.has(item.id),
          ...draftsOf(
            articleFromHtml(item.html, {
              url: item.link,
              title: item.title,
              outlet: got.feed.title,
              published: readPublished(item.published),
              published_unread: unreadPublished(item.published),
            }),
            { ...options, now },
          ),
        }));
        // Saved before the items are remembered: a save that fails leaves the feed's state as it
        // was, so its items come back at the next poll (drafts saved before the failure come back
        // too: a reviewer sees them twice rather than never).
        if (options.save) for (const a of articles) a.desk_events = await options.save(a);
        poll.articles = articles;
        state.feeds[url] = {
          ...remember(
            before,
            fresh.map((item) => item.id),
            prints,
          ),
          ...got.validators,
          polled_at: now.toISOString(),
        };
      }
    } catch (e) {
      poll.status = 'error';
      poll.error = oneLine(e);
    }
    feeds.push(poll);
  }
  await writeFeedState(statePath, state);
  return { polled_at: now.toISOString(), feeds };
}
