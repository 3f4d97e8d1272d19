/**
 * A news report given as text, read into draft events and, when asked, saved as desk drafts: what
 * `POST /api/v1/desk/news` answers (the dashboard's Desk view pastes reports through it) and what
 * `faultline news add --format json` prints for a file or standard input.
 */
import type { DeskActor, DeskState } from '../../domain/desk.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import type { Store } from '../../storage/store.ts';
import type { DeskDeps } from '../desk/desk-workflow.ts';
import { addNewsDrafts } from './news-to-desk.ts';
import {
  articleOfText,
  draftsOf,
  publicationOption,
  textSourceOption,
  type ArticleDrafts,
} from './read-news.ts';

/** Longest report text taken, in characters (a long article is a few tens of thousands). */
export const MAX_NEWS_TEXT = 200_000;

/** A report as the API takes it. */
export interface NewsTextInput {
  text: string;
  url?: string;
  outlet?: string;
  /** Publication time (2026-12-03 or an ISO time): relative dates ("on Tuesday") are read against it. */
  published?: string;
  /** ISO3 countries drafts are for, comma-separated (default PAK,AFG). */
  countries?: string;
  /** Also the drafts placed outside those countries or not placed. */
  all?: boolean;
  /** Save each draft shown as a desk draft (default true); false only reads them. */
  save?: boolean;
}

/** A draft saved as a desk event for review (`news add`, `news watch --save`, POST /news/text): id, state and the problems to fix before submitting. */
export interface SavedDraft {
  id: number;
  state: DeskState;
  problems: string[];
  /** The JSON names of the fields each problem is about, parallel to `problems` (as a desk event gives them). */
  problem_fields: string[][];
  /** True when this passage was saved before (the earlier desk event, not a new one): an article read again, or a feed item whose state file was deleted. */
  already_saved: boolean;
  /** Other desk events (not retracted) of the same day and place: maybe the same incident, from another report. */
  same_incident: number[];
}

/** The drafts of the report, and the desk drafts saved from them (null when only read). */
export interface NewsTextAnswer extends ArticleDrafts {
  desk_events: SavedDraft[] | null;
}

/** The article's drafts with what was saved of them (the CLI's `news add` answer too). */
export function newsAnswer(read: ArticleDrafts, saved: SavedDraft[] | null): NewsTextAnswer {
  return { ...read, desk_events: saved };
}

/** The desk drafts addNewsDrafts saved, as the answer lists them. */
export function savedDrafts(saved: Awaited<ReturnType<typeof addNewsDrafts>>): SavedDraft[] {
  return saved.map(({ event: e, already_saved, same_incident }) => ({
    id: e.id,
    state: e.state,
    problems: e.problems,
    problem_fields: e.problem_fields,
    already_saved,
    same_incident,
  }));
}

/** Reads a report given as text; saves its drafts as desk drafts by `by` unless `save` is false. */
export async function readNewsText(
  store: Store,
  input: NewsTextInput,
  by: DeskActor,
  deps: DeskDeps = {},
): Promise<NewsTextAnswer> {
  if (input.text.trim() === '') throw new InvalidInputError('empty text: paste the report');
  if (input.text.length > MAX_NEWS_TEXT)
    throw new InvalidInputError(
      `text too long: ${input.text.length} characters (at most ${MAX_NEWS_TEXT}; give the report's first paragraphs)`,
    );
  const published = publicationOption(input.published, 'published');
  const where = textSourceOption(input, '');
  const read = draftsOf(articleOfText(input.text, 'text', published, where), {
    countries: input.countries?.split(','),
    all: input.all ?? false,
  });
  if (input.save === false) return newsAnswer(read, null);
  return newsAnswer(read, savedDrafts(await addNewsDrafts(store, read, by, deps)));
}
