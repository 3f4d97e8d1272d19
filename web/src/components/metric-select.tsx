/** A select of the metrics a list of published figures holds, with each one's count (`metric` in the URL). */
import { fmtInt } from '../format.ts';
import { t } from '../i18n/t.ts';
import { setOptions, type UrlState } from '../state/url-state.ts';

/** The metric the URL names when the figures hold it, else '' (every metric). */
export function chosenMetric(state: UrlState, figures: readonly { metric: string }[]): string {
  const m = state.options.metric;
  return m && figures.some((f) => f.metric === m) ? m : '';
}

/**
 * The select, and "N of M figures" beside it (`shown` figures of `figures`); without `all`, no
 * "All metrics" choice (a table of one metric at a time: the returns table by month). A metric the
 * URL asks for (`asked`) that no figure holds is named under it: a shared link to "attacks in 2025"
 * opened on every metric's figures with nothing said until 2026-12-07.
 */
export function MetricSelect({
  figures,
  metric,
  shown,
  testid,
  all = true,
  asked,
}: {
  figures: readonly { metric: string }[];
  metric: string;
  shown: number;
  testid: string;
  all?: boolean;
  asked?: string | undefined;
}) {
  const metrics = [...new Set(figures.map((s) => s.metric))].sort();
  const missing = asked && !metrics.includes(asked) ? asked : '';
  return (
    <>
      {missing && (
        <p class="warning" data-testid={`${testid}-metric-missing`} data-metric={missing}>
          {t(all ? 'sources.metricMissing.all' : 'sources.metricMissing', { metric: missing })}
        </p>
      )}
      <MetricControls
        figures={figures}
        metric={metric}
        shown={shown}
        testid={testid}
        all={all}
        metrics={metrics}
      />
    </>
  );
}

/** The select and its count. */
function MetricControls({
  figures,
  metric,
  shown,
  testid,
  all,
  metrics,
}: {
  figures: readonly { metric: string }[];
  metric: string;
  shown: number;
  testid: string;
  all: boolean;
  metrics: string[];
}) {
  return (
    <p class="controls">
      <label>
        {t('sources.metric')}{' '}
        <select
          data-testid={`${testid}-metric`}
          value={metric}
          onChange={(e) => setOptions({ metric: e.currentTarget.value || undefined })}
        >
          {all && <option value="">{t('sources.allMetrics', { n: fmtInt(figures.length) })}</option>}
          {metrics.map((m) => (
            <option key={m} value={m}>
              {`${m} (${fmtInt(figures.filter((s) => s.metric === m).length)})`}
            </option>
          ))}
        </select>
      </label>{' '}
      <span class="muted small" data-testid={`${testid}-count`} data-value={shown}>
        {t('sources.figuresShown', { shown: fmtInt(shown), n: fmtInt(figures.length) })}
      </span>
    </p>
  );
}
