/**
 * The month-by-month use case of published figures (GET /statistics/months, `faultline indicators
 * --by month`): the figures GET /statistics lists under the same filters, put in the months their
 * periods lie within (figures-by-month.ts).
 */
import { ParamError, periodReversed } from '../domain/errors.ts';
import { counted } from '../domain/plural.ts';
import { quoteValue } from '../domain/quote.ts';
import type { Store } from '../storage/store.ts';
import { orList } from '../domain/choice.ts';
import type { FiguresByMonthAnswer, FiguresMonth } from './answers.ts';
import { ALL_ORIGINS, originOrder } from './figure-origin.ts';
import { revisionWords } from './figure-revisions.ts';
import { dayBound } from './filters.ts';
import { figuresByMonth, monthCount, monthsBetween } from './figures-by-month.ts';
import { figureSources, indicatorsQuery, type IndicatorsRequest } from './indicators.ts';

/** The most months one answer holds (a century): a wider range is refused rather than listed. */
export const MAX_MONTHS = 1200;

/** Said once in every answer: what a month's figures are and what is never done to them. */
const MONTH_NOTE =
  'each month lists the figures whose period lies within it, a figure of exactly that month first; figures over longer periods (a year, a running total since 15 September 2023) are not split or prorated into months, and figures are added up (parts_sums) only where their periods share no day; a month without figures has no source, which is not 0';

/**
 * The note on figures left out of every month, in words every surface can show (the dashboard shows
 * the API's notes): the list of figures gives them, which the CLI says in its own words beside it.
 */
const spanningNote = (n: number) =>
  `${counted(n, 'listed figure')} over more than one month left out of the months (not split or prorated); each month's spanning counts those that hold it, and the list of figures, not by month, gives them`;

/**
 * Published figures matching the filter (as GET /statistics takes it), month by month from the
 * month of `from` to the month of `to` (without them, from the first to the last month of the
 * listed figures' periods).
 */
export async function figuresByMonthQuery(
  store: Store,
  query: IndicatorsRequest,
): Promise<FiguresByMonthAnswer> {
  const given = {
    from: query.from === undefined ? undefined : dayBound('from', query.from, 'start'),
    to: query.to === undefined ? undefined : dayBound('to', query.to, 'end'),
  };
  if (given.from && given.to && given.to < given.from) throw periodReversed(query.from!, query.to!);
  // Refused before the figures are read when both ends are given, and in any case before a month
  // is built: a request costs at most MAX_MONTHS months of work, as a series costs at most its points.
  if (given.from && given.to) checkMonths(given.from, given.to, query);
  // Asked of whole months: `from` 2025-04-14 still lists the figure of 1-13 April in April's row.
  const listed = await indicatorsQuery(store, {
    ...query,
    ...(given.from ? { from: given.from.slice(0, 7) } : {}),
    ...(given.to ? { to: given.to.slice(0, 7) } : {}),
  });
  // A figure compiled twice (in two files, or twice in one) is one figure naming its other records,
  // as the list gives it (indicatorsQuery merges them): listed twice, it was two figures of the
  // month, and its copies, sharing every day, kept any sum of parts from holding it.
  const rows = listed.statistics;
  const from = given.from ?? rows.map((r) => r.period_start ?? r.period_end).sort()[0];
  const to =
    given.to ??
    rows
      .map((r) => r.period_end)
      .sort()
      .at(-1);
  // One bound given and no figure to take the other from: the range is the given month alone.
  const period = from === undefined && to === undefined ? null : { from: (from ?? to)!, to: (to ?? from)! };
  if (period) checkMonths(period.from, period.to, query);
  const months = period === null ? [] : monthsBetween(period.from, period.to);
  const answered = figuresByMonth(rows, months);
  const used = new Set(answered.flatMap((m) => m.figures.map((f) => f.id)));
  const spanning = rows.filter((r) => !used.has(r.id) && r.period_start !== null);
  const mixed = mixedOriginsNote(answered, listed.meta.origin);
  return {
    months: answered,
    meta: {
      period: period && { from: months[0]!, to: months.at(-1)! },
      origin: listed.meta.origin,
      // The files of every figure in the months and of every record named under one.
      sources: await figureSources(
        store,
        rows
          .filter((r) => used.has(r.id))
          .flatMap((r) => [r, ...r.also_recorded])
          .map((r) => ({ fileSha256: r.file_sha256 })),
      ),
      note: `${MONTH_NOTE}; ${listed.meta.note}`,
      notes: [
        ...(mixed ? [mixed] : []),
        ...(spanning.length ? [spanningNote(spanning.length)] : []),
        ...listed.meta.notes,
      ],
    },
  };
}

