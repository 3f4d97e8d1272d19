/** The event detail panel: every stored field, the articles the source cites, and the original record. */
import { useEffect, useRef } from 'preact/hooks';
import { apiUrl } from '../api/client.ts';
import type { EventAnswer } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { ErrorBox, Loading } from '../components/status.tsx';
import { t } from '../i18n/t.ts';
import { getState, setOptions } from '../state/url-state.ts';

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
