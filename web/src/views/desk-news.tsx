/**
 * Desk: a news report pasted as text (POST /api/v1/desk/news). "Read" shows the draft events the
 * reader finds, each field with the words it came from and the problems to fix; "Save as desk
 * drafts" saves them, cited by the report's address, for submitting and review.
 */
import { useState } from 'preact/hooks';
import { desk } from '../api/desk-request.ts';
import { TextField } from '../components/text-field.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { t } from '../i18n/t.ts';
import { fmtInt } from '../format.ts';

/** A field of a draft: the value and the words of the report it was read from. */
interface Read<T> {
  value: T | null;
  words: string[];
}
/** The parts of a draft the card shows (the API's answer has them all: docs/news.md). */
interface Draft {
  passage: string;
  date: Read<string>;
  /** `point_source` says whose point it is when not GeoNames' (UCDP's geocoding of a village). */
  place: Read<{
    name: string;
    kind: string;
    country: string;
    admin1_name: string | null;
    point_source: string | null;
  }>;
  actors: Read<{ id: string; name: string }[]>;
  killed: Read<{ total: number; bound: string }>;
  injured: Read<{ total: number; bound: string }>;
  /** The reader's own kind (attack, bombing, ...): shown beside the type the desk saves. */
  type: Read<string>;
  /** The desk form's type the draft is saved with (the API maps the reader's kind: attack is other). */
  common_type: string;
  problems: { field: string; code: string; message: string }[];
}
interface Saved {
  id: number;
  state: string;
  problems: string[];
  already_saved: boolean;
  same_incident: number[];
}
interface NewsAnswer {
  article: { url: string | null; outlet: string | null; published: string | null };
  passages: number;
  not_violent: number;
  unread_paragraphs: number;
  drafts: Draft[];
  hidden_drafts: number;
  desk_events: Saved[] | null;
}

const BOUND: Record<string, string> = {
  exact: '',
  at_least: 'at least ',
  more_than: 'more than ',
  about: 'about ',
  up_to: 'up to ',
};
const count = (c: { total: number; bound: string } | null) =>
  c === null ? null : `${BOUND[c.bound] ?? ''}${fmtInt(c.total)}`;

const LABELS = {
  date: 'desk.news.field.date',
  place: 'desk.news.field.place',
  actors: 'desk.news.field.actors',
  killed: 'desk.news.field.killed',
  injured: 'desk.news.field.injured',
  type: 'desk.news.field.type',
} as const satisfies Record<string, MessageKey>;

/** One row of a draft: the field, what was read (with a note beside it), and the words it came from. */
function Row({
  name,
  value,
  words,
  note,
  none = 'desk.news.notFound',
}: {
  name: keyof typeof LABELS;
  value: string | null;
  words: string[];
  note?: string;
  /** What a missing value reads as: not found, or for a count the report does not give, not given. */
  none?: MessageKey;
}) {
  return (
    <tr data-field={name}>
      <th scope="row">{t(LABELS[name])}</th>
      <td data-value={value ?? ''}>
        {value ?? <span class="muted">{t(none)}</span>}
        {note && <span class="muted small"> {note}</span>}
      </td>
      <td class="muted small">{words.map((w) => `“${w}”`).join(', ')}</td>
    </tr>
  );
}

