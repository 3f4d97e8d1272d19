/**
 * The time chart: events or deaths per month (per quarter or year over long spans), stacked by
 * province or actor, drawn with Observable Plot. Spans no loaded source covers (the answer's
 * `meta.uncovered`) are shaded and labelled "not covered", never left to look like zero bars.
 * `data-testid="time-chart"` carries `data-rendered` with the request it shows (empty until the
 * first chart), so tests and the benchmark can wait for the chart of a filter, and
 * `data-uncovered` with the number of shaded spans.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { chartUrl } from '../api/queries.ts';
import type { SeriesAnswer, SeriesPoint } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { Empty, ErrorBox, Loading } from '../components/status.tsx';
import { SourceNote } from '../components/source-note.tsx';
import { t } from '../i18n/t.ts';
import { useChartInterval } from '../state/catalog.ts';
import { setOptions, type Filters } from '../state/url-state.ts';
import { countAxis, stackMax } from './count-axis.ts';
import { dayAfter, dayStart, gapMarks } from './gaps.ts';
import { loadPlot, plotIfLoaded, TIME_AXIS_MARGIN_BOTTOM } from './plot.ts';
import { stackRows } from './stack.ts';

const KEEP = 7;
/** The plot's side margins, in pixels (the left one holds the count axis). */
const MARGIN_LEFT = 48;
const MARGIN_RIGHT = 20;

