/**
 * A span of time in words, the one way the dashboard and the CLI say how long something has waited.
 * Plain code with no imports, so the dashboard's build can import it too (test/web/web-imports.test.ts).
 */

const MINUTE_MS = 60_000;

/**
 * A span of milliseconds in the largest whole unit it fills, rounded down: minutes under an hour,
 * hours under a day, then days ("45 minutes", "3 hours", "2 days"), in `locale`'s words (English by
 * default, as the CLI prints); a negative span (a clock behind) is none.
 */
export function durationWords(ms: number, locale = 'en'): string {
  const unit = (u: 'minute' | 'hour' | 'day', n: number) =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: u,
      unitDisplay: 'long',
      maximumFractionDigits: 0,
    }).format(n);
  const minutes = Math.floor(Math.max(0, ms) / MINUTE_MS);
  if (minutes < 60) return unit('minute', minutes);
  if (minutes < 24 * 60) return unit('hour', Math.floor(minutes / 60));
  return unit('day', Math.floor(minutes / (24 * 60)));
}
