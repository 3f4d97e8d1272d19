/** A published figure's value as it was published: its qualifier in words before the number. */
import { formatNumber } from './format-number.ts';
import type { Statistic } from './statistic.ts';

/**
 * How each qualifier of a published figure reads before its value: "about 40,000" (UNHCR's
 * "approximately 40,000"), "at least 800" ("800+"), "up to 5,000"; an exact figure, nothing.
 */
export const QUALIFIER_WORDS: Readonly<Record<Statistic['qualifier'], string>> = {
  exact: '',
  about: 'about ',
  at_least: 'at least ',
  at_most: 'up to ',
};

/**
 * A figure's value with its qualifier in words ("about 40,000", "at least 800"), its number with
 * thousands separators and at most 3 decimals, as the listed tables give it. A qualifier this table
 * does not know is given as stored ("close_to 760,000"), never dropped: a bare number would read as
 * exact.
 */
export function qualifiedValue(value: number, qualifier: string): string {
  const words = Object.hasOwn(QUALIFIER_WORDS, qualifier)
    ? QUALIFIER_WORDS[qualifier as Statistic['qualifier']]
    : `${qualifier} `;
  return `${words}${formatNumber(value, 3)}`;
}
