/**
 * Forecasts: a fan chart per unit (the observed last 36 months, then the forecast median with its
 * 50% and 90% bands) from `GET /api/v1/forecast`, always beside the model's backtest skill against
 * the best baseline. `level` (admin1, country), `metric` (fatalities, events) and the opt-in
 * `covariates` (TTP deaths, the relations index; docs/forecasting.md) live in the URL.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { apiUrl } from '../api/client.ts';
import type { ForecastAnswer, ForecastRow } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { dayAfter, dayStart, gapMarks } from '../charts/gaps.ts';
import { loadPlot, plotIfLoaded } from '../charts/plot.ts';
import { ErrorBox, Loading } from '../components/status.tsx';
import { fmtNum, fmtPct, fmtPct1, fmtSig } from '../format.ts';
import { t, tMaybe } from '../i18n/t.ts';
import { useUnits } from '../state/catalog.ts';
import { setOptions, type UrlState } from '../state/url-state.ts';
import { monthSpans } from './border-data.ts';
import { forecastCountry, forecastNotApplied, pastForecastMonths, skillVerdict } from './forecast-reading.ts';

type Level = 'admin1' | 'country';
type Metric = 'fatalities' | 'events';
/** The opt-in covariates (docs/forecasting.md): TTP deaths, the relations index, or both; none by default. */
type Covariates = '' | 'ttp' | 'relations' | 'ttp,relations';
const COVARIATES: readonly Covariates[] = ['', 'ttp', 'relations', 'ttp,relations'];

const covariatesOf = (state: UrlState): Covariates =>
  COVARIATES.find((c) => c !== '' && c === state.options.covariates) ?? '';

/** The request of the forecast a state shows: the filter's country when it names one, else PAK. */
export function forecastUrl(state: UrlState, format?: 'views'): string {
  const level: Level = state.options.level === 'country' ? 'country' : 'admin1';
  const metric: Metric = state.options.metric === 'events' ? 'events' : 'fatalities';
  const country = forecastCountry(state.filters);
  const covariates = covariatesOf(state).split(',');
  return apiUrl('/forecast', {
    country,
    level,
    metric,
    format,
    actor_groups: covariates.includes('ttp') ? 'ttp' : undefined,
    relations: covariates.includes('relations') ? 'true' : undefined,
  });
}

const monthDate = (m: string) => new Date(`${m}-01T00:00:00Z`);
/** A fan chart's side margins, in pixels (the left one holds the axis). */
const MARGIN_LEFT = 44;
const MARGIN_RIGHT = 20;

/** The set filters the forecast does not apply, with their values; nothing when it applies every one. */
function ForecastNotApplied({ state }: { state: UrlState }) {
  const keys = forecastNotApplied(state.filters);
  if (!keys.length) return null;
  const list = keys.map((k) => `${t(`filters.${k}`)} (${state.filters[k]})`).join(', ');
  return (
    <p class="small" data-testid="forecast-not-applied" data-keys={keys.join(',')}>
      {t('forecast.notApplied', {
        filters: list,
        country: t(`country.${forecastCountry(state.filters)}`),
      })}
    </p>
  );
}

