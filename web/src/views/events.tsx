/** Events: a sortable, paged table of the filtered events, CSV export, and the event detail panel. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { apiUrl } from '../api/client.ts';
import type { EventSummary, EventsPage } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { SourceNote } from '../components/source-note.tsx';
import { useNarrow } from '../components/use-narrow.ts';
import { CoverageWarning, Empty, ErrorBox, Loading } from '../components/status.tsx';
import { fmtInt } from '../format.ts';
import { t, tMaybe } from '../i18n/t.ts';
import { getState, setOptions, type UrlState } from '../state/url-state.ts';
import { EventDetail } from './event-detail.tsx';
import { cursorBefore, rememberNext } from './event-pages.ts';

const PAGE = 50;
const CSV_ROWS = 1000;
const SORTS = ['date', '-date', 'fatalities', '-fatalities'] as const;
type Sort = (typeof SORTS)[number];

function SortHeader({ col, label, sort }: { col: 'date' | 'fatalities'; label: string; sort: Sort }) {
  const dir = sort === col ? 'ascending' : sort === `-${col}` ? 'descending' : 'none';
  const next: Sort = sort === `-${col}` ? col : `-${col}`;
  return (
    <th scope="col" aria-sort={dir} class="num-if-deaths">
      <button
        type="button"
        class="sort"
        data-testid={`sort-${col}`}
        aria-label={t('events.sortBy', { col: label })}
        onClick={() => setOptions({ sort: next === '-date' ? undefined : next, cursor: undefined })}
      >
        {label} <span aria-hidden="true">{dir === 'ascending' ? '▲' : dir === 'descending' ? '▼' : '↕'}</span>
      </button>
    </th>
  );
}

function Row({ e, narrow }: { e: EventSummary; narrow: boolean }) {
  // The entry marks the event it opened: closing the panel goes back to the entry before it.
  const open = () => setOptions({ event: e.id }, 'push', { opened: e.id });
  const deaths = e.fatalities_best === null ? '—' : fmtInt(e.fatalities_best);
  const range =
    e.fatalities_low !== null &&
    e.fatalities_high !== null &&
    (e.fatalities_low !== e.fatalities_best || e.fatalities_high !== e.fatalities_best)
      ? ` (${fmtInt(e.fatalities_low)}–${fmtInt(e.fatalities_high)})`
      : '';
  const deathCells = (
    <>
      <td class="num">
        {deaths}
        <span class="muted">{range}</span>
      </td>
      <td class="num">{e.deaths_civilians === null ? '—' : fmtInt(e.deaths_civilians)}</td>
    </>
  );
  return (
    <tr onClick={open} class="clickable">
      <td class="date">
        <button
          type="button"
          class="link-button"
          data-testid="event-open"
          aria-label={t('events.open', { id: e.id })}
          onClick={(ev) => (ev.stopPropagation(), open())}
        >
          {e.date_start}
        </button>
      </td>
      {narrow && deathCells}
      <td>{[...new Set([e.place, e.admin2_name].filter(Boolean))].join(', ') || '—'}</td>
      <td>{e.admin1_name ?? e.admin1 ?? '—'}</td>
      <td>{tMaybe(`type.${e.type}`, e.type)}</td>
      <td class="actors">{e.actors.join(' — ')}</td>
      {!narrow && deathCells}
      <td class="muted nowrap">
        {e.source} {e.source_version}
      </td>
    </tr>
  );
}

/** The Events view. */
export function EventsView({ state }: { state: UrlState }) {
  const sort: Sort = (SORTS as readonly string[]).includes(state.options.sort ?? '')
    ? (state.options.sort as Sort)
    : '-date';
  const base = { ...state.filters, sort, limit: PAGE };
  // The page is the URL's `cursor` (the API's, for this filter and sort), so a link opens it; a sort
  // or filter change drops it in the same URL change, as the API refuses it for another query.
  const cursor = state.options.cursor;
  const page = useApi<EventsPage>(apiUrl('/events', { ...base, cursor }));
  const data = page.data;
  // A cursor of another query (a link whose filter was edited by hand): page 1 in its place.
  const refused = !!cursor && !!page.error?.message.startsWith('invalid cursor');
  useEffect(() => {
    if (refused) setOptions({ cursor: undefined }, 'replace');
  }, [refused]);
  const top = useRef<HTMLElement>(null);
  const [finding, setFinding] = useState(false);
  // On a phone the deaths come right after the date: at the table's end they lay past four columns
  // of text, out of sight until the table was scrolled sideways.
  const narrow = useNarrow();
  const turn = (next: string | undefined) => {
    setOptions({ cursor: next });
    // The new page starts at the table's top: bring it into view from the pager below.
    top.current?.scrollIntoView({ block: 'start' });
  };
  const previous = async () => {
    if (!cursor || !data) return;
    setFinding(true);
    try {
      const before = await cursorBefore(base, cursor, data.offset, PAGE);
      // Unless the reader moved on (another page, sort or filter) while it was found.
      if (getState().options.cursor === cursor) turn(before);
    } finally {
      setFinding(false);
    }
  };
  const next = () => {
    if (!data?.next_cursor) return;
    rememberNext(cursor, data.next_cursor);
    turn(data.next_cursor);
  };
  // The API's total is null where no loaded source covers the filter and nothing matched: then the
  // empty state says "not covered", and no count is shown.
  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const pageNo = data ? Math.floor(data.offset / PAGE) + 1 : 1;
  const deathHeads = (
    <>
      <SortHeader col="fatalities" label={t('events.col.deaths')} sort={sort} />
      <th scope="col" class="num">
        {t('events.col.civilians')}
      </th>
    </>
  );
  const csv = apiUrl('/events', { ...state.filters, sort, limit: CSV_ROWS, format: 'csv' });
  return (
    <section class="card" aria-labelledby="events-title" ref={top}>
      <header class="card-head">
        <h2 id="events-title">{t('events.title')}</h2>
        {data && data.total !== null && (
          <p class="muted" data-testid="events-total" data-value={data.total}>
            {t('events.total', { n: fmtInt(data.total) })}
          </p>
        )}
        {/* The download asks the same query: after a failure it would fail too (or save an error);
            where no event matches it would hold a header alone ("first 0 rows"). */}
        {!page.error && !(data && total === 0) && (
          <a class="button-secondary" href={csv} download="faultline-events.csv" data-testid="csv-link">
            {/* Whether the file holds every match or the first 1,000 of more (it read "first 23 rows" of 23, "first 1 rows"). */}
            {data && total <= CSV_ROWS
              ? t('events.csv.all', { n: fmtInt(total) })
              : data
                ? t('events.csv.cut', { n: fmtInt(CSV_ROWS), of: fmtInt(total) })
                : t('events.csv', { n: fmtInt(CSV_ROWS) })}
          </a>
        )}
      </header>
      {page.error && <ErrorBox error={page.error} />}
      {!data && page.loading && <Loading />}
      {data && total === 0 && (
        <Empty coverage={data.meta.coverage} status={data.meta.coverage_status} period={data.meta.period} />
      )}
      {data && total > 0 && (
        <div class={`table-scroll${page.loading ? ' is-stale' : ''}`} aria-busy={page.loading}>
          <table class="data-table" data-testid="events-table">
            <caption class="visually-hidden">{t('events.total', { n: fmtInt(total) })}</caption>
            <thead>
              <tr>
                <SortHeader col="date" label={t('events.col.date')} sort={sort} />
                {narrow && deathHeads}
                <th scope="col">{t('events.col.place')}</th>
                <th scope="col">{t('events.col.admin1')}</th>
                <th scope="col">{t('events.col.type')}</th>
                <th scope="col">{t('events.col.actors')}</th>
                {!narrow && deathHeads}
                <th scope="col">{t('events.col.source')}</th>
              </tr>
            </thead>
            <tbody>
              {data.events.map((e) => (
                <Row key={e.id} e={e} narrow={narrow} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && total > PAGE && (
        <nav class="pager" aria-label={t('events.page', { page: pageNo, pages })}>
          <button
            type="button"
            class="button-secondary"
            data-testid="prev-page"
            disabled={!cursor || page.loading || finding}
            onClick={() => void previous()}
          >
            {t('events.prev')}
          </button>
          <span data-testid="page-indicator">
            {t('events.page', { page: fmtInt(pageNo), pages: fmtInt(pages) })}
          </span>
          <button
            type="button"
            class="button-secondary"
            data-testid="next-page"
            disabled={!data.next_cursor || page.loading || finding}
            onClick={next}
          >
            {t('events.next')}
          </button>
        </nav>
      )}
      <CoverageWarning text={data?.meta.coverage_warning} />
      <SourceNote sources={data?.meta.sources} desk={data?.meta.desk_events} />
      {state.options.event && <EventDetail key={state.options.event} id={state.options.event} />}
    </section>
  );
}
