/**
 * Desk: a form to add a desk event (a draft, then submit it for review) and the review queue,
 * oldest first, with the actions the key's role allows. Every request carries the API key the
 * user typed (kept in this browser's localStorage); refusals show the API's one-line message.
 */
import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { desk, DeskError } from '../api/desk-request.ts';
import { TextField } from '../components/text-field.tsx';
import { fmtDuration } from '../format.ts';
import { formNames } from './desk-form-names.ts';
import { NewsForm } from './desk-news.tsx';
import { t } from '../i18n/t.ts';

const KEY_STORE = 'faultline-api-key';
const TYPES = [
  'battle',
  'remote-violence',
  'violence-against-civilians',
  'protest',
  'riot',
  'strategic',
  'other',
];

interface QueueItem {
  id: number;
  state: 'submitted' | 'verified';
  headline: string | null;
  date_start: string | null;
  waiting_since: string;
  next_role: string;
  /** What the news reader warned of in the draft (actor_inferred, toll_date, ...). */
  warnings: { code: string; field: string; message: string }[];
  /**
   * Desk events that may be the same incident: `possible` until a publisher says how they relate;
   * with the other event's state now (only a published one can be replaced).
   */
  same_incident: {
    id: number;
    relation: 'possible' | 'supersedes' | 'superseded_by' | 'distinct';
    state: string;
  }[];
}

/** A possible same incident that is published: publishing beside it needs a word (replacing it, or distinct from it). */
const publishedMatch = (l: QueueItem['same_incident'][number]) =>
  l.relation === 'possible' && l.state === 'published';

/** What a queue row says of a linked event: a possible one says whether it is published, as that decides what publishing offers. */
function linkText(l: QueueItem['same_incident'][number]): string {
  if (l.relation !== 'possible') return t(`desk.sameIncident.${l.relation}`, { id: l.id });
  return l.state === 'published'
    ? t('desk.sameIncident.possiblePublished', { id: l.id })
    : t('desk.sameIncident.possibleUnpublished', { id: l.id, state: l.state });
}
interface DeskEvent {
  id: number;
  state: string;
  problems: string[];
  /** The JSON names of the fields of each problem, parallel to `problems`. */
  problem_fields: string[][];
}

/** A refusal as the form keeps it: the API's line and the fields it names (none for a fault of the network). */
interface Refusal {
  message: string;
  fields: readonly string[];
}

const refusalOf = (err: unknown): Refusal => ({
  message: (err as Error).message,
  fields: err instanceof DeskError ? err.fields : [],
});

/** A field of the add form (`#desk-<name>`). */
const Text = (p: {
  name: string;
  label: string;
  type?: 'text' | 'date' | 'number' | 'url';
  placeholder?: string;
  invalid?: boolean;
}) => <TextField prefix="desk" {...p} />;

