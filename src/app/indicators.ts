/**
 * The published figures use case: statistics and indicator-series values as each organisation
 * published them, with the page and quote they were read from (GET /statistics, `faultline indicators`).
 */
import { invalidParam, ParamError, periodReversed } from '../domain/errors.ts';
import { counted } from '../domain/plural.ts';
import { quoteValue } from '../domain/quote.ts';
import {
  foldListedFigures,
  foldSameFigures,
  isSecondary,
  newestFirstOrder,
  type Statistic,
} from '../domain/statistic.ts';
import type { StatisticFilter, Store } from '../storage/store.ts';
import type { FigureSource, IndicatorRow, IndicatorsAnswer } from './answers.ts';
import { sourceLicence } from './data-credits.ts';
import { memo } from './analysis/memo.ts';
import { dayBound, nearest } from './filters.ts';
import { periodOverlaps } from './figure-overlaps.ts';
import { ALL_ORIGINS, figureOrigin, originLeftOutNote, parseOrigin } from './figure-origin.ts';
import { figureRevisions, revisionNotes, revisionWords } from './figure-revisions.ts';
import { countryNames, iso3Codes } from '../ingest/countries.ts';

/**
 * What `faultline indicators` and GET /statistics take, as given (`country`: ISO3 codes,
 * comma-separated; `organisation`: text the figure's organisation holds, in any case).
 */
export type IndicatorsRequest = Omit<StatisticFilter, 'countries'> & {
  country?: string;
  organisation?: string;
  /** Where the people counted left from: an ISO3 code or `several` (figure-origin.ts), or `all` (the default). */
  origin?: string;
};

/**
 * Published figures matching the filter. Dates take the forms the other filters take (`2023` and
 * `2023-09` stand for their first or last day) and are checked against the calendar
 * (`invalid date for from: "2023-02-30" (use a year 2021, a month 2021-03 or a day 2021-03-07)`);
 * countries, as in the event filters, are one or more ISO3 codes, comma-separated (PAK,IRN). A
 * figure is of every country one of its records names (its one country, origin or destination).
 */
