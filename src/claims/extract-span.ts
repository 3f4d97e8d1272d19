/**
 * A span of dates named in prose ("between 15 September 2023 and 8 November 2025", "from 1 April to
 * 13 December 2025", "between January and June 2026") as a claim period FROM..TO of days. Without
 * it the drafter kept one month of the span (2023-09, 2025-12, 2026-06).
 */
import { dayNumber, isoDate, MONTH_NAMES } from '../analytics/aggregate/dates.ts';

/** Month names as prose writes them, January first. */
export const MONTHS = MONTH_NAMES;

const M = `(${MONTHS.join('|')})`;
const D = `(\\d{1,2})(?:st|nd|rd|th)?`;
const Y = `((?:19|20)\\d{2})`;
// Start: "15 September [2023]", "September 15[, 2023]", "September [2023]", or a bare day ("1" of "between 1 and 13 April 2025").
const START = `(?:(?:${D} (?:of )?)?${M}(?: ${D})?,?(?: ${Y})?|${D})`;
// End: the same with its year required.
const END = `(?:${D} (?:of )?)?${M}(?: ${D})?,? ${Y}`;
const SPAN = new RegExp(`\\b(?:from|between) ${START} (?:to|and|until|through|till) ${END}\\b`, 'i');

/** The span's period (`2023-09-15..2025-11-08`), or null when the text names none or it runs backwards. */
export function findSpan(s: string): string | null {
  const m = SPAN.exec(s);
  if (!m) return null;
  const [, d1a, m1, d1b, y1, dayOnly, d2a, m2, d2b, y2] = m;
  const endMonth = MONTHS.indexOf(m2!.toLowerCase()) + 1;
  const startMonth = m1 ? MONTHS.indexOf(m1.toLowerCase()) + 1 : endMonth;
  // A start without its year takes the end's ("from 1 April to 13 December 2025"), or the year
  // before when its month comes later ("between November and February 2026").
  const startYear = y1 ? Number(y1) : startMonth > endMonth ? Number(y2) - 1 : Number(y2);
  const startDay = Number(dayOnly ?? d1a ?? d1b ?? 1);
  const endDay = d2a ?? d2b;
  const from = `${startYear}-${pad(startMonth)}-${pad(startDay)}`;
  // A month named without a day runs to its last day.
  const to = endDay
    ? `${y2}-${pad(endMonth)}-${pad(Number(endDay))}`
    : isoDate(dayNumber(`${endMonth === 12 ? Number(y2) + 1 : y2}-${pad((endMonth % 12) + 1)}-01`)! - 1);
  if (dayNumber(from) === null || dayNumber(to) === null || from > to) return null;
  return `${from}..${to}`;
}

const pad = (n: number) => String(n).padStart(2, '0');