/** The add form: fields and one citation; the saved draft's problems are listed, with a submit button. */
function AddForm({ apiKey, onChange }: { apiKey: string; onChange: () => void }) {
  const [saved, setSaved] = useState<DeskEvent | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<Refusal | null>(null);
  // The API names fields by JSON name in its text, and says which fields it is about as a list:
  // the form shows its labels in the text and marks the fields of the list.
  const refusal = error ? formNames(error.message, error.fields) : null;
  const problems = (saved?.problems ?? []).map((p, i) => formNames(p, saved?.problem_fields[i]));
  const marked = new Set([...(refusal?.fields ?? []), ...problems.flatMap((p) => p.fields)]);
  const bad = (name: string) => marked.has(name);
  // A refusal takes the cursor to the first field it names, to be put right: in the render that
  // shows it (a layout effect), not after the next frame, when the user (or a test, typing at
  // once) may already be in another field and would see the cursor jump mid-word.
  useLayoutEffect(() => {
    if (refusal?.fields[0]) document.getElementById(`desk-${refusal.fields[0]}`)?.focus();
  }, [error]);
  const save = async (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.target as HTMLFormElement);
    const v = (k: string) => (String(f.get(k) ?? '').trim() || undefined) as string | undefined;
    // A number that does not read as one goes as typed, for the API to refuse quoting it
    // (`invalid lat: "33,5"`): Number() made it NaN, sent as null, and the point was dropped.
    const num = (k: string) => {
      const x = v(k);
      return x === undefined || !Number.isFinite(Number(x)) ? x : Number(x);
    };
    const cite = [v('cite_url'), v('cite_outlet'), v('cite_published'), v('cite_quote')];
    const body = {
      date_start: v('date'),
      country: v('country'),
      admin1: v('admin1'),
      admin2: v('admin2'),
      place: v('place'),
      lat: num('lat'),
      lon: num('lon'),
      common_type: v('type'),
      fatalities_best: num('killed'),
      headline: v('headline'),
      // A citation begun (an outlet or a quote without the URL) is sent, for the API to name what
      // it lacks, not dropped.
      citations: cite.some((c) => c !== undefined)
        ? [{ url: cite[0], outlet: cite[1], published_at: cite[2], quote: cite[3] }]
        : [],
    };
    setError(null);
    setMessage(null);
    try {
      setSaved(await desk<DeskEvent>(apiKey, '/events', body));
    } catch (err) {
      setError(refusalOf(err));
    }
  };
  const submit = async () => {
    setError(null);
    try {
      const e = await desk<DeskEvent>(apiKey, `/events/${saved!.id}/submit`, {});
      setMessage(t('desk.submitted', { id: e.id, state: e.state }));
      setSaved(null);
      onChange();
    } catch (err) {
      setError(refusalOf(err));
    }
  };
  return (
    <section class="card" aria-labelledby="desk-add-title">
      <h2 id="desk-add-title">{t('desk.add')}</h2>
      <form
        class="desk-form"
        data-testid="desk-form"
        onSubmit={save}
        // The browser's own check (a number field's "2.5" deaths) blocks the save before `save` runs:
        // the last refusal ("-3") would stay on screen beside the browser's note on the new input.
        onInvalidCapture={() => setError(null)}
      >
        <Text name="date" label={t('desk.date')} type="date" invalid={bad('date')} />
        <div class="field">
          <label for="desk-country">{t('desk.country')}</label>
          {/* Nothing chosen for the user: a draft left without a country lists it as a problem. */}
          <select id="desk-country" name="country" aria-invalid={bad('country') || undefined}>
            <option value="">{t('desk.countryNone')}</option>
            <option value="PAK">PAK</option>
            <option value="AFG">AFG</option>
          </select>
        </div>
        <Text name="admin1" label={t('desk.admin1')} invalid={bad('admin1')} />
        <Text name="admin2" label={t('desk.admin2')} invalid={bad('admin2')} />
        <Text name="place" label={t('desk.place')} invalid={bad('place')} />
        <Text name="lat" label={t('desk.lat')} invalid={bad('lat')} />
        <Text name="lon" label={t('desk.lon')} invalid={bad('lon')} />
        <div class="field">
          <label for="desk-type">{t('desk.type')}</label>
          {/* other, as the API and `desk add` take a type not given: never a battle unless chosen. */}
          <select id="desk-type" name="type" aria-invalid={bad('type') || undefined}>
            {TYPES.map((ty) => (
              <option key={ty} value={ty} selected={ty === 'other'}>
                {ty}
              </option>
            ))}
          </select>
        </div>
        <Text name="killed" label={t('desk.killed')} type="number" invalid={bad('killed')} />
        <Text name="headline" label={t('desk.headline')} invalid={bad('headline')} />
        <Text name="cite_url" label={t('desk.citeUrl')} type="url" invalid={bad('cite_url')} />
        <Text name="cite_outlet" label={t('desk.citeOutlet')} invalid={bad('cite_outlet')} />
        <Text
          name="cite_published"
          label={t('desk.citePublished')}
          invalid={bad('cite_published')}
          placeholder={t('desk.citePublishedExample')}
        />
        <Text name="cite_quote" label={t('desk.citeQuote')} invalid={bad('cite_quote')} />
        <div class="field field-actions">
          <button type="submit" class="button-primary" data-testid="desk-save">
            {t('desk.save')}
          </button>
        </div>
      </form>
      {error && (
        <p class="error-box" role="alert" data-testid="desk-error">
          {refusal!.text}
        </p>
      )}
      {message && (
        <p role="status" data-testid="desk-message">
          {message}
        </p>
      )}
      {saved && (
        <div data-testid="desk-saved" data-id={saved.id}>
          <p role="status">{t('desk.created', { id: saved.id })}</p>
          {problems.length > 0 && (
            <>
              <p>{t('desk.problems')}</p>
              <ul data-testid="desk-problems">
                {problems.map((p) => (
                  <li key={p.text}>{p.text}</li>
                ))}
              </ul>
            </>
          )}
          <button type="button" class="button-primary" data-testid="desk-submit" onClick={submit}>
            {t('desk.submit')}
          </button>
        </div>
      )}
    </section>
  );
}

