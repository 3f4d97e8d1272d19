/**
 * The Border and relations view's returns table: the range's published returns and deportations
 * figures as listed (newest first, of the metric chosen above it), or month by month
 * (`returns_by=month`, returns-by-month.tsx).
 */
import { useState } from 'preact/hooks';
import { apiUrl } from '../api/client.ts';
import type { IndicatorsAnswer } from '../api/types.ts';
import { chosenMetric, MetricSelect } from '../components/metric-select.tsx';
import { figurePlace, fmtFigure, fmtInt } from '../format.ts';
import { t } from '../i18n/t.ts';
import { setOptions, type UrlState } from '../state/url-state.ts';
import { newestFirst, originCounts, originName, returnsFigures } from './border-data.ts';
import { FigureOrigin } from './figure-origin.tsx';
import { Revision } from './figure-revision.tsx';
import { ReturnsByMonth } from './returns-by-month.tsx';
import { alsoRecordedList } from '../../../src/domain/statistic.ts';

/** A row of the returns table as listed: a figure, with its other records. */
type ReturnsFigure = ReturnType<typeof returnsFigures>[number];

/** Rows the returns table shows before "Show all": the newest figures. */
const RETURNS_SHOWN = 20;

/** How the returns table is laid out (`returns_by` in the URL): the figures as listed, or month by month. */
const RETURNS_BY = ['listed', 'month'] as const;

/**
 * The metric the table by month reads: the one chosen above the table, else `returns`. It reads one
 * at a time, so that a month's deportations (often counted within its returns) are not listed as if
 * they answered the same question.
 */
const monthMetric = (chosen: string, figures: readonly { metric: string }[]) =>
  chosen || (figures.some((f) => f.metric === 'returns') ? 'returns' : figures[0]!.metric);

/** What the table by month reads when the URL names no origin: returns from Pakistan, when there are any. */
const DEFAULT_ORIGIN = 'PAK';

/**
 * The origin the table by month reads (`origin` in the URL: a code, `several` or `all`): the one the
 * URL names when the metric's figures give it, else Pakistan's, the Border view's side of the border
 * and what "returns by month" is read as (a month of IOM's returns from Iran answered beside months
 * of returns from Pakistan), else all. `given` says whether the URL chose it.
 */
export function monthOrigin(
  state: UrlState,
  figures: readonly { origin: string | null }[],
): { origin: string; given: boolean } {
  const asked = state.options.origin;
  const held = originCounts(figures).map(([o]) => o);
  if (asked === 'all' || (asked !== undefined && held.includes(asked))) return { origin: asked, given: true };
  return { origin: held.includes(DEFAULT_ORIGIN) ? DEFAULT_ORIGIN : 'all', given: false };
}

/** The "Returns from" select of the table by month: each origin the metric's figures give, with how many, and all. */
function OriginSelect({
  figures,
  metric,
  origin,
}: {
  figures: readonly { origin: string | null }[];
  metric: string;
  origin: string;
}) {
  return (
    <label>
      {metric === 'returns' ? t('border.origin.returns') : t('border.origin.other', { metric })}{' '}
      <select
        data-testid="returns-origin"
        value={origin}
        onChange={(e) => setOptions({ origin: e.currentTarget.value })}
      >
        {originCounts(figures).map(([o, n]) => (
          <option key={o} value={o}>
            {t('border.origin.option', { origin: originName(o), n: fmtInt(n) })}
          </option>
        ))}
        <option value="all">{t('border.origin.all', { n: fmtInt(figures.length) })}</option>
      </select>
    </label>
  );
}

/**
 * The range's returns and deportations figures, newest first, of the metric chosen above the table
 * (`metric` in the URL); the 20 newest until "Show all" is pressed, which the table says. Or, with
 * `returns_by=month`, the months of the range and the figures within each (ReturnsByMonth).
 */
