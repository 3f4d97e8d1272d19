/**
 * Border and relations: on one time axis, the relations index of Pakistan–Afghanistan (and
 * Pakistan–India, Afghanistan–India where an index holds them), the cross-border violence of
 * GET /border (interstate clashes, Pakistani strikes, TTP near the border) and the published
 * returns and deportations of Afghans; below, the range's figures with their sources and versions.
 * The range is the filter's from/to (default 2018 to this month); the cross-border events also take
 * the other filters GET /border takes, and a set filter it does not take is named as not applied.
 * What no source covers says so.
 */
import { apiUrl } from '../api/client.ts';
import type { BorderAnswer, IndicatorsAnswer, RelationsAnswer } from '../api/types.ts';
import { useApi, type Loaded } from '../api/use-api.ts';
import { BorderTimeline } from '../charts/border-timeline.tsx';
import { sourceEntry } from '../components/source-entry.ts';
import { ErrorBox, Loading } from '../components/status.tsx';
import { fmtInt, fmtNum } from '../format.ts';
import { t } from '../i18n/t.ts';
import type { Filters, UrlState } from '../state/url-state.ts';
import {
  borderMonths,
  borderRange,
  borderNotApplied,
  borderTotals,
  borderUncovered,
  borderUrl,
  RELATION_PAIRS,
  relationsMean,
  returnsFigures,
  splitGaps,
} from './border-data.ts';
import { ReturnsTable } from './returns-table.tsx';

/** A cell for a figure: the number, or "not covered" where no source covers any of the range. */
function Figure({ value, fmt = fmtInt }: { value: number | null; fmt?: (n: number) => string }) {
  return value === null ? (
    <td class="not-covered" data-value="">
      {t('border.notCovered')}
    </td>
  ) : (
    <td class="num" data-value={value}>
      {fmt(value)}
    </td>
  );
}

/** The TTP series' distance to the border an answer used (its `max_border_km`). */
export const borderKm = (answer: BorderAnswer) => Number(answer.meta.max_border_km ?? 50);

/**
 * The set filters the cross-border view does not take, with their values, in the view's note style
 * (also under the map view's border panel); nothing when every set filter is applied.
 */
export function BorderNotApplied({ filters }: { filters: Filters }) {
  const keys = borderNotApplied(filters);
  if (!keys.length) return null;
  const list = keys.map((k) => `${t(`filters.${k}`)} (${filters[k]})`).join(', ');
  return (
    <p class="muted small" data-testid="border-not-applied" data-keys={keys.join(',')}>
      {t('border.notApplied', { filters: list })}
    </p>
  );
}

