/**
 * The day of an event: a date phrase in the passage ("on Tuesday", "yesterday", "August 14, 2026"),
 * read with chrono-node against the publication time (on the clock of the offset it writes), or
 * else the day of publication.
 */
import * as chrono from 'chrono-node';
import { quoteValue } from '../../domain/quote.ts';
import type { DraftField, DraftProblem } from './news-draft.ts';

/** When and as what words a text says it was published. */
export interface Publication {
  /** ISO 8601 instant. */
  iso: string;
  /** The words the time came from (a feed's pubDate, a page's meta tag, a dateline). */
  words: string;
}

const DAY_MS = 86_400_000;
const DAY_WORDS =
  /\d|\b(?:today|tonight|yesterday|day|days|week|weeks|month|months|year|years|morning|afternoon|evening|night|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;

/** True when a date phrase is a dateline's: after a city in capitals and a comma at a line's start, before a colon or dash. */
function isDateline(text: string, r: chrono.ParsedResult): boolean {
  const line = text.slice(text.lastIndexOf('\n', r.index - 1) + 1, r.index);
  const after = text.slice(r.index + r.text.length);
  return (
    /^\s*[A-Z][A-Z’'.-]+(?:\s+[A-Z][A-Z’'.-]+)*\s*(?:\([^)]*\)\s*)?,\s*$/.test(line) &&
    // "PESHAWAR, 3 December 2026 (Dawn) - ...": the outlet in parentheses may follow the date.
    /^\s*(?:\([^)]*\)\s*)?(?:[:—–]|-{1,2}\s)/.test(after)
  );
}
const day = (d: Date) => d.toISOString().slice(0, 10);
// A verb of speech just before a date phrase: "said on Friday", "told reporters on Friday", "announced late on Sunday".
const SPOKEN_BEFORE =
  /\b(?:said|says|told(?: [\w-]+){0,3}|stated|announced|added|confirmed|claimed|reported)(?: late| early)?\s*$/i;
// "last night" or "tonight" written before 07:00: chrono reads it as the night under way, dated the
// calendar day that began at midnight (its own line: "last night" from 07:00 is the night before).
const THIS_NIGHT = /\b(?:last night|tonight)\b/i;
const NIGHT_ENDS_HOUR = 7;
// "The death toll from a suicide bombing at a wedding rose to seven on Saturday": the day the toll
// was counted, often days after the incident (it was taken as the incident's day, unsaid).
const TOLL_BEFORE =
  /\b(?:death toll|toll|number of (?:the )?dead)\b[^.;!?]{0,120}?\b(?:rose|risen|climbed|reached|jumped|increased|mounted|went up|gone up|stood|stands)\b[^.;!?]{0,40}$/i;
/** A date phrase as the text writes it, without the punctuation chrono takes along ("on Monday,"). */
const phrase = (t: string) => t.trim().replace(/[\s,;:]+$/, '');

// A time that writes its offset ("2026-11-28T02:30:00+05:00", a feed's "Sat, 28 Nov 2026 02:30:00 +0500").
const OFFSET = /([+-])(\d{2}):?(\d{2})$/;

/**
 * The offset of the clock days are counted on, in milliseconds: that of the publication time as
 * written ("yesterday" in a Pakistani report filed at 02:30 on Saturday, +05:00, Friday 21:30 UTC,
 * is Friday), or, for a time written in UTC (GMT, Z, +00:00) or without an offset, the clock of the
 * event's place (`local`): "last night" in a report a feed dates Saturday 20:00 GMT, Sunday 01:00 in
 * Bannu, is Saturday night, not Friday's (it was read on the UTC day).
 */
function offsetMs(published: Publication | null, local: number | undefined): number {
  const written = published ? offsetOf(published.iso) : 0;
  return written === 0 && local !== undefined ? local : written;
}

/** An offset in milliseconds as a clock writes it: "(UTC+05:00)", "(UTC)". */
function utcOffset(ms: number): string {
  if (ms === 0) return '(UTC)';
  const m = Math.abs(ms) / 60_000;
  return `(UTC${ms < 0 ? '-' : '+'}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')})`;
}

