/**
 * "Sources disagree" (issue 17): the events of a filter from two or more sources, linked into
 * incidents (analytics/linkage), then the incidents where the sources differ beyond a tolerance
 * (deaths, date, province, perpetrator), the incidents only one source reports, and per month
 * what share of each source's records another source also has. Read from the stored linkage runs
 * of the period (app/linkage-runs.ts), linked again first when stale (docs/linkage.md).
 */
import { LINKAGE_DEFAULTS, type LinkageParams } from '../analytics/linkage/linkage.ts';
import { choiceHint } from '../domain/choice.ts';
import { agree } from '../domain/plural.ts';
import { grouped } from '../domain/format-number.ts';
import { invalidParam } from '../domain/errors.ts';
import { quoteValue } from '../domain/quote.ts';
import type { EventFilter } from '../domain/query.ts';
import type { EventSummary } from '../domain/event-summary.ts';
import type { Store } from '../storage/store.ts';
import type { EventScope } from '../storage/stored-disagreements.ts';
import { DIFFERENCES, type DisagreementsAnswer, type Difference } from './disagreements-answer.ts';
import { tallyInMemory } from './disagreements-memory.ts';
import { tallyStored, type TallyingStore } from './disagreements-stored.ts';
import type { Tally, TallyAsk, Tolerances } from './disagreements-tally.ts';
import {
  coverageStatus,
  filterCoverage,
  resolvePeriod,
  supersededWhy,
  uncoveredSpans,
} from './analysis/meta.ts';

export type { DisagreementsAnswer, Difference, Incident, IncidentLink } from './disagreements-answer.ts';
export { DIFFERENCES } from './disagreements-answer.ts';
export type { Tolerances } from './disagreements-tally.ts';

/** Default tolerances: a quarter of the larger death toll (at least 2), and 1 day. */
export const TOLERANCE_DEFAULTS: Tolerances = { deathsShare: 0.25, days: 1 };

/**
 * Links the events of a filter across sources and reports where the sources disagree. Over stored
 * runs the store judges and counts the incidents and cuts them to the page (Store.disagreementTally);
 * links computed on request are judged in memory.
 */
