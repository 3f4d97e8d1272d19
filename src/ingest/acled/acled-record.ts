import { resolveActorIds } from '../../domain/actors.ts';
import { eventId, type CommonType, type Event } from '../../domain/event.ts';
import { toIso3 } from '../countries.ts';
import { checkText, count, date, decimal, FieldError, text } from '../fields.ts';
import { reject, type Mapped } from '../source-format.ts';
import { ACLED_COMMON_TYPE, ACLED_EXACT_GEO_PRECISION, ACLED_TIME_PRECISION } from './acled-schema.ts';

/**
 * Maps one ACLED record (export CSV row or API JSON object, values as text) to an Event.
 * ACLED gives one fatality figure: it becomes the best estimate; low, high and victim classes stay null.
 */
export function mapAcledRecord(rec: Readonly<Record<string, string>>, version: string): Mapped<Event> {
  try {
    for (const [k, v] of Object.entries(rec)) checkText(k, v);
    const id = text(rec, 'event_id_cnty');
    if (!id) return reject('event_id_cnty', rec.event_id_cnty ?? '', 'is required');
    const eventType = text(rec, 'event_type');
    if (!eventType) return reject('event_type', rec.event_type ?? '', 'is required');
    const commonType: CommonType = (ACLED_COMMON_TYPE as Record<string, CommonType>)[eventType] ?? 'other';
    const day = date(rec, 'event_date')!;
    const country = toIso3(rec.country) ?? toIso3(rec.iso);
    if (!country) return reject('country', rec.country ?? '', 'unrecognised country name');
    const fatalities = count(rec, 'fatalities', true);
    const lat = decimal(rec, 'latitude', -90, 90);
    const lon = decimal(rec, 'longitude', -180, 180);
    const geoPrecision = count(rec, 'geo_precision');
    const timePrecision = count(rec, 'time_precision');
    const actor1 = text(rec, 'actor1');
    const actor2 = text(rec, 'actor2');
    const event: Event = {
      id: eventId('acled', id),
      source: 'acled',
      sourceVersion: version,
      sourceId: id,
      dateStart: day,
      dateEnd: day,
      datePrecision: ACLED_TIME_PRECISION[timePrecision as keyof typeof ACLED_TIME_PRECISION] ?? 'day',
      country,
      admin1Label: text(rec, 'admin1'),
      admin2Label: text(rec, 'admin2'),
      place: text(rec, 'location'),
      lat,
      lon,
      geoPrecision,
      geoExact:
        geoPrecision !== null && geoPrecision <= ACLED_EXACT_GEO_PRECISION && lat !== null && lon !== null,
      sourceType: eventType,
      sourceSubtype: text(rec, 'sub_event_type'),
      commonType,
      actor1,
      actor2,
      actorIds: resolveActorIds(
        [actor1, actor2, text(rec, 'assoc_actor_1'), text(rec, 'assoc_actor_2')],
        day,
      ),
      fatalitiesBest: fatalities,
      fatalitiesLow: null,
      fatalitiesHigh: null,
      deathsSideA: null,
      deathsSideB: null,
      deathsCivilians: null,
      deathsUnknown: null,
      headline: null,
      notes: text(rec, 'notes'),
      sourceArticles: (text(rec, 'source') ?? '').split(/;\s*/).filter(Boolean),
    };
    return { ok: true, value: event, warnings: [] };
  } catch (e) {
    if (e instanceof FieldError) return reject(e.field, e.value, e.reason);
    throw e;
  }
}