// The clocks of the countries drafts are placed in: Pakistan's and Afghanistan's keep no summer time.
const COUNTRY_OFFSET_MS: Record<string, number> = { PAK: 300 * 60_000, AFG: 270 * 60_000 };

/** The offset of a country's clock in milliseconds (PAK +05:00, AFG +04:30), or undefined for one faultline does not know. */
export function countryOffsetMs(iso3: string | null | undefined): number | undefined {
  return iso3 ? COUNTRY_OFFSET_MS[iso3] : undefined;
}

// Read from the ISO time, which carries the offset the words wrote (publicationAt keeps it) even
// when the words name their zone ("PKT") rather than write it.
function offsetOf(time: string): number {
  const m = OFFSET.exec(time.trim());
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
}

/**
 * A publication time read from `words` (`ms` their instant), as ISO 8601 on the clock the words
 * were written on: "2026-11-28T02:30:00+05:00" stays "2026-11-28T02:30:00.000+05:00", so the day a
 * citation gives is the outlet's (28 November), not UTC's (27 November). Words without an offset give UTC.
 */
export function publicationAt(ms: number, words: string): Publication {
  const offset = offsetOf(words);
  if (offset === 0) return { iso: new Date(ms).toISOString(), words };
  const m = OFFSET.exec(words.trim())!;
  const local = new Date(ms + offset).toISOString().slice(0, -1);
  return { iso: `${local}${m[1]}${m[2]}:${m[3]}`, words };
}

// Pakistani and Afghan feeds and pages may name their zone rather than write it ("Sat, 15 Aug 2026
// 02:30:00 PKT"); Date.parse knows only the American and UTC names, so such a time was dropped and
// the draft dated from something else (a digest's heading) or said the text gave no time. GMT, UTC,
// UT and Z are read alone or with an offset ("GMT+5", "UTC+05:00"), as is an offset of hours alone
// ("+05"): Date.parse refused "2026-08-14T17:17:09 UTC" and "...T17:17:09+05". Other names are not
// guessed: "IST" is India's +05:30, Ireland's +01:00 or Israel's +02:00.
const ZONE_MINUTES: Record<string, number> = { PKT: 300, AFT: 270, GMT: 0, UTC: 0, UT: 0, Z: 0 };
/** A clock time as feeds write it: "17:17", "17:17:09.5", "5:17 PM". */
const TIME = String.raw`\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AP]\.?M\.?)?`;
const ZONED = new RegExp(
  String.raw`^(.*?${TIME})\s*(?:(PKT|AFT|GMT|UTC|UT|Z)(?![A-Za-z]))?\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$`,
  'i',
);
/** A zone name right after a time ("17:47:09 IST", "5:17 PM CEST"). */
const NAMED_ZONE = new RegExp(String.raw`${TIME}\s*([A-Za-z]{2,5})$`, 'i');

/**
 * A time with its zone written as an offset Date.parse reads ("+05:00"), or the text as it was. A
 * time written with no zone is UTC's (docs/news.md): Date.parse read it on the machine's clock, so
 * one feed's times moved by five hours between a server in Karachi and one in UTC.
 */