export async function sourcesDisagree(
  store: Store,
  filter: EventFilter,
  opts: {
    limit?: number;
    tolerances?: Tolerances;
    params?: LinkageParams;
    includeSuperseded?: boolean;
    /** Only incidents that differ on this. */
    differ?: Difference;
    /** List the incidents only this source reports on days another compared source covers. */
    onlyIn?: string;
  } = {},
): Promise<DisagreementsAnswer> {
  const limit = opts.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 0) throw invalidParam('limit', `${quoteValue(limit)}`);
  const t = opts.tolerances ?? TOLERANCE_DEFAULTS;
  const params = opts.params ?? LINKAGE_DEFAULTS;
  const includeSuperseded = opts.includeSuperseded === true;
  // Links computed on request (superseded events, parameters of their own) are judged in memory,
  // from every record under the filter; stored links in the store, which reads only their scope first.
  const computed = includeSuperseded || params !== LINKAGE_DEFAULTS;
  const tallying = !computed && store.disagreementTally ? (store as TallyingStore) : null;
  const summaries: EventSummary[] = [];
  let scope: EventScope;
  if (tallying) scope = await store.eventScope(filter);
  else {
    for await (const batch of store.streamEventSummaries({ ...filter, sort: 'date', includeSuperseded }))
      summaries.push(...batch);
    scope = {
      events: summaries.length,
      sources: summaries.map((e) => String(e.source)),
      first: null,
      last: null,
    };
  }
  const sources = [...new Set(scope.sources)].sort();
  // What each loaded source covers (desk events never cover a period): a record another source could
  // not have reported, because that source covers neither its day nor its country, is no evidence
  // that the other source missed it. Superseded Candidate events compared with their GED twins
  // keep the days their release covers (counts leave those days to GED).
  const relevant = await filterCoverage(store, filter, includeSuperseded);
  const period = await resolvePeriod(store, filter);
  const status = coverageStatus(relevant, period.from, period.to);
  // The sources compared: those with events under the filter and those that cover some of its
  // period without any (their shares are then true zeros).
  const overlapping = relevant.filter((c) => c.firstDate <= period.to && c.lastDate >= period.from);
  const compared = [...new Set([...sources, ...overlapping.map((c) => c.source)])].sort();
  if (opts.onlyIn !== undefined && !compared.includes(opts.onlyIn))
    throw invalidParam(
      'only_in',
      `${quoteValue(opts.onlyIn)} (the sources under this filter: ${compared.join(', ') || 'none'})`,
    );
  if (opts.differ !== undefined && !DIFFERENCES.includes(opts.differ))
    throw invalidParam('differ', `${quoteValue(opts.differ)} (${choiceHint(DIFFERENCES)})`);
  const notes: string[] = [];
  if (status === 'not_covered') {
    const loaded = relevant.map((c) => `${c.source} ${c.version} covers ${c.firstDate} to ${c.lastDate}`);
    // Candidate asked alone of days GED superseded: GED knows them, and the note says where.
    const why = opts.includeSuperseded ? null : await supersededWhy(store, { ...filter, ...period });
    notes.push(
      `not covered: no loaded source covers ${period.from} to ${period.to}${loaded.length ? ` (${loaded.join('; ')})` : ''}${why ? `: ${why}` : ', so nothing is known there (not zero records)'}`,
    );
  } else if (sources.length < 2)
    notes.push(
      `${sources.length ? `only one source (${sources[0]})` : 'no source'} has events under this filter: there is nothing to compare`,
    );
  const silent = compared.filter((c) => !sources.includes(c));
  if (status !== 'not_covered' && silent.length)
    notes.push(
      `${silent.join(', ')} ${silent.length > 1 ? 'cover' : 'covers'} part of this period but ${silent.length > 1 ? 'have' : 'has'} no events under the filter: the shares of the others' records ${silent.length > 1 ? 'they' : 'it'} also ${silent.length > 1 ? 'have' : 'has'} are true zeros`,
    );
  const ask: TallyAsk = {
    filter,
    period,
    tolerances: t,
    params,
    includeSuperseded,
    differ: opts.differ,
    limit,
    onlyIn: opts.onlyIn,
    sources,
    compared,
    relevant,
  };
  const tally: Tally = tallying
    ? await tallyStored(tallying, scope, ask)
    : await tallyInMemory(store, summaries, ask, computed);
  const { linkage } = tally;
  if (linkage.basis === 'computed_on_request')
    notes.push(
      'links computed on request for this answer (superseded events or parameters of their own): stored links hold current events with the default parameters only',
    );
  if (tally.disagreeingTotal > limit)
    notes.push(
      `${grouped(tally.disagreeingTotal)} incidents disagree; the first ${grouped(limit)} (largest death toll first) ${agree(limit, 'is', 'are')} listed: raise the limit to see them all`,
    );
  const outside = tally.linkedOutside;
  if (outside.total)
    notes.push(
      `${grouped(outside.total)} of the incidents one source alone reports under this filter ${outside.total === 1 ? 'is' : 'are'} linked to a record of another source that the filter leaves out (another actor, place or date: ${outside.first.join('; ')}${outside.total > 5 ? '; ...' : ''}): that source has the incident, coded otherwise, so ${outside.total === 1 ? 'it is' : 'they are'} counted as linked to another source's record outside the filter, not among those on days another source covers`,
    );
  const uncoveredSingles = tally.single.reduce(
    (n, v) => n + v.incidents - v.where_others_cover - v.linked_outside_filter,
    0,
  );
  if (uncoveredSingles && compared.length > 1) {
    const loaded = overlapping.map((c) => `${c.source} ${c.version} covers ${c.firstDate} to ${c.lastDate}`);
    notes.push(
      `${grouped(uncoveredSingles)} of the incidents one source alone reports fall on days (or in countries) no other loaded source covers (${loaded.join('; ')}): no other source could report them, so they are not counted among those on days another source covers`,
    );
  }
  const known = (n: number) => (status === 'not_covered' ? null : n);
  return {
    filter,
    sources,
    period,
    coverage_status: status,
    uncovered: uncoveredSpans(relevant, period.from, period.to).map(([from, to]) => ({ from, to })),
    window: params.window,
    threshold: params.threshold,
    margin: params.margin,
    tolerances: { deaths_share: t.deathsShare, days: t.days },
    // No loaded source covers the period: no counts to give (the note says so), null rather than 0.
    records: known(scope.events),
    incidents: known(tally.incidents),
    multi_source: known(tally.multiSource),
    disagreeing_total: known(tally.disagreeingTotal),
    differ: opts.differ ?? null,
    disagreeing: tally.disagreeing,
    single_source: tally.single,
    only_in: tally.onlyIn && { source: opts.onlyIn!, ...tally.onlyIn },
    linkage,
    coverage: tally.coverage,
    notes,
  };
}
