/**
 * How a desk event's checks name what was given. The API and a JSON file name the JSON fields
 * (`date_start`, `citation 1 url`); the CLI names the flag the user typed (`--date`, `--cite-url`),
 * from its own field-to-flag table. Messages are written once, with the names filled in.
 */
import type { DeskCitation, DeskField } from '../../domain/desk.ts';

/** A key of a citation: url, outlet, published_at, quote. */
export type CitationKey = keyof DeskCitation;

/** The names errors and problems give a field and a citation's key. */
export interface DeskNames {
  /** A field: `date_start`, or the flag that gave it (`--date`). */
  field(name: DeskField): string;
  /** A key of citation `index` (0-based), or of any citation when null: `citation 1 url` or `url`, or a flag (`--cite-url`). */
  citation(index: number | null, key: CitationKey): string;
  /** How to say a count (`fatalities_best`) is unknown: `or null when unknown`, or `or --killed unknown when not known`. */
  unknown(name: DeskField): string;
  /** How to clear a date, country or point field, after its refusal's hint: `` (a JSON null clears it), or `, or --lat "" to clear it`. */
  clear(name: DeskField): string;
}

/** The JSON names, as the API and a `--json` file give them. */
export const JSON_NAMES: DeskNames = {
  field: (name) => name,
  citation: (index, key) => (index === null ? key : `citation ${index + 1} ${key}`),
  unknown: () => 'or null when unknown',
  clear: () => '',
};

/**
 * The JSON name of key `key` of citation `index` (0-based) as a refusal's `fields` and an event's
 * `problem_fields` give it, whatever names the message uses: `citations[0].url`.
 */
export const citationPath = (index: number, key: CitationKey) => `citations[${index}].${key}`;
