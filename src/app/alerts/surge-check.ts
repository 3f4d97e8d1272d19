/**
 * Surge rules: the surge signal (app/analysis/signals.ts) of a province, district or actor group
 * holds on the latest day the data cover; with `include_desk`, published desk events count in it.
 */
import { dayNumber } from '../../analytics/aggregate/dates.ts';
import { DESK_SOURCE } from '../../domain/desk.ts';
import type { RawFilter } from '../../domain/filter-vocabulary.ts';
import { formatNumber, grouped } from '../../domain/format-number.ts';
import { agree, counted } from '../../domain/plural.ts';
import type { EventFilter } from '../../domain/query.ts';
import type { Store } from '../../storage/store.ts';
import { loadCoverage } from '../analysis/meta.ts';
import type { Metric } from '../analysis/metrics.ts';
import { deskAfterNote, signalsQuery } from '../analysis/signals.ts';
import { resolveFilter } from '../filters.ts';
import type { KindCheck } from './found.ts';
import { staleDays } from './stale.ts';

/** Whether the latest window is the highest in a lookback and at least min_total (docs/methods.md, "Surge signal"). */
export const surgeCheck: KindCheck = async (store, rule, now) => {
  const p = rule.params as {
    filter: RawFilter;
    metric: Metric;
    window_days: number;
    min_total: number;
    lookbacks: number[];
    include_desk?: boolean;
  };
  // Rules made before include_desk existed were documented to leave desk events out: they still do.
  const includeDesk = p.include_desk === true;
  const filter = { ...(await resolveFilter(store, p.filter)), includeDesk };
  const r = await signalsQuery(store, {
    filter,
    metric: p.metric,
    windowDays: p.window_days,
    minTotal: p.min_total,
    lookbacks: p.lookbacks,
  });
  const s = r.signal;
  // Nothing silent: the desk events a rule leaves out of its window (or, with include_desk, the ones
  // dated after it, which no window of covered days holds) are said, not dropped.
  const desk = includeDesk
    ? await deskAfterNote(store, filter, s.window_end)
    : await deskLeftOut(store, filter, s.window_start, s.window_end);
  // Data that end months ago are judged on their last window: said, so that a quiet rule is not
  // read as quiet days since (it said nothing, as a relations rule on an old index does).
  const behind = staleDays(s.window_end, now);
  const stale =
    behind === null
      ? null
      : `the loaded data end on ${s.window_end}, ${grouped(behind)} days before ${now.toISOString().slice(0, 10)}: the rule judges the ${counted(p.window_days, 'day')} to then, not the days since, which no loaded source version covers (faultline update, or a newer release, brings them)`;
  const note = [desk, stale].filter(Boolean).join('; ') || null;
  // A window with uncovered days has no total, and one with no covered earlier window to compare
  // with is not known to be a surge: neither is "no surge" (it cleared a surge's alert, silently).
  if (s.surge === null)
    return {
      conditions: [],
      judged: false,
      note: [notCovered(s, p.window_days, p.lookbacks), note].filter(Boolean).join('; '),
    };
  if (!s.surge) return { conditions: [], note };
  const subject = Object.entries(p.filter)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return {
    conditions: [
      {
        // One subject per rule: a surge that goes on as new days arrive is the same alert. A surge has
        // a total (a window without one is "not known", never a surge).
        key: 'surge',
        title: `surge in ${subject}: ${grouped(s.total!)} ${p.metric}${includeDesk ? ' (published desk events included)' : ''} in ${s.window_start} to ${s.window_end}, the highest ${p.window_days}-day total in ${lookbackText(s, p.lookbacks, r.meta.uncovered)}`,
        detail: {
          subject: p.filter,
          metric: p.metric,
          ...s,
          rule: r.rule,
          sources: r.meta.sources,
          desk_events: r.meta.desk_events,
        },
      },
    ],
    note,
  };
};

/** Why a surge rule's latest window cannot be judged, and that its conditions are kept as they were. */
function notCovered(
  s: { window_start: string; window_end: string; total: number | null },
  windowDays: number,
  lookbacks: readonly number[],
): string {
  const window = `${s.window_start} to ${s.window_end}`;
  const why =
    s.total === null
      ? `the window ${window} holds days no loaded source version covers, so it has no total`
      : `no earlier ${windowDays}-day window of the ${lookbacks.map((d) => formatNumber(d)).join(' or ')}-day lookback is covered by a loaded source version, so whether ${window} is a surge is not known`;
  return `not covered: ${why}; the rule's conditions are kept as they were (neither fired nor cleared) until the data cover it`;
}

/** The note of a rule without include_desk that matching published desk events lie in its window; null when none do. */
async function deskLeftOut(
  store: Store,
  filter: EventFilter,
  from: string,
  to: string,
): Promise<string | null> {
  // The memoised coverage says without a read when no published desk event lies in the window.
  const desk = (await loadCoverage(store)).filter((c) => c.source === DESK_SOURCE);
  if (!desk.some((c) => c.firstDate <= to && c.lastDate >= from)) return null;
  const n = await store.countEvents({ ...filter, includeDesk: false, source: [DESK_SOURCE], from, to });
  return n
    ? `${counted(n, 'published desk event')} dated in the window ${from} to ${to} ${agree(n, 'matches', 'match')} it, not counted: this rule leaves desk events out (a rule with include_desk counts them)`
    : null;
}

/**
 * The lookback a surge is highest in (the longest), with how much of it the data cover when not all:
 * "the 182 covered days of its 1,095-day lookback", so that a high over six months of data does not
 * read as a three-year high.
 */
export function lookbackText(
  s: Record<string, unknown> & { window_end: string },
  lookbacks: readonly number[],
  uncovered: readonly { from: string; to: string }[],
): string {
  const days = Math.max(...lookbacks.filter((d) => s[`highest_${d}d`] === true));
  if (!Number.isFinite(days)) return 'its lookback';
  // The lookback: the `days` days before the window's last day.
  const end = dayNumber(s.window_end)! - 1;
  const start = end - days + 1;
  const gap = uncovered.reduce((n, u) => {
    const [a, b] = [Math.max(start, dayNumber(u.from)!), Math.min(end, dayNumber(u.to)!)];
    return n + Math.max(0, b - a + 1);
  }, 0);
  const whole = `its ${formatNumber(days)}-day lookback`;
  return gap ? `the ${formatNumber(days - gap)} covered days of ${whole}` : whole;
}