/**
 * Under every origin (`all`), when the months' figures count people from more than one origin:
 * which, with how many figures each, since a month may then be answered by a figure of another
 * origin than its neighbours (IOM's 256,000 returns from Iran answered June 2025 between months of
 * returns from Pakistan). Null when one origin (or none) is in the months, or one was asked.
 */
function mixedOriginsNote(months: readonly FiguresMonth[], origin: string): string | null {
  if (origin !== ALL_ORIGINS) return null;
  const counts = new Map<string, number>();
  for (const f of months.flatMap((m) => m.figures))
    if (f.origin !== null) counts.set(f.origin, (counts.get(f.origin) ?? 0) + 1);
  if (counts.size < 2) return null;
  const named = originOrder([...counts.keys()]).map((o) => `${o} ${counts.get(o)}`);
  return `the months hold figures of ${counts.size} origins (where people left; figures: ${named.join(', ')}): a month's answer may be a figure of any of them, each figure naming its origin; the origin choice (${orList(originOrder([...counts.keys()]))}) keeps one`;
}

/**
 * Refuses a range of more than MAX_MONTHS months, quoting the ends as given (`invalid period: from
 * "1000", to "9999": 108000 months (at most 1200: narrow from and to)`); an end taken from the
 * listed figures is named as their month.
 */
function checkMonths(from: string, to: string, query: IndicatorsRequest): void {
  const count = monthCount(from, to);
  if (count <= MAX_MONTHS) return;
  throw new ParamError((n) => {
    const end = (key: 'from' | 'to', day: string) =>
      query[key] === undefined
        ? `${n.field(key)} ${day.slice(0, 7)} (the listed figures' ${key === 'from' ? 'first' : 'last'} month)`
        : `${n.field(key)} ${quoteValue(query[key])}`;
    return `invalid period: ${end('from', from)}, ${end('to', to)}: ${count} months (at most ${MAX_MONTHS}: narrow ${n.field('from')} and ${n.field('to')})`;
  });
}

/** The columns of the month view's rows (CSV, NDJSON and the table), in order. */
export const MONTH_COLUMNS = [
  'month',
  'answer',
  'covers',
  'value',
  'qualifier',
  'unit',
  'metric',
  'organisation',
  'definition',
  'country',
  'geography',
  'country_to',
  'origin',
  'period_start',
  'period_end',
  'period_overlaps',
  'revision',
  'secondary',
  'spanning',
  'id',
  'revises',
  'revised_by',
  'report',
  'published',
  'url',
  'quote',
  'also_recorded',
  'file_sha256',
  'line',
] as const;

/** One row of the month view as CSV gives it (null: an empty cell). */
export type MonthRow = Record<(typeof MONTH_COLUMNS)[number], string | number | boolean | null>;

/**
 * The month view as rows: one per figure of each month, then one per sum of its parts (`covers`:
 * `sum`, the ids added joined by `+`), and a month without figures as one row whose answer is `no
 * source` and whose value is empty, never 0. A figure compiled twice is one row whose `also_recorded`
 * names its other records (`organisation, report`, joined by `; `).
 */
export function monthRows(answer: FiguresByMonthAnswer): MonthRow[] {
  const empty = Object.fromEntries(MONTH_COLUMNS.map((c) => [c, null])) as MonthRow;
  // A revision and the figure it revises share their period, so both are in one month.
  const byId = new Map(answer.months.flatMap((m) => m.figures.map((f) => [f.id, f])));
  return answer.months.flatMap((m) => {
    const base = { ...empty, month: m.month, answer: m.answer, spanning: m.spanning };
    if (!m.figures.length) return [base];
    return [
      ...m.figures.map((f) => ({
        ...base,
        ...f,
        // The other records of the figure as the listed tables name them ("IOM, DTM Flow Monitoring").
        also_recorded: f.also_recorded.map((o) => `${o.organisation}, ${o.report}`).join('; ') || null,
        revision: revisionWords(f, byId),
      })),
      ...m.parts_sums.map((s) => ({
        ...base,
        covers: 'sum',
        value: s.value,
        qualifier: s.qualifier,
        unit: s.unit,
        metric: s.metric,
        organisation: s.organisation,
        country: s.country,
        geography: s.geography,
        country_to: s.country_to,
        origin: s.origin,
        period_start: s.period_start,
        period_end: s.period_end,
        definition: `sum of ${s.figures.length} figures whose periods share no day, covering ${s.days_covered} of ${s.days_in_month} days`,
        secondary: s.secondary,
        id: s.figures.join('+'),
      })),
    ];
  });
}