export async function indicatorsQuery(store: Store, query: IndicatorsRequest): Promise<IndicatorsAnswer> {
  const { country: given, organisation, origin: originGiven, ...f } = query;
  // As the API refuses `metric=`: an empty metric was read as none and listed every figure.
  if (f.metric !== undefined && f.metric.trim() === '')
    throw invalidParam('metric', `${quoteValue(f.metric)} (give a value, or leave the parameter out)`);
  if (organisation !== undefined && organisation.trim() === '')
    throw invalidParam(
      'organisation',
      `${quoteValue(organisation)} (give a value, or leave the parameter out)`,
    );
  if (originGiven !== undefined && originGiven.trim() === '')
    throw invalidParam('origin', `${quoteValue(originGiven)} (give a value, or leave the parameter out)`);
  if (f.from !== undefined) f.from = dayBound('from', f.from, 'start');
  if (f.to !== undefined) f.to = dayBound('to', f.to, 'end');
  if (f.from && f.to && f.to < f.from) throw periodReversed(query.from!, query.to!);
  const countries = given === undefined ? undefined : countryList(given);
  if (organisation !== undefined) await knownOrganisation(store, organisation.trim());
  // Every loaded record of the metric and period, whatever its country and organisation: a figure
  // compiled twice is merged over all of them, then the filters keep or leave the whole figure.
  // Filtered first, the merge saw only the records the filter kept, and the records of one figure
  // can name different countries (IOM's 501,242 returns: Pakistan to Afghanistan in one file,
  // Afghanistan alone in the other), so `--country PAK` listed one record without naming its copy.
  const read = await store.listStatistics(f);
  // Said of each figure because the list never adds figures up and a reader might: a count since
  // September 2023 beside the monthly counts of 2024 counts their people twice. Counted over every
  // loaded figure, not the listed ones, so that a figure says the same on every surface and under
  // every filter (the dashboard lists what --country PAK leaves out).
  const loaded = await store.listStatistics(f.metric === undefined ? {} : { metric: f.metric });
  // Counted between figures, not records: a figure compiled twice (foldSameFigures) is one figure,
  // whose records never overlap each other and are counted once by a figure overlapping both (its
  // second copy counted as an overlap of its own, and twice in every figure beside it).
  const figureOf = new Map<Statistic, number>();
  foldSameFigures(loaded, (s) => s).forEach(({ row, alsoRecorded }, n) =>
    [row, ...alsoRecorded].forEach((r) => figureOf.set(r, n)),
  );
  const counts = periodOverlaps(
    loaded,
    loaded.map((s) => figureOf.get(s)!),
  );
  const overlaps = new Map(loaded.map((s, i) => [s.id, counts[i]!]));
  // Checked against the origins loaded figures give (of the metric asked, if any): a typo is refused.
  const origin =
    originGiven === undefined
      ? undefined
      : parseOrigin(
          originGiven,
          loaded.map((s) => figureOrigin(ofPair(s))).filter((o): o is string => o !== null),
        );
  const rows = read.map((s) => ({
    id: s.id,
    organisation: s.organisation,
    report: s.report,
    report_version: s.reportVersion,
    published: s.published || null,
    metric: s.metric,
    definition: s.definition,
    country: s.country,
    admin1: s.admin1,
    geography: s.geography,
    geography_to: s.geographyTo,
    country_to: s.countryTo,
    origin: figureOrigin(ofPair(s)),
    period_start: s.periodStart,
    period_end: s.periodEnd,
    value: s.value,
    qualifier: s.qualifier,
    unit: s.unit,
    period_overlaps: overlaps.get(s.id) ?? 0,
    // Set once the listed figures are known (figureRevisions); here for the fields' order.
    revises: null as string | null,
    revised_by: null as string | null,
    url: s.url,
    quote: s.quote,
    secondary: isSecondary(s),
    file_sha256: s.fileSha256,
    line: s.line,
  }));
  // A figure compiled twice (in two files, or twice in one) is listed once, naming its other
  // records, as the dashboard's tables, briefings and the month view give it: listed as two rows,
  // it read as two figures that agreed. A figure is of every country one of its records names, as
  // origin, destination or its one country (docs/importing.md, "Which country a figure is of"),
  // and of every organisation one of them names, so that each filter keeps or leaves it whole.
  const org = organisation?.trim().toLowerCase();
  const ofCountry = (r: (typeof rows)[number]) =>
    countries === undefined || [r.country, r.country_to].some((c) => c !== null && countries.includes(c));
  const ofOrganisation = (o: string) => org === undefined || o.toLowerCase().includes(org);
  const kept = foldListedFigures(rows).filter(
    ({ row, alsoRecorded }) =>
      [row, ...alsoRecorded].some(ofCountry) &&
      [row, ...alsoRecorded].some((r) => ofOrganisation(r.organisation)),
  );
  // Of the origin asked, by the figure's shown record (the one with both ends when one has them).
  const figures = origin === undefined ? kept : kept.filter(({ row }) => row.origin === origin);
  // A metric no loaded figure has is a typo or a name the organisations do not use: say so, with the
  // nearest loaded metrics, rather than answer "0 figures" as if none had been published.
  if (f.metric !== undefined && !figures.length) {
    const metrics = [...new Set((await store.listStatistics({})).map((x) => x.metric))].sort();
    const metric = f.metric;
    if (!metrics.includes(metric))
      throw new ParamError(
        (n) =>
          `unknown ${n.field('metric')}: ${quoteValue(metric)} (nearest: ${nearest(metric, metrics).join(', ') || 'no figures loaded'})`,
      );
  }
  const records = figures.flatMap(({ row, alsoRecorded }) => [row, ...alsoRecorded]);
  const listedIds = new Set(records.map((r) => r.id));
  const notes =
    countries === undefined
      ? []
      : leftOutCombined(
          read.filter((s) => !listedIds.has(s.id) && ofOrganisation(s.organisation)),
          countries,
        );
  const originNote =
    origin === undefined
      ? null
      : originLeftOutNote(
          origin,
          kept.filter(({ row }) => row.origin !== origin).map(({ row }) => row),
        );
  // A publisher's later release of the same figure is listed beside the earlier, each naming the other.
  const { revisions, unordered } = figureRevisions(figures.map(({ row }) => row));
  // The records read and merged are counted in `meta`.
  const statistics: IndicatorRow[] = figures
    .map(({ row, alsoRecorded }) => {
      const { secondary, file_sha256, line, ...rest } = row;
      return {
        ...rest,
        revises: revisions.get(row.id)?.revises ?? null,
        revised_by: revisions.get(row.id)?.revised_by ?? null,
        also_recorded: alsoRecorded.map((o) => ({
          id: o.id,
          organisation: o.organisation,
          report: o.report,
          url: o.url,
          file_sha256: o.file_sha256,
          line: o.line,
        })),
        secondary,
        file_sha256,
        line,
      };
    })
    // Newest first, the order of every list of figures (the dashboard's tables too).
    .sort(newestFirstOrder);
  const merged = records.length - statistics.length;
  return {
    statistics,
    meta: {
      records: records.length,
      copies_merged: merged,
      // Every record read is named under its file, the merged ones too: the counts add up to `records`.
      sources: await figureSources(
        store,
        records.map((r) => ({ fileSha256: r.file_sha256 })),
      ),
      origin: origin ?? ALL_ORIGINS,
      notes: [
        ...notes,
        ...(originNote ? [originNote] : []),
        ...(merged ? [mergedNote(merged, records.length, statistics.length)] : []),
        ...revisionNotes(statistics.filter((r) => r.revises !== null).length, unordered),
      ],
      note: 'figures as each organisation published them; each counts what its definition says, which differs between organisations and from event counts; rows marked secondary were read through a news outlet: check the original before citing',
    },
  };
}

