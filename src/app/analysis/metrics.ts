/** The metrics a series, a comparison or a change-point search can count, and what each counts. */
import { DEATH_METRICS, type DeathMetric } from '../../domain/aggregate.ts';

export { DEATH_METRICS, type DeathMetric } from '../../domain/aggregate.ts';

/** Events, or one of the summed death figures. */
export type Metric = 'events' | DeathMetric;
export const METRICS: readonly Metric[] = ['events', ...DEATH_METRICS];

/** One sentence per metric, returned in every response's meta. */
export const METRIC_DEFINITIONS: Record<Metric, string> = {
  events:
    'Number of event records matching the filter, one per source record, each counted in the period of its start date.',
  fatalities_best:
    "Deaths, the source's best estimate (all victims), summed over the events; null when no event counted reports it.",
  fatalities_low:
    "Deaths, the source's low estimate, summed over the events; null when no event counted reports it.",
  fatalities_high:
    "Deaths, the source's high estimate, summed over the events; null when no event counted reports it.",
  deaths_civilians: 'Civilian deaths summed over the events; null when no event counted reports it.',
  deaths_side_a:
    'Deaths on side A (UCDP) or actor 1 (ACLED) summed over the events; null when no event counted reports it.',
  deaths_side_b:
    'Deaths on side B (UCDP) or actor 2 (ACLED) summed over the events; null when no event counted reports it.',
  deaths_unknown:
    'Deaths whose status (civilian or combatant) the source could not tell, summed over the events; null when no event counted reports it.',
};

/** What `<metric>_unknown` columns count. */
export const UNKNOWN_DEFINITION =
  'Events counted in the row whose figure for the metric is unknown (null): they add nothing to its sum.';

/** Whether a metric counts deaths (clustered) rather than events. */
export function isDeathMetric(m: Metric): m is DeathMetric {
  return (DEATH_METRICS as readonly string[]).includes(m);
}

/** The definitions of a list of metrics, in order. */
export function definitionsOf(metrics: readonly Metric[]): Record<string, string> {
  return Object.fromEntries(metrics.map((m) => [m, METRIC_DEFINITIONS[m]]));
}
