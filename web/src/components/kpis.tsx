/**
 * The key figures: events, deaths (best, with low–high) and civilian deaths for the current filter,
 * each with the change against the previous period of equal length, what it counts and its sources.
 *
 * Test-facing contract: each card carries `data-testid="kpi-events" | "kpi-fatalities" |
 * "kpi-civilian"`, `data-value` with the number as plain digits ("" while loading or when unknown),
 * and `data-state` ("loading" | "ready" | "error"); inside, `data-testid="<id>-digits"` holds the
 * same plain digits as text. The large number the eye reads is formatted for the locale.
 */
import { useApi } from '../api/use-api.ts';
import { previousPeriod, sumPoints, totalsUrl, type Totals } from '../api/queries.ts';
import type { SeriesAnswer } from '../api/types.ts';
import { fmtInt, fmtPct } from '../format.ts';
import { t } from '../i18n/t.ts';
import type { Filters } from '../state/url-state.ts';
import { SourceNote } from './source-note.tsx';
import { CoverageWarning, Empty, ErrorBox } from './status.tsx';

type Metric = 'events' | 'fatalities_best' | 'deaths_civilians';

const CARDS: {
  id: string;
  metric: Metric;
  label: 'kpi.events' | 'kpi.fatalities' | 'kpi.civilian';
  counts: 'kpi.events.counts' | 'kpi.fatalities.counts' | 'kpi.civilian.counts';
}[] = [
  { id: 'kpi-events', metric: 'events', label: 'kpi.events', counts: 'kpi.events.counts' },
  {
    id: 'kpi-fatalities',
    metric: 'fatalities_best',
    label: 'kpi.fatalities',
    counts: 'kpi.fatalities.counts',
  },
  { id: 'kpi-civilian', metric: 'deaths_civilians', label: 'kpi.civilian', counts: 'kpi.civilian.counts' },
];

const valueOf = (t: Totals, m: Metric): number | null => (m === 'events' ? t.events : t.sums[m]);

function Change({
  now,
  before,
  prev,
  covered,
}: {
  now: number | null;
  before: number | null;
  prev: { from: string; to: string };
  covered: 'both' | 'not-previous' | 'not-now';
}) {
  if (covered === 'not-previous') return <p class="kpi-change muted">{t('kpi.noPrevious')}</p>;
  if (covered === 'not-now') return <p class="kpi-change muted">{t('kpi.notWhole')}</p>;
  if (now === null || before === null) return null;
  if (before === 0) return <p class="kpi-change muted">{now === 0 ? '' : t('kpi.changeNew', prev)}</p>;
  const r = now / before - 1;
  const cls = r > 0 ? 'up' : r < 0 ? 'down' : '';
  return (
    <p class={`kpi-change ${cls}`}>
      <span aria-hidden="true">{r > 0 ? '▲ ' : r < 0 ? '▼ ' : ''}</span>
      {t('kpi.change', {
        sign: r > 0 ? '+' : r < 0 ? '−' : '±',
        pct: fmtPct(Math.abs(r)),
        from: prev.from,
        to: prev.to,
        before: fmtInt(before),
      })}
    </p>
  );
}

