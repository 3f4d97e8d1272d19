/**
 * What `faultline news watch` remembers between polls, per feed URL: the validators for the next
 * conditional GET and the ids of items already seen. Kept in one JSON file (default
 * <home>/news/feeds.json, see docs/news.md), written whole to a temporary file and renamed, so an
 * interrupted write leaves the previous state.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InvalidInputError, oneLine } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { makeDirs } from '../../util/make-dirs.ts';
import { whyNotWritten } from '../../util/write-failure.ts';
import type { FeedValidators } from './feed-client.ts';

/** Items remembered per feed; the oldest are forgotten past this (a feed lists far fewer at once). */
export const SEEN_PER_FEED = 5000;

/** The state of one feed. */
export interface FeedState extends FeedValidators {
  /** When it was last polled (ISO 8601). */
  polled_at: string | null;
  /** Ids of the items seen, oldest first. */
  seen: string[];
  /**
   * A fingerprint of each seen item's title and text, by id, to tell an item updated under its old
   * id (a toll raised, a correction) from one unchanged. Absent in state files written before it.
   */
  fingerprints?: Record<string, string>;
}

/** The state file's content. */
export interface FeedStateFile {
  version: 1;
  feeds: Record<string, FeedState>;
}

/** A new feed's state: nothing seen, no validators. */
export const emptyFeedState = (): FeedState => ({
  etag: null,
  last_modified: null,
  polled_at: null,
  seen: [],
});

/** Reads the state file; a missing file is an empty state, an unreadable one a one-line error naming it. */
export async function readFeedState(path: string): Promise<FeedStateFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, feeds: {} };
    throw new InvalidInputError(`cannot read feed state ${quoteValue(path)}: ${oneLine(e)}`);
  }
  try {
    const parsed = JSON.parse(text) as FeedStateFile;
    if (parsed.version !== 1 || typeof parsed.feeds !== 'object' || parsed.feeds === null)
      throw new Error('not a version 1 state file');
    return parsed;
  } catch (e) {
    throw new InvalidInputError(
      `invalid feed state ${quoteValue(path)}: ${oneLine(e)} (delete it to start afresh)`,
    );
  }
}

/**
 * Writes the state file atomically; a path that cannot be written (a --state under a file, or under
 * /proc) is a one-line error quoting it and saying what refused (write-failure.ts), as an unreadable
 * one is (it was Node's bare error, exit 1).
 */
export async function writeFeedState(path: string, state: FeedStateFile): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await makeDirs(dirname(path));
    await writeFile(tmp, JSON.stringify(state, null, 2) + '\n');
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new InvalidInputError(
      `cannot write feed state ${quoteValue(path)}: ${await whyNotWritten(e, quoteValue, path)}`,
    );
  }
}

/**
 * Adds ids to a feed's seen list, keeping the newest SEEN_PER_FEED, and sets the fingerprints given
 * (those of forgotten ids are dropped with them).
 */
export function remember(
  state: FeedState,
  ids: readonly string[],
  fingerprints: Record<string, string> = {},
): FeedState {
  const all = [...state.seen, ...ids.filter((id) => !state.seen.includes(id))];
  const seen = all.slice(Math.max(0, all.length - SEEN_PER_FEED));
  const known = { ...state.fingerprints, ...fingerprints };
  const kept = Object.fromEntries(seen.filter((id) => id in known).map((id) => [id, known[id]!]));
  return { ...state, seen, ...(Object.keys(kept).length ? { fingerprints: kept } : {}) };
}
