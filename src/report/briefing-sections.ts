/**
 * The briefing as sections of text and tables, shared by the HTML and Markdown renderers so both
 * say the same thing in the same words.
 */
import type {
  BorderRelationsSection,
  BriefingData,
  BriefingLicence,
  BriefingEvent,
  FigureChange,
  KeyFigure,
} from './briefing-data.ts';
import { placeholderActorsNote } from '../domain/actors.ts';
import { agree } from '../domain/plural.ts';
import { qualifiedValue } from '../domain/qualified-value.ts';
import { alsoRecordedList } from '../domain/statistic.ts';
import { measure, num, pctChange, signed } from './format.ts';

/** A table: column headers and rows of cell text. */
export interface Table {
  columns: string[];
  rows: string[][];
}

/** A link in running text: an anchor in the HTML, `[text](href)` in the Markdown. */
export interface Link {
  text: string;
  href: string;
}

/** Running text: a plain string, or plain strings and links in order. */
export type Rich = string | readonly (string | Link)[];

/** One section: a heading, paragraphs, an optional table, an optional figure (chart or map). */
export interface Section {
  id: string;
  title: string;
  paragraphs: Rich[];
  table: Table | null;
  figure: 'monthly' | 'weekly' | 'map' | null;
  bullets: Rich[];
}

/**
 * A source's terms as every section words them, from the data's licence fields (the credits
 * table's): the licence linked to its text where there is one, then the credit it asks for
 * (`licence: CC BY 4.0; credit: Uppsala Conflict Data Program (UCDP) ...`). The briefing named the
 * relations index's licence alone, unlinked, and no other source's terms.
 */
function termsText(t: BriefingLicence): (string | Link)[] {
  const name = t.licence ?? 'terms unknown to faultline';
  // Only a web address becomes a link (the table holds nothing else; a `javascript:` one never would).
  const licence =
    t.licence_url && /^https?:\/\//.test(t.licence_url) ? { text: name, href: t.licence_url } : name;
  return ['licence: ', licence, ...(t.credit ? [`; credit: ${t.credit}`] : [])];
}

/**
 * Source versions grouped by source and terms (`ucdp-candidate 26.0.1, 26.0.2 (licence ...)`),
 * joined by "; ": versions of one source under the same terms and credit are named once.
 */
function sourcesWithTerms(
  sources: readonly ({ source: string; version: string | null } & BriefingLicence)[],
): (string | Link)[] {
  const groups = new Map<string, { source: string; versions: string[]; terms: BriefingLicence }>();
  for (const s of sources) {
    const key = JSON.stringify([s.source, s.licence, s.licence_url, s.credit]);
    const g = groups.get(key) ?? { source: s.source, versions: [], terms: s };
    if (s.version !== null && !g.versions.includes(s.version)) g.versions.push(s.version);
    groups.set(key, g);
  }
  return [...groups.values()].flatMap((g, i) => [
    ...(i ? ['; '] : []),
    `${g.source}${g.versions.length ? ` ${g.versions.join(', ')}` : ''} (`,
    ...termsText(g.terms),
    ')',
  ]);
}

const section = (s: Partial<Section> & Pick<Section, 'id' | 'title'>): Section => ({
  paragraphs: [],
  table: null,
  figure: null,
  bullets: [],
  ...s,
});

function change(c: FigureChange, isEvents: boolean, now: KeyFigure, key: string): string {
  if (c.coverage === 'not_covered') return `${c.period.key} not covered: no change computed`;
  if (c.coverage === 'partly_covered') return `${c.period.key} partly covered: no change computed ⚠`;
  // The reference period is covered but the briefing's own is not (wholly): say which, not "–".
  const then = c.value === null ? '' : `${num(c.value)}; `;
  if (now.coverage === 'not_covered') return `${then}${key} not covered: no change computed`;
  if (now.coverage === 'partly_covered') return `${then}${key} partly covered: no change computed ⚠`;
  if (c.value === null) return '–';
  const base = `${num(c.value)} → ${signed(c.difference)} (${pctChange(c.ratio)})`;
  const test =
    isEvents && c.ratio !== null && c.ci_low !== null
      ? `; rate ratio ${num(c.ratio, 2)}, 95% CI ${num(c.ci_low, 2)}–${c.ci_high === null ? 'open' : num(c.ci_high, 2)}`
      : '';
  return `${base}${test}${c.warning ? ' ⚠' : ''}`;
}

