/**
 * Where the people a published figure counts left from (returns from Pakistan, from Iran), and the
 * `origin` choice of `faultline indicators`, GET /statistics and GET /statistics/months that keeps
 * the figures of one origin: by month, IOM's 256,000 returns from Iran answered June 2025 beside
 * UNHCR's returns from Pakistan of the other months, and nothing said which was which.
 */
import { ParamError } from '../domain/errors.ts';
import { orList } from '../domain/choice.ts';
import { originExpected, type MovementFields } from '../domain/statistic.ts';
import { counted } from '../domain/plural.ts';
import { quoteValue } from '../domain/quote.ts';

/** The origin of a figure whose origin names several countries together ("Pakistan and Iran"). */
export const SEVERAL_ORIGINS = 'several';

/** The `origin` value that keeps every figure (the default). */
export const ALL_ORIGINS = 'all';

/** The fields of a listed figure its origin is read from. */
export type OriginFields = MovementFields & {
  country: string | null;
  geography: string | null;
};

/**
 * A figure's origin: the ISO3 code of the country people left (a pair's `country` beside its
 * `country_to`), `several` when the pair's origin as written names several countries or no single
 * one ("Pakistan and Iran", "Pakistan (98.9%) and other countries"), or null for a figure of one
 * place, which gives no origin (docs/importing.md: an origin is never guessed), and for a figure of
 * no people who moved (originExpected: attacks, a stock of Afghans in Pakistan, whose AFG is their
 * nationality, offered as an origin beside returns from Pakistan until 2026-12-07).
 */
export function figureOrigin(f: OriginFields): string | null {
  if (f.country_to === null || !originExpected(f)) return null;
  if (f.country !== null) return f.country;
  return f.geography === null ? null : SEVERAL_ORIGINS;
}

/**
 * The origin an `origin` value asks for, in any case (`pak` is PAK, `All` is all), or undefined
 * for all; a value no loaded figure has as origin is refused with those it could be: `unknown
 * origin: "AFG" (origins of the loaded figures: IRN, PAK or several; or all)`.
 */
export function parseOrigin(given: string, loaded: readonly string[]): string | undefined {
  const value = given.trim();
  if (value.toLowerCase() === ALL_ORIGINS) return undefined;
  const known = originOrder([...new Set(loaded)]);
  const match = known.find((o) => o.toLowerCase() === value.toLowerCase());
  if (match !== undefined) return match;
  throw new ParamError(
    (n) =>
      `unknown ${n.field('origin')}: ${quoteValue(given)} (${known.length ? `origins of the loaded figures: ${orList(known)}; or ${ALL_ORIGINS}` : `no loaded figure gives an origin; use ${ALL_ORIGINS}`})`,
  );
}

/** Origins in the order every surface lists them: Pakistan, Iran, the other codes, then `several`. */
export function originOrder(origins: readonly string[]): string[] {
  const rank = (o: string) => (o === 'PAK' ? 0 : o === 'IRN' ? 1 : o === SEVERAL_ORIGINS ? 3 : 2);
  return [...origins].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * The note on figures an `origin` left out: those that may hold people of that origin among others,
 * of several countries together (UNHCR's 251,000 returns from Pakistan and Iran of April 2025 are
 * no count of returns from Pakistan) and of people who moved from one place, which give no origin;
 * and those of measures without one (attacks, population_estimate), named by metric.
 */
export function originLeftOutNote(
  origin: string,
  leftOut: readonly (MovementFields & { origin: string | null })[],
): string | null {
  const several = leftOut.filter((f) => f.origin === SEVERAL_ORIGINS).length;
  const none = leftOut.filter((f) => f.origin === null && originExpected(f)).length;
  const other = leftOut.filter((f) => !originExpected(f));
  const metrics = [...new Set(other.map((f) => f.metric))].sort();
  const parts = [
    ...(several && origin !== SEVERAL_ORIGINS
      ? [`${counted(several, 'figure')} of several origins together ("Pakistan and Iran")`]
      : []),
    ...(none
      ? [`${counted(none, 'figure')} of one place, which ${none === 1 ? 'gives' : 'give'} no origin`]
      : []),
    ...(other.length
      ? [
          `${counted(other.length, 'figure')} of ${metrics.length === 1 ? 'a measure' : 'measures'} without an origin (${metrics.join(', ')}: no count of people who moved)`,
        ]
      : []),
  ];
  if (!parts.length) return null;
  return `origin ${origin} keeps the figures of people who left ${origin === SEVERAL_ORIGINS ? 'several countries together' : origin} alone: ${parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]} left out (origin ${ALL_ORIGINS} lists them)`;
}
