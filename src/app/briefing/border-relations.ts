/**
 * The briefing's border and relations section, from the same use cases the dashboard's Border and
 * relations view reads (GET /border, /relations, /statistics): cross-border series summed over the
 * period's covered months, the relations index of each pair for the period, and the published
 * returns and deportations figures whose period overlaps it. Nothing uncovered is summed as 0.
 */
import { borderTotals } from '../../domain/border-totals.ts';
import type {
  BorderRelationsSection,
  BriefingPeriod,
  RelationsFigure,
  ReturnsFigure,
} from '../../report/briefing-data.ts';
import type { Store } from '../../storage/store.ts';
import {
  DEFAULT_BORDER_KM,
  borderParts,
  inBothSeriesNote,
  interstateStrikesNote,
  nearLineNote,
} from '../analysis/border-view.ts';
import { figureRevisions, revisionNotes, revisionWords } from '../figure-revisions.ts';
import { figureSources, indicatorsQuery } from '../indicators.ts';
import { agree, counted } from '../../domain/plural.ts';
import { relationsQuery } from '../relations/relations.ts';
import { RETURNS_METRICS } from '../../domain/statistic.ts';

/** The country pairs the section and the dashboard view show, in order. */
export const RELATION_PAIRS: readonly [string, string][] = [
  ['PAK', 'AFG'],
  ['PAK', 'IND'],
  ['AFG', 'IND'],
];

const r3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

/** Builds the section for a briefing period. */
export async function borderRelations(store: Store, period: BriefingPeriod): Promise<BorderRelationsSection> {
  const notes: string[] = [];
  // The view's answer, with the counts its notes on events in both series and near the line are
  // written from: the same filter and distance, so read once.
  const {
    answer: border,
    inBoth: both,
    nearLine: near,
  } = await borderParts(store, {
    filter: { from: period.from, to: period.to },
    maxBorderKm: DEFAULT_BORDER_KM,
  });
  const rows = borderTotals(border.rows);
  const partial = rows.filter((r) => r.months_covered > 0 && r.months_covered < r.months);
  if (partial.length)
    notes.push(
      `Cross-border figures add only the months a loaded source covers (${partial[0]!.months_covered} of ${partial[0]!.months}); the other months are not covered, not zero.`,
    );
  const apart = border.imprecise.reduce((n, r) => n + r.events, 0);
  if (apart)
    notes.push(
      `${counted(apart, 'cross-border event')} ${agree(apart, 'is', 'are')} dated only to a year (or a span longer than a month): ${agree(apart, 'it is', 'they are')} listed apart, in no month and not in the table's sums.`,
    );
  // The strikes series is Pakistan's strikes on armed groups alone: its strikes in the interstate war
  // are interstate events on the AFG side (UCDP's side_a there is Afghanistan), said as the view says it.
  const afg = [
    ...rows.filter((r) => r.series === 'interstate' && r.side === 'AFG'),
    ...border.imprecise.filter((r) => r.series === 'interstate' && r.side === 'AFG'),
  ];
  const afgEvents = afg.reduce((n, r) => n + (r.events ?? 0), 0);
  if (afgEvents)
    notes.push(
      `${interstateStrikesNote(
        afgEvents,
        afg.reduce((n, r) => n + (r.fatalities_best ?? 0), 0),
      ).replace(/`/g, '')}.`,
    );
  if (both.events) notes.push(`${inBothSeriesNote(both, DEFAULT_BORDER_KM).replace(/`/g, '')}.`);
  // Events sided by their source's country against a point near the line, named as the view names them.
  if (near.events) notes.push(`${nearLineNote(near).replace(/`/g, '')}.`);
  const relations: RelationsFigure[] = [];
  const missing: string[] = [];
  // The loaded indexes, read once for the three pairs.
  const indexes = await store.dyadIndexSources();
  for (const [a, b] of RELATION_PAIRS) {
    const r = await relationsQuery(
      store,
      { a, b, interval: 'year', from: period.from, to: period.to },
      indexes,
    );
    if (!r.series.length) missing.push(`${a}-${b}`);
    for (const s of r.series) {
      // One period: the interval is longer than the briefing period, so the one point covers it all.
      const days = s.points.reduce((n, p) => n + p.days_in_period, 0);
      const covered = s.points.reduce((n, p) => n + p.days_covered, 0);
      const sum = s.points.reduce((n, p) => n + (p.value_sum ?? 0), 0);
      const one = s.points.length === 1 ? s.points[0]! : null;
      relations.push({
        pair: `${r.pair.a}-${r.pair.b}`,
        source: s.source.id,
        source_name: s.source.name,
        version: s.source.version,
        // The licence, its text and the credit as the relations answer gives them, from the credits table.
        licence: s.source.licence,
        licence_id: s.source.licence_id,
        licence_url: s.source.licence_url,
        credit: s.source.credit,
        value: covered ? r3(sum / covered) : null,
        ci_low: one?.ci_low ?? null,
        ci_high: one?.ci_high ?? null,
        per_1000_volume: one?.per_1000_volume ?? null,
        days_covered: covered,
        days_in_period: days,
        coverage: covered === 0 ? 'not_covered' : covered < days ? 'partly_covered' : 'covered',
      });
    }
  }
  if (missing.length) notes.push(`No loaded relations index holds ${missing.join(', ')}.`);
  const stats = await indicatorsQuery(store, { from: period.from, to: period.to });
  const published = stats.statistics.filter((s) => RETURNS_METRICS.includes(s.metric));
  // One figure compiled twice (from two files or pages) is listed once, naming each record, as
  // GET /statistics gives it.
  // A publisher's later release of a figure names the earlier and is named by it, in words as the CSV says it.
  const byId = new Map(published.map((s) => [s.id, s]));
  const returns: ReturnsFigure[] = published.map((s) => ({
    id: s.id,
    organisation: s.organisation,
    metric: s.metric,
    geography: s.geography,
    geography_to: s.geography_to,
    origin: s.origin,
    period_start: s.period_start,
    period_end: s.period_end,
    value: s.value,
    qualifier: s.qualifier,
    unit: s.unit,
    definition: s.definition,
    period_overlaps: s.period_overlaps,
    revises: s.revises,
    revised_by: s.revised_by,
    revision: revisionWords(s, byId),
    report: s.report,
    url: s.url,
    also_recorded: s.also_recorded.map((o) => ({
      organisation: o.organisation,
      report: o.report,
      url: o.url,
    })),
  }));
  return {
    border: {
      rows,
      coverage: border.meta.coverage_status ?? 'not_covered',
      max_border_km: DEFAULT_BORDER_KM,
      sources: border.meta.sources.map((s) => ({
        source: s.source,
        version: s.version,
        events: s.events,
        licence: s.licence,
        licence_id: s.licence_id,
        licence_url: s.licence_url,
        credit: s.credit,
      })),
      imprecise: border.imprecise.map((r) => ({
        period: r.period,
        precision: r.precision,
        series: r.series,
        side: r.side,
        events: r.events,
        fatalities_best: r.fatalities_best,
      })),
    },
    relations,
    relations_missing: missing,
    returns,
    // Said under the list, as GET /statistics says it in meta.notes: which figures are releases of another.
    returns_notes: revisionNotes(
      returns.filter((r) => r.revises !== null).length,
      figureRevisions(published).unordered,
    ),
    // The files of every published row listed or named under one, with their terms, as GET /statistics gives them.
    returns_sources: await figureSources(
      store,
      published.flatMap((s) => [s, ...s.also_recorded]).map((s) => ({ fileSha256: s.file_sha256 })),
    ),
    notes,
  };
}
