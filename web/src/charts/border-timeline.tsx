/**
 * The Border and relations timeline: three panels drawn with Observable Plot on one time axis (the
 * same x domain and margins): the relations index per pair, the cross-border events per month
 * stacked by series, and the published counts of returns and deportations as lines over their
 * periods, coloured by metric and where people left, on a log scale with a line at each power of
 * ten. Spans no source covers (on the returns panel: no drawn figure's period) are shaded and
 * labelled "not covered", never drawn as 0. `data-testid=
 * "border-timeline"` carries `data-rendered="true"` once the three panels are drawn.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { IndicatorRow, RelationsAnswer } from '../api/types.ts';
import { periodStart } from '../api/queries.ts';
import { t } from '../i18n/t.ts';
import {
  BORDER_SERIES,
  powerOfTenScale,
  returnsSeriesOrder,
  returnsSpans,
  returnsUncovered,
  type BorderMonth,
} from '../views/border-data.ts';
import { countAxis, stackMax } from './count-axis.ts';
import { dayAfter, dayStart, gapMarks, type Span } from './gaps.ts';
import { loadPlot, plotIfLoaded, TIME_AXIS_MARGIN_BOTTOM } from './plot.ts';

/** The three panels of the timeline. */
export function BorderTimeline({
  range,
  relations,
  relationsGaps,
  months,
  borderGaps,
  km,
  returns,
}: {
  range: Span;
  relations: RelationsAnswer[];
  relationsGaps: Span[];
  months: BorderMonth[];
  borderGaps: Span[];
  /** The TTP series' distance to the border, for its label. */
  km: number;
  returns: IndicatorRow[];
}) {
  const box = useRef<HTMLDivElement>(null);
  const [plotReady, setPlotReady] = useState(false);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const Plot = plotIfLoaded();
    if (!Plot) return void loadPlot().then(() => setPlotReady(true));
    const width = Math.max(320, el.clientWidth);
    const x = { type: 'utc' as const, domain: [dayStart(range.from), dayAfter(range.to)], label: null };
    const style = { background: 'transparent', color: 'var(--fg)', fontSize: '12px' };
    const ends = { from: dayStart(range.from), to: dayAfter(range.to) };
    // Each panel's month labels ("Jan" over "2021") need room below: the year's lower part was cut
    // off at the panel's edge, against the next panel's legend (or, under the returns, the card's).
    const common = {
      width,
      height: 190,
      marginLeft: 56,
      marginRight: 16,
      marginBottom: TIME_AXIS_MARGIN_BOTTOM,
      style,
      x,
    };
    const gaps = (spans: Span[]) =>
      gapMarks(Plot, spans, t('border.notCovered'), ends, width - common.marginLeft - common.marginRight);
    const points = relations.flatMap((r) =>
      r.series.flatMap((s) =>
        s.points.map((p) => ({
          date: periodStart(p.period),
          pair: `${r.pair.a}–${r.pair.b}`,
          value: p.value,
        })),
      ),
    );
    // Periods no index covers come as points with a null value: only a value makes a scale.
    const indexed = points.some((p) => p.value !== null);
    const relChart = Plot.plot({
      ...common,
      // No scale and no zero line over a range without one indexed day (all "not covered"): the
      // points of its uncovered months drew a scale of one tick, "0.000000".
      y: indexed ? { grid: true, label: t('border.chart.relations') } : { axis: null, domain: [0, 1] },
      color: { legend: true },
      marks: [
        ...gaps(relationsGaps),
        ...(indexed ? [Plot.ruleY([0])] : []),
        Plot.lineY(points, { x: 'date', y: 'value', stroke: 'pair', tip: true }),
      ],
      ariaLabel: t('border.chart.relations'),
    });
    const bars = months.flatMap((m) =>
      BORDER_SERIES.flatMap((s) =>
        m[s] === null
          ? []
          : [{ date: periodStart(m.month), series: t(`border.series.${s}`, { km }), value: m[s] }],
      ),
    );
    const borderChart = Plot.plot({
      ...common,
      y: countAxis(
        stackMax(
          bars,
          (b) => b.date.toISOString(),
          (b) => b.value ?? 0,
        ),
        t('border.chart.events'),
      ),
      color: { legend: true, domain: BORDER_SERIES.map((s) => t(`border.series.${s}`, { km })) },
      marks: [
        ...gaps(borderGaps),
        Plot.rectY(bars, { x: 'date', y: 'value', fill: 'series', interval: 'month', tip: true }),
        // No zero line where no month is covered: it would read as "no events".
        ...(bars.length ? [Plot.ruleY([0])] : []),
      ],
      ariaLabel: t('border.chart.events'),
    });
    const spans = returnsSpans(returns).map((r) => ({ ...r, x1: dayStart(r.from), x2: dayAfter(r.to) }));
    const scale = powerOfTenScale(spans.map((r) => r.value));
    const returnsChart = Plot.plot({
      ...common,
      height: 230,
      // A tick and gridline at each power of ten only; no scale where nothing is drawn.
      y: scale
        ? {
            type: 'log',
            grid: true,
            ...scale,
            tickFormat: '~s',
            label: t('border.chart.returns'),
          }
        : // No ticks and no gridlines, but the panel's title: the shaded "not covered" says why.
          { type: 'log', domain: [1, 10], ticks: [], label: t('border.chart.returns') },
      color: { legend: spans.length > 0, domain: returnsSeriesOrder(spans) },
      marks: [
        ...gaps(returnsUncovered(range, spans)),
        Plot.link(spans, {
          x1: 'x1',
          x2: 'x2',
          y1: 'value',
          y2: 'value',
          stroke: 'series',
          strokeWidth: 2,
          title: 'label',
        }),
        Plot.dot(spans, { x: 'x2', y: 'value', r: 2.5, fill: 'series', title: 'label', tip: true }),
      ],
      ariaLabel: t('border.chart.returns'),
    });
    el.replaceChildren(relChart, borderChart, returnsChart);
    el.dataset.rendered = 'true';
  }, [relations, months, km, returns, plotReady, range.from, range.to]);
  return <div ref={box} class="chart border-timeline" data-testid="border-timeline" data-rendered="" />;
}
