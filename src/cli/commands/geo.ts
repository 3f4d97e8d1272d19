import { grouped } from '../../domain/format-number.ts';
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { parseChoice } from '../../domain/choice.ts';
import { agree, counted } from '../../domain/plural.ts';
import { NotFoundError, invalidParam, ParamError } from '../../domain/errors.ts';
import { deskIncluded, LIST_DEFAULT_LIMIT, LIST_MAX_LIMIT } from '../../domain/query.ts';
import { quoteValue } from '../../domain/quote.ts';
import { userPath, type Context } from '../context.ts';
import { addFilterOptions, filterOfOptions } from '../filter-options.ts';
import { asJson, outputFormat, render, textOrJson } from '../output.ts';

/** The place table's columns (csv and json give every field of the API's rows). */
const TABLE_COLUMNS = [
  'name',
  'from',
  'country',
  'lat',
  'lon',
  'admin1_code',
  'admin2_name',
  'kind',
  'matched_by',
  'events',
];

/**
 * What `geo summary` counts: the events `geo disagreements` and `geo unplaced` count under the same
 * filter, so that its disagree, border_snap and other_country counts are theirs.
 */
export const placementCountsNote = (desk: boolean) =>
  `counts: events of the loaded source versions, superseded Candidate events left out, ${desk ? 'published desk events included' : 'desk events left out (--include-desk counts them)'}, as geo disagreements and geo unplaced count them`;

/** The columns of `boundaries list`. */
const BOUNDARY_COLUMNS = ['id', 'name', 'level', 'country', 'units', 'sha256', 'imported_at'];

/** The options of `geo disagreements`. */
type DisagreementsOptions = {
  country?: string;
  level: string;
  method?: string;
  limit?: string;
  format: string;
};