/** One unit's fan chart. */
function FanChart({
  label,
  observed,
  rows,
  metricLabel,
  plotReady,
  past,
}: {
  label: string;
  observed: { months: string[]; values: (number | null)[] };
  rows: ForecastRow[];
  metricLabel: string;
  plotReady: boolean;
  past: { from: string; to: string } | null;
}) {
  const box = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = box.current;
    const Plot = plotIfLoaded();
    if (!el || !Plot) return;
    // Months no source covers are NaN: gaps in the line, never zeros.
    const obs = observed.months.map((m, i) => ({ date: monthDate(m), value: observed.values[i] ?? NaN }));
    // Runs of months with no observation (no source covers them), as day spans.
    const gaps = monthSpans(observed.months.filter((_, i) => observed.values[i] === null));
    const fc = rows.map((r) => ({ ...r, date: monthDate(r.month) }));
    const pastDays = past && { from: `${past.from}-01`, to: monthSpans([past.to])[0]!.to };
    // The median line starts at the last observation so history and forecast join.
    const last = obs.at(-1);
    const median = last ? [{ date: last.date, q50: last.value }, ...fc] : fc;
    const width = Math.max(280, el.clientWidth);
    // An all-zero unit would give an empty y domain: keep at least 0–1.
    const top = Math.max(
      1,
      ...obs.flatMap((o) => (Number.isNaN(o.value) ? [] : [o.value])),
      ...fc.map((r) => r.q95),
    );
    // The chart's x extent and plot width, so a label too wide for its shaded span is set upright
    // or left out rather than run over the lines ("already past" spans a few pixels).
    const spans = [...gaps, ...(pastDays ? [pastDays] : [])];
    const xs = [
      ...obs.map((o) => o.date.getTime()),
      ...fc.map((r) => r.date.getTime()),
      ...spans.flatMap((g) => [dayStart(g.from).getTime(), dayAfter(g.to).getTime()]),
    ];
    const range = xs.length ? { from: new Date(Math.min(...xs)), to: new Date(Math.max(...xs)) } : undefined;
    const plotWidth = width - MARGIN_LEFT - MARGIN_RIGHT;
    const chart = Plot.plot({
      width,
      height: 200,
      marginLeft: MARGIN_LEFT,
      marginRight: MARGIN_RIGHT,
      style: { background: 'transparent', color: 'var(--fg)', fontSize: '11px' },
      x: { type: 'utc', label: null, ticks: 4 },
      y: { grid: true, label: metricLabel, tickFormat: '~s', domain: [0, top], nice: true },
      marks: [
        // The months the forecast rests on without data are shaded "not covered", as the overview's
        // chart does: a gap in the black line alone could read as a quiet stretch.
        ...gapMarks(Plot, gaps, t('chart.notCovered'), range, plotWidth),
        ...(pastDays ? gapMarks(Plot, [pastDays], t('forecast.pastLabel'), range, plotWidth) : []),
        Plot.areaY(fc, { x: 'date', y1: 'q05', y2: 'q95', fill: 'var(--accent)', fillOpacity: 0.18 }),
        Plot.areaY(fc, { x: 'date', y1: 'q25', y2: 'q75', fill: 'var(--accent)', fillOpacity: 0.35 }),
        Plot.lineY(obs, { x: 'date', y: 'value', stroke: 'currentColor', strokeWidth: 1.5 }),
        Plot.lineY(median, { x: 'date', y: 'q50', stroke: 'var(--accent)', strokeWidth: 2 }),
        Plot.ruleY([0]),
        Plot.tip(
          fc,
          Plot.pointerX({
            x: 'date',
            y: 'q50',
            title: (r: ForecastRow) =>
              t('forecast.tip', {
                month: r.month,
                median: fmtNum(r.q50),
                q25: fmtNum(r.q25),
                q75: fmtNum(r.q75),
                q05: fmtNum(r.q05),
                q95: fmtNum(r.q95),
              }),
          }),
        ),
      ],
      ariaLabel: t('forecast.chartAria', { unit: label }),
      ariaDescription: t('forecast.chartDescription', { metric: metricLabel }),
    });
    el.replaceChildren(chart);
    el.dataset.rendered = 'true';
    el.dataset.uncovered = JSON.stringify(gaps);
    el.dataset.past = past ? `${past.from}/${past.to}` : '';
  }, [observed, rows, plotReady, metricLabel, label, past?.from, past?.to]);
  return (
    <figure class="fan">
      <figcaption>{label}</figcaption>
      <div ref={box} class="chart" data-testid="fan-chart" data-unit={label} data-rendered="" />
    </figure>
  );
}

