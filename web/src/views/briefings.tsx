/**
 * Briefings: the briefing of a period (ISO week, month, quarter or year) under the current filter from
 * `GET /api/v1/briefing`: its title, reproducibility id and key figures, the rendered HTML in a
 * sandboxed frame, and links to the HTML and Markdown renders. A briefing's period replaces the
 * filter's dates (the API refuses from/to with a period). `period` and `outlook=true` (the
 * forecast section) live in the URL.
 */
import { useEffect, useState } from 'preact/hooks';
import { apiUrl, getText, type Params } from '../api/client.ts';
import type { BriefingAnswer } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { ErrorBox, Loading } from '../components/status.tsx';
import { fmtInt } from '../format.ts';
import { t } from '../i18n/t.ts';
import { setOptions, type Filters, type UrlState } from '../state/url-state.ts';

/** The quarter key of a date: 2021-11-03 → 2021-Q4. */
const quarterOf = (y: number, m: number) => `${y}-Q${Math.floor((m - 1) / 3) + 1}`;

/**
 * The default period: the last whole quarter inside the filter's dates, or null when the filter has
 * no end date or no whole quarter: the API then briefs on the latest quarter the loaded sources
 * cover whole and names it in `period_note` (it was a fixed 2021-Q4, years behind the data).
 */
export function defaultPeriod(f: Filters): string | null {
  const fallback = null;
  const to = f.to?.match(/^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/);
  if (!to) return fallback;
  let y = Number(to[1]);
  let m = to[2] ? Number(to[2]) : 12;
  const d = to[3] ? Number(to[3]) : 31;
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  // The quarter ending on or before `to`.
  const quarterEnds = m % 3 === 0 && d >= lastDay;
  if (!quarterEnds) {
    m = Math.floor((m - 1) / 3) * 3; // last month of the previous quarter
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  const start = `${y}-${String(m - 2).padStart(2, '0')}-01`;
  const from = f.from && /^\d{4}$/.test(f.from) ? `${f.from}-01-01` : f.from;
  if (from && start < from) return fallback;
  return quarterOf(y, m);
}

/** The briefing request's parameters: the filter without its dates, the period, the outlook. */
export function briefingParams(state: UrlState): Params {
  const filter: Filters = { ...state.filters };
  delete filter.from;
  delete filter.to;
  return {
    ...filter,
    period: state.options.period ?? defaultPeriod(state.filters) ?? undefined,
    forecast: state.options.outlook === 'true' ? 'true' : undefined,
  };
}

function PeriodForm({ period, outlook }: { period: string; outlook: boolean }) {
  const [value, setValue] = useState(period);
  const [withOutlook, setWithOutlook] = useState(outlook);
  useEffect(() => setValue(period), [period]);
  useEffect(() => setWithOutlook(outlook), [outlook]);
  return (
    <form
      class="controls briefing-form"
      onSubmit={(e) => {
        e.preventDefault();
        setOptions({ period: value.trim() || undefined, outlook: withOutlook ? 'true' : undefined }, 'push');
      }}
    >
      <label>
        {t('briefing.period')}{' '}
        <input
          id="briefing-period"
          name="period"
          value={value}
          size={10}
          placeholder="2021-Q4"
          aria-describedby="briefing-period-hint"
          onInput={(e) => setValue(e.currentTarget.value)}
        />
      </label>
      <label>
        <input
          type="checkbox"
          id="briefing-outlook"
          name="outlook"
          checked={withOutlook}
          onChange={(e) => setWithOutlook(e.currentTarget.checked)}
        />{' '}
        {t('briefing.outlook')}
      </label>
      <button type="submit" class="button-primary" data-testid="briefing-run">
        {t('briefing.run')}
      </button>
      <p class="muted small full" id="briefing-period-hint">
        {t('briefing.periodHint')}
      </p>
    </form>
  );
}

/** The Briefings view. */
export function BriefingsView({ state }: { state: UrlState }) {
  const params = briefingParams(state);
  const url = apiUrl('/briefing', params);
  const htmlUrl = apiUrl('/briefing', { ...params, render: 'html' });
  const mdUrl = apiUrl('/briefing', { ...params, render: 'markdown' });
  const r = useApi<BriefingAnswer>(url);
  const html = useApi<string>(r.data ? htmlUrl : null, getText);
  const data = r.data;
  // No period asked: the form shows the one the API chose once it answers.
  const period = params.period !== undefined ? String(params.period) : (data?.period.key ?? '');
  const datesIgnored = !!(state.filters.from || state.filters.to);
  return (
    <div class="stack">
      <section class="card" aria-labelledby="briefing-form-title">
        <h2 id="briefing-form-title">{t('briefing.title')}</h2>
        <p class="muted small">{t('briefing.intro')}</p>
        <PeriodForm period={period} outlook={state.options.outlook === 'true'} />
        {data?.period_note && (
          <p class="muted small" role="note" data-testid="briefing-period-note">
            {data.period_note}
          </p>
        )}
        {datesIgnored && (
          <p class="warning" role="note">
            {t('briefing.datesIgnored')}
          </p>
        )}
        {r.error && <ErrorBox error={r.error} />}
        {r.loading && <Loading label={t('briefing.loading')} />}
      </section>
      {data && (
        <section
          class={`card${r.loading ? ' is-stale' : ''}`}
          aria-labelledby="briefing-title"
          aria-busy={r.loading}
          data-testid="briefing"
        >
          <h2 id="briefing-title" data-testid="briefing-title">
            {data.title}
          </h2>
          <p class="muted" data-testid="briefing-subtitle">
            {data.subtitle}
          </p>
          <p class="small">
            {t('briefing.repro')}{' '}
            <code data-testid="briefing-repro" class="break">
              {data.sources.reproducibility_id}
            </code>
          </p>
          <ul class="briefing-figures" data-testid="briefing-figures">
            {data.key_figures.map((k) => (
              <li
                key={k.metric}
                class="kpi"
                title={k.definition}
                data-metric={k.metric}
                data-value={k.value ?? ''}
                data-coverage={k.coverage}
              >
                <div class="kpi-label">{k.label}</div>
                {/* A period no loaded source covers reads so, as on the overview, not as a dash. */}
                <div class="kpi-number">
                  {k.value !== null
                    ? fmtInt(k.value)
                    : k.coverage === 'not_covered'
                      ? t('kpi.notCovered')
                      : t('kpi.unknown')}
                </div>
                {k.low !== null && k.high !== null && (
                  <p class="kpi-range">
                    {t('kpi.fatalities.range', { low: fmtInt(k.low), high: fmtInt(k.high) })}
                  </p>
                )}
              </li>
            ))}
          </ul>
          <p class="controls">
            <a
              class="button-secondary"
              href={htmlUrl}
              download={`${data.id}.html`}
              data-testid="briefing-html-link"
            >
              {t('briefing.downloadHtml')}
            </a>
            <a
              class="button-secondary"
              href={mdUrl}
              download={`${data.id}.md`}
              data-testid="briefing-md-link"
            >
              {t('briefing.downloadMd')}
            </a>
          </p>
          {html.error && <ErrorBox error={html.error} />}
          {!html.data && html.loading && <Loading label={t('briefing.rendering')} />}
          {html.data && (
            <iframe
              class="briefing-frame"
              title={t('briefing.frame', { title: data.title })}
              sandbox=""
              srcdoc={html.data}
              data-testid="briefing-frame"
            />
          )}
        </section>
      )}
    </div>
  );
}