/** A stored figure's measure, start and places as a listed one names them, for figureOrigin. */
const ofPair = (s: Statistic) => ({
  metric: s.metric,
  period_start: s.periodStart,
  country: s.country,
  geography: s.geography,
  country_to: s.countryTo,
});

/** The note on records merged into the figure they repeat, with the counts that reconcile them. */
const mergedNote = (merged: number, records: number, figures: number) =>
  `${counted(merged, 'record')} merged into the figure ${merged === 1 ? 'it repeats' : 'they repeat'} (a figure compiled twice: the same metric, period, exact value, unit and places), which names ${merged === 1 ? 'it' : 'them'} in also_recorded: ${counted(records, 'record')} read, ${counted(figures, 'figure')} given`;

/**
 * A list of figures as CSV, NDJSON and the table give it: a figure's other records in one cell
 * (`organisation, report`, joined by `; `, as the month view's rows and the dashboard name them), and
 * before the ids of its releases, `revision`: which release of a figure it is, in words.
 */
export function figureRows(answer: IndicatorsAnswer): (Omit<IndicatorRow, 'also_recorded'> & {
  also_recorded: string | null;
  revision: string | null;
})[] {
  const byId = new Map(answer.statistics.map((r) => [r.id, r]));
  return answer.statistics.map(
    ({ revises, revised_by, url, quote, also_recorded, secondary, file_sha256, line, ...r }) => ({
      ...r,
      // Which release the figure is, in words ("revision of about 40,000 (...)"), before the ids.
      revision: revisionWords({ revises, revised_by }, byId),
      revises,
      revised_by,
      url,
      quote,
      also_recorded: also_recorded.map((o) => `${o.organisation}, ${o.report}`).join('; ') || null,
      secondary,
      file_sha256,
      line,
    }),
  );
}

/**
 * Refuses an organisation text no loaded figure's organisation holds, in any case (UNHCR holds
 * "UNHCR (reported by Dawn)" and "UNHCR-IOM"), with the nearest organisations, as an unknown metric
 * is, rather than answer with no figures.
 */
