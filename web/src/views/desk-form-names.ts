/**
 * The Desk add form's names for what the API's refusals and problems call by JSON field
 * (`invalid lat: "33,5"`, `no date: give date_start`): the form's label in the text, as the CLI
 * gives its flag (src/cli/desk-flags.ts), and the fields to mark and focus, from the list the API
 * gives with it (a refusal's `fields`, a draft's `problem_fields`), never from the wording.
 */
import type { MessageKey } from '../i18n/en.ts';
import { t } from '../i18n/t.ts';

/** The form's fields by the JSON name the API gives them (a citation's keys: of its one citation): the input's name and its label's key. */
const FORM_FIELDS: Record<string, [name: string, label: MessageKey]> = {
  date_start: ['date', 'desk.date'],
  country: ['country', 'desk.country'],
  admin1: ['admin1', 'desk.admin1'],
  admin2: ['admin2', 'desk.admin2'],
  place: ['place', 'desk.place'],
  lat: ['lat', 'desk.lat'],
  lon: ['lon', 'desk.lon'],
  common_type: ['type', 'desk.type'],
  fatalities_best: ['killed', 'desk.killed'],
  headline: ['headline', 'desk.headline'],
  // The keys of a citation: the form has one, so `citation 1 url` is its Report URL field.
  url: ['cite_url', 'desk.citeUrl'],
  outlet: ['cite_outlet', 'desk.citeOutlet'],
  published_at: ['cite_published', 'desk.citePublished'],
  quote: ['cite_quote', 'desk.citeQuote'],
};

// A JSON name in the text, with the citation it is of (`citation 1 published_at`), as a whole
// word; the headline word of a problem ("no country: give country") is not a field's name.
const NAME = new RegExp(`(?<!\\bno )\\b(?:citation \\d+ )?(${Object.keys(FORM_FIELDS).join('|')})\\b`, 'g');
// The value a refusal quotes (JSON text, domain/quote.ts) is the user's, never renamed.
const QUOTED = /("(?:[^"\\]|\\.)*")/;

/** A label without its note: "Latitude" of "Latitude (when known exactly)". */
const shortLabel = (key: MessageKey) => t(key).replace(/\s*\(.*\)$/, '');

/**
 * The form's inputs for the JSON names the API gives (`lat`; `citations[0].url` is the form's one
 * citation; `citations`, none given, all its fields), in order, each once; a name the form has no
 * input for marks nothing.
 */
export function formFields(json: readonly string[] = []): string[] {
  const out = new Set<string>();
  for (const name of json) {
    const cite = /^citations(?:\[0\](?:\.(\w+))?)?$/.exec(name);
    const keys = cite ? (cite[1] ? [cite[1]] : ['url', 'outlet', 'published_at', 'quote']) : [name];
    for (const k of keys) {
      if (Object.hasOwn(FORM_FIELDS, k)) out.add(FORM_FIELDS[k]![0]);
    }
  }
  return [...out];
}

/** A line of the API's with the form's labels for its JSON names, and the form inputs for the fields the API says it is about. */
export function formNames(line: string, json?: readonly string[]): { text: string; fields: string[] } {
  const text = line
    .split(QUOTED)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(NAME, (_, name: string) => `“${shortLabel(FORM_FIELDS[name]![1])}”`)
            // A count left empty is sent as unknown (JSON null).
            .replace('or null when unknown', t('desk.emptyWhenUnknown')),
    )
    .join('');
  return { text, fields: formFields(json) };
}