function DraftCard({ d, n }: { d: Draft; n: number }) {
  const place = d.place.value
    ? `${d.place.value.name} (${d.place.value.kind}, ${d.place.value.admin1_name ?? d.place.value.country})`
    : null;
  return (
    <div class="news-draft" data-testid="news-draft">
      <h3>{t('desk.news.draft', { n })}</h3>
      <table class="data-table">
        <tbody>
          <Row name="date" value={d.date.value} words={d.date.words} />
          <Row
            name="place"
            value={place}
            words={d.place.words}
            note={d.place.value?.point_source ?? undefined}
          />
          <Row
            name="actors"
            value={d.actors.value ? d.actors.value.map((a) => a.name).join('; ') : null}
            words={d.actors.words}
          />
          <Row name="killed" value={count(d.killed.value)} words={d.killed.words} none="desk.news.notGiven" />
          <Row
            name="injured"
            value={count(d.injured.value)}
            words={d.injured.words}
            none="desk.news.notGiven"
          />
          <Row
            name="type"
            value={d.common_type}
            words={d.type.words}
            note={t('desk.news.readAs', { kind: d.type.value ?? t('desk.news.notFound') })}
          />
        </tbody>
      </table>
      {d.problems.length > 0 && (
        <ul class="small" data-testid="news-draft-problems">
          {d.problems.map((p) => (
            <li key={p.code + p.message}>{p.message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The line of what was read: drafts from passages, then only the counts that are not zero. */
function found(a: NewsAnswer): string {
  const head = {
    drafts: t('desk.news.drafts', { n: a.drafts.length }),
    passages: t('desk.news.passages', { n: a.passages }),
  };
  const notes = (
    [
      ['desk.news.quiet', a.not_violent],
      ['desk.news.hidden', a.hidden_drafts],
      ['desk.news.unread', a.unread_paragraphs],
    ] as const
  )
    .filter(([, n]) => n > 0)
    .map(([key, n]) => t(key, { n }));
  return notes.length
    ? t('desk.news.foundNotes', { ...head, notes: notes.join('; ') })
    : t('desk.news.found', head);
}

/** The card: the report, where it was published, and the drafts read from it. */
export function NewsForm({ apiKey, onChange }: { apiKey: string; onChange: () => void }) {
  const [answer, setAnswer] = useState<NewsAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const send = async (form: HTMLFormElement, save: boolean) => {
    const f = new FormData(form);
    const v = (k: string) => String(f.get(k) ?? '').trim() || undefined;
    setError(null);
    setMessage(null);
    setBusy(true);
    try {
      const a = await desk<NewsAnswer>(apiKey, '/news', {
        text: String(f.get('text') ?? ''),
        url: v('url'),
        outlet: v('outlet'),
        published: v('published'),
        all: f.get('all') === 'on',
        save,
      });
      setAnswer(a);
      if (a.desk_events) onChange();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const submit = async (id: number) => {
    setError(null);
    try {
      const e = await desk<Saved>(apiKey, `/events/${id}/submit`, {});
      setMessage(t('desk.submitted', { id: e.id, state: e.state }));
      setAnswer((a) =>
        a && a.desk_events
          ? { ...a, desk_events: a.desk_events.map((s) => (s.id === id ? { ...s, state: e.state } : s)) }
          : a,
      );
      onChange();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section class="card" aria-labelledby="desk-news-title">
      <h2 id="desk-news-title">{t('desk.news.title')}</h2>
      <p class="muted small">{t('desk.news.intro')}</p>
      <form
        class="desk-form"
        data-testid="news-form"
        onSubmit={(e) => {
          e.preventDefault();
          void send(e.currentTarget, true);
        }}
      >
        <div class="field field-wide">
          <label for="news-text">{t('desk.news.text')}</label>
          <textarea id="news-text" name="text" rows={6} required />
        </div>
        <TextField prefix="news" name="url" label={t('desk.citeUrl')} type="url" />
        <TextField prefix="news" name="outlet" label={t('desk.citeOutlet')} />
        <TextField prefix="news" name="published" label={t('desk.news.published')} type="date" />
        <div class="field field-wide">
          <label class="check">
            <input type="checkbox" id="news-all" name="all" /> {t('desk.news.all')}
          </label>
        </div>
        <div class="field field-actions">
          <button
            type="button"
            class="button-secondary"
            data-testid="news-read"
            disabled={busy}
            onClick={(e) => void send((e.currentTarget as HTMLButtonElement).form!, false)}
          >
            {t('desk.news.read')}
          </button>
          <button type="submit" class="button-primary" data-testid="news-save" disabled={busy}>
            {t('desk.news.save')}
          </button>
        </div>
      </form>
      {error && (
        <p class="error-box" role="alert" data-testid="news-error">
          {error}
        </p>
      )}
      {message && (
        <p role="status" data-testid="news-message">
          {message}
        </p>
      )}
      {answer && (
        <div data-testid="news-drafts" data-drafts={answer.drafts.length}>
          <p role="status">{found(answer)}</p>
          {answer.drafts.map((d, i) => (
            <DraftCard key={i} d={d} n={i + 1} />
          ))}
          {answer.desk_events && (
            <ul data-testid="news-saved">
              {answer.desk_events.map((s) => (
                <li key={s.id} data-id={s.id} data-state={s.state}>
                  {t(s.already_saved ? 'desk.news.alreadySaved' : 'desk.news.saved', {
                    id: s.id,
                    state: s.state,
                  })}
                  {s.same_incident.length > 0 &&
                    ` ${t('desk.news.sameIncident', { ids: s.same_incident.join(', ') })}`}
                  {s.problems.length > 0
                    ? ` ${t('desk.news.fix', { problems: s.problems.join('; ') })}`
                    : s.state === 'draft' && (
                        <>
                          {' '}
                          <button
                            type="button"
                            class="button-primary"
                            data-testid={`news-submit-${s.id}`}
                            onClick={() => submit(s.id)}
                          >
                            {t('desk.submit')}
                          </button>
                        </>
                      )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
