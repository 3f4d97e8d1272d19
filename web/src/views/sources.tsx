/**
 * Sources: what is loaded (coverage per source version), the import ledger, the published statistics,
 * and the licence and credit of each dataset (UCDP's and GeoNames' CC BY 4.0 and the districts' ODbL
 * ask for the credit where the data are shown).
 */
import { apiUrl } from '../api/client.ts';
import { useState } from 'preact/hooks';
import type { CreditRow, IndicatorsAnswer, SourcesAnswer } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { ErrorBox, Loading } from '../components/status.tsx';
import { useNarrow } from '../components/use-narrow.ts';
import { figurePlace, fmtFigure, fmtInt } from '../format.ts';
import { t, tMaybe } from '../i18n/t.ts';
import { useSources } from '../state/catalog.ts';
import type { UrlState } from '../state/url-state.ts';
import { chosenMetric, MetricSelect } from '../components/metric-select.tsx';
import { newestFirst } from './border-data.ts';
import { FigureOrigin } from './figure-origin.tsx';
import { Revision } from './figure-revision.tsx';
import { rowsLink } from './ledger-rows.ts';
import { alsoRecordedList } from '../../../src/domain/statistic.ts';

/** Rows the statistics table shows before "Show all": the newest figures (as Border and relations). */
const STATISTICS_SHOWN = 20;

/**
 * The published figures whose period overlaps the filter's dates, of its countries, and of the
 * metric chosen above the table (`metric` in the URL); newest first, the 20 newest until "Show all"
 * is pressed (all 133 bundled figures made a 17,600 px page). The API's notes (figures left out
 * whose geography names a filtered country with others) are shown under the table.
 */
