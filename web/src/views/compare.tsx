/** Compare: two periods (under the filter) or two provinces (over the filter's period), with the API's rate ratio and interval. */
import { useEffect, useState } from 'preact/hooks';
import { apiUrl } from '../api/client.ts';
import { previousPeriod } from '../api/queries.ts';
import type { CompareAnswer } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { SourceNote } from '../components/source-note.tsx';
import { CoverageWarning, ErrorBox, Loading } from '../components/status.tsx';
import { fmtInt, fmtSig } from '../format.ts';
import { t } from '../i18n/t.ts';
import { unitLabel, useUnits } from '../state/catalog.ts';
import { setOptions, type UrlState } from '../state/url-state.ts';

type Mode = 'periods' | 'places';

/** The compare request of a state (from/to or admin1 dropped where the API says they do not apply). */
export function compareRequest(state: UrlState): {
  mode: Mode;
  params: Record<string, string | undefined>;
  url: string;
} {
  const o = state.options;
  const f = state.filters;
  const mode: Mode = o.mode === 'places' ? 'places' : 'periods';
  const metric = o.metric === 'fatalities_best' ? 'fatalities_best' : 'events';
  let params: Record<string, string | undefined>;
  if (mode === 'periods') {
    const own = f.from && f.to ? `${f.from}..${f.to}` : undefined;
    const prev = f.from && f.to ? previousPeriod(f.from, f.to) : undefined;
    params = {
      ...f,
      from: undefined,
      to: undefined,
      period1: o.period1 ?? (prev ? `${prev.from}..${prev.to}` : '2020'),
      period2: o.period2 ?? own ?? '2021',
      metric,
    };
  } else {
    params = {
      ...f,
      admin1: undefined,
      level: 'admin1',
      place1: o.place1 ?? 'PK-PB',
      place2: o.place2 ?? 'PK-KP',
      metric,
    };
  }
  return { mode, params, url: apiUrl('/compare', params) };
}

function Side({
  n,
  c,
  metric,
  name,
  per100k,
}: {
  n: 1 | 2;
  c: CompareAnswer['comparison'];
  metric: string;
  /** The side's title: a place's name for its code ("Punjab" for PK-PB), else the API's label. */
  name: (label: string) => string;
  /** Whether the side shows its rate per 100,000 people (two places), which the population note describes. */
  per100k: boolean;
}) {
  const [label, from, to, days, covered, count, unknown, rate, rate100k] =
    n === 1
      ? [
          c.label1,
          c.from1,
          c.to1,
          c.days1,
          c.covered_days1,
          c.count1,
          c.unknown1,
          c.rate1_per_day,
          c.rate1_per_100k,
        ]
      : [
          c.label2,
          c.from2,
          c.to2,
          c.days2,
          c.covered_days2,
          c.count2,
          c.unknown2,
          c.rate2_per_day,
          c.rate2_per_100k,
        ];
  return (
    <article
      class="compare-side"
      data-testid={`compare-side${n}`}
      data-value={count ?? ''}
      data-covered-days={covered}
    >
      <h3 data-label={label}>
        {n}. {name(label)}
      </h3>
      {/* No loaded source covers the side: nothing is known there, so no number (not a zero). */}
      <p class="kpi-number">{count === null ? t('kpi.notCovered') : fmtInt(count)}</p>
      <p class="kpi-counts">{t(metric === 'events' ? 'kpi.events.counts' : 'kpi.fatalities.counts')}</p>
      <p>
        {from} – {to} ·{' '}
        {covered === days
          ? t('compare.days', { n: fmtInt(days) })
          : t('compare.coveredDays', { covered: fmtInt(covered), days: fmtInt(days) })}
      </p>
      {rate !== null && <p>{t('compare.rate', { rate: fmtSig(rate) })}</p>}
      {per100k && rate100k !== null && (
        <p data-testid={`compare-rate100k${n}`}>{t('compare.rate100k', { rate: fmtSig(rate100k) })}</p>
      )}
      {unknown > 0 && <p class="muted">{t('compare.unknown', { n: fmtInt(unknown) })}</p>}
    </article>
  );
}