// A count with its metric's word, singular for one ("1 event", not "1 events").
const ofMetric = (n: number | null, metric: string): string =>
  `${num(n)} ${n === 1 ? metric.replace(/s$/, '') : metric}`;

function value(k: KeyFigure): string {
  if (k.coverage === 'not_covered') return 'not covered by any loaded source';
  const range = k.low !== null || k.high !== null ? ` (low ${num(k.low)}, high ${num(k.high)})` : '';
  const unknown = k.unknown ? `; ${num(k.unknown)} ${agree(k.unknown, 'event', 'events')} unknown` : '';
  return `${num(k.value)}${range}${unknown}`;
}

function eventRow(e: BriefingEvent): string[] {
  const deaths =
    e.deaths_low !== null || e.deaths_high !== null
      ? `${num(e.deaths_best)} (${num(e.deaths_low)}–${num(e.deaths_high)})`
      : num(e.deaths_best);
  return [e.date, e.place, e.admin1, e.actors, e.type, deaths, num(e.deaths_civilians), e.id];
}

const EVENT_COLUMNS = [
  'date',
  'place',
  'province',
  'actors',
  'type',
  'deaths best (low–high)',
  'civilian deaths',
  'event id',
];

const SERIES_LABELS: Record<string, string> = {
  interstate: 'Interstate clashes (Pakistani state against Afghan state)',
  pakistani_strikes: 'Pakistani strikes inside Afghanistan',
  ttp_near_border: 'TTP events near the border',
};

/**
 * Where a published figure's people left from, as the statistics answers' `origin` says it: "origin:
 * PAK", "origin: several countries together", or that a figure of one place gives none (every figure
 * the section lists is of a returns metric, RETURNS_METRICS, where an origin is expected).
 */
function originWords(origin: string | null): string {
  if (origin === null) return 'no origin given: a figure of one place';
  return `origin: ${origin === 'several' ? 'several countries together' : origin}`;
}

/**
 * One published figure as the section lists it, in clauses joined by semicolons: what, how many,
 * when and where; where from; what it counts; its overlaps; which release it is; its source; its
 * other records (alsoRecordedWords: a list of its own, never joined by semicolons). Origin and
 * report were parentheticals, and met in a row where a clause between them was empty ("Pakistan →
 * Afghanistan (origin: PAK) (UNHCR ... #40, https://...)"), the report after the overlaps read as
 * theirs, and a revision's own parenthesis came after the report's: one line now reads straight
 * through.
 */
function returnsLine(x: BorderRelationsSection['returns'][number]): string {
  const place = `${x.geography ? `, ${x.geography}` : ''}${x.geography_to ? ` → ${x.geography_to}` : ''}`;
  const clauses = [
    `${x.organisation}: ${x.metric} ${qualifiedValue(x.value, x.qualifier)} ${x.unit}, ${x.period_start ?? '…'} to ${x.period_end}${place}`,
    originWords(x.origin),
    ...(x.definition ? [`what it counts: ${x.definition.replace(/\.$/, '')}`] : []),
    ...(x.period_overlaps
      ? [
          `its period overlaps ${x.period_overlaps} other loaded ${agree(x.period_overlaps, 'figure', 'figures')} of this measure`,
        ]
      : []),
    ...(x.revision ? [x.revision] : []),
    `source: ${x.report}${x.url ? `, ${x.url}` : ''}`,
    ...(x.also_recorded.length ? [alsoRecordedWords(x.also_recorded)] : []),
  ];
  return `${clauses.join('; ')}.`;
}

/**
 * A figure's other records as one clause of its line: "the same figure is also recorded by IOM in
 * DTM Flow Monitoring: Afghan returns from Pakistan", "... by A in R1, https://..., by B in R2 and by
 * C in R3" (alsoRecordedList, as the dashboard says it, with the records' addresses).
 */
