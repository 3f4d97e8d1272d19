/**
 * Which published figure revises which: one publisher's figures of the same measure, period and
 * places from different reports, the later publication revising the earlier (UNHCR gave about
 * 40,000 returns from Pakistan for May 2024 in its update as of 1 June 2024 and about 38,000 in its
 * update of 30 October 2024; CRSS restated its 2023 deaths twice). Both are listed, each naming the
 * other (`revises`, `revised_by`), as `faultline indicators`, GET /statistics, the month view and the
 * dashboard give them.
 */
import { MONTH_NAMES } from '../analytics/aggregate/dates.ts';
import { counted } from '../domain/plural.ts';
import { qualifiedValue } from '../domain/qualified-value.ts';
import { isSecondary, nameKey, unitKey } from '../domain/statistic.ts';

/** The fields of a listed figure that decide whether it and another are releases of one figure. */
export type ReleaseFields = {
  id: string;
  organisation: string;
  report: string;
  published: string | null;
  metric: string;
  unit: string;
  period_start: string | null;
  period_end: string;
  country: string | null;
  admin1: string | null;
  geography: string | null;
  country_to: string | null;
  geography_to: string | null;
};

/** What a figure's releases say of it: the id of the figure it revises and of the one revising it. */
export interface Revision {
  revises: string | null;
  revised_by: string | null;
}

const MONTHS = MONTH_NAMES;

/**
 * When a figure was published: its date as given (YYYY-MM or YYYY-MM-DD), else the day or month its
 * report's title names ("Situation #35, As of 1 June 2024": 2024-06-01; "As of end April 2025":
 * 2025-04), else null. UNHCR's updates date themselves in their titles, not always on the page. A
 * title's date before the end of the figure's period is no publication date ("returns since 15
 * September 2023"): null.
 */
export function releaseDate(f: Pick<ReleaseFields, 'published' | 'report' | 'period_end'>): string | null {
  if (f.published) return f.published;
  const words = f.report.toLowerCase();
  const day = new RegExp(`\\b(\\d{1,2}) (${MONTHS.join('|')}) (\\d{4})\\b`).exec(words);
  const month = new RegExp(`\\b(${MONTHS.join('|')}) (\\d{4})\\b`).exec(words);
  const date = day
    ? `${day[3]}-${pad(MONTHS.indexOf(day[2]!) + 1)}-${pad(+day[1]!)}`
    : month
      ? `${month[2]}-${pad(MONTHS.indexOf(month[1]!) + 1)}`
      : null;
  return date !== null && date >= f.period_end.slice(0, date.length) ? date : null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * For each figure of `rows` that is a release of another (same organisation, metric, unit, period
 * and places as written, a different report; organisations and reports compared by nameKey, so that
 * "UNHCR " or "unhcr" is no other publisher, nor "Update #40." another report, while "UNHCR
 * Pakistan" stays apart from "UNHCR"), the figure it revises and the one revising it, in
 * order of publication (releaseDate). A set of releases is marked only when each report gives one
 * figure of it and their dates are known and differ (2024-10 beside 2024-10-15 is no order): three
 * shares of April's returns in one report are three figures, not revisions; the others are counted
 * in `unordered`, listed unmarked.
 *
 * A figure read through a news outlet (its report `[secondary: ...]`, isSecondary) is never a
 * release, whatever its organisation is written as: the date it has is the outlet's, not the
 * publisher's (Dawn printed on 16 November UNHCR's report of the 14th), and a value it gives apart
 * from the publisher's own may be the outlet's rounding or reading ("4,83,700") rather than a
 * change the publisher made, so "revised by" would put words in the publisher's mouth. The
 * publisher's own releases alone are set in order.
 */
export function figureRevisions(rows: readonly ReleaseFields[]): {
  revisions: Map<string, Revision>;
  unordered: number;
} {
  const groups = new Map<string, ReleaseFields[]>();
  for (const r of rows) {
    if (isSecondary(r)) continue;
    const k = [
      nameKey(r.organisation),
      r.metric,
      unitKey(r.unit),
      r.period_start,
      r.period_end,
      r.country,
      r.admin1,
      r.geography,
      r.country_to,
      r.geography_to,
    ].join('|');
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const revisions = new Map<string, Revision>();
  let unordered = 0;
  for (const group of groups.values()) {
    const reports = new Set(group.map((r) => nameKey(r.report)));
    if (reports.size < 2) continue;
    const dated = group.map((r) => ({ r, date: releaseDate(r) }));
    const dates = dated.map((d) => d.date);
    const ordered =
      reports.size === group.length &&
      dates.every((d) => d !== null) &&
      dates.every((d, i) => dates.every((e, j) => i === j || !(d!.startsWith(e!) || e!.startsWith(d!))));
    if (!ordered) {
      unordered += group.length;
      continue;
    }
    dated.sort((a, b) => a.date!.localeCompare(b.date!));
    dated.forEach(({ r }, i) =>
      revisions.set(r.id, {
        revises: i > 0 ? dated[i - 1]!.r.id : null,
        revised_by: i < dated.length - 1 ? dated[i + 1]!.r.id : null,
      }),
    );
  }
  return { revisions, unordered };
}

/** The note on the figures marked as releases, and on those whose order could not be told. */
export function revisionNotes(revised: number, unordered: number): string[] {
  return [
    ...(revised
      ? [
          `${counted(revised, 'figure')} ${revised === 1 ? 'revises' : 'revise'} an earlier figure of the same publisher, measure, period and place (revises, revised_by): both are listed; the later publication (by its date, or by the date its report's title gives where the page shows none) is the revision`,
        ]
      : []),
    ...(unordered
      ? [
          `${counted(unordered, 'figure')} of one publisher, measure, period and place from different reports whose order of publication is not known: listed, none marked as the revision`,
        ]
      : []),
  ];
}

/** Said of a release whose page shows no publication date, where another's date is given. */
export const UNDATED = 'publication date unknown';

/**
 * A figure's releases in words, as the CLI table, the CSV, the API's `revision` and briefings give
 * them: "revision of about 40,000 (UNHCR RBAP External Update ..., As of 1 June 2024, publication
 * date unknown)", "revised by about 38,000 (UNHCR ... #40 - 30 October 2024, published 2024-10-30)";
 * null for a figure that is no release of another. The other release's value is quoted as it was
 * published, its qualifier in words (qualifiedValue: "about", "at least", "up to"), as the briefing's
 * line gives a figure's own value: UNHCR gave "approximately 40,000", not 40,000. A release whose
 * page shows no date says so (UNHCR's update #35 in the bundled file): a date in its title orders it
 * (releaseDate) but is the title's, not a publication date.
 */
export function revisionWords(
  f: Revision,
  byId: ReadonlyMap<string, { value: number; qualifier: string; report: string; published: string | null }>,
): string | null {
  const other = (id: string) => {
    const o = byId.get(id);
    if (!o) return id;
    return `${qualifiedValue(o.value, o.qualifier)} (${o.report}${o.published ? `, published ${o.published}` : `, ${UNDATED}`})`;
  };
  const words = [
    ...(f.revises ? [`revision of ${other(f.revises)}`] : []),
    ...(f.revised_by ? [`revised by ${other(f.revised_by)}`] : []),
  ];
  return words.length ? words.join('; ') : null;
}