/** The skill panel: the model's backtest against the best baseline, always shown with the forecast. */
function SkillPanel({ data }: { data: ForecastAnswer }) {
  const s = data.skill;
  if (!s)
    return (
      <section class="card skill" data-testid="forecast-skill" aria-labelledby="skill-title">
        <h2 id="skill-title">{t('forecast.skill.title')}</h2>
        <p data-testid="skill-verdict" data-beats="unknown">
          {data.skill_note}
        </p>
      </section>
    );
  const model = s.methods[data.model];
  // "Beats" only when the ratio's interval lies wholly below 1: 0.917 with 0.897 to 1.03 is not clear.
  const verdict = skillVerdict(s.crps_ratio, s.intervals?.crps_ratio);
  const origins = s.origins.length
    ? t('forecast.skill.originsValue', { n: s.origins.length, first: s.origins[0]!, last: s.origins.at(-1)! })
    : '—';
  return (
    <section class="card skill" data-testid="forecast-skill" aria-labelledby="skill-title">
      <h2 id="skill-title">{t('forecast.skill.title')}</h2>
      <p data-testid="skill-verdict" data-beats={String(verdict === 'beats')} data-verdict={verdict}>
        <strong>
          {t(`forecast.skill.${verdict}`, {
            baseline: s.best_baseline.crps,
            ratio: fmtSig(s.crps_ratio),
            level: fmtPct(s.intervals?.level ?? 0.9),
            lo: fmtSig(s.intervals?.crps_ratio.lo),
            hi: fmtSig(s.intervals?.crps_ratio.hi),
          })}
        </strong>
      </p>
      <dl class="skill-list">
        <dt>{t('forecast.skill.crps')}</dt>
        <dd data-testid="skill-crps-ratio" data-value={String(s.crps_ratio)}>
          {fmtSig(s.crps_ratio)}{' '}
          <span class="muted">({t('forecast.skill.vs', { name: s.best_baseline.crps })})</span>
        </dd>
        <dt>{t('forecast.skill.ign')}</dt>
        <dd data-testid="skill-ign-diff" data-value={String(s.ign_diff)}>
          {fmtSig(s.ign_diff)}{' '}
          <span class="muted">({t('forecast.skill.vs', { name: s.best_baseline.ign })})</span>
        </dd>
        <dt>{t('forecast.skill.mis')}</dt>
        <dd data-testid="skill-mis-ratio" data-value={String(s.mis_ratio)}>
          {fmtSig(s.mis_ratio)}{' '}
          <span class="muted">({t('forecast.skill.vs', { name: s.best_baseline.mis })})</span>
        </dd>
        <dt>{t('forecast.skill.coverage')}</dt>
        <dd data-testid="skill-coverage" data-value={model ? String(model.coverage90) : ''}>
          {model ? fmtPct1(model.coverage90) : '—'}
        </dd>
        <dt>{t('forecast.skill.coverage50')}</dt>
        <dd data-testid="skill-coverage50" data-value={model ? String(model.coverage50) : ''}>
          {model ? fmtPct1(model.coverage50) : '—'}
        </dd>
        <dt>{t('forecast.skill.intervals', { level: fmtPct(s.intervals.level) })}</dt>
        <dd
          data-testid="skill-intervals"
          data-crps-lo={String(s.intervals.crps_ratio.lo)}
          data-crps-hi={String(s.intervals.crps_ratio.hi)}
        >
          {t('forecast.skill.intervalsValue', {
            crpsLo: fmtSig(s.intervals.crps_ratio.lo),
            crpsHi: fmtSig(s.intervals.crps_ratio.hi),
            covLo: fmtPct1(s.intervals.coverage90.lo),
            covHi: fmtPct1(s.intervals.coverage90.hi),
          })}{' '}
          <span class="muted">
            (
            {t('forecast.skill.intervalsBasis', {
              months: s.intervals.months,
              block: s.intervals.block_months,
            })}
            )
          </span>
        </dd>
        <dt>{t('forecast.skill.origins')}</dt>
        <dd>{origins}</dd>
      </dl>
      <p class="muted small">{t('forecast.skill.note', { draws: s.draws })}</p>
    </section>
  );
}

