/** Counts in prose: "1 event could not be placed", "2 events could not be placed", "4,588 events". */
import { grouped } from './format-number.ts';

/** A count, grouped with commas, with its noun in the number the count needs: `counted(1, 'event')` is "1 event", `counted(4588, 'event')` "4,588 events". */
export const counted = (n: number, one: string, other = `${one}s`): string =>
  `${grouped(n)} ${n === 1 ? one : other}`;

/** The word (a verb, a pronoun) that agrees with a count: `agree(n, 'has', 'have')`. */
export const agree = (n: number, one: string, other: string): string => (n === 1 ? one : other);