export function ReturnsTable({
  answer,
  state,
  range,
}: {
  answer: IndicatorsAnswer;
  state: UrlState;
  range: { from: string; to: string };
}) {
  const [showAll, setShowAll] = useState(false);
  const figures = returnsFigures(answer);
  if (!figures.length) return <p data-testid="returns-none">{t('border.returns.none')}</p>;
  const by = state.options.returns_by === 'month' ? 'month' : 'listed';
  const chosen = chosenMetric(state, figures);
  const metric = by === 'month' ? monthMetric(chosen, figures) : chosen;
  const rows = newestFirst(metric ? figures.filter((f) => f.metric === metric) : figures);
  const shown = showAll ? rows : rows.slice(0, RETURNS_SHOWN);
  const { origin, given } = monthOrigin(state, rows);
  return (
    <div class="table-scroll">
      <MetricSelect
        figures={figures}
        metric={metric}
        shown={rows.length}
        testid="returns"
        all={by === 'listed'}
        asked={state.options.metric}
      />
      <div class="controls">
        <fieldset class="segmented" data-testid="returns-by">
          <legend>{t('border.returnsBy')}</legend>
          {RETURNS_BY.map((b) => (
            <label key={b}>
              <input
                type="radio"
                name="returns_by"
                value={b}
                checked={by === b}
                onChange={() => setOptions({ returns_by: b === 'listed' ? undefined : b })}
              />
              <span>{t(`border.returnsBy.${b}`)}</span>
            </label>
          ))}
        </fieldset>
        {/* The table as a file to cite from: each figure with its page, the sentence that gives it,
            its definition and the file and line it was read from (the API's CSV, of the table's
            range and metric; by month, one row per figure, sum and month without figures). */}
        <a
          class="button-secondary"
          href={returnsCsvUrl(by, range, metric, by === 'month' ? origin : undefined)}
          download={`faultline-${metric || 'published-figures'}${by === 'month' ? '-by-month' : ''}.csv`}
          data-testid="returns-csv"
        >
          {t('border.returns.csv')}
        </a>
      </div>
      {by === 'month' ? (
        <>
          {!chosen && (
            <p class="muted small" data-testid="returns-months-metric">
              {t('border.byMonth.oneMetric', { metric })}
            </p>
          )}
          <p class="controls">
            <OriginSelect figures={rows} metric={metric} origin={origin} />
          </p>
          {!given && origin !== 'all' && (
            <p class="muted small" data-testid="returns-months-origin" data-value={origin}>
              {t('border.byMonth.defaultOrigin', { origin: originName(origin) })}
            </p>
          )}
          <ReturnsByMonth range={range} metric={metric} origin={origin} />
        </>
      ) : (
        <ReturnsListed rows={rows} shown={shown} onShowAll={() => setShowAll(true)} />
      )}
    </div>
  );
}

/**
 * The CSV of the returns table as shown: GET /statistics (listed) or GET /statistics/months (by
 * month) over the view's range, of the metric the table shows (every metric when none is chosen
 * in the listed table) and, by month, of the origin it shows.
 */
export function returnsCsvUrl(
  by: 'listed' | 'month',
  range: { from: string; to: string },
  metric: string | undefined,
  origin?: string,
): string {
  return apiUrl(by === 'month' ? '/statistics/months' : '/statistics', {
    ...range,
    ...(metric ? { metric } : {}),
    ...(origin ? { origin } : {}),
    format: 'csv',
  });
}

/** The figures as listed, one row each: `shown` of `rows`, with "Show all" when some are cut. */
function ReturnsListed({
  rows,
  shown,
  onShowAll,
}: {
  rows: ReturnsFigure[];
  shown: ReturnsFigure[];
  onShowAll: () => void;
}) {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return (
    <>
      {/* Said once above the table and of each row, because a reader adds up a column of figures:
          a count since September 2023 holds every later month of the table. */}
      <p class="muted small" data-testid="returns-overlaps-note">
        {t('border.returns.overlapsNote')}
      </p>
      {/* On a phone each figure is a block of labelled lines, as on Sources: four columns of
          report text left the period a word wide and the source out of sight. */}
      <table class="data-table phone-stack" data-testid="returns">
        <thead>
          <tr>
            <th scope="col">{t('border.col.period')}</th>
            <th scope="col">{t('border.col.figure')}</th>
            <th scope="col">{t('border.col.where')}</th>
            <th scope="col">{t('border.col.source')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr
              key={r.id}
              data-id={r.id}
              data-metric={r.metric}
              data-value={r.value}
              data-overlaps={r.period_overlaps}
            >
              <td data-label={t('border.col.period')}>
                <div>
                  <span data-testid="period">{`${r.period_start ?? '…'} – ${r.period_end}`}</span>
                  {r.period_overlaps > 0 && (
                    <div class="muted small" data-testid="overlaps">
                      {t('border.returns.overlaps', { n: fmtInt(r.period_overlaps) })}
                    </div>
                  )}
                </div>
              </td>
              <td data-label={t('border.col.figure')}>
                <div>
                  {`${r.metric}: ${fmtFigure(r)}`}
                  {/* What the figure counts: three shares of one month's returns (72, 22 and 6
                      percent) differ only by their definitions (undocumented, ACC and PoR card holders). */}
                  <div class="muted small" data-testid="definition">
                    {r.definition}
                  </div>
                  <Revision f={r} byId={byId} />
                </div>
              </td>
              {/* Where the people counted left, under the places as written: the origin the table by month chooses. */}
              <td data-label={t('border.col.where')}>
                <div>
                  {figurePlace(r)}
                  <FigureOrigin f={r} />
                </div>
              </td>
              <td class="small" data-label={t('border.col.source')}>
                <div>
                  {r.url ? <a href={r.url}>{r.organisation}</a> : r.organisation}, {r.report}
                  {r.secondary ? ` (${t('border.secondary')})` : ''}
                  {r.also_recorded.length > 0 && (
                    <span data-testid="also-recorded">
                      {'; '}
                      {t('border.alsoRecorded', {
                        records: alsoRecordedList(r.also_recorded),
                      })}
                    </span>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length < rows.length && (
        <p class="controls" data-testid="returns-cut" data-value={shown.length}>
          <span class="muted small">
            {t('border.returns.cut', { n: fmtInt(shown.length), of: fmtInt(rows.length) })}
          </span>{' '}
          <button type="button" data-testid="returns-show-all" onClick={onShowAll}>
            {t('border.returns.showAll', { of: fmtInt(rows.length) })}
          </button>
        </p>
      )}
    </>
  );
}