/** The Forecasts view. */
export function ForecastsView({ state }: { state: UrlState }) {
  const level: Level = state.options.level === 'country' ? 'country' : 'admin1';
  const metric: Metric = state.options.metric === 'events' ? 'events' : 'fatalities';
  const covariates = covariatesOf(state);
  const url = forecastUrl(state);
  const r = useApi<ForecastAnswer>(url);
  const units = useUnits();
  const [plotReady, setPlotReady] = useState(!!plotIfLoaded());
  useLayoutEffect(() => {
    if (!plotReady) void loadPlot().then(() => setPlotReady(true));
  }, [plotReady]);
  const names = new Map((units.data ?? []).map((u) => [u.code, u.name]));
  const data = r.data;
  // Months after the forecast origin (the last covered month) that have already gone by: still
  // forecasts, since no loaded source covers them, and said so beside the charts.
  const past = data ? pastForecastMonths(data.origin, new Date()) : null;
  const metricLabel = t(`forecast.metric.${metric}`);
  return (
    <div class="stack">
      <section class="card" aria-labelledby="forecast-title">
        <header class="card-head">
          <h2 id="forecast-title">{t('forecast.title')}</h2>
          <div class="controls">
            <label>
              {t('forecast.level')}{' '}
              <select
                name="level"
                value={level}
                onChange={(e) =>
                  setOptions({
                    level: e.currentTarget.value === 'admin1' ? undefined : e.currentTarget.value,
                  })
                }
              >
                <option value="admin1">{t('forecast.level.admin1')}</option>
                <option value="country">{t('forecast.level.country')}</option>
              </select>
            </label>
            <label>
              {t('forecast.covariates')}{' '}
              <select
                name="forecast-covariates"
                value={covariates}
                onChange={(e) => setOptions({ covariates: e.currentTarget.value || undefined })}
              >
                {COVARIATES.map((c) => (
                  <option key={c} value={c}>
                    {t(`forecast.covariates.${c || 'none'}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('forecast.metric')}{' '}
              <select
                name="forecast-metric"
                value={metric}
                onChange={(e) =>
                  setOptions({
                    metric: e.currentTarget.value === 'fatalities' ? undefined : e.currentTarget.value,
                  })
                }
              >
                <option value="fatalities">{t('forecast.metric.fatalities')}</option>
                <option value="events">{t('forecast.metric.events')}</option>
              </select>
            </label>
          </div>
        </header>
        <p class="muted small">{t('forecast.intro')}</p>
        <ForecastNotApplied state={state} />
        {r.error && <ErrorBox error={r.error} />}
        {r.loading && <Loading label={t('forecast.loading')} />}
        {data && (
          <p class="small">
            {t('forecast.meta', {
              origin: data.origin,
              counts: data.counts,
              model: data.model,
              country: tMaybe(`country.${data.spec.country}`, data.spec.country),
            })}{' '}
            {/* The ViEWS export cannot carry the relations covariates (the API refuses them together). */}
            {data.relations ? (
              <span class="muted">{t('forecast.viewsNoRelations')}</span>
            ) : (
              <a
                href={forecastUrl(state, 'views')}
                download={`faultline-forecast-${data.spec.country}-${data.spec.level}-${data.spec.metric}-views.csv`}
                data-testid="forecast-views-link"
                title={t('forecast.viewsTitle')}
              >
                {t('forecast.viewsLink')}
              </a>
            )}
          </p>
        )}
        {past && (
          <p class="small" data-testid="forecast-past" data-from={past.from} data-to={past.to}>
            {t('forecast.past', { from: past.from, to: past.to, origin: data!.origin })}
          </p>
        )}
        {data?.actor_groups && (
          <p class="small" data-testid="forecast-actor-groups">
            {data.actor_groups.note}
          </p>
        )}
        {data?.relations && (
          <p class="small" data-testid="forecast-relations">
            {data.relations.note}
          </p>
        )}
        {data && data.notes.length > 0 && (
          <ul class="small" data-testid="forecast-notes">
            {data.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
      </section>
      {data && (
        <div class={`forecast-grid${r.loading ? ' is-stale' : ''}`} aria-busy={r.loading}>
          <SkillPanel data={data} />
          <section class="card" aria-labelledby="fans-title">
            <h2 id="fans-title">{t('forecast.fans', { metric: metricLabel })}</h2>
            <p class="muted small">{t('forecast.legend')}</p>
            <div class="fan-grid">
              {data.observed.map((o) => (
                <FanChart
                  key={o.unit}
                  label={names.get(o.unit) ?? tMaybe(`country.${o.unit}`, o.unit)}
                  observed={o}
                  rows={data.forecasts.filter((f) => f.unit === o.unit)}
                  metricLabel={metricLabel}
                  plotReady={plotReady}
                  past={past}
                />
              ))}
            </div>
          </section>
        </div>
      )}
    </div>
  );
}
