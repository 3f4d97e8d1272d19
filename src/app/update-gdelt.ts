/** The GDELT part of `faultline update`: the period to fetch from the settings (FAULTLINE_GDELT_COUNTRIES, FAULTLINE_GDELT_FROM). */
import { InvalidInputError } from '../domain/errors.ts';
import { isCalendarDay } from '../domain/query.ts';
import { quoteValue } from '../domain/quote.ts';

/** Days back `faultline update` fetches GDELT from when FAULTLINE_GDELT_FROM is unset. */
export const DEFAULT_GDELT_DAYS_BACK = 2;

/** The period `faultline update` fetches: from the setting's day (or N days back) to the current 15-minute slice, UTC. */
export function gdeltUpdatePeriod(from: string | undefined, now: Date): { from: string; to: string } {
  const to = now.toISOString().slice(0, 16);
  const back = /^(\d{1,4})d$/.exec(from ?? `${DEFAULT_GDELT_DAYS_BACK}d`);
  const start = back
    ? new Date(now.getTime() - Number(back[1]) * 86_400_000).toISOString().slice(0, 10)
    : from!;
  if (!isCalendarDay(start))
    throw new InvalidInputError(
      `invalid FAULTLINE_GDELT_FROM: ${quoteValue(String(from))} (use a day YYYY-MM-DD or days back such as 7d)`,
    );
  if (start > to.slice(0, 10))
    throw new InvalidInputError(
      `invalid FAULTLINE_GDELT_FROM: ${quoteValue(start)} is after today (${to.slice(0, 10)})`,
    );
  return { from: start, to };
}