/** The cross-border totals of a border answer per series and side (also the map view's border panel). */
export function BorderTable({ answer }: { answer: BorderAnswer }) {
  const totals = borderTotals(answer.rows);
  const km = borderKm(answer);
  return (
    <>
      {/* The caption shown above the table's scrolling box, not in it: a caption is as wide as its
          table, so on a phone its end was cut off at the screen's edge. */}
      <p class="muted small" aria-hidden="true" data-testid="border-totals-caption">
        {t('border.totals.caption')}
      </p>
      <div class="table-scroll">
        <table class="data-table" data-testid="border-totals">
          <caption class="visually-hidden">{t('border.totals.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('border.col.series')}</th>
              <th scope="col">{t('border.col.side')}</th>
              <th scope="col">{t('border.col.events')}</th>
              <th scope="col">{t('border.col.deaths')}</th>
              <th scope="col">{t('border.col.months')}</th>
            </tr>
          </thead>
          <tbody>
            {totals.map((r) => (
              <tr key={`${r.series}-${r.side}`} data-series={r.series} data-side={r.side}>
                <th scope="row">{t(`border.series.${r.series}`, { km })}</th>
                <td>{r.side}</td>
                <Figure value={r.events} />
                <Figure value={r.events === null ? null : r.fatalities_best} />
                <td>{t('border.monthsCovered', { n: r.months_covered, of: r.months })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function RelationsTable({ answers }: { answers: RelationsAnswer[] }) {
  return (
    <>
      {/* The caption shown above the table's scrolling box, not in it: a caption is as wide as its
          table, so on a phone its end was cut off at the screen's edge. */}
      <p class="muted small" aria-hidden="true" data-testid="relations-summary-caption">
        {t('border.relations.caption')}
      </p>
      <div class="table-scroll">
        <table class="data-table" data-testid="relations-summary">
          <caption class="visually-hidden">{t('border.relations.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('border.col.pair')}</th>
              <th scope="col">{t('border.col.index')}</th>
              <th scope="col">{t('border.col.days')}</th>
              <th scope="col">{t('border.col.source')}</th>
            </tr>
          </thead>
          <tbody>
            {answers.map((a) =>
              a.series.length === 0 ? (
                <tr key={`${a.pair.a}-${a.pair.b}`} data-pair={`${a.pair.a}-${a.pair.b}`}>
                  <th scope="row">{`${a.pair.a}–${a.pair.b}`}</th>
                  <Figure value={null} />
                  <td>0</td>
                  <td>{t('border.relations.noIndex')}</td>
                </tr>
              ) : (
                a.series.map((s) => {
                  const m = relationsMean(s);
                  return (
                    <tr key={`${a.pair.a}-${a.pair.b}-${s.source.id}`} data-pair={`${a.pair.a}-${a.pair.b}`}>
                      <th scope="row">{`${a.pair.a}–${a.pair.b}`}</th>
                      <Figure value={m.value} fmt={fmtNum} />
                      <td>{fmtInt(m.days)}</td>
                      <td class="small">
                        {s.source.name}, {t('border.version', { version: s.source.version })};{' '}
                        {/* The licence and credit as the Sources view's credits give them, the licence
                            linked to its text where there is one (a name alone left the reader to find it). */}
                        {s.source.licence_url ? (
                          <a href={s.source.licence_url} rel="noopener" data-testid="licence">
                            {s.source.licence}
                          </a>
                        ) : (
                          s.source.licence
                        )}
                        {s.source.credit && (
                          <>
                            {'. '}
                            <span data-testid="credit">
                              {t('sources.credit', { credit: s.source.credit })}
                            </span>
                          </>
                        )}
                      </td>
                    </tr>
                  );
                })
              ),
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}

const fmtSpan = (s: { from: string; to: string }) => `${s.from} – ${s.to}`;

/** The Border and relations view. */
export function BorderRelationsView({ state }: { state: UrlState }) {
  const range = rangeOf(state);
  // One request per pair, in a fixed order (hooks in a loop of constant length).
  const rel: Loaded<RelationsAnswer>[] = RELATION_PAIRS.map(([a, b]) =>
    useApi<RelationsAnswer>(apiUrl('/relations', { a, b, interval: 'month', ...range })),
  );
  const border = useApi<BorderAnswer>(borderUrl(state.filters, range));
  const stats = useApi<IndicatorsAnswer>(apiUrl('/statistics', range));
  const relData = rel.map((r) => r.data).filter((d): d is RelationsAnswer => d !== null);
  const error = [...rel.map((r) => r.error), border.error, stats.error].find((e) => e) ?? null;
  const ready = relData.length === rel.length && border.data && stats.data;
  const relGaps = relData[0]?.meta.uncovered ?? [];
  const borderGaps = border.data ? borderUncovered(border.data) : [];
  return (
    <div class="stack">
      <section class="card" aria-labelledby="border-title">
        <h2 id="border-title">{t('border.title')}</h2>
        <p class="muted small">{t('border.intro', { from: range.from, to: range.to })}</p>
        <BorderNotApplied filters={state.filters} />
        {error && <ErrorBox error={error} />}
        {!ready && !error && <Loading />}
        {ready && (
          <>
            <BorderTimeline
              range={range}
              relations={relData}
              relationsGaps={relGaps}
              months={borderMonths(border.data!.rows)}
              km={borderKm(border.data!)}
              borderGaps={borderGaps}
              returns={returnsFigures(stats.data!)}
            />
            <ul class="small" data-testid="not-covered">
              {relData.map((r) => {
                const g = splitGaps(r.meta.uncovered);
                return (
                  <li key={`${r.pair.a}-${r.pair.b}`} data-series={`relations-${r.pair.a}-${r.pair.b}`}>
                    {t('border.gaps.relations', {
                      pair: `${r.pair.a}–${r.pair.b}`,
                      spans: g.long.map(fmtSpan).join(', ') || t('border.gaps.none'),
                    })}
                    {g.short > 0 &&
                      ` ${t('border.gaps.short', { n: g.short, days: t('count.days', { n: g.shortDays }) })}`}
                  </li>
                );
              })}
              <li data-series="border">
                {t('border.gaps.border', {
                  spans: borderGaps.map(fmtSpan).join(', ') || t('border.gaps.none'),
                })}
              </li>
            </ul>
          </>
        )}
      </section>
      {border.data && (
        <section class="card" aria-labelledby="border-totals-title">
          <h2 id="border-totals-title">{t('border.totals.title')}</h2>
          <BorderTable answer={border.data} />
          <p class="source-note" data-testid="border-sources">
            {border.data.meta.sources.length
              ? t('sources.from', {
                  list: border.data.meta.sources.map(sourceEntry).join(', '),
                })
              : t('border.noSource')}
            {` · ${t(border.data.meta.desk_events === 'included' ? 'sources.deskIn' : 'sources.deskOut')}`}
          </p>
          {border.data.meta.notes.map((n) => (
            <p key={n} class="muted small">
              {n}
            </p>
          ))}
        </section>
      )}
      {ready && (
        <section class="card" aria-labelledby="relations-title">
          <h2 id="relations-title">{t('border.relations.title')}</h2>
          <RelationsTable answers={relData} />
          <p class="muted small">{relData[0]?.series[0]?.source.caveat}</p>
        </section>
      )}
      {stats.data && (
        <section class="card" aria-labelledby="returns-title">
          <h2 id="returns-title">{t('border.returns.title')}</h2>
          <p class="muted small">{stats.data.meta.note}</p>
          <ReturnsTable answer={stats.data} state={state} range={range} />
        </section>
      )}
    </div>
  );
}

function rangeOf(state: UrlState) {
  return borderRangeCached(state.filters.from, state.filters.to);
}

let last: { key: string; range: { from: string; to: string } } | null = null;
/** The same range object for the same filter dates, so the chart redraws only when they change. */
function borderRangeCached(from: string | undefined, to: string | undefined) {
  const key = `${from}|${to}`;
  if (last?.key !== key) last = { key, range: borderRange({ from, to }) };
  return last.range;
}
