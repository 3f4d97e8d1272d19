import { resolveActorIds } from '../../domain/actors.ts';
import { eventId, type Event, type SourceId } from '../../domain/event.ts';
import { toIso3 } from '../countries.ts';
import { checkText, count, date, decimal, FieldError, text } from '../fields.ts';
import { reject, type Mapped, type SourceFormat } from '../source-format.ts';
import { DATE_PRECISION, UCDP_EXACT_WHERE_PREC, VIOLENCE_TYPES } from './ucdp-ged-schema.ts';

/** The native twin of mapUcdpRecord: the same checks and values, run by the store over a whole file. */
export const UCDP_NATIVE = {
  name: 'ucdp',
  params: {
    violenceTypes: VIOLENCE_TYPES,
    datePrecision: DATE_PRECISION,
    exactWherePrec: UCDP_EXACT_WHERE_PREC,
  },
} as const satisfies SourceFormat['native'];

/** True for the HXL hashtag row HDX puts under the header (`,,#date+year,...`). */
export function isHxlRow(rec: Readonly<Record<string, string>>): boolean {
  return (
    (rec.id ?? '') === '' &&
    Object.values(rec).some((v) => v.startsWith('#')) &&
    Object.values(rec).every((v) => v === '' || v.startsWith('#'))
  );
}

/**
 * Maps one UCDP GED-shaped record (CSV row of GED, Candidate or an API result) to an Event.
 * Shared by the ucdp-ged, ucdp-candidate and ucdp-api formats.
 */
export function mapUcdpRecord(
  rec: Readonly<Record<string, string>>,
  source: SourceId,
  version: string,
): Mapped<Event> {
  if (isHxlRow(rec)) return { ok: 'metadata', why: 'HXL hashtag row' };
  try {
    for (const [k, v] of Object.entries(rec)) checkText(k, v);
    const id = (rec.id ?? '').trim();
    if (!/^\d+$/.test(id)) return reject('id', rec.id ?? '', id === '' ? 'is required' : 'not an integer id');
    const violence = VIOLENCE_TYPES[(rec.type_of_violence ?? '').trim()];
    if (!violence) return reject('type_of_violence', rec.type_of_violence ?? '', 'not 1, 2 or 3');
    const dateStart = date(rec, 'date_start')!;
    const dateEnd = date(rec, 'date_end')!;
    if (dateEnd < dateStart) return reject('date_end', rec.date_end ?? '', `before date_start ${dateStart}`);
    const country = toIso3(rec.iso3) ?? toIso3(rec.country);
    if (!country) return reject('country', rec.country ?? '', 'unrecognised country name');
    const best = count(rec, 'best', true)!;
    const low = count(rec, 'low');
    const high = count(rec, 'high');
    const sides = [
      count(rec, 'deaths_a'),
      count(rec, 'deaths_b'),
      count(rec, 'deaths_civilians'),
      count(rec, 'deaths_unknown'),
    ];
    const lat = decimal(rec, 'latitude', -90, 90);
    const lon = decimal(rec, 'longitude', -180, 180);
    const wherePrec = count(rec, 'where_prec');
    const datePrec = count(rec, 'date_prec');
    const warnings: string[] = [];
    // GED itself has rows with high < best or low > best (139 and 61 in the 22.1 Pakistan extract): kept, flagged.
    if (high !== null && high < best) warnings.push('high < best');
    if (low !== null && low > best) warnings.push('low > best');
    if (sides.every((s) => s !== null) && sides.reduce((a, b) => a! + b!, 0) !== best)
      warnings.push('deaths by side do not sum to best');
    const sideA = text(rec, 'side_a');
    const sideB = text(rec, 'side_b');
    const event: Event = {
      id: eventId(source, id),
      source,
      sourceVersion: version,
      sourceId: id,
      dateStart,
      dateEnd,
      datePrecision:
        dateStart === dateEnd ? 'day' : (DATE_PRECISION[datePrec as keyof typeof DATE_PRECISION] ?? 'range'),
      country,
      admin1Label: text(rec, 'adm_1'),
      admin2Label: text(rec, 'adm_2'),
      place: text(rec, 'where_coordinates'),
      lat,
      lon,
      geoPrecision: wherePrec,
      geoExact: wherePrec !== null && wherePrec <= UCDP_EXACT_WHERE_PREC && lat !== null && lon !== null,
      sourceType: violence,
      sourceSubtype: text(rec, 'code_status') === 'Clear' ? null : text(rec, 'code_status'),
      commonType: violence === 'one-sided' ? 'violence-against-civilians' : 'battle',
      actor1: sideA,
      actor2: sideB,
      actorIds: resolveActorIds([sideA, sideB], dateStart),
      fatalitiesBest: best,
      fatalitiesLow: low,
      fatalitiesHigh: high,
      deathsSideA: sides[0]!,
      deathsSideB: sides[1]!,
      deathsCivilians: sides[2]!,
      deathsUnknown: sides[3]!,
      headline: text(rec, 'source_headline'),
      notes: text(rec, 'where_description'),
      sourceArticles: splitGedArticles(text(rec, 'source_article') ?? ''),
    };
    return { ok: true, value: event, warnings };
  } catch (e) {
    if (e instanceof FieldError) return reject(e.field, e.value, e.reason);
    throw e;
  }
}

/**
 * GED's `source_article` as a list. Recent releases quote each article and join them with ';'
 * (`"Outlet,date,title";"Outlet,date,title"`): those are split at each `";"`, quotes kept, whatever
 * case the next outlet's name starts with ("the Balochistan Post"). Older rows hold one free text
 * whose ';' sit inside titles ("... Peshawar; 23 dead"): one article, not split.
 */
export function splitGedArticles(s: string): string[] {
  const t = s.trim();
  const parts = t.startsWith('"') ? t.split(/(?<=")\s*;\s*(?=")/) : [t];
  return parts.map((x) => x.trim()).filter(Boolean);
}