function Statistics({ state }: { state: UrlState }) {
  const [showAll, setShowAll] = useState(false);
  const { from, to, country } = state.filters;
  const r = useApi<IndicatorsAnswer>(apiUrl('/statistics', { from, to, country }));
  if (r.error) return <ErrorBox error={r.error} />;
  if (!r.data) return <Loading />;
  const all = r.data.statistics;
  // No figure at all: words, not a select of "All metrics (0)", "0 of 0 figures" and a table of headers.
  if (!all.length)
    return (
      <p class="empty" data-testid="statistics-none">
        {statisticsNone(state)}
      </p>
    );
  const metric = chosenMetric(state, all);
  const rows = newestFirst(metric ? all.filter((s) => s.metric === metric) : all);
  const shown = showAll ? rows : rows.slice(0, STATISTICS_SHOWN);
  const byId = new Map(all.map((s) => [s.id, s]));
  return (
    <div class="table-scroll">
      <MetricSelect
        figures={all}
        metric={metric}
        shown={rows.length}
        testid="statistics"
        asked={state.options.metric}
      />
      {/* The table as a file to cite from, every row of it (not the 20 shown before "Show all"):
          the API's CSV of the same dates, countries and metric, each figure with its page, quote,
          definition and the file and line it was read from, as Border and relations offers. */}
      <p class="controls">
        <a
          class="button-secondary"
          href={apiUrl('/statistics', { from, to, country, metric: metric || undefined, format: 'csv' })}
          download={`faultline-${metric || 'published-figures'}.csv`}
          data-testid="statistics-csv"
          data-rows={rows.length}
        >
          {t('sources.statisticsCsv', { n: fmtInt(rows.length) })}
        </a>
      </p>
      <table class="data-table phone-stack" data-testid="statistics">
        <thead>
          <tr>
            <th scope="col">{t('sources.col.organisation')}</th>
            <th scope="col">{t('sources.col.report')}</th>
            <th scope="col">{t('sources.col.metric')}</th>
            <th scope="col">{t('sources.col.where')}</th>
            <th scope="col">{t('sources.col.period')}</th>
            <th scope="col" class="num">
              {t('sources.col.value')}
            </th>
          </tr>
        </thead>
        <tbody>
          {shown.map((s) => (
            <tr
              key={s.id}
              data-id={s.id}
              data-metric={s.metric}
              data-value={s.value}
              data-qualifier={s.qualifier}
            >
              <td data-label={t('sources.col.organisation')}>
                {s.url ? <a href={s.url}>{s.organisation}</a> : s.organisation}
              </td>
              {/* Each cell's content is one box: on a phone the cell is a row of its label and that box. */}
              <td data-label={t('sources.col.report')}>
                <div>
                  {s.report}
                  {s.secondary && <span class="muted small"> ({t('border.secondary')})</span>}
                  {/* A figure compiled twice is one row (the API merges it), naming its other records. */}
                  {s.also_recorded.length > 0 && (
                    <div class="muted small" data-testid="also-recorded">
                      {t('border.alsoRecorded', {
                        records: alsoRecordedList(s.also_recorded),
                      })}
                    </div>
                  )}
                  {/* A publisher's other release of the figure (the API's revises, revised_by), named
                      from every figure of the answer: the one it names may be past the 20 shown. */}
                  <Revision f={s} byId={byId} />
                </div>
              </td>
              <td data-label={t('sources.col.metric')}>
                <div>
                  {s.metric}
                  {/* What the figure counts, shown: two figures of one metric can count different things. */}
                  <div class="muted small" data-testid="definition">
                    {s.definition}
                  </div>
                </div>
              </td>
              {/* Where the people counted left, as the Border view's returns tables say it. */}
              <td data-label={t('sources.col.where')}>
                <div>
                  {figurePlace(s)}
                  <FigureOrigin f={s} />
                </div>
              </td>
              <td class="nowrap" data-label={t('sources.col.period')}>
                {s.period_start ? `${s.period_start} – ` : 'as of '}
                {s.period_end}
              </td>
              <td class="num" title={s.quote ?? undefined} data-label={t('sources.col.value')}>
                {fmtFigure(s)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length < rows.length && (
        <p class="controls" data-testid="statistics-cut" data-value={shown.length}>
          <span class="muted small">
            {t('sources.statisticsCut', { n: fmtInt(shown.length), of: fmtInt(rows.length) })}
          </span>{' '}
          <button type="button" data-testid="statistics-show-all" onClick={() => setShowAll(true)}>
            {t('sources.showAll', { of: fmtInt(rows.length) })}
          </button>
        </p>
      )}
      {r.data.meta.notes.map((n) => (
        <p key={n} class="muted small" data-testid="statistics-note">
          {n}
        </p>
      ))}
    </div>
  );
}

/**
 * Why the statistics table is empty, naming the filter it was asked under: a period no loaded
 * figure overlaps is unknown to the published figures, not a count of zero.
 */
function statisticsNone(state: UrlState): string {
  const { from, to, country } = state.filters;
  if (!from && !to && !country) return t('sources.statisticsNone.loaded');
  const dates =
    from && to
      ? `${from} – ${to}`
      : from
        ? t('sources.dates.from', { from })
        : to
          ? t('sources.dates.to', { to })
          : '';
  const countries = country
    ? country
        .split(',')
        .map((c) => tMaybe(`country.${c.toUpperCase()}`, c))
        .join(', ')
    : '';
  return t('sources.statisticsNone', { filter: [dates, countries].filter(Boolean).join('; ') });
}

/** Each dataset's licence and the credit it asks for, loaded sources first, then the bundled reference data. */
function Credits({ credits }: { credits: readonly CreditRow[] }) {
  return (
    <ul class="credits" data-testid="credits">
      {credits.map((c) => (
        <li key={c.dataset} data-source={c.source ?? undefined} data-licence={c.licence}>
          <strong>{c.url ? <a href={c.url}>{c.dataset}</a> : c.dataset}</strong>
          {c.versions.length > 0 && ` (${c.source} ${c.versions.join(', ')})`}
          {`, ${t('sources.creditFor', { what: c.used_for })}: `}
          {/* The licence's own text, where there is one: a name alone ("CC BY 4.0") left the reader to find it. */}
          {c.licence_url ? (
            <a href={c.licence_url} rel="noopener" data-testid="licence">
              {c.licence}
            </a>
          ) : (
            c.licence
          )}
          {'. '}
          <span data-testid="credit">{t('sources.credit', { credit: c.credit })}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * What each loaded source version covers. On a phone the events come right after the source, its
 * version under its name, and the first and last dates share a cell, one over the other: in six
 * columns the events and countries lay past the screen's edge at 390 px.
 */
function Coverage({ coverage }: { coverage: SourcesAnswer['coverage'] }) {
  const narrow = useNarrow();
  const events = (
    <th scope="col" class="num">
      {t('sources.col.events')}
    </th>
  );
  return (
    <table class="data-table" data-testid="coverage">
      <thead>
        <tr>
          <th scope="col">{t('sources.col.source')}</th>
          {narrow ? events : <th scope="col">{t('sources.col.version')}</th>}
          {narrow ? (
            <th scope="col">{t('sources.col.dates')}</th>
          ) : (
            <>
              <th scope="col">{t('sources.col.first')}</th>
              <th scope="col">{t('sources.col.last')}</th>
            </>
          )}
          {!narrow && events}
          <th scope="col">{t('sources.col.countries')}</th>
        </tr>
      </thead>
      <tbody>
        {coverage.map((c) => (
          <tr key={`${c.source} ${c.version}`}>
            {narrow ? (
              <>
                <td>
                  {c.source}
                  <br />
                  {c.version}
                </td>
                <td class="num">{fmtInt(c.events)}</td>
                <td>
                  <span class="nowrap">{c.first_date} –</span>
                  <br />
                  <span class="date">{c.last_date}</span>
                </td>
              </>
            ) : (
              <>
                <td>{c.source}</td>
                <td>{c.version}</td>
                <td class="date">{c.first_date}</td>
                <td class="date">{c.last_date}</td>
                <td class="num">{fmtInt(c.events)}</td>
              </>
            )}
            <td>{c.countries.join(', ')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * An import's count of rejected rows or of kept rows with warnings, linked to their CSV (as
 * `faultline rejections ID [--warnings]` lists them) when there are some; past the most one answer
 * holds, the link says it gives the first 10,000 of them (ledger-rows.ts).
 */
function RowsLink({ id, n, rows }: { id: number; n: number; rows: 'rejections' | 'warnings' }) {
  const link = rowsLink(id, n, rows);
  if (!link) return <>{fmtInt(n)}</>;
  return (
    <a
      href={link.href}
      download={`faultline-import-${id}-${rows}.csv`}
      title={link.title}
      data-cut={link.cut || undefined}
    >
      {link.text}
    </a>
  );
}

/** The Sources view. */
export function SourcesView({ state }: { state: UrlState }) {
  const r = useSources();
  if (r.error) return <ErrorBox error={r.error} />;
  if (!r.data) return <Loading />;
  const { coverage, imports, credits } = r.data;
  return (
    <div class="stack">
      <section class="card" aria-labelledby="coverage-title">
        <h2 id="coverage-title">{t('sources.coverage')}</h2>
        <div class="table-scroll">
          <Coverage coverage={coverage} />
        </div>
      </section>
      <section class="card" aria-labelledby="ledger-title">
        <h2 id="ledger-title">{t('sources.ledger')}</h2>
        <div class="table-scroll">
          {/* On a phone each import is a block of labelled lines: in ten columns its counts and date
              lay past the screen's edge at 375-390 px, behind a sideways scroll. */}
          <table class="data-table phone-stack" data-testid="ledger">
            <thead>
              <tr>
                <th scope="col">{t('sources.col.file')}</th>
                <th scope="col">{t('sources.col.source')}</th>
                <th scope="col">{t('sources.col.version')}</th>
                <th scope="col" class="num">
                  {t('sources.col.rows')}
                </th>
                <th scope="col" class="num">
                  {t('sources.col.accepted')}
                </th>
                <th scope="col" class="num">
                  {t('sources.col.rejected')}
                </th>
                <th scope="col" class="num">
                  {t('sources.col.warnings')}
                </th>
                <th scope="col" class="num">
                  {t('sources.col.added')}
                </th>
                <th scope="col" class="num">
                  {t('sources.col.changed')}
                </th>
                <th scope="col" class="num">
                  {t('sources.col.removed')}
                </th>
                <th scope="col" class="num">
                  {t('sources.col.unchanged')}
                </th>
                <th scope="col">{t('sources.col.started')}</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((i) => (
                <tr key={i.id}>
                  <td class="file" data-label={t('sources.col.file')}>
                    {i.file}
                  </td>
                  <td data-label={t('sources.col.source')}>{i.source}</td>
                  {/* One box, so that on a phone the version and "inferred" stay one line beside the label. */}
                  <td data-label={t('sources.col.version')}>
                    <div>
                      {i.version} {i.version_inferred && <span class="muted">{t('sources.inferred')}</span>}
                    </div>
                  </td>
                  <td class="num" data-label={t('sources.col.rows')}>
                    {fmtInt(i.rows_read)}
                  </td>
                  <td class="num" data-label={t('sources.col.accepted')}>
                    {fmtInt(i.accepted)}
                  </td>
                  <td class="num" data-label={t('sources.col.rejected')} data-testid="ledger-rejected">
                    <RowsLink id={i.id} n={i.rejected} rows="rejections" />
                  </td>
                  <td class="num" data-label={t('sources.col.warnings')} data-testid="ledger-warnings">
                    <RowsLink id={i.id} n={i.warnings} rows="warnings" />
                  </td>
                  <td class="num" data-label={t('sources.col.added')}>
                    {fmtInt(i.added)}
                  </td>
                  <td class="num" data-label={t('sources.col.changed')}>
                    {fmtInt(i.changed)}
                  </td>
                  <td class="num" data-label={t('sources.col.removed')}>
                    {fmtInt(i.removed)}
                  </td>
                  <td class="num" data-label={t('sources.col.unchanged')} data-testid="ledger-unchanged">
                    {fmtInt(i.unchanged)}
                  </td>
                  {/* The day and the time may go on two lines: with the warnings and unchanged
                      columns the time ran past the table's edge at 1,360 px. */}
                  <td data-label={t('sources.col.started')}>
                    <div>
                      <span class="nowrap">{i.started_at.slice(0, 10)}</span>{' '}
                      <span class="nowrap">{i.started_at.slice(11, 19)}</span>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section class="card" aria-labelledby="stats-title">
        <h2 id="stats-title">{t('sources.statistics')}</h2>
        <p class="muted small">{t('sources.statisticsNote')}</p>
        <Statistics state={state} />
      </section>
      <section class="card" aria-labelledby="credits-title">
        <h2 id="credits-title">{t('sources.credits')}</h2>
        <p class="muted small">{t('sources.creditsNote')}</p>
        <Credits credits={credits} />
      </section>
    </div>
  );
}