function withOffset(text: string): string {
  const m = ZONED.exec(text);
  if (!m) return text;
  if (!m[2] && !m[3]) return `${m[1]}+00:00`;
  const [, time, zone, sign, hours, minutes] = m;
  const named = zone ? ZONE_MINUTES[zone.toUpperCase()]! : 0;
  // "PKT+5" names its offset twice; an offset past 14 hours is none.
  if ((named !== 0 && sign) || Number(hours ?? 0) > 14 || Number(minutes ?? 0) > 59) return text;
  const offset = named + (sign === '-' ? -1 : 1) * (Number(hours ?? 0) * 60 + Number(minutes ?? 0));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${time}${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
}

/**
 * A publication time as a feed or page writes it (RFC 822, ISO 8601, or either with PKT, AFT,
 * GMT, UTC or Z for its zone), kept on its own clock with its words as written; null when it
 * cannot be read (an Article keeps such words as `published_unread`, and its drafts say so).
 */
export function readPublished(words: string | null | undefined): Publication | null {
  if (!words?.trim()) return null;
  const text = withOffset(words.trim());
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : { ...publicationAt(ms, text), words };
}

/** The words of a publication time given but not read ("Fri, 14 Aug 2026 17:17:09 IST"), or null when it was read or none was given. */
export function unreadPublished(words: string | null | undefined): string | null {
  return words?.trim() && readPublished(words) === null ? words.trim() : null;
}

/**
 * Why a publication time that is there was not read, when its zone is the reason: the zone name is
 * not guessed ("IST"); null otherwise (a text that is no time at all, "soon" or "next week").
 */
export function unreadZone(words: string): string | null {
  // After a time only: not the last word of any text ("next week").
  const zone = NAMED_ZONE.exec(words.trim())?.[1];
  return zone
    ? `its zone ${quoteValue(zone)} is not guessed; PKT, AFT, GMT, UTC, Z and offsets such as +05:30 are read`
    : null;
}

/** The problem of a publication time that is there but could not be read: it is quoted, and its zone named when that is what was not read. */
function unreadProblem(words: string): DraftProblem {
  const why = unreadZone(words) ?? 'not a time faultline reads';
  return {
    field: 'date',
    code: 'unread_published',
    message: `publication time not read: ${quoteValue(words)} (${why})`,
  };
}

/**
 * The event day of a passage. Relative phrases need a publication time (without one they are
 * not read); a weekday or a day of the month that would fall after publication means the one
 * before it ("on Friday" in a Thursday story is last Friday; "October 7" in an August story is last
 * year's).
 * Problems: `no_date`, `unread_published`, `toll_date`, `night_date`, `future_date`.
 */
export function findDate(
  text: string,
  published: Publication | null,
  now: Date,
  /**
   * `unread`: a publication time the text gave that could not be read (said, not taken for none);
   * `localOffsetMs`: the clock of the event's place (countryOffsetMs), for a time written in UTC.
   */
  given: { unread?: string | null; localOffsetMs?: number } = {},
): { field: DraftField<string>; problems: DraftProblem[] } {
  const unread = given.unread ? [unreadProblem(given.unread)] : [];
  // Days are counted on the clock of the place that wrote the publication time, today's too (or,
  // when that clock is UTC's, on the clock of the event's place).
  const offset = offsetMs(published, given.localOffsetMs);
  const today = day(new Date(now.getTime() + offset));
  let instant = published ? new Date(Date.parse(published.iso) + offset) : now;
  let results = chrono.en.parse(text, { instant, timezone: 'UTC' }, { forwardDate: false });
  // A dateline's date ("PESHAWAR, Nov 30:") is the day the report was filed, not the event's: the
  // text's own "on Sunday" is the Sunday before it. It stands for the event only when the text
  // names no day of its own.
  const filedAt = results.find((r) => isDateline(text, r));
  // A dateline that writes its year ("PESHAWAR, 3 December 2026") dates the report when nothing
  // else does: "on Wednesday night" is read against it, not taken as the dateline's own day.
  if (
    filedAt &&
    !published &&
    filedAt.start.isCertain('year') &&
    filedAt.start.isCertain('month') &&
    filedAt.start.isCertain('day')
  )
    published = { iso: `${day(filedAt.start.date())}T12:00:00Z`, words: phrase(filedAt.text) };
  let filed: DraftField<string> | null = null;
  if (filedAt && published) {
    let date = filedAt.start.date();
    if (!filedAt.start.isCertain('year') && day(date) > day(instant))
      date = new Date(Date.UTC(date.getUTCFullYear() - 1, date.getUTCMonth(), date.getUTCDate(), 12));
    filed = { value: day(date), words: [phrase(filedAt.text)] };
    instant = new Date(`${filed.value}T12:00:00Z`);
    results = chrono.en
      .parse(text, { instant, timezone: 'UTC' }, { forwardDate: false })
      .filter((r) => !isDateline(text, r));
  }
  let field: DraftField<string> | null = null;
  let night: DraftProblem | null = null;
  let stated: DraftField<string> | null = null;
  let tolled: (DraftField<string> & { toll: string }) | null = null;
  for (const r of results) {
    // chrono marks "yesterday" as certain to the year (it takes them from the reference), so a
    // phrase is absolute only when it writes its year.
    const absolute = r.start.isCertain('day') && r.start.isCertain('month') && /\b\d{4}\b/.test(r.text);
    const weekday = !r.start.isCertain('day') && r.start.isCertain('weekday');
    const relative = r.start.isCertain('day') && !absolute;
    if (!absolute && !weekday && !relative) continue;
    // chrono reads "for a second day" as a time a second from now: a phrase must name a day.
    if (!DAY_WORDS.test(r.text)) continue;
    if (!absolute && published === null) continue;
    let date = r.start.date();
    // News tells of the past: a weekday or a day of the month after publication means the last one before it.
    if (weekday && day(date) > day(instant)) date = new Date(date.getTime() - 7 * DAY_MS);
    if (relative && !r.start.isCertain('year') && day(date) > day(instant))
      date = new Date(Date.UTC(date.getUTCFullYear() - 1, date.getUTCMonth(), date.getUTCDate(), 12));
    // "last night" in a report filed at 02:30 is the night of the day before to this one: dated the
    // evening's day, as chrono dates it at any later hour, and said, since it may be after midnight.
    let nightly: DraftProblem | null = null;
    if (
      THIS_NIGHT.test(r.text) &&
      !filed &&
      day(date) === day(instant) &&
      instant.getUTCHours() < NIGHT_ENDS_HOUR
    ) {
      date = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - 1, 12));
      const evening = day(date);
      nightly = {
        field: 'date',
        code: 'night_date',
        message: `${quoteValue(phrase(r.text))} in a report published at ${instant.toISOString().slice(11, 16)} ${utcOffset(offset)} on ${day(instant)} is the night of ${evening} to ${day(instant)}: dated ${evening}, the evening's; check whether it happened after midnight`,
      };
    }
    const found = { value: day(date), words: [phrase(r.text)] };
    // "the ISPR said on Friday": the day of a statement, which a day of the event after it beats
    // ("... said on Friday. The operation was carried out on Thursday night").
    if (SPOKEN_BEFORE.test(text.slice(Math.max(0, r.index - 40), r.index))) {
      stated ??= found;
      continue;
    }
    const toll = TOLL_BEFORE.exec(text.slice(Math.max(0, r.index - 200), r.index));
    if (toll) {
      tolled ??= { ...found, toll: `${toll[0].trim()} ${phrase(r.text)}` };
      continue;
    }
    field = found;
    night = nightly;
    break;
  }
  field ??= stated;
  // Only a death toll's day: kept, as the nearest day the text gives, and said to be the toll's.
  const tollDay: DraftProblem[] = [];
  if (field === null && tolled) {
    field = { value: tolled.value, words: tolled.words };
    tollDay.push({
      field: 'date',
      code: 'toll_date',
      message: `the day of a death toll, not said to be the incident's ("${tolled.toll}"): check when it happened`,
    });
  }
  if (field === null && published) field = filed ?? { value: day(instant), words: [published.words] };
  if (field === null)
    return {
      field: { value: null, words: [] },
      problems: [
        {
          field: 'date',
          code: 'no_date',
          // A time that is there but not read is no time not given (it said "gives no publication time").
          message: unread.length
            ? 'no date: the text names no day, and its publication time could not be read'
            : 'no date: the text names no day and gives no publication time',
        },
        ...unread,
      ],
    };
  const problems: DraftProblem[] =
    field.value! > today
      ? [
          {
            field: 'date',
            code: 'future_date',
            message: `date in the future: ${field.value} (today is ${today})`,
          },
        ]
      : [];
  return { field, problems: [...unread, ...tollDay, ...(night ? [night] : []), ...problems] };
}