/** `faultline place`, `faultline geo ...` and `faultline boundaries ...`: the gazetteer and the placement of events. */
export function registerGeo(program: Command, ctx: Context): void {
  program
    .command('place')
    .description(
      "resolve a place name (with variants: D.I. Khan, Kech/Turbat, Torkham) or a district (Lakki Marwat, Bajaur) to coordinates and units, and list the loaded events' place names that start with it",
    )
    .argument('<name>', 'place, district or province name')
    .option('--country <iso3>', 'PAK or AFG (ISO3 codes, comma-separated)')
    .option('--limit <n>', 'most places from each list: gazetteer, districts, events (1 to 100)', '10')
    .option(
      '--format <format>',
      'table, csv, json or ndjson (json: what GET /api/v1/places answers)',
      'table',
    )
    .addHelpText(
      'after',
      `
Rows come from the gazetteer (GeoNames towns, curated aliases, provinces), the bundled districts
(Pakistan's 2023 districts, Afghanistan's geoBoundaries ADM2; a point inside each), and the place
names the loaded events use, with their number of events (from: events). Before any import (no
store yet) the events are not searched, and the command says so.

Examples:
  faultline place "D.I. Khan"
  faultline place Bannu --format json
`,
    )
    .action(async (name: string, o: { country?: string; limit: string; format: string }) => {
      const format = outputFormat(o.format);
      // In plain digits, as every integer flag (Number() took 0x10 and 1e1).
      const { parseIntParam } = await import('../../app/analysis/params.ts');
      const limit = parseIntParam('limit', o.limit, 1, 100);
      const { namedPlaces, placeQueryInput, placesCutNote, placesQuery } =
        await import('../../app/analysis/places.ts');
      // The API's `q` is this command's <name> argument: a refusal names it so.
      const { text, country } = (() => {
        try {
          return placeQueryInput(name, o.country);
        } catch (e) {
          throw e instanceof ParamError ? e.renamed('q', 'name') : e;
        }
      })();
      // The events' place names need the store; a machine with none yet still resolves names.
      const stored = ctx.settings.db === ':memory:' || existsSync(ctx.settings.db);
      const answer = stored
        ? await placesQuery(await ctx.store('read'), { q: text, country, limit })
        : (({ places, cut }) => ({ places, note: placesCutNote(cut, limit) }))(
            namedPlaces(text, { country, limit }),
          );
      if (!stored)
        ctx.err(
          `no store at ${quoteValue(ctx.settings.db)} yet: the events' place names were not searched\n`,
        );
      if (!answer.places.length) throw new NotFoundError(`no place matches: ${quoteValue(name)}`);
      if (format === 'json') return ctx.out(asJson(answer));
      // The rows have no room for it: a list cut at --limit says so beside them.
      if (answer.note) ctx.err(`${answer.note.replace('a larger limit', 'a larger --limit')}\n`);
      // The table writes coordinates to 4 decimals (about 10 m), as given, not to a table's 3 digits.
      const rows =
        format === 'table'
          ? answer.places.map((r) => ({
              ...r,
              lat: r.lat?.toFixed(4) ?? null,
              lon: r.lon?.toFixed(4) ?? null,
            }))
          : answer.places;
      ctx.out(render(rows, format, format === 'table' ? TABLE_COLUMNS : undefined));
    });

  const geo = program
    .command('geo')
    .description('how events were placed on provinces, districts and the border');
  const disagreements = geo
    .command('disagreements')
    .description(
      "events placed otherwise than in the province their point and label share: point and label differ (disagree: the point wins; both are kept), the point lies just across the border from the source's country (border_snap: its own country's nearest province), or in another country's province farther in (other_country: none); with --level admin2, Pakistan's events whose point lies in another 2023 district than their label names, grouped",
    )
    .option(
      '--country <iso3>',
      'only these countries: ISO3 codes, comma-separated (PAK,AFG; default: every country; with --level admin2, PAK only)',
    );
  // The rest of the filter vocabulary, as `faultline events` takes it: the store's read filters by it.
  addFilterOptions(disagreements, ['country']);
  disagreements
    .option(
      '--level <level>',
      "admin1 (provinces, one row per event) or admin2 (Pakistan's districts, one row per label and district)",
      'admin1',
    )
    .option(
      '--method <methods>',
      'with --level admin1: disagree, border_snap or other_country, comma-separated (default: all three)',
    )
    .option(
      '--limit <n>',
      `with --level admin1: at most this many events, the first by date, 0 to ${LIST_MAX_LIMIT} (default ${LIST_DEFAULT_LIMIT}; 0 gives the counts alone; a list cut says so on stderr)`,
    )
    .option(
      '--format <format>',
      'table, csv, json or ndjson (json, with --level admin1: what GET /api/v1/geo/disagreements answers)',
      'table',
    )
    .action(async (o: DisagreementsOptions) => {
      const format = outputFormat(o.format);
      o.level = parseChoice('level', o.level, ['admin1', 'admin2'] as const);
      const store = await ctx.store('read');
      if (o.level === 'admin2') {
        if (o.method !== undefined)
          throw invalidParam(
            'method',
            `${quoteValue(o.method)} (the placement methods are listed at --level admin1, one row per event)`,
          );
        if (o.limit !== undefined)
          throw invalidParam(
            'limit',
            `${quoteValue(o.limit)} (--level admin2 lists every group: the limit is of --level admin1's events)`,
          );
        pakistanOnly(o.country, 'district disagreements');
        const { districtDisagreements } = await import('../../app/district-disagreements.ts');
        const r = await districtDisagreements(store, await filterOfOptions(ctx, o));
        ctx.out(format === 'json' ? asJson(r) : render(r.groups, format));
        // Where no source covers the filter the counts are not zeros: the note says so instead. Where
        // one covers part of the period, the note says so beside the counts, of the covered days.
        if (r.note !== null) ctx.err(`${r.note}\n`);
        if (format === 'table' && r.events !== null && r.total !== null)
          ctx.err(
            `${grouped(r.events)} of ${counted(r.total, 'event')} of Pakistan ${agree(r.events, 'has its', 'have their')} point in another district than ${agree(r.events, 'its label names; it counts', 'their label names; they count')} in the point's district\n`,
          );
        return;
      }
      const { parseListedMethods, placementDisagreements } =
        await import('../../app/placement-disagreements.ts');
      const { parseIntParam } = await import('../../app/analysis/params.ts');
      const r = await placementDisagreements(store, {
        filter: await filterOfOptions(ctx, o),
        methods: parseListedMethods(o.method),
        limit: o.limit === undefined ? undefined : parseIntParam('limit', o.limit, 0, LIST_MAX_LIMIT),
      });
      ctx.out(
        format === 'json'
          ? asJson(r)
          : render(
              r.placements,
              format,
              format === 'table'
                ? [
                    'id',
                    'date_start',
                    'country',
                    'geo_method',
                    'admin1',
                    'label_admin1_code',
                    'point_admin1_code',
                    'admin1_code',
                    'snapped_km',
                    'place',
                    'lat',
                    'lon',
                    'border_km',
                  ]
                : undefined,
            ),
      );
      // The note is the API's, whose parameter is `limit`: here it is --limit.
      if (r.note !== null) ctx.err(`${r.note.replace('a larger limit', 'a larger --limit')}\n`);
      if (format === 'table' && r.total !== null && r.events !== null)
        ctx.err(
          `${grouped(r.total)} among ${counted(r.events, 'event')} (${r.methods.map((m) => `${grouped(r.counts[m]!)} ${m}`).join(', ')})\n`,
        );
    });
  const unplaced = geo
    .command('unplaced')
    .description(
      "Pakistan's events that got no 2023 district, grouped by province and source label, with the reason",
    );
  // The filter vocabulary of `faultline events`: the store's grouped read filters by it. Its --country
  // is Pakistan's alone, so it says so rather than the vocabulary's "PAK,AFG".
  unplaced.option('--country <iso3>', "PAK only (the districts are Pakistan's 2023 ones; the default)");
  addFilterOptions(unplaced, ['country'])
    .option('--format <format>', 'table, csv, json or ndjson', 'table')
    .action(async (o: { country?: string; format: string }) => {
      const format = outputFormat(o.format);
      pakistanOnly(o.country, 'the districts of geo unplaced');
      const { unplacedDistricts } = await import('../../app/unplaced-districts.ts');
      const r = await unplacedDistricts(await ctx.store('read'), await filterOfOptions(ctx, o));
      ctx.out(format === 'json' ? JSON.stringify(r, null, 2) + '\n' : render(r.groups as never, format));
      // Where no source covers the filter the counts are not zeros: the note says so instead. Where
      // one covers part of the period, the note says so beside the counts, of the covered days.
      if (r.note !== null) ctx.err(`${r.note}\n`);
      if (format === 'table' && r.events !== null && r.total !== null)
        ctx.err(
          `${grouped(r.events)} of ${counted(r.total, 'event')} in Pakistan ${agree(r.events, 'has', 'have')} no district\n`,
        );
    });
  geo
    .command('refresh')
    .description(
      'place every stored event again (after adding boundaries or changing FAULTLINE_BORDER_ZONE_KM)',
    )
    .option(
      '--format <format>',
      'text or json ({ "placed": N, "changed": M }: events placed, and those whose placement changed)',
      'text',
    )
    .action(async (o: { format: string }) => {
      const format = textOrJson(o.format, 'text');
      const store = await ctx.store();
      const { replaceEvents } = await import('../../app/geography.ts');
      const placer = await ctx.placer();
      const r = await withPlacingBar(ctx, (onPlaced) => replaceEvents(store, placer, undefined, onPlaced));
      ctx.out(format === 'json' ? asJson(r) : `${placedLine(r)}\n`);
    });
  const summary = geo
    .command('summary')
    .description(
      "how many events were placed by point, label, both agreeing or disagreeing, per country; border_snap: a point just across the border placed on its own country's nearest province, other_country: one farther in, left without a province; the events geo disagreements and geo unplaced count (desk events only with --include-desk)",
    );
  // The filter vocabulary of `faultline events`, as geo disagreements and geo unplaced take it.
  addFilterOptions(summary);
  summary
    .option('--format <format>', 'table, csv, json or ndjson', 'table')
    .action(async (o: { format: string } & Record<string, string | boolean | undefined>) => {
      const format = outputFormat(o.format);
      const filter = await filterOfOptions(ctx, o);
      const store = await ctx.store('read');
      const rows = (await store.placementCounts(filter)).map((r) => ({
        country: r.country,
        geo_method: r.geoMethod,
        events: r.events,
        snapped: r.snapped,
      }));
      // csv and ndjson are the rows in that format (they printed the table).
      ctx.out(format === 'json' ? JSON.stringify(rows, null, 2) + '\n' : render(rows, format));
      // What the counts count, beside them on stderr (as geo disagreements' notes), in every format.
      ctx.err(`${placementCountsNote(deskIncluded(filter))}\n`);
    });

  const boundaries = program
    .command('boundaries')
    .description('boundary sets beyond the bundled ones (e.g. Pakistani districts)');
  boundaries
    .command('import')
    .description(
      "add a GeoJSON district set (OCHA COD-AB, geoBoundaries ADM2) and place that country's events on it",
    )
    .argument('<file>', 'GeoJSON FeatureCollection of (Multi)Polygons')
    .requiredOption('--country <iso3>', 'country the file covers, e.g. PAK')
    .option('--level <level>', 'the level of its units: admin2, the one taken for now', 'admin2')
    .option('--name-property <prop>', 'feature property with the unit name', 'shapeName')
    .option('--code-property <prop>', 'feature property with the unit code (e.g. shapeID, ADM2_PCODE)')
    .option('--format <format>', 'text or json ({ "id", "units", "replaced", "changed" })', 'text')
    .action(
      async (
        file: string,
        o: { country: string; level: string; nameProperty: string; codeProperty?: string; format: string },
      ) => {
        const format = textOrJson(o.format, 'text');
        const store = await ctx.store();
        const { importBoundaries } = await import('../../app/geography.ts');
        const r = await withPlacingBar(ctx, (onPlaced) =>
          importBoundaries(
            store,
            userPath(ctx, file),
            {
              level: o.level as 'admin2',
              country: o.country.toUpperCase(),
              nameProperty: o.nameProperty,
              codeProperty: o.codeProperty,
            },
            { borderZoneKm: ctx.settings.borderZoneKm, onPlaced },
          ),
        );
        ctx.out(
          format === 'json'
            ? asJson({ id: r.id, units: r.units, replaced: r.replaced, changed: r.changed })
            : `boundary set ${r.id}: ${counted(r.units, 'unit')}; ${placedLine({ placed: r.replaced, changed: r.changed })}\n`,
        );
      },
    );
  boundaries
    .command('list')
    .description('boundary sets added to the store')
    .option('--format <format>', 'table, csv, json or ndjson', 'table')
    .action(async (o: { format: string }) => {
      const format = outputFormat(o.format);
      const store = await ctx.store('read');
      const rows = (await store.listBoundarySets()).map((b) => ({
        id: b.id,
        name: b.name,
        level: b.level,
        country: b.country,
        units: b.units,
        sha256: format === 'table' ? b.sha256.slice(0, 12) : b.sha256,
        imported_at: b.importedAt,
      }));
      // Empty: csv still has its header; a table says so rather than print nothing.
      if (format === 'table' && !rows.length)
        return ctx.out(
          'no boundary sets added (events are placed on the bundled ones; boundaries import FILE adds one)\n',
        );
      ctx.out(render(rows, format, BOUNDARY_COLUMNS));
    });
}

/**
 * Refuses a --country other than PAK for Pakistan's district lists (`what`): their 2023 districts
 * and the crosswalk the labels are read against are Pakistan's alone.
 */
function pakistanOnly(country: string | undefined, what: string): void {
  if (country !== undefined && country.trim().toUpperCase() !== 'PAK')
    throw invalidParam(
      'country',
      `${quoteValue(country)} (${what} are for Pakistan, whose 2023 districts the labels are read against)`,
    );
}

/** `placed 7,330 events again: 12 placed otherwise than before` (only those are written). */
function placedLine(r: { placed: number; changed: number }): string {
  return `placed ${counted(r.placed, 'event')} again: ${grouped(r.changed)} placed otherwise than before`;
}

/** Runs work that places events again by key, with its count of places on a progress line (stderr). */
async function withPlacingBar<T>(
  ctx: Context,
  run: (onPlaced: (keys: number, of: number) => void) => Promise<T>,
): Promise<T> {
  const { Progress } = await import('../progress.ts');
  const bar = new Progress('placing events again', ctx.progress);
  try {
    return await run((n, of) => bar.update(n, of, 'places'));
  } finally {
    bar.done();
  }
}