/** The review queue with verify, reject (with a reason) and publish buttons. */
function Queue({ apiKey, version, onChange }: { apiKey: string; version: number; onChange: () => void }) {
  const [queue, setQueue] = useState<QueueItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reasons, setReasons] = useState<Record<number, string>>({});
  // The time the queue was read: each row's wait is counted to it.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!apiKey) return;
    desk<{ queue: QueueItem[] }>(apiKey, '/queue')
      .then((r) => {
        setQueue(r.queue);
        setNow(Date.now());
        setError(null);
      })
      .catch((e: Error) => setError(e.message));
  }, [apiKey, version]);
  const act = async (id: number, action: string, body: unknown = {}) => {
    try {
      await desk(apiKey, `/events/${id}/${action}`, body);
      setError(null);
      onChange();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section class="card" aria-labelledby="desk-queue-title">
      <h2 id="desk-queue-title">{t('desk.queue')}</h2>
      {error && (
        <p class="error-box" role="alert" data-testid="queue-error">
          {error}
        </p>
      )}
      {!apiKey && <p class="muted">{t('desk.queueNeedsKey')}</p>}
      {queue && queue.length === 0 && <p data-testid="queue-empty">{t('desk.queueEmpty')}</p>}
      {queue && queue.length > 0 && (
        // On a phone each row is a block of labelled lines with its buttons below (styles.css,
        // .phone-stack): seven columns and a reason box do not fit 390 px without a sideways scroll.
        <div class="table-scroll">
          <table class="data-table desk-queue phone-stack" data-testid="desk-queue">
            <thead>
              <tr>
                <th scope="col">{t('desk.col.id')}</th>
                <th scope="col">{t('desk.col.state')}</th>
                <th scope="col">{t('desk.col.date')}</th>
                <th scope="col">{t('desk.col.headline')}</th>
                <th scope="col">{t('desk.col.waiting')}</th>
                <th scope="col">{t('desk.col.next')}</th>
                <th scope="col">{t('desk.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {queue.map((q) => (
                <tr key={q.id} data-id={q.id} data-state={q.state}>
                  <td data-label={t('desk.col.id')}>{q.id}</td>
                  <td data-label={t('desk.col.state')}>{q.state}</td>
                  <td data-label={t('desk.col.date')}>{q.date_start}</td>
                  <td data-label={t('desk.col.headline')}>
                    {q.headline}
                    {/* What the verifier and the publisher must see: the reader's warnings and the
                        events that may be the same incident (publishing beside a published one needs a word). */}
                    {(q.warnings.length > 0 || q.same_incident.length > 0) && (
                      <ul class="desk-notes" data-testid={`queue-notes-${q.id}`}>
                        {q.warnings.map((w) => (
                          <li key={w.code} data-warning={w.code}>
                            {t('desk.warning', { code: w.code, message: w.message })}
                          </li>
                        ))}
                        {q.same_incident.map((l) => (
                          <li
                            key={`s${l.id}`}
                            data-same-incident={l.id}
                            data-relation={l.relation}
                            data-other-state={l.state}
                          >
                            {linkText(l)}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td data-label={t('desk.col.waiting')} data-testid="queue-waiting">
                    {/* How long, in words; the exact time the API gives is the tooltip. */}
                    <time dateTime={q.waiting_since} title={q.waiting_since}>
                      {fmtDuration(now - Date.parse(q.waiting_since))}
                    </time>
                  </td>
                  <td data-label={t('desk.col.next')}>{q.next_role}</td>
                  <td>
                    <div class="queue-actions">
                      {q.state === 'submitted' && (
                        <button
                          type="button"
                          class="button-primary"
                          data-testid={`verify-${q.id}`}
                          onClick={() => act(q.id, 'verify')}
                        >
                          {t('desk.verify')}
                        </button>
                      )}
                      {/* Only what the API allows: beside a published possible same incident, plain
                          Publish is refused (409), and only a published event can be replaced. */}
                      {q.state === 'verified' && !q.same_incident.some(publishedMatch) && (
                        <button
                          type="button"
                          class="button-primary"
                          data-testid={`publish-${q.id}`}
                          onClick={() => act(q.id, 'publish')}
                        >
                          {t('desk.publish')}
                        </button>
                      )}
                      {q.state === 'verified' &&
                        q.same_incident
                          .filter((l) => l.relation === 'possible')
                          .map((l) => (
                            <span key={l.id} class="queue-relate">
                              {l.state === 'published' && (
                                <button
                                  type="button"
                                  data-testid={`publish-${q.id}-supersedes-${l.id}`}
                                  onClick={() => act(q.id, 'publish', { supersedes: [l.id] })}
                                >
                                  {t('desk.publishSupersedes', { id: l.id })}
                                </button>
                              )}
                              <button
                                type="button"
                                data-testid={`publish-${q.id}-distinct-${l.id}`}
                                onClick={() => act(q.id, 'publish', { distinct_from: [l.id] })}
                              >
                                {t('desk.publishDistinct', { id: l.id })}
                              </button>
                            </span>
                          ))}
                      <input
                        aria-label={t('desk.reason')}
                        placeholder={t('desk.reason')}
                        value={reasons[q.id] ?? ''}
                        onInput={(e) =>
                          setReasons({ ...reasons, [q.id]: (e.target as HTMLInputElement).value })
                        }
                      />
                      <button
                        type="button"
                        class="button-secondary"
                        data-testid={`reject-${q.id}`}
                        onClick={() => act(q.id, 'reject', { reason: reasons[q.id] ?? '' })}
                      >
                        {t('desk.reject')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The Desk view. */
export function DeskView() {
  const [apiKey, setApiKey] = useState(() => localStorage.getItem(KEY_STORE) ?? '');
  // Counts the keys entered: `data-key-version` says when the forms below act with the new key.
  const [keyVersion, setKeyVersion] = useState(0);
  const [version, setVersion] = useState(0);
  const changed = () => setVersion((n) => n + 1);
  return (
    <div class="stack">
      <section class="card">
        <h2>{t('desk.title')}</h2>
        <p>{t('desk.intro')}</p>
        <div class="field">
          <label for="desk-key">{t('desk.key')}</label>
          <input
            id="desk-key"
            type="password"
            autocomplete="off"
            value={apiKey}
            data-key-version={keyVersion}
            onChange={(e) => {
              const k = (e.target as HTMLInputElement).value.trim();
              localStorage.setItem(KEY_STORE, k);
              setApiKey(k);
              setKeyVersion((n) => n + 1);
            }}
          />
          <p class="muted small">{t('desk.keyHint')}</p>
        </div>
      </section>
      <NewsForm apiKey={apiKey} onChange={changed} />
      <AddForm apiKey={apiKey} onChange={changed} />
      <Queue apiKey={apiKey} version={version} onChange={changed} />
    </div>
  );
}