/** The stacked time chart of the current filter. */
export function TimeChart({
  filters,
  by,
  metric,
}: {
  filters: Filters;
  by: 'admin1' | 'actor';
  metric: 'events' | 'fatalities_best';
}) {
  const interval = useChartInterval(filters);
  const url = chartUrl(filters, by, interval);
  const series = useApi<SeriesAnswer>(url);
  const box = useRef<HTMLDivElement>(null);
  const [plotReady, setPlotReady] = useState(false);
  // A layout effect, and the rendered marker set on the element directly: the new chart reaches
  // the screen in the same frame as the answer that made it.
  useLayoutEffect(() => {
    const data = series.data;
    const el = box.current;
    if (!data || !el) return;
    const Plot = plotIfLoaded();
    if (!Plot) return void loadPlot().then(() => setPlotReady(true));
    const title = t('chart.title', {
      interval: t(`chart.interval.${interval}`),
      metric: t(`chart.metric.${metric}`),
      by: t(`chart.by.${by}`),
    });
    performance.mark('faultline:chart-start');
    const label = (p: SeriesPoint) =>
      p.group === null || p.group === undefined ? t('chart.notPlaced') : String(p.group_label ?? p.group);
    const { rows, groups } = stackRows(data.points, metric, KEEP, label, t('chart.other'));
    const width = Math.max(320, el.clientWidth);
    // A period the answer's dates cut short (2026 to July) is drawn over its days only, so its bar
    // is not read against whole periods' bars as a whole period's count.
    const cut = new Map((data.meta.cut_periods ?? []).map((c) => [c.period, c]));
    const drawn = rows.map((r) => {
      const c = cut.get(r.period);
      return c
        ? {
            ...r,
            x1: new Date(`${c.from}T00:00:00Z`),
            x2: new Date(Date.parse(`${c.to}T00:00:00Z`) + 86_400_000),
          }
        : { ...r, x1: r.date, x2: r.end };
    });
    // The chart's x extent (its bars and shaded spans), so a "not covered" label at an end stays inside.
    const edges = [
      ...drawn.flatMap((r) => [r.x1.getTime(), r.x2.getTime()]),
      ...data.meta.uncovered.flatMap((s) => [dayStart(s.from).getTime(), dayAfter(s.to).getTime()]),
    ];
    const ends = edges.length
      ? {
          from: new Date(edges.reduce((a, b) => Math.min(a, b))),
          to: new Date(edges.reduce((a, b) => Math.max(a, b))),
        }
      : undefined;
    const mark = Plot.rectY(drawn, {
      x1: 'x1',
      x2: 'x2',
      y: 'value',
      fill: 'group',
      order: groups,
      className: 'period-bars',
      tip: true,
      inset: rows.length > 2000 ? 0 : 0.5,
    });
    const chart = Plot.plot({
      width,
      height: Math.min(360, Math.max(220, width * 0.45)),
      marginLeft: MARGIN_LEFT,
      marginRight: MARGIN_RIGHT,
      marginBottom: TIME_AXIS_MARGIN_BOTTOM,
      style: { background: 'transparent', color: 'var(--fg)', fontSize: '12px' },
      x: { type: 'utc', label: null },
      // Whole-number ticks: a chart of 3 events has no tick at 0.5.
      y: countAxis(
        stackMax(
          rows,
          (r) => r.period,
          (r) => r.value,
        ) ?? 0,
        t(`chart.metric.${metric}`),
      ),
      color: { legend: true, domain: groups, scheme: 'observable10' },
      marks: [
        ...gapMarks(
          Plot,
          data.meta.uncovered,
          t('chart.notCovered'),
          ends,
          width - MARGIN_LEFT - MARGIN_RIGHT,
        ),
        mark,
        Plot.ruleY([0]),
      ],
      ariaLabel: title,
      ariaDescription: t('chart.description', {
        interval: t(`chart.interval.${interval}`),
        metric: t(`chart.metric.${metric}`),
        n: KEEP,
      }),
    });
    el.replaceChildren(chart);
    el.dataset.uncovered = String(data.meta.uncovered.length);
    el.dataset.cut = (data.meta.cut_periods ?? []).map((c) => c.period).join(',');
    el.dataset.rendered = series.url ?? '';
    performance.measure('faultline:chart-render', 'faultline:chart-start');
  }, [series.data, metric, plotReady, interval]);
  const empty = series.data && series.url === url && series.data.points.every((p) => !Number(p.events));
  return (
    <section class="card chart-card" aria-labelledby="chart-title">
      <header class="card-head">
        <h2 id="chart-title">
          {t('chart.title', {
            interval: t(`chart.interval.${interval}`),
            metric: t(`chart.metric.${metric}`),
            by: t(`chart.by.${by}`),
          })}
        </h2>
        <div class="controls">
          <label>
            {t('chart.byLabel')}{' '}
            <select
              name="by"
              value={by}
              onChange={(e) =>
                setOptions({ by: e.currentTarget.value === 'admin1' ? undefined : e.currentTarget.value })
              }
            >
              <option value="admin1">{t('chart.by.admin1')}</option>
              <option value="actor">{t('chart.by.actor')}</option>
            </select>
          </label>
          <label>
            {t('chart.metricLabel')}{' '}
            <select
              name="metric"
              value={metric}
              onChange={(e) =>
                setOptions({ metric: e.currentTarget.value === 'events' ? undefined : e.currentTarget.value })
              }
            >
              <option value="events">{t('chart.metric.events')}</option>
              <option value="fatalities_best">{t('chart.metric.fatalities_best')}</option>
            </select>
          </label>
        </div>
      </header>
      {series.error && <ErrorBox error={series.error} part={t('state.part.chart')} />}
      {!series.data && series.loading && <Loading />}
      <div
        ref={box}
        class={`chart${series.loading ? ' is-stale' : ''}`}
        data-testid="time-chart"
        data-rendered=""
        aria-busy={series.loading}
        // After a failed request the last drawing is another filter's chart: hidden with the error.
        hidden={!!empty || !!series.error}
      />
      {empty && (
        <Empty
          coverage={series.data!.meta.coverage}
          status={series.data!.meta.coverage_status}
          period={series.data!.meta.period}
        />
      )}
      {!!series.data?.meta.partly_covered.length && (
        <p class="muted small" data-testid="chart-partly-covered">
          {t('chart.partlyCovered', {
            list: series.data.meta.partly_covered
              .map((p) =>
                t('chart.partlyCoveredPeriod', { period: p.period, covered: p.covered_days, days: p.days }),
              )
              .join(', '),
          })}
        </p>
      )}
      {!!series.data?.meta.cut_periods?.length && (
        <p class="muted small" data-testid="chart-cut-periods">
          {t('chart.cutPeriods', {
            list: series.data.meta.cut_periods
              .map((c) =>
                t('chart.cutPeriod', {
                  period: c.period,
                  from: c.from,
                  to: c.to,
                  days: c.days,
                  periodDays: c.period_days,
                }),
              )
              .join(', '),
          })}
        </p>
      )}
      {by === 'actor' && <p class="muted small">{t('chart.actorNote')}</p>}
      <SourceNote sources={series.data?.meta.sources} desk={series.data?.meta.desk_events} />
    </section>
  );
}