function alsoRecordedWords(records: BorderRelationsSection['returns'][number]['also_recorded']): string {
  return `the same figure is also recorded ${alsoRecordedList(records, { urls: true })}`;
}

/** The border and relations section: cross-border series, relations indexes, returns; uncovered is said, never 0. */
function borderRelationsSection(b: BorderRelationsSection): Section {
  const notCovered = 'not covered';
  const rel = b.relations.map(
    (r): Rich =>
      `${r.pair}: ${
        r.value === null
          ? `${notCovered} by ${r.source_name} ${r.version}`
          : `mean daily index ${measure(r.value)}${r.ci_low !== null ? ` (95% interval ${measure(r.ci_low)} to ${measure(r.ci_high)})` : ''}, ${measure(r.per_1000_volume)} per 1,000 of news volume, over ${num(r.days_covered)} of ${num(r.days_in_period)} days (${r.source_name} ${r.version})`
      }.`,
  );
  // Each index's licence and credit once, after its pairs (every pair's line repeated them).
  const indexes = new Map<string, (typeof b.relations)[number]>();
  for (const r of b.relations)
    indexes.set(JSON.stringify([r.source_name, r.version, r.licence, r.licence_url, r.credit]), r);
  const relTerms = [...indexes.values()].map((r): Rich => [
    `Relations index ${r.source_name} ${r.version}: `,
    ...termsText(r),
    '.',
  ]);
  const returns = b.returns.map(returnsLine);
  const sources: (string | Link)[] = b.border.sources.length
    ? sourcesWithTerms(b.border.sources)
    : ['none covering the period'];
  return section({
    id: 'border-relations',
    title: 'Border and relations',
    paragraphs: [
      [
        `Cross-border series summed over the months a loaded source covers (TTP events within ${b.border.max_border_km} km of the border line; side of the border where each event lies). Sources: `,
        ...sources,
        `.${b.border.coverage === 'not_covered' ? ' No loaded source covers the period: the figures are not known, not zero.' : ''}`,
      ],
      ...b.notes,
      ...b.border.imprecise.map(
        (r) =>
          `Dated only to ${r.period} (${r.precision}): ${SERIES_LABELS[r.series] ?? r.series}, ${r.side ?? 'side unknown'}, ${num(r.events)} ${agree(r.events ?? 0, 'event', 'events')}, ${num(r.fatalities_best)} ${agree(r.fatalities_best ?? 0, 'death', 'deaths')} (best estimate).`,
      ),
    ],
    table: {
      columns: [
        'series',
        'side',
        'events',
        'deaths best',
        'not judged (distance undecided)',
        'months covered',
      ],
      rows: b.border.rows.map((r) => [
        SERIES_LABELS[r.series] ?? r.series,
        r.side,
        r.events === null ? notCovered : num(r.events),
        r.events === null ? notCovered : num(r.fatalities_best),
        r.unjudged === null ? '–' : num(r.unjudged),
        `${r.months_covered} of ${r.months}`,
      ]),
    },
    bullets: [
      ...(rel.length ? [...rel, ...relTerms] : ['Relations index: no loaded index holds these pairs.']),
      ...(returns.length
        ? [
            ...returns,
            ...b.returns_notes.map((n) => `${n[0]!.toUpperCase()}${n.slice(1)}.`),
            ['Published figures from ', ...sourcesWithTerms(b.returns_sources), '.'] satisfies Rich,
          ]
        : ['Returns and deportations: no published figure loaded covers the period.']),
    ],
  });
}

/** "10 of 11 pairs (--top lists more)" when the table is cut, "all 3 pairs" when not: a cut list says so. */
function listed(shown: number, total: number, one: string, many: string): string {
  if (shown >= total) return total === 1 ? `1 ${one}` : `all ${num(total)} ${many}`;
  return `${num(shown)} of ${num(total)} ${many} (--top, or top= in the API, lists more)`;
}

