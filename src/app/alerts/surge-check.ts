/** Surge rules: the surge signal (app/analysis/signals.ts) of a province, district or actor group holds on the latest day the data cover. */
import type { RawFilter } from '../../domain/filter-vocabulary.ts';
import type { Metric } from '../analysis/metrics.ts';
import { signalsQuery } from '../analysis/signals.ts';
import { resolveFilter } from '../filters.ts';
import type { KindCheck } from './found.ts';

/** Whether the latest window is the highest in a lookback and at least min_total (docs/methods.md, "Surge signal"). */
export const surgeCheck: KindCheck = async (store, rule) => {
  const p = rule.params as {
    filter: RawFilter;
    metric: Metric;
    window_days: number;
    min_total: number;
    lookbacks: number[];
  };
  const r = await signalsQuery(store, {
    filter: await resolveFilter(store, p.filter),
    metric: p.metric,
    windowDays: p.window_days,
    minTotal: p.min_total,
    lookbacks: p.lookbacks,
  });
  const s = r.signal;
  if (!s.surge) return { conditions: [], note: null };
  const subject = Object.entries(p.filter)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return {
    conditions: [
      {
        // One subject per rule: a surge that goes on as new days arrive is the same alert.
        key: 'surge',
        title: `surge in ${subject}: ${s.total} ${p.metric} in ${s.window_start} to ${s.window_end}, the highest ${p.window_days}-day total in its lookback`,
        detail: { subject: p.filter, metric: p.metric, ...s, rule: r.rule, sources: r.meta.sources },
      },
    ],
    note: null,
  };
};