/** The Compare view. */
export function CompareView({ state }: { state: UrlState }) {
  const req = compareRequest(state);
  const units = useUnits();
  const [draft, setDraft] = useState(req.params);
  useEffect(() => setDraft(req.params), [req.url]);
  const r = useApi<CompareAnswer>(req.url);
  const c = r.data?.comparison;
  // Two places are titled by name, as the menus list them (the API labels them by code).
  const names = new Map((units.data ?? []).map((u) => [u.code, u.name]));
  const name = (label: string) => (req.mode === 'places' ? (names.get(label) ?? label) : label);
  const per100k = req.mode === 'places' && !!c && (c.rate1_per_100k !== null || c.rate2_per_100k !== null);
  // The API's population note describes rates per 100,000 people: kept only where they are shown.
  const notes = (r.data?.meta.notes ?? []).filter(
    (n) => per100k || !n.startsWith('rates per 100,000 people'),
  );
  const submit = (e: Event) => {
    e.preventDefault();
    setOptions(
      req.mode === 'periods'
        ? { period1: draft.period1, period2: draft.period2 }
        : { place1: draft.place1, place2: draft.place2 },
      'push',
    );
  };
  const unitOptions = (units.data ?? []).map((u) => (
    <option key={u.code} value={u.code}>
      {unitLabel(u)}
    </option>
  ));
  return (
    <section class="card" aria-labelledby="compare-title">
      <header class="card-head">
        <h2 id="compare-title">{t('compare.title')}</h2>
      </header>
      <form class="compare-form" onSubmit={submit}>
        <fieldset class="segmented">
          <legend>{t('compare.mode')}</legend>
          {(['periods', 'places'] as const).map((m) => (
            <label key={m}>
              <input
                type="radio"
                name="mode"
                value={m}
                checked={req.mode === m}
                onChange={() => setOptions({ mode: m === 'periods' ? undefined : m }, 'push')}
              />
              <span>{t(`compare.mode.${m}`)}</span>
            </label>
          ))}
        </fieldset>
        {req.mode === 'periods' ? (
          <>
            <label>
              {t('compare.period1')}
              <input
                name="period1"
                value={draft.period1}
                title={t('compare.periodHint')}
                onInput={(e) => setDraft({ ...draft, period1: e.currentTarget.value })}
              />
            </label>
            <label>
              {t('compare.period2')}
              <input
                name="period2"
                value={draft.period2}
                title={t('compare.periodHint')}
                onInput={(e) => setDraft({ ...draft, period2: e.currentTarget.value })}
              />
            </label>
          </>
        ) : (
          <>
            <label>
              {t('compare.place1')}
              <select
                name="place1"
                value={draft.place1}
                onChange={(e) => setDraft({ ...draft, place1: e.currentTarget.value })}
              >
                {unitOptions}
              </select>
            </label>
            <label>
              {t('compare.place2')}
              <select
                name="place2"
                value={draft.place2}
                onChange={(e) => setDraft({ ...draft, place2: e.currentTarget.value })}
              >
                {unitOptions}
              </select>
            </label>
          </>
        )}
        <label>
          {t('compare.metric')}
          <select
            name="metric"
            value={draft.metric}
            onChange={(e) =>
              setOptions(
                { metric: e.currentTarget.value === 'events' ? undefined : e.currentTarget.value },
                'push',
              )
            }
          >
            <option value="events">{t('chart.metric.events')}</option>
            <option value="fatalities_best">{t('chart.metric.fatalities_best')}</option>
          </select>
        </label>
        <button type="submit" class="button-primary">
          {t('compare.run')}
        </button>
      </form>
      {/* How to write a period: not shown beside two provinces, which take the filter's dates. */}
      {req.mode === 'periods' && <p class="muted small">{t('compare.periodHint')}</p>}
      {r.error && <ErrorBox error={r.error} />}
      {!c && r.loading && <Loading />}
      {c && (
        <div class={`compare-grid${r.loading ? ' is-stale' : ''}`} data-testid="compare-result">
          <Side n={1} c={c} metric={c.metric} name={name} per100k={per100k} />
          <article class="compare-ratio" data-testid="compare-ratio" data-value={c.rate_ratio ?? ''}>
            <h3>{t('compare.ratio')}</h3>
            <p class="kpi-number">{fmtSig(c.rate_ratio)}</p>
            <p>
              {t('compare.ci', {
                conf: Math.round(c.confidence * 100),
                low: fmtSig(c.ci_low),
                high: fmtSig(c.ci_high),
              })}
            </p>
            {c.p_value !== null && (
              <p data-testid="compare-p">
                {c.p_value < 0.0001
                  ? t('compare.pBelow', { p: '0.0001' })
                  : t('compare.p', { p: fmtSig(c.p_value) })}
              </p>
            )}
            <p class="muted small">{t('compare.method', { method: c.method })}</p>
            {c.note && <p class="muted small">{c.note}</p>}
          </article>
          <Side n={2} c={c} metric={c.metric} name={name} per100k={per100k} />
        </div>
      )}
      {r.data && (
        <ul class="notes">
          {notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
      <CoverageWarning text={r.data?.meta.coverage_warning} />
      <SourceNote sources={r.data?.meta.sources} desk={r.data?.meta.desk_events} />
    </section>
  );
}
