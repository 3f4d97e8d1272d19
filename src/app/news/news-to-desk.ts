/**
 * News drafts into desk drafts (`faultline news add`): each field of a news draft becomes the desk
 * event's field, with the words it came from kept as evidence and the article as the citation. The
 * desk event starts as a draft: it counts nowhere until a reviewer verifies it and an admin
 * publishes it (docs/desk.md).
 */
import type { DeskActor, DeskCitation, DeskEvent, DeskEvidence } from '../../domain/desk.ts';
import { findCounts } from '../../ingest/news/casualties.ts';
import type { Casualties, NewsDraft } from '../../ingest/news/news-draft.ts';
import type { DeskTransactionReads, Store } from '../../storage/store.ts';
import type { DeskInput } from '../desk/desk-input.ts';
import { sameIncident } from '../desk/desk-incident.ts';
import { allow, createDeskEventOnce, type DeskDeps } from '../desk/desk-workflow.ts';
import { commonTypeOf } from './draft-common-type.ts';
import type { ArticleDrafts } from './read-news.ts';

// The desk keeps quotes of at most 2,000 characters.
const QUOTE_MAX = 2000;

/**
 * Best, low and high deaths from a casualty count and its bound: "at least 12" is low 12, "up to
 * 28" is high 28. A count read as exact ("kill seven" in a title) that the passage also gives as a
 * floor ("At least seven policemen were martyred") keeps its range open: the report gives no high.
 */
function deathFigures(
  c: Casualties | null,
  passage: string,
): Pick<DeskInput, 'fatalities_best' | 'fatalities_low' | 'fatalities_high'> {
  if (c === null) return {};
  const floor =
    c.bound === 'exact' &&
    findCounts(passage, () => false).some(
      (f) =>
        f.outcome === 'killed' && f.count === c.total && (f.bound === 'at_least' || f.bound === 'more_than'),
    );
  switch (floor ? 'at_least' : c.bound) {
    case 'exact':
      return { fatalities_best: c.total, fatalities_low: c.total, fatalities_high: c.total };
    case 'at_least':
      return { fatalities_best: c.total, fatalities_low: c.total };
    case 'more_than':
      return { fatalities_best: c.total + 1, fatalities_low: c.total + 1 };
    case 'up_to':
      return { fatalities_high: c.total };
    case 'about':
      return { fatalities_best: c.total };
  }
}

