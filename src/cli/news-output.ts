/** Text output of `faultline news`: each draft as a block of fields, each field beside the words it came from. */
import { grouped } from '../domain/format-number.ts';
import type { ArticleDraft, ArticleDrafts } from '../app/news/read-news.ts';
import type { SavedDraft } from '../app/news/news-text.ts';
import type { PollReport } from '../app/news/watch-feeds.ts';
import { quoteValue } from '../domain/quote.ts';
import { counted } from '../domain/plural.ts';
import type { Casualties, DraftField } from '../ingest/news/news-draft.ts';

const from = (field: DraftField<unknown>) =>
  field.words.length ? `  ← ${field.words.map((w) => `"${w}"`).join(', ')}` : '';
// Not QUALIFIER_WORDS (domain/qualified-value.ts): "more than 30" is strict (31 or more), a bound no figure qualifier has.
const BOUND_TEXT = {
  exact: '',
  at_least: 'at least ',
  more_than: 'more than ',
  up_to: 'up to ',
  about: 'about ',
};

function casualtiesText(c: Casualties | null): string {
  if (c === null) return '-';
  const groups = c.groups.map((g) => `${BOUND_TEXT[g.bound]}${grouped(g.count)} ${g.victims}`).join(' + ');
  return c.groups.length > 1 ? `${BOUND_TEXT[c.bound]}${grouped(c.total)} (${groups})` : groups;
}

/** One draft as an indented block. */
export function draftText(draft: ArticleDraft, n: number, of: number): string {
  const p = draft.place.value;
  // A point from a curated source or UCDP's geocoding says so, for the verifier to weigh.
  const place = p
    ? `${p.name} (${p.kind}${p.admin1_code ? `, ${p.admin1_code}` : ''}, ${p.country})${p.point_source ? `; point: ${p.point_source}` : ''}`
    : '-';
  const lines = [
    `draft ${grouped(n)} of ${grouped(of)}`,
    `  date      ${draft.date.value ?? '-'}${from(draft.date)}`,
    `  place     ${place}${from(draft.place)}`,
    `  actors    ${draft.actors.value?.map((a) => a.id).join(', ') ?? '-'}${from(draft.actors)}`,
    `  killed    ${casualtiesText(draft.killed.value)}${from(draft.killed)}`,
    `  injured   ${casualtiesText(draft.injured.value)}${from(draft.injured)}`,
    `  type      ${draft.common_type} (read as ${draft.type.value ?? 'no type'})${from(draft.type)}`,
    `  problems  ${draft.problems.length ? draft.problems.map((x) => x.message).join('; ') : 'none'}`,
    `  passage   ${draft.passage.replace(/\s+/g, ' ')}`,
  ];
  return lines.join('\n') + '\n';
}

/** An article's drafts, headed by the article and followed by what was not drafted. */
export function articleText(a: ArticleDrafts, countries: readonly string[]): string {
  const head = [
    `article: ${a.article.title ?? '(no title)'}`,
    a.article.outlet ? `outlet: ${a.article.outlet}` : null,
    a.article.url ? `url: ${a.article.url}` : null,
    `published: ${a.article.published ?? 'unknown'}${a.article.published_unread !== null ? ` (${quoteValue(a.article.published_unread)} could not be read)` : ''}`,
  ].filter(Boolean);
  const drafts = a.drafts.map((d, i) => draftText(d, i + 1, a.drafts.length)).join('\n');
  return `${head.join('\n')}\n\n${drafts}${drafts ? '\n' : ''}${summaryLine(a, countries)}\n`;
}

/** "2 drafts; 1 more outside PAK, AFG or not placed (--all shows it); 3 passages without violence". */
export function summaryLine(a: ArticleDrafts, countries: readonly string[]): string {
  const parts = [`${counted(a.drafts.length, 'draft')} from ${counted(a.passages, 'passage')}`];
  if (a.hidden_drafts)
    parts.push(
      `${grouped(a.hidden_drafts)} more placed outside ${countries.join(', ')} or not placed (--all shows ${a.hidden_drafts === 1 ? 'it' : 'them'})`,
    );
  if (a.not_violent) parts.push(`${counted(a.not_violent, 'passage')} without words of violence (no draft)`);
  if (a.unread_paragraphs)
    parts.push(
      `${counted(a.unread_paragraphs, 'paragraph')} after the lead not read (an article gives one draft, from its headline and first three paragraphs)`,
    );
  return parts.join('; ');
}

/**
 * A desk event saved from a news draft (`news add`, `news watch --save`), after `head`: whether it
 * was saved before, other desk events of its day and place, and its problems by the names given
 * (the CLI: the flags of `desk edit` that fix them).
 */
export function savedDraftText(
  head: string,
  e: Pick<SavedDraft, 'id' | 'already_saved' | 'same_incident'>,
  problems: readonly string[],
): string {
  return (
    head +
    (e.already_saved ? '; already saved from this article, not saved again' : '') +
    (e.same_incident.length
      ? `; same day and place as desk event${e.same_incident.length === 1 ? '' : 's'} ${e.same_incident.join(', ')}: maybe one incident, check before submitting`
      : '') +
    (problems.length ? `; problems to fix with faultline desk edit ${e.id}: ${problems.join('; ')}` : '')
  );
}

/**
 * One poll of feeds: a line per feed, then the drafts of its new items, and with --save the desk
 * events saved from them, their problems named by `named` (by JSON field without it).
 */
export function pollText(
  report: PollReport,
  countries: readonly string[],
  named: (e: SavedDraft) => readonly string[] = (e) => e.problems,
): string {
  const out: string[] = [];
  for (const f of report.feeds) {
    if (f.status === 'error') out.push(`feed ${quoteValue(f.url)}: failed: ${f.error}`);
    else if (f.status === 'not_modified')
      out.push(`feed ${quoteValue(f.url)}: not modified since the last poll (HTTP 304)`);
    else {
      const updated = f.updated_items
        ? `, ${grouped(f.updated_items)} updated since drafted (drafted again)`
        : '';
      const repeated = f.repeated_items
        ? `, ${grouped(f.repeated_items)} listed again under an id already listed (drafted once)`
        : '';
      // A feed that answered with a body (status new) always has its item count.
      out.push(
        `feed ${quoteValue(f.url)}: ${f.feed_title ?? '(no title)'}: ${counted(f.items ?? 0, 'item')}, ${grouped(f.new_items)} new${updated}${repeated}`,
      );
      for (const a of f.articles) {
        if (a.updated)
          out.push(
            '',
            `updated since it was drafted: ${a.item_id} (check the desk events of its first draft)`,
          );
        out.push('', articleText(a, countries).trimEnd());
        if (a.desk_events?.length === 0) out.push('saved for review as desk events: none');
        for (const e of a.desk_events ?? [])
          out.push(savedDraftText(`saved for review as desk event ${e.id} (${e.state})`, e, named(e)));
      }
    }
  }
  return `polled at ${report.polled_at}\n${out.join('\n')}\n`;
}
