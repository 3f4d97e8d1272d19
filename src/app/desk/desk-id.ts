/** A desk event's id as given (a number, or the text of a path or flag), parsed and looked up. */
import type { DeskEvent } from '../../domain/desk.ts';
import { InvalidInputError, NotFoundError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import type { Store } from '../../storage/store.ts';

/**
 * A desk event id as given: a number, or the text it came as (`007` in a path or a flag), which a
 * not-found quotes as it was sent (`no desk event with id "007"`), not as the number it reads as.
 */
export type DeskId = number | string;

/** Parses a desk event id given as text; throws a one-line error for anything but a positive whole number. */
export function parseDeskId(v: DeskId): number {
  const n = typeof v === 'number' ? v : /^\d{1,9}$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidInputError(
      `invalid desk event id: ${quoteValue(v)} (a whole number, as desk queue lists them)`,
    );
  return n;
}

/** One desk event, or NotFoundError quoting the id as it was given. */
export async function loadDeskEvent(store: Pick<Store, 'getDeskEvent'>, id: DeskId): Promise<DeskEvent> {
  const e = await store.getDeskEvent(parseDeskId(id));
  if (!e) throw new NotFoundError(`no desk event with id ${quoteValue(id)}`);
  return e;
}
