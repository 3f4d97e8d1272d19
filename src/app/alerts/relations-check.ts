/**
 * Relations rules: the latest month of a pair's relations index (app/relations) that is covered on
 * at least `min_days` days has a mean more than `drop_sd` standard deviations below the mean of
 * the `baseline_months` covered months before it (each loaded index judged on its own).
 */
import { grouped } from '../../domain/format-number.ts';
import { addMonths } from '../../analytics/forecast/months.ts';
import { relationsQuery } from '../relations/relations.ts';
import type { KindCheck } from './found.ts';
import { staleDays } from './stale.ts';

/** A relations rule's settings. */
interface RelationsRuleParams {
  a: string;
  b: string;
  baseline_months: number;
  drop_sd: number;
  min_days: number;
}

/** Fewest baseline months with a value for a drop to be judged. */
const MIN_BASELINE = 3;

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Checks a relations rule on every dyad index holding the pair. */
export const relationsCheck: KindCheck = async (store, rule, now) => {
  const p = rule.params as unknown as RelationsRuleParams;
  const pair = [p.a, p.b].sort().join('-');
  const last = (await store.dyadIndexSources())
    .filter((s) => s.pairs.includes(pair))
    .map((s) => s.lastDate)
    .sort()
    .at(-1);
  if (!last) return { conditions: [], note: `no loaded dyad index holds ${pair}: nothing judged` };
  // The baseline and the latest month, and one month more in case the last one is covered too thinly.
  const from = addMonths(last.slice(0, 7), -(p.baseline_months + 1));
  const answer = await relationsQuery(store, {
    a: p.a,
    b: p.b,
    interval: 'month',
    from,
    to: last.slice(0, 7),
  });
  const notes: string[] = [];
  // An index that ended long ago (the bundled one on 2024-02-23) is judged on its own last month:
  // said, so that a quiet rule is not read as quiet relations today.
  const behind = staleDays(last, now);
  if (behind !== null)
    notes.push(
      `the loaded index of ${pair} ends on ${last}, ${grouped(behind)} days before ${now.toISOString().slice(0, 10)}: the rule judges its last months, not the relations since (a newer release of the index, imported with faultline import, brings them; the GDELT barometer of faultline fetch gdelt is not what relations rules read)`,
    );
  const conditions = [];
  for (const s of answer.series) {
    const judged = s.points.filter((x) => x.value !== null && x.days_covered >= p.min_days);
    const latest = judged.at(-1);
    const baseline = judged.slice(-(p.baseline_months + 1), -1).map((x) => x.value!);
    if (!latest || baseline.length < MIN_BASELINE) {
      notes.push(
        `${s.source.id}: fewer than ${MIN_BASELINE} baseline months covered on ${p.min_days}+ days: not judged`,
      );
      continue;
    }
    const mean = baseline.reduce((a, b) => a + b, 0) / baseline.length;
    const sd = Math.sqrt(baseline.reduce((a, b) => a + (b - mean) ** 2, 0) / (baseline.length - 1));
    const bound = mean - p.drop_sd * sd;
    if (!(latest.value! < bound)) continue;
    conditions.push({
      key: `${s.source.id} ${latest.period}`,
      title: `${pair} relations index (${s.source.id}) in ${latest.period}: ${round(latest.value!)}, below the ${baseline.length}-month baseline ${round(mean)} less ${p.drop_sd} sd (${round(bound)})`,
      detail: {
        pair,
        source: s.source.id,
        version: s.source.version,
        period: latest.period,
        value: latest.value,
        days_covered: latest.days_covered,
        baseline_mean: round(mean),
        baseline_sd: round(sd),
        baseline_months: baseline.length,
        bound: round(bound),
      },
    });
  }
  return { conditions, note: notes.length ? notes.join('; ') : null };
};