/** The outlook section: never the forecast without its skill. */
function forecastSection(f: NonNullable<BriefingData['forecast']>): Section {
  const s = f.skill;
  const verdict = s.crps_ratio < 1 ? 'beats' : 'does not beat';
  return section({
    id: 'forecast',
    title: 'Outlook (forecast with its skill)',
    paragraphs: [
      `Forecast of ${f.counts} by ${f.level === 'admin1' ? 'province' : 'country'}, model ${f.model}, from ${f.origin} (the last month the source covers), seed ${f.seed}: the median and the 90% interval.`,
      `Skill in rolling-origin backtests (${s.origins.length} origins, ${s.origins[0]}–${s.origins[s.origins.length - 1]}, horizons 1–12): CRPS ${num(s.crps_ratio, 3)}× the best baseline (${s.best_baseline}), so it ${verdict} it on CRPS; ignorance ${s.ign_diff > 0 ? '+' : ''}${num(s.ign_diff, 3)} bits against the best baseline; interval score ${num(s.mis_ratio, 3)}×; 90% interval coverage ${num(s.coverage90 * 100, 1)}%. How sure these are, from a bootstrap over the backtest's target months: CRPS ratio ${num(s.intervals.crps_ratio.lo, 3)} to ${num(s.intervals.crps_ratio.hi, 3)}, coverage ${num(s.intervals.coverage90.lo * 100, 1)}% to ${num(s.intervals.coverage90.hi * 100, 1)}% (central ${num(s.intervals.level * 100, 0)}%). Read the forecast with this skill in mind (docs/forecasting.md).`,
    ],
    table: {
      columns: ['unit', 'month', 'horizon', 'median', '90% interval'],
      rows: f.rows.map((r) => [
        r.unit,
        r.month,
        String(r.horizon),
        num(r.q50),
        `${num(r.q05)}–${num(r.q95)}`,
      ]),
    },
  });
}