async function knownOrganisation(store: Store, organisation: string): Promise<void> {
  const holds = (o: string) => o.toLowerCase().includes(organisation.toLowerCase());
  const all = [...new Set((await store.listStatistics({})).map((x) => x.organisation))].sort();
  if (!all.some(holds))
    throw new ParamError(
      (n) =>
        `unknown ${n.field('organisation')}: ${quoteValue(organisation)} (nearest: ${nearest(organisation, all).join(', ') || 'no figures loaded'})`,
    );
}

/**
 * The imports the listed figures came from (matched on the file's SHA-256 each figure keeps), in
 * ledger order, each with how many figures it gave and the terms of published figures: statistics
 * files and indicator series alike are facts as their publishers report them (data-credits.ts).
 */
export async function figureSources(
  store: Store,
  stats: readonly { fileSha256: string | null }[],
): Promise<FigureSource[]> {
  const counts = new Map<string | null, number>();
  for (const s of stats) counts.set(s.fileSha256, (counts.get(s.fileSha256) ?? 0) + 1);
  if (!counts.size) return [];
  const imports = await memo(store, 'ledger', () => store.listImports());
  const out: FigureSource[] = [];
  for (const [sha, figures] of counts) {
    // The first import of the file: a later import of the same bytes stores nothing new.
    const l = sha === null ? undefined : imports.find((i) => i.sha256 === sha);
    const source = l?.source ?? 'statistics';
    out.push({
      source,
      version: l?.version ?? null,
      file: l?.fileName ?? null,
      sha256: l ? sha : null,
      figures,
      ...sourceLicence('statistics', l?.version ?? ''),
    });
  }
  const at = (x: FigureSource) => imports.findIndex((i) => i.sha256 === x.sha256);
  return out.sort((a, b) => (a.sha256 === null ? 1 : b.sha256 === null ? -1 : at(a) - at(b)));
}

/**
 * The codes of a `country` value (PAK or PAK,IRN), upper-cased; each checked as the event filters
 * check theirs: an empty item, a value that is no code, a code of no country are refused, quoted.
 */
function countryList(given: string): string[] {
  const items = given.split(',').map((c) => c.trim());
  if (items.some((c) => c === ''))
    throw invalidParam(
      'country',
      `${quoteValue(given)} (an empty item between commas: give each value once, comma-separated)`,
    );
  for (const c of items) {
    if (!/^[A-Za-z]{3}$/.test(c))
      throw invalidParam('country', `${quoteValue(c)} (use an ISO 3166-1 alpha-3 code such as PAK)`);
    // A code of no country is refused (a real one without figures is an empty list).
    if (!iso3Codes().includes(c.toUpperCase()))
      throw new ParamError(
        (n) =>
          `unknown ${n.field('country')}: ${quoteValue(c)} (nearest: ${nearest(c.toUpperCase(), iso3Codes()).join(', ')})`,
      );
  }
  return [...new Set(items.map((c) => c.toUpperCase()))];
}

/**
 * The note on figures a country filter leaves out because their geography names one of its
 * countries together with another ("Pakistan and Iran": stored without a single country), so that
 * `--country PAK` never drops them without saying so. They count more than one country (even
 * `--country PAK,IRN` cannot tell how much of one is whose), so they are not listed. `unlisted`:
 * the records of the figures the filter left out, of the organisation asked.
 */
function leftOutCombined(unlisted: readonly Statistic[], countries: readonly string[]): string[] {
  const names = countries
    .flatMap((c) => countryNames(c))
    .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (!names.length) return [];
  const named = new RegExp(`\\b(${names.join('|')})\\b`);
  const combined = unlisted.filter(
    (s) =>
      (s.country === null && named.test(s.geography ?? '')) ||
      (s.countryTo === null && named.test(s.geographyTo ?? '')),
  );
  if (!combined.length) return [];
  const places = [...new Set(combined.map((s) => (s.country === null ? s.geography : s.geographyTo)))];
  return [
    `${counted(combined.length, 'figure')} left out whose geography names ${countries.join(' or ')} together with another country (${places.map((p) => quoteValue(p)).join(', ')}): each counts more than one country; ask without a country to list them`,
  ];
}
