import { z } from 'zod';
import { COMMON_TYPES } from '../../domain/event.ts';

/** Canonical fields a column-mapping file can fill, each from one source column. */
export const MAPPABLE_FIELDS = [
  'source_id',
  'date_start',
  'date_end',
  'country',
  'admin1',
  'admin2',
  'place',
  'lat',
  'lon',
  'geo_precision',
  'type',
  'subtype',
  'actor1',
  'actor2',
  'fatalities_best',
  'fatalities_low',
  'fatalities_high',
  'deaths_civilians',
  'headline',
  'notes',
  'source_articles',
] as const;

/** A column-mapping file (YAML or JSON): which column holds which field, constants, and how to read types. */
export const MappingSchema = z
  .object({
    /** Name of the dataset, recorded as the event source's label (events are stored under source `csv`). */
    dataset: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    version: z.string().min(1),
    columns: z.partialRecord(z.enum(MAPPABLE_FIELDS), z.string().min(1)),
    /** Values used when a field has no column, e.g. `{ country: PAK }`. */
    constants: z.partialRecord(z.enum(MAPPABLE_FIELDS), z.string()).default({}),
    /** Source type value -> common type; unmapped values become `other`. */
    type_map: z.record(z.string(), z.enum(COMMON_TYPES as unknown as [string, ...string[]])).default({}),
    /** Largest geo_precision value still precise enough for district placement (default: coordinates are exact). */
    exact_geo_precision: z.number().int().optional(),
    /** The field delimiter: one ASCII character other than a quote or a line break (default ','). */
    delimiter: z
      .string()
      .refine(
        (d) => d.length === 1 && d.charCodeAt(0) > 0 && d.charCodeAt(0) < 0x80 && !'"\r\n'.includes(d),
        'one ASCII character other than a quote or a line break',
      )
      .default(','),
  })
  .refine((m) => m.columns.source_id, { message: 'columns.source_id is required' })
  .refine((m) => m.columns.date_start, { message: 'columns.date_start is required' })
  .refine((m) => m.columns.country || m.constants.country, {
    message: 'columns.country or constants.country is required',
  });

/** A validated column mapping. */
export type Mapping = z.infer<typeof MappingSchema>;