function Card(props: {
  card: (typeof CARDS)[number];
  totals: Totals | null;
  previous: Totals | null;
  prev: { from: string; to: string } | null;
  covered: 'both' | 'not-previous' | 'not-now';
  /** No loaded source covers the period: the card says so instead of showing a zero. */
  notCovered: boolean;
  state: string;
  definition?: string;
}) {
  const { card, notCovered } = props;
  const totals = notCovered ? null : props.totals;
  const value = totals ? valueOf(totals, card.metric) : null;
  const digits = value === null ? '' : String(Math.round(value));
  const unknown = totals && card.metric !== 'events' ? totals.unknown[card.metric] : 0;
  return (
    <article
      class="kpi"
      data-testid={card.id}
      data-value={digits}
      data-state={props.state}
      data-coverage={notCovered ? 'not_covered' : ''}
      aria-busy={props.state === 'loading'}
      title={props.definition}
    >
      <h3 class="kpi-label">{t(card.label)}</h3>
      <p class="kpi-number">
        <span aria-hidden="true">
          {notCovered
            ? t('kpi.notCovered')
            : props.state === 'loading' && !totals
              ? '…'
              : value === null
                ? t('kpi.unknown')
                : fmtInt(value)}
        </span>
        <span class="visually-hidden" data-testid={`${card.id}-digits`}>
          {digits}
        </span>
      </p>
      {card.metric === 'fatalities_best' && totals && (
        <p class="kpi-range">
          {t('kpi.fatalities.range', {
            low: fmtInt(totals.sums.fatalities_low),
            high: fmtInt(totals.sums.fatalities_high),
          })}
        </p>
      )}
      {totals && props.previous && props.prev && (
        <Change
          now={value}
          before={valueOf(props.previous, card.metric)}
          prev={props.prev}
          covered={props.covered}
        />
      )}
      <p class="kpi-counts">{t(card.counts)}</p>
      {unknown > 0 && <p class="kpi-counts">{t('kpi.unknownEvents', { n: fmtInt(unknown) })}</p>}
    </article>
  );
}

/**
 * The three key figures of the current filter. `seriesUrl` may name any series of the same filter
 * whose points add up to its totals (the overview passes its chart split by province).
 */
export function Kpis({ filters, seriesUrl }: { filters: Filters; seriesUrl?: string }) {
  const url = seriesUrl ?? totalsUrl(filters);
  const now = useApi<SeriesAnswer>(url);
  // With both ends in the filter the previous period is known at once and loads in parallel;
  // otherwise it waits for the period the API resolved from the loaded data's coverage.
  const known = filters.from && filters.to ? { from: filters.from, to: filters.to } : null;
  const period = known ?? now.data?.meta.period ?? null;
  const prevPeriod = period ? previousPeriod(period.from, period.to) : null;
  const before = useApi<SeriesAnswer>(
    prevPeriod && (known || now.url === url) ? totalsUrl(filters, prevPeriod) : null,
  );
  if (now.error) return <ErrorBox error={now.error} part={t('state.part.kpis')} />;
  const fresh = now.data && now.url === url;
  // The period's every event: records dated only to a coarser unit than the chart's (a year, in a
  // monthly chart) are in `imprecise`, not in any point, and count here as the sources line does.
  const all = (a: SeriesAnswer) => [...a.points, ...(a.imprecise ?? [])];
  const totals = now.data ? sumPoints(all(now.data)) : null;
  const previous = before.data && !before.loading ? sumPoints(all(before.data)) : null;
  // A change is computed only between two periods the loaded sources wholly cover: against a
  // partial one, the days no source covers would read as days without events.
  const covered =
    before.data?.meta.coverage_status !== 'covered'
      ? 'not-previous'
      : now.data?.meta.coverage_status !== 'covered'
        ? 'not-now'
        : 'both';
  const notCovered = Boolean(fresh && now.data!.meta.coverage_status === 'not_covered');
  const state = fresh ? 'ready' : 'loading';
  return (
    <section class="kpis-block" aria-labelledby="kpi-heading">
      <h2 id="kpi-heading" class="section-title">
        {period ? t('kpi.period', { from: period.from, to: period.to }) : t('state.loading')}
      </h2>
      <div class="kpis">
        {CARDS.map((card) => (
          <Card
            key={card.id}
            card={card}
            totals={totals}
            previous={previous}
            prev={prevPeriod}
            covered={covered}
            notCovered={notCovered}
            state={state}
            definition={now.data?.meta.metrics[card.metric]}
          />
        ))}
      </div>
      {fresh && totals && totals.events === 0 && (
        <Empty
          coverage={now.data!.meta.coverage}
          status={now.data!.meta.coverage_status}
          period={now.data!.meta.period}
        />
      )}
      <CoverageWarning text={now.data?.meta.coverage_warning} />
      <SourceNote sources={now.data?.meta.sources} desk={now.data?.meta.desk_events} />
    </section>
  );
}
