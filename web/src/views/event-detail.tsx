/**
 * The event detail panel: the records of other sources linked to it as the same incident, every
 * stored field, the articles the source cites, and the original record.
 */
import { useEffect, useRef } from 'preact/hooks';
import { apiUrl } from '../api/client.ts';
import type { EventAnswer, SameIncident } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { ErrorBox, Loading } from '../components/status.tsx';
import { t } from '../i18n/t.ts';
import { fmtInt } from '../format.ts';
import { formatState, getState, setOptions } from '../state/url-state.ts';

const show = (v: unknown): string =>
  v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);
const isUrl = (s: string) => /^https?:\/\//.test(s);

/** A table of every key and value of an object, in its own order. */
function Fields({ data, testid }: { data: Record<string, unknown>; testid: string }) {
  return (
    <table class="fields" data-testid={testid}>
      <tbody>
        {Object.entries(data).map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{show(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Opens another event's panel in place of this one. The entry the table pushed stays the one Back
 * leaves, so Close still returns to the table; a new tab or window follows the link itself.
 */
function openInPlace(e: MouseEvent, id: string) {
  if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  const opened = (history.state as { opened?: string } | null)?.opened === getState().options.event;
  setOptions({ event: id }, 'replace', opened ? { opened: id } : null);
}

/** The records of other sources that the stored linkage holds to be the same incident, or why there are none. */
function SameIncidentSection({ same }: { same: SameIncident }) {
  const state = getState();
  return (
    <section data-testid="detail-same-incident" data-status={same.status}>
      <h3>{t('detail.same')}</h3>
      {same.records?.length ? (
        <div class="table-scroll">
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">{t('detail.same.col.record')}</th>
                <th scope="col">{t('detail.same.col.source')}</th>
                <th scope="col">{t('detail.same.col.date')}</th>
                <th scope="col">{t('detail.same.col.place')}</th>
                <th scope="col">{t('detail.same.col.deaths')}</th>
                <th scope="col">{t('detail.same.col.joined')}</th>
              </tr>
            </thead>
            <tbody>
              {same.records.map((r) => (
                <tr key={r.id}>
                  <td class="nowrap">
                    <a
                      data-testid="same-incident-link"
                      href={formatState({ view: 'events', filters: state.filters, options: { event: r.id } })}
                      aria-label={t('detail.same.open', { id: r.id })}
                      onClick={(e) => openInPlace(e, r.id)}
                    >
                      {r.id}
                    </a>
                  </td>
                  <td class="muted nowrap">
                    {r.source} {r.source_version}
                  </td>
                  <td class="date">
                    {r.date_start === r.date_end ? r.date_start : `${r.date_start} – ${r.date_end}`}
                  </td>
                  <td>{[r.admin1_code, r.admin2_name].filter(Boolean).join(', ') || '—'}</td>
                  <td class="num">{r.fatalities_best === null ? '—' : fmtInt(r.fatalities_best)}</td>
                  <td class="nowrap" title={r.reasons.join('; ')}>
                    {r.joined === 'direct' && r.score !== null
                      ? t('detail.same.joined.direct', { score: r.score.toFixed(2) })
                      : t('detail.same.joined.through_incident')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p data-testid="same-incident-none">{t(`detail.same.${same.status as 'none_linked'}`)}</p>
      )}
      <p class="muted" data-testid="same-incident-note">
        {same.note.charAt(0).toUpperCase() + same.note.slice(1)}
      </p>
    </section>
  );
}

/** A modal dialog with the event in full; Escape or Close returns to the table. */
export function EventDetail({ id }: { id: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(document.activeElement);
  const r = useApi<EventAnswer>(apiUrl(`/events/${encodeURIComponent(id)}`));
  // Escape fires both cancel and close: the panel leaves its entry once. The entry the table pushed
  // to open it is left with Back, so the history holds no second copy of the table; a panel a link
  // opened is closed in place.
  const closed = useRef(false);
  const close = () => {
    if (closed.current || getState().options.event !== id) return;
    closed.current = true;
    if ((history.state as { opened?: string } | null)?.opened === id) history.back();
    else setOptions({ event: undefined }, 'replace');
  };
  useEffect(() => {
    const d = dialog.current!;
    if (!d.open) d.showModal();
    const back = opener.current;
    return () => {
      if (back instanceof HTMLElement && back.isConnected) back.focus();
    };
  }, []);
  const e = r.data?.event;
  const { original, source_articles: sourceArticles, ...fields } = e ?? ({} as EventAnswer['event']);
  const articles = (sourceArticles ?? []).filter(Boolean);
  return (
    <dialog
      ref={dialog}
      class="detail"
      data-testid="event-detail"
      aria-labelledby="detail-title"
      onClose={close}
      onCancel={close}
    >
      <header class="detail-head">
        <h2 id="detail-title">{t('detail.title', { id })}</h2>
        <button type="button" class="button-secondary" onClick={close} autofocus>
          {t('detail.close')}
        </button>
      </header>
      {r.error && <ErrorBox error={r.error} />}
      {!e && r.loading && <Loading />}
      {e && (
        <div class="detail-body">
          {r.data?.same_incident && <SameIncidentSection same={r.data.same_incident} />}
          <section>
            <h3>{t('detail.articles')}</h3>
            {articles.length ? (
              <ul class="articles">
                {articles.map((a, i) => (
                  <li key={i}>
                    {isUrl(a) ? (
                      <a href={a} rel="noreferrer noopener" target="_blank">
                        {a}
                      </a>
                    ) : (
                      a
                    )}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">{t('detail.noArticles')}</p>
            )}
          </section>
          <section>
            <h3>{t('detail.fields')}</h3>
            <Fields data={fields} testid="detail-fields" />
          </section>
          <section>
            <h3>{t('detail.original')}</h3>
            {original && typeof original === 'object' ? (
              <Fields data={original as Record<string, unknown>} testid="detail-original" />
            ) : (
              <pre>{show(original)}</pre>
            )}
          </section>
        </div>
      )}
    </dialog>
  );
}