/** The sections of a briefing, in order. */
export function briefingSections(d: BriefingData): Section[] {
  const out: Section[] = [];
  // A section with nothing to list says why: no loaded source covers the period (its events are not
  // known), or the covered period holds none that match.
  const notCovered =
    d.key_figures[0]?.coverage === 'not_covered'
      ? `Not covered: no loaded source covers ${d.period.from} to ${d.period.to}, so its events are not known (not zero).`
      : null;
  const prev = d.key_figures[0]?.previous.period.key ?? '';
  const year = d.key_figures[0]?.year_earlier.period.key ?? '';
  // A year's previous year is the same year a year earlier: one column, not the same one twice.
  const once = prev === year;
  const partly =
    d.key_figures[0]?.coverage === 'partly_covered'
      ? ` ⚠ The loaded sources cover ${d.period.key} only in part: its figures count the covered days only (and published desk events of any day, where the caveats say they are included).`
      : '';
  out.push(
    section({
      id: 'key-figures',
      title: 'Key figures',
      paragraphs: [
        `${d.period.key} (${d.period.from} to ${d.period.to}, ${d.period.days} days) against the previous ${d.period.interval} (${prev})${once ? '' : d.period.interval === 'week' ? ` and the week 52 weeks earlier (${year}, the same weekdays a year before)` : ` and the same ${d.period.interval} a year earlier (${year})`}. Changes read "then → difference (percentage change)"; for events, the exact rate ratio per day with its 95% interval (docs/methods.md). ⚠ marks a reference period the loaded data do not fully cover.${partly}`,
      ],
      table: {
        columns: ['figure', d.period.key, `vs ${prev}`, ...(once ? [] : [`vs ${year}`]), 'definition'],
        rows: d.key_figures.map((k) => [
          k.label,
          value(k),
          change(k.previous, k.metric === 'events', k, d.period.key),
          ...(once ? [] : [change(k.year_earlier, k.metric === 'events', k, d.period.key)]),
          k.definition,
        ]),
      },
    }),
  );
  if (d.weekly)
    out.push(
      section({
        id: 'weekly',
        title: 'Week by week',
        figure: 'weekly',
        paragraphs: [
          `Events and deaths (best estimate) per ISO week (Monday to Sunday), ${d.weekly.points[0]?.week ?? d.weekly.from} to ${d.period.key} (${d.weekly.from} to ${d.weekly.to}). Each record counts in the week of its start date, as the key figures count it; one dated only to a month or a year is in no week (docs/methods.md, imprecise dates).`,
        ],
      }),
    );
  out.push(
    section({
      id: 'monthly',
      title: 'Month by month',
      figure: 'monthly',
      paragraphs: [
        `Events and deaths (best estimate) per month, ${d.monthly.from.slice(0, 7)} to ${d.monthly.to.slice(0, 7)}${d.weekly ? `, for context: the twelve whole months before ${d.period.key} ends` : ''}.`,
      ],
    }),
  );
  out.push(
    section({
      id: 'provinces',
      title: 'Provinces',
      paragraphs: [
        !d.provinces.rows.length
          ? (notCovered ?? 'No events match the filters in the period.')
          : d.provinces.basis === 'admin1_code'
            ? 'By canonical admin-1 unit (ISO 3166-2), as placed at import.'
            : "By the source's own admin-1 labels: these events were imported without geography, so labels are not harmonised.",
        ...(d.provinces.note ? [d.provinces.note] : []),
      ],
      table: d.provinces.rows.length
        ? {
            columns: ['province', 'code', 'events', 'deaths best', 'civilian deaths'],
            rows: d.provinces.rows.map((r) => [
              r.name,
              r.code ?? '–',
              num(r.events),
              num(r.deaths_best),
              num(r.deaths_civilians),
            ]),
          }
        : null,
      figure: 'map',
    }),
  );
  out.push(
    section({
      id: 'deadliest',
      title: 'Deadliest events',
      paragraphs: [
        d.deadliest.length
          ? `${
              d.deadliest.length < (d.deadliest_total ?? 0)
                ? `The ${num(d.deadliest.length)} ${agree(d.deadliest.length, 'event', 'events')} with the most deaths (best estimate) of the ${num(d.deadliest_total)} with a known death toll (--top, or top= in the API, lists more)`
                : `All ${num(d.deadliest.length)} ${d.deadliest.length === 1 ? 'event' : 'events'} with a known death toll, by deaths (best estimate)`
            }; ties go to the earlier date. Events with unknown deaths are never listed.`
          : (notCovered ?? 'No event with a known death toll in the period.'),
      ],
      table: d.deadliest.length ? { columns: EVENT_COLUMNS, rows: d.deadliest.map(eventRow) } : null,
    }),
  );
  out.push(
    section({
      id: 'actors',
      title: 'Actors',
      paragraphs: [
        d.dyads.length
          ? `Pairs of sides (dyads) as the sources name them, by deaths then events: ${listed(d.dyads.length, d.dyads_total ?? d.dyads.length, 'pair', 'pairs')}.`
          : (notCovered ?? 'No pair of sides in the period.'),
        ...[placeholderActorsNote(d.dyads.flatMap((x) => [x.actor_a, x.actor_b]))]
          .filter((n): n is string => n !== null)
          .map((n) => `${n}.`),
      ],
      table: d.dyads.length
        ? {
            columns: ['side A', 'side B', 'events', 'deaths best'],
            rows: d.dyads.map((x) => [x.actor_a, x.actor_b, num(x.events), num(x.deaths_best)]),
          }
        : null,
    }),
  );
  out.push(
    section({
      id: 'border',
      title: 'Border zone',
      paragraphs: d.border.available
        ? [
            `${num(d.border.events)} ${agree(d.border.events ?? 0, 'event', 'events')} within ${d.border.zone_km} km of the Afghanistan–Pakistan border, with ${num(d.border.deaths_best)} ${agree(d.border.deaths_best ?? 0, 'death', 'deaths')} (best estimate).`,
            ...(d.border.note ? [d.border.note] : []),
            ...(d.border.top.length && d.border.top.length < (d.border.events ?? 0)
              ? [
                  `The table lists the ${num(d.border.top.length)} of them with the most deaths (best estimate) (--top, or top= in the API, lists more).`,
                ]
              : []),
          ]
        : [
            (d.provinces.rows.length ? null : notCovered) ??
              d.border.note ??
              'Border distances are not available for these events.',
          ],
      table:
        d.border.available && d.border.top.length
          ? {
              columns: [...EVENT_COLUMNS.slice(0, 7), 'km to border'],
              rows: d.border.top.map((e) => [...eventRow(e).slice(0, 7), num(e.border_km, 1)]),
            }
          : null,
    }),
  );
  if (d.border_relations) out.push(borderRelationsSection(d.border_relations));
  const s = d.surge;
  out.push(
    section({
      id: 'surge',
      title: 'Surge signal',
      paragraphs: s
        ? [
            s.total === null
              ? `Not covered: no loaded source covers every day of the ${s.window_start} to ${s.window_end} window, so it has no total and no signal.`
              : s.surge === null
                ? `Surge not known: ${ofMetric(s.total, s.metric)} in the ${s.window_start} to ${s.window_end} window, but no earlier window of any lookback is covered by a loaded source, so there is nothing to compare it with.`
                : `${s.surge ? 'Surge' : 'No surge'}: ${ofMetric(s.total, s.metric)} in the ${s.window_start} to ${s.window_end} window.`,
            ...s.lookbacks.map(
              (l) =>
                `Against the previous ${num(l.days)} days: ${s.total === null ? 'not compared, as the window has no total' : l.highest === null ? (l.left_out && l.previous_max === null ? `no earlier window is covered by a loaded source (${num(l.left_out)} ${agree(l.left_out, 'window', 'windows')} left out), so not known` : 'the data do not reach back that far') : `${l.highest ? `the highest (previous maximum ${ofMetric(l.previous_max, s.metric)}, in the window ending ${l.previous_max_end})` : `not the highest (maximum ${ofMetric(l.previous_max, s.metric)}, in the window ending ${l.previous_max_end})`}${leftOutText(l.left_out)}`}.`,
            ),
            s.fired_at.length
              ? `The rule fired at the month ends ${s.fired_at.join(', ')}.`
              : 'The rule did not fire at any month end in the period.',
            `Rule: ${s.rule}.`,
          ]
        : ['Not computed: the loaded data do not cover the 30 days before the period ends.'],
    }),
  );
  if (d.claims)
    out.push(
      section({
        id: 'claims',
        title: 'Claims checked',
        paragraphs: [
          `From ${d.claims.file} (sha256 ${d.claims.sha256.slice(0, 12)}). Verdicts and tolerances: docs/claims.md.`,
        ],
        table: {
          columns: ['claim', 'verdict', 'explanation'],
          rows: d.claims.results.map((c) => [`${c.id}: ${c.text}`, c.verdict, c.explanation]),
        },
      }),
    );
  if (d.forecast) out.push(forecastSection(d.forecast));
  out.push(
    section({
      id: 'caveats',
      title: 'Coverage and caveats',
      bullets: d.caveats.length ? d.caveats : ['None.'],
    }),
  );
  out.push(
    section({
      id: 'sources',
      title: 'Sources and citation',
      paragraphs: [
        `Cite as: ${d.sources.citation}`,
        `Reproducibility id (sha256 of the inputs below): ${d.sources.reproducibility_id}`,
      ],
      table: {
        columns: ['source', 'version', 'file', 'sha256', 'covers', 'events'],
        rows: d.sources.datasets.map((x) => [
          x.source,
          x.version,
          x.file,
          x.sha256.slice(0, 16),
          x.first_date ? `${x.first_date} to ${x.last_date}` : '–',
          num(x.events),
        ]),
      },
      bullets: [
        // Each dataset's licence, linked to its text, and the credit it asks for: the table names files only.
        ...(d.sources.datasets.length
          ? [['Licences and credits: ', ...sourcesWithTerms(d.sources.datasets), '.'] satisfies Rich]
          : []),
        `Inputs: ${d.sources.inputs}`,
      ],
    }),
  );
  return out;
}

/**
 * A judged lookback whose earlier windows hold days no loaded source covers was compared with the
 * rest only: said, so "the highest in 1,095 days" is not read as three years of data.
 */
function leftOutText(leftOut: number): string {
  return leftOut
    ? `, among the covered earlier windows only: ${num(leftOut)} ${leftOut === 1 ? 'holds' : 'hold'} days no loaded source covers and ${leftOut === 1 ? 'is' : 'are'} left out`
    : '';
}
