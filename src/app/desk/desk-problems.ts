/**
 * What keeps a desk event from review: a missing date, country or citation, a date in the future,
 * a place outside the configured countries, a point outside its country. A draft keeps its
 * problems (news drafts arrive incomplete); submitting one with problems is refused.
 */
import type { DeskCitation, DeskFields } from '../../domain/desk.ts';
import { countryOutlines, DEFAULT_SNAP_KM, PipIndex, type CountryOutline } from '../../geo/index.ts';
import { citationPath, JSON_NAMES, type DeskNames } from './desk-names.ts';

let outlines: PipIndex<CountryOutline> | null = null;

/** The countries desk events may lie in: those whose boundaries faultline holds (AFG, PAK). */
export function deskCountries(): string[] {
  return countryOutlines()
    .map((c) => c.country as string)
    .sort();
}

/** The country outline containing a point, or within the placer's snap distance of one (a coastline, a border river). */
function countryAt(lon: number, lat: number): string | null {
  outlines ??= new PipIndex(countryOutlines(), (c) => c.polygons);
  return (outlines.nearest(lon, lat, DEFAULT_SNAP_KM)?.item.country as string | undefined) ?? null;
}

/** The furthest any clock runs ahead of UTC (UTC+14, Kiribati), in milliseconds. */
const LATEST_OFFSET_MS = 14 * 3_600_000;

/** The day (YYYY-MM-DD, UTC) of an ISO time. */
export const dayOf = (iso: string) => iso.slice(0, 10);

/** A problem of a desk event: its one-line statement and the JSON names of the fields it is about, in order. */
export interface DeskProblem {
  message: string;
  /** `date_start`, `lat`, `citations` (none given), `citations[0].published_at`. */
  fields: string[];
}

/**
 * The problems of a desk event's content and citations, as one-line statements naming the fields
 * as `names` do (the JSON fields unless the CLI gives its flags); empty when it may go to review.
 */
export function deskProblems(
  f: DeskFields,
  citations: readonly DeskCitation[],
  now: string,
  names: DeskNames = JSON_NAMES,
): string[] {
  return deskProblemList(f, citations, now, names).map((p) => p.message);
}

/** The problems of deskProblems, each with the JSON names of the fields it is about (whatever `names` the messages use). */
export function deskProblemList(
  f: DeskFields,
  citations: readonly DeskCitation[],
  now: string,
  names: DeskNames = JSON_NAMES,
): DeskProblem[] {
  const [start, end, low, high] = (
    ['date_start', 'date_end', 'fatalities_low', 'fatalities_high'] as const
  ).map(names.field);
  const today = dayOf(now);
  // A day is in the future only once it has begun nowhere yet: at 01:00 in Peshawar (20:00 UTC the
  // day before) the analyst's today is a day ahead of UTC's, and so is a report published then.
  const begun = dayOf(new Date(Date.parse(now) + LATEST_OFFSET_MS).toISOString());
  const out: DeskProblem[] = [];
  const push = (message: string, ...fields: string[]) => out.push({ message, fields });
  const countries = deskCountries();
  if (!f.date_start) push(`no date: give ${start} (YYYY-MM-DD)`, 'date_start');
  else if (f.date_start > begun)
    push(`${start} ${f.date_start} is in the future (today is ${today})`, 'date_start');
  if (f.date_end && f.date_start && f.date_end < f.date_start)
    push(`${end} ${f.date_end} is before ${start} ${f.date_start}`, 'date_end', 'date_start');
  if (f.date_end && f.date_end > today)
    push(`${end} ${f.date_end} is in the future (today is ${today})`, 'date_end');
  const country = names.field('country');
  if (!f.country) push(`no country: give ${country} (${countries.join(' or ')})`, 'country');
  else if (!countries.includes(f.country))
    push(`${country} ${f.country} is outside the configured countries (${countries.join(', ')})`, 'country');
  if ((f.lat === null) !== (f.lon === null))
    push(`give both ${names.field('lat')} and ${names.field('lon')}, or neither`, 'lat', 'lon');
  else if (f.lat !== null && f.lon !== null && f.country && countries.includes(f.country)) {
    const at = countryAt(f.lon, f.lat);
    // The statement names neither field: the point (both) is what to check.
    if (at !== f.country)
      push(`point ${f.lat}, ${f.lon} lies outside ${f.country}${at ? ` (in ${at})` : ''}`, 'lat', 'lon');
  }
  if (f.fatalities_low !== null && f.fatalities_high !== null && f.fatalities_low > f.fatalities_high)
    push(
      `${low} ${f.fatalities_low} is above ${high} ${f.fatalities_high}`,
      'fatalities_low',
      'fatalities_high',
    );
  if (!citations.length) {
    const keys = (['url', 'outlet', 'published_at', 'quote'] as const).map((k) => names.citation(null, k));
    push(`no citation: give at least one source (${keys.join(', ')})`, 'citations');
  }
  for (const [i, c] of citations.entries()) {
    const day = dayOf(c.published_at);
    // A time is compared as the instant it names ("2026-11-28T01:00:00+05:00" is past at 20:30 UTC
    // on the 27th); a bare day as a day that has begun somewhere.
    const future = c.published_at.includes('T') ? Date.parse(c.published_at) > Date.parse(now) : day > begun;
    const published = names.citation(i, 'published_at');
    const path = citationPath(i, 'published_at');
    if (future) push(`${published} ${c.published_at} is in the future`, path);
    else if (f.date_start && day < f.date_start)
      push(`${published} ${day} is before the event's ${start} ${f.date_start}`, path, 'date_start');
  }
  return out;
}
