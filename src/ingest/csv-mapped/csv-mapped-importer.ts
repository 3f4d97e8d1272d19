import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { resolveActorIds } from '../../domain/actors.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { eventId, type CommonType, type Event } from '../../domain/event.ts';
import { toIso3 } from '../countries.ts';
import { checkText, count, date, decimal, FieldError, text } from '../fields.ts';
import { reject, type SourceFormat } from '../source-format.ts';
import { MappingSchema, type Mapping } from './csv-mapped-schema.ts';

/** Reads and validates a column-mapping file; throws one line naming the first problem. */
export function loadMapping(path: string): Mapping {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InvalidInputError(
      `invalid mapping file ${quoteValue(basename(path))}: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  const parsed = MappingSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new InvalidInputError(
      `invalid mapping file ${quoteValue(basename(path))}: ${i.path.join('.') || 'mapping'}: ${i.message}`,
    );
  }
  return parsed.data;
}

/**
 * The mapping's identity: the sha256 of its validated form (defaults filled in) as JSON with every
 * object's keys sorted. YAML or JSON, comments, layout and key order do not change it; any value the
 * import reads (dataset, version, a column, a constant, the type map, the delimiter) does.
 */
export function mappingSha256(m: Mapping): string {
  const sorted = (v: unknown): unknown =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
            .map(([k, x]) => [k, sorted(x)]),
        )
      : v;
  return createHash('sha256')
    .update(JSON.stringify(sorted(m)))
    .digest('hex');
}

/**
 * Figures of a mapped row that contradict each other, kept and flagged as UCDP's are (the SQL
 * mapper, storage/duckdb/native/csv-mapped-sql.ts, flags the same): a high estimate under the best,
 * a low one over it, more civilians killed than people killed.
 */
export function mappedQualityFlags(
  e: Pick<Event, 'fatalitiesBest' | 'fatalitiesLow' | 'fatalitiesHigh' | 'deathsCivilians'>,
): string[] {
  const best = e.fatalitiesBest;
  if (best === null) return [];
  return [
    e.fatalitiesHigh !== null && e.fatalitiesHigh < best && 'high < best',
    e.fatalitiesLow !== null && e.fatalitiesLow > best && 'low > best',
    e.deathsCivilians !== null && e.deathsCivilians > best && 'civilians > best',
  ].filter((x): x is string => typeof x === 'string');
}

/** How a rejection names a field: the column the mapping reads it from, as spelt there, or the field itself. */
function fieldName(m: Mapping, field: string): string {
  return Object.hasOwn(m.columns, field) ? m.columns[field as keyof Mapping['columns']]! : field;
}

/** The native twin of the mapping's `map`: the same checks and values, run by the store over a whole file. */
function csvMappedNative(m: Mapping): NonNullable<SourceFormat['native']> {
  const columns: Record<string, string> = {};
  const fieldNames: Record<string, string> = {};
  for (const [field, column] of Object.entries(m.columns)) {
    columns[field] = column!.toLowerCase();
    fieldNames[field] = column!;
  }
  const constants = Object.fromEntries(Object.entries(m.constants).map(([k, v]) => [k, v!]));
  return {
    name: 'csv-mapped',
    params: {
      dataset: m.dataset,
      columns,
      fieldNames,
      constants,
      typeMap: { ...m.type_map },
      exactGeoPrecision: m.exact_geo_precision ?? null,
    },
  };
}

/** A generic CSV format driven by a mapping: each canonical field read from the column the mapping names. */
export function csvMappedFormat(m: Mapping): SourceFormat<Event> {
  const col = (
    rec: Readonly<Record<string, string>>,
    field: keyof Mapping['columns'],
  ): Record<string, string> => {
    const c = m.columns[field];
    return { [field]: c !== undefined ? (rec[c.toLowerCase()] ?? '') : (m.constants[field] ?? '') };
  };
  const get = <T>(
    rec: Readonly<Record<string, string>>,
    field: keyof Mapping['columns'],
    read: (r: Record<string, string>, f: string) => T,
  ): T => read(col(rec, field), field);
  return {
    id: 'csv-mapped',
    kind: 'events',
    source: 'csv',
    fullRelease: false,
    mapped: { dataset: m.dataset, mappingSha256: mappingSha256(m) },
    requiredColumns: Object.values(m.columns).map((c) => c!.toLowerCase()),
    delimiter: m.delimiter,
    native: csvMappedNative(m),
    detect: () => 0,
    version: () => ({ version: m.version, inferred: false }),
    map(rec, version) {
      try {
        for (const [k, v] of Object.entries(rec)) checkText(k, v);
        const id = get(rec, 'source_id', text);
        if (!id) return reject(m.columns.source_id!, '', 'is required');
        const dateStart = get(rec, 'date_start', date)!;
        const dateEnd = get(rec, 'date_end', (r, f) => date(r, f, false)) ?? dateStart;
        if (dateEnd < dateStart)
          return reject(m.columns.date_end ?? 'date_end', dateEnd, `before date_start ${dateStart}`);
        const countryText = get(rec, 'country', text);
        const country = toIso3(countryText);
        if (!country)
          return reject(m.columns.country ?? 'country', countryText ?? '', 'unrecognised country');
        const lat = get(rec, 'lat', (r, f) => decimal(r, f, -90, 90));
        const lon = get(rec, 'lon', (r, f) => decimal(r, f, -180, 180));
        const geoPrecision = get(rec, 'geo_precision', (r, f) => count(r, f));
        const sourceType = get(rec, 'type', text) ?? 'unspecified';
        const actor1 = get(rec, 'actor1', text);
        const actor2 = get(rec, 'actor2', text);
        const event: Event = {
          id: eventId('csv', `${m.dataset}:${id}`),
          source: 'csv',
          sourceVersion: version,
          sourceId: `${m.dataset}:${id}`,
          dateStart,
          dateEnd,
          datePrecision: dateStart === dateEnd ? 'day' : 'range',
          country,
          admin1Label: get(rec, 'admin1', text),
          admin2Label: get(rec, 'admin2', text),
          place: get(rec, 'place', text),
          lat,
          lon,
          geoPrecision,
          geoExact:
            lat !== null &&
            lon !== null &&
            (m.exact_geo_precision === undefined ||
              (geoPrecision !== null && geoPrecision <= m.exact_geo_precision)),
          sourceType,
          sourceSubtype: get(rec, 'subtype', text),
          commonType: Object.hasOwn(m.type_map, sourceType)
            ? (m.type_map[sourceType] as CommonType)
            : 'other',
          actor1,
          actor2,
          actorIds: resolveActorIds([actor1, actor2], dateStart),
          fatalitiesBest: get(rec, 'fatalities_best', (r, f) => count(r, f)),
          fatalitiesLow: get(rec, 'fatalities_low', (r, f) => count(r, f)),
          fatalitiesHigh: get(rec, 'fatalities_high', (r, f) => count(r, f)),
          deathsSideA: null,
          deathsSideB: null,
          deathsCivilians: get(rec, 'deaths_civilians', (r, f) => count(r, f)),
          deathsUnknown: null,
          headline: get(rec, 'headline', text),
          notes: get(rec, 'notes', text),
          sourceArticles: (get(rec, 'source_articles', text) ?? '').split(/;\s*/).filter(Boolean),
        };
        return { ok: true, value: event, warnings: mappedQualityFlags(event) };
      } catch (e) {
        if (e instanceof FieldError) return reject(fieldName(m, e.field), e.value, e.reason);
        throw e;
      }
    },
  };
}