// A wire-service dateline opening a paragraph: "PESHAWAR, Dec 3:", "KABUL (Reuters) -".
const DATELINE = /^[A-Z][A-Z .'-]+(?:,\s*[^:\n]{1,40}:|\s*\([^)\n]{1,40}\)\s*[-–—])\s*/;

/** Longest headline taken from a passage when the article has no title (a pasted text), in characters. */
const HEADLINE_MAX = 120;

/**
 * A headline for a text without a title: its first sentence without a dateline ("PESHAWAR,
 * Dec 3:", "KABUL (Reuters) -"), on one line (a plain text's first line is its title: the sentence
 * ends there), cut at a word with "…" when longer than HEADLINE_MAX; the whole passage stays in notes.
 */
export function headlineOf(passage: string): string {
  const text = passage.trim();
  // A first line followed by a blank line or a dateline is the text's title; else lines are wrapped prose.
  const [head, rest] = [text.split('\n')[0]!.trim(), text.slice(text.indexOf('\n') + 1)];
  const titled = text.includes('\n') && (/^\s*\n/.test(rest) || DATELINE.test(rest.trimStart()));
  const first = (titled ? head : text.replace(/\s+/g, ' '))
    .replace(DATELINE, '')
    .split(/(?<=[.!?])\s+/)[0]!
    .trim();
  if (first.length <= HEADLINE_MAX) return first;
  const cut = first.slice(0, HEADLINE_MAX - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 60))}…`;
}

/** The article as a desk citation, when it says where and when it was published; else null (the desk lists the missing citation as a problem). */
export function citationOf(draft: NewsDraft): DeskCitation | null {
  const s = draft.source;
  if (!s.url || !s.published) return null;
  return {
    url: s.url,
    outlet: s.outlet ?? new URL(s.url).hostname,
    published_at: s.published,
    quote: draft.passage.slice(0, QUOTE_MAX),
  };
}

/** A desk event's input from a news draft: its fields, the words each came from, and the article. */
export function deskInputOfDraft(draft: NewsDraft): DeskInput {
  const place = draft.place.value;
  const actors = draft.actors.value ?? [];
  const civilians = (draft.killed.value?.groups ?? []).filter((g) => g.victims === 'civilians');
  const citation = citationOf(draft);
  const words = (w: string[]) => (w.length ? w.join(' … ') : undefined);
  const evidence: DeskEvidence = {
    date_start: words(draft.date.words),
    place: words(draft.place.words),
    actor1: words(draft.actors.words),
    fatalities_best: words(draft.killed.words),
    injured: words(draft.injured.words),
    common_type: words(draft.type.words),
  };
  return {
    date_start: draft.date.value,
    date_end: draft.date.value,
    date_precision: 'day',
    country: place?.country ?? null,
    admin1: place?.admin1_name ?? null,
    // A district the text names ("Lakki Marwat district") is the event's admin2, as the desk form has it.
    admin2: place?.kind === 'district' ? place.name : null,
    place: place?.name ?? null,
    // Only a town's coordinates locate an event; a province's label point would put every event in one place.
    lat: place?.kind === 'place' ? place.lat : null,
    lon: place?.kind === 'place' ? place.lon : null,
    common_type: commonTypeOf(draft.type.value),
    actor1: actors[0]?.name ?? null,
    actor2: actors[1]?.name ?? null,
    ...deathFigures(draft.killed.value, draft.passage),
    deaths_civilians: civilians.length ? civilians.reduce((n, g) => n + g.count, 0) : null,
    injured: draft.injured.value?.total ?? null,
    // An article's passage opens with its title; a digest page's item does not, and the page's
    // title ("Current Events - August 21, 2026") would name every one of its events alike.
    headline:
      draft.source.title && draft.passage.startsWith(draft.source.title)
        ? draft.source.title
        : headlineOf(draft.passage),
    notes: draft.passage.slice(0, QUOTE_MAX),
    citations: citation ? [citation] : [],
    from_words: Object.fromEntries(Object.entries(evidence).filter(([, v]) => v !== undefined)),
    // Read from a news text even when it gave no address or time: what it gave is kept.
    origin: citation
      ? { kind: 'news', ...citation }
      : {
          kind: 'news',
          url: draft.source.url,
          outlet: draft.source.outlet,
          published_at: draft.source.published,
          quote: draft.passage.slice(0, QUOTE_MAX),
        },
  };
}

/** A draft of an article as the desk holds it: the desk event, and whether it was saved before. */
export interface NewsDeskDraft {
  event: DeskEvent;
  /** True when the same passage of the same article was already a desk event (not retracted): not saved again. */
  already_saved: boolean;
  /** Other desk events (not retracted) of the same day and place: maybe the same incident, read in another report. */
  same_incident: number[];
}

/** The desk event already saved from this draft (same passage, same article address), unless retracted. */
function savedBefore(existing: readonly DeskEvent[], input: DeskInput): DeskEvent | null {
  const url = input.citations?.[0]?.url ?? null;
  return (
    existing.find((e) => {
      if (e.state === 'retracted' || e.fields.notes !== input.notes) return false;
      const urls = [
        ...e.citations.map((c) => c.url),
        ...(e.origin.kind === 'news' && e.origin.url ? [e.origin.url] : []),
      ];
      // A text read without an address matches on its passage (the analyst may have cited it since);
      // one with an address, only an event cited by it.
      return url === null || urls.includes(url);
    }) ?? null
  );
}

/** The desk event saved from this draft before, as the write transaction reads the desk (the events of its passage). */
const savedBeforeIn = (input: DeskInput) => async (desk: DeskTransactionReads) =>
  typeof input.notes === 'string' ? savedBefore(await desk.deskEventsOfPassage(input.notes), input) : null;

/**
 * Saves every shown draft of an article as a desk draft, by `by`; returns the desk events in order.
 * A draft already saved from the same article (the same passage) is not saved twice: reading an
 * article again returns its desk event, marked `already_saved`, and of two saves of one article at
 * once (two analysts, two requests) one creates it and the other is answered so. Each names the
 * other desk events of its day and place (`same_incident`), for the reviewer to keep one incident
 * from counting twice.
 */
export async function addNewsDrafts(
  store: Store,
  article: ArticleDrafts,
  by: DeskActor,
  deps: DeskDeps = {},
): Promise<NewsDeskDraft[]> {
  // The role first, as every desk action checks it: a viewer learns nothing of the desk's events,
  // not even that an article's draft is among them.
  allow('create', null, by);
  const saved: NewsDeskDraft[] = [];
  if (!article.drafts.length) return saved;
  const existing = await store.listDeskEvents({ limit: Number.MAX_SAFE_INTEGER });
  const kept: { event: DeskEvent; already_saved: boolean }[] = [];
  for (const draft of article.drafts) {
    const input = deskInputOfDraft(draft);
    // A draft the desk held before this save began is answered at once (an article read again
    // takes no id). One not there then is decided inside the create's write transaction, which
    // reads the desk again: a save of the same passage written meanwhile is the answer, not a second event.
    const before = savedBefore(existing, input);
    // The reader's warnings are kept on the desk event, so the verifier and the publisher see them
    // (they were said once, at save time, and lost). Its links are made by the create, inside its
    // write transaction: one draft saved earlier in this article is linked like any other.
    const k = before
      ? { event: before, already_saved: true }
      : await createDeskEventOnce(
          store,
          input,
          by,
          deps,
          { warnings: draft.problems.map((p) => ({ code: p.code, field: p.field, message: p.message })) },
          savedBeforeIn(input),
        );
    if (!before) existing.push(k.event);
    kept.push(k);
  }
  // Each names the other desk events of its day and place once all are saved, so the first of two
  // passages about one incident names the second too; a new one is read again for its links as
  // the store holds them now (the second's create linked the first).
  for (const k of kept)
    saved.push({
      event: k.already_saved ? k.event : ((await store.getDeskEvent(k.event.id)) ?? k.event),
      already_saved: k.already_saved,
      same_incident: sameIncident(existing, k.event),
    });
  return saved;
}
