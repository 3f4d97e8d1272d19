/** Routes describing what is loaded: sources (ledger and coverage), published statistics, places, health. */
import { z } from 'zod';
import { lastCoverage } from '../../app/analysis/meta.ts';
import { placeQueryInput, placesQuery } from '../../app/analysis/places.ts';
import { figureRows, indicatorsQuery } from '../../app/indicators.ts';
import { parseListedMethods, placementDisagreements } from '../../app/placement-disagreements.ts';
import { indicatorsRequest } from '../../app/indicators-request.ts';
import { figuresByMonthQuery, monthRows, MONTH_COLUMNS } from '../../app/monthly-figures.ts';
import { metaHeaders } from '../../app/render-answer.ts';
import {
  DEFAULT_SOURCES_PART,
  SOURCES_COLUMNS,
  SOURCES_PARTS_TEXT,
  parseSourcesPart,
  sourcesJson,
} from '../../app/sources-parts.ts';
import {
  importOf,
  LIST_DEFAULT_LIMIT,
  LIST_MAX_LIMIT,
  type ListWindow,
  rejectionsAnswer,
  REJECTION_COLUMNS,
  warningsAnswer,
  WARNING_COLUMNS,
} from '../../app/rejections.ts';
import { sourcesAnswer } from '../../app/sources-view.ts';
import { actorRegistry } from '../../app/actor-registry.ts';
import { GAP_COLUMNS, gdeltGapsAnswer } from '../../app/gdelt-gaps.ts';
import { GDELT_GAP_KINDS } from '../../domain/gdelt-gap-kind.ts';
import { MAX_OFFSET } from '../../domain/query.ts';
import { FILTER_PARAMS, filterOf, int, text } from '../params.ts';
import { API, route, type RouteDef } from '../route-table.ts';

const tag = 'catalog';

/** Which rows the rejections and warnings routes list: a page, as the API's other listings. */
const LIST_WINDOW = {
  limit: int(
    0,
    LIST_MAX_LIMIT,
    `at most this many rows (default ${LIST_DEFAULT_LIMIT}, at most ${LIST_MAX_LIMIT}; 0 gives the counts alone)`,
  ).optional(),
  offset: int(
    0,
    MAX_OFFSET,
    'skip this many rows first (default 0): the next page starts at offset + limit',
  ).optional(),
};

/** The window of a request (the default page without `limit`). */
const windowOf = (q: { limit?: number; offset?: number }): ListWindow => ({
  limit: q.limit ?? LIST_DEFAULT_LIMIT,
  offset: q.offset ?? 0,
});

/**
 * CSV and NDJSON carry rows only: the total, and a note when the page holds fewer, go in headers (no
 * total where none is known: a filter no loaded source covers, which the note says).
 */
const pageHeaders = (total: number | null, note: string | null): Record<string, string> => ({
  ...(total === null ? {} : { 'x-faultline-total': String(total) }),
  ...(note ? { 'x-faultline-notes': note } : {}),
});

/** The catalog routes. */
export const catalogRoutes: RouteDef[] = [
  route({
    method: 'GET',
    path: `${API}/imports/:id/rejections`,
    auth: 'read',
    tag,
    cache: true,
    formats: ['json', 'csv', 'ndjson'],
    summary: 'The rejected rows of one import: line, field, value, reason and the record as read',
    description: `JSON gives \`{"import_id", "rejected", "offset", "limit", "note", "rejections": [...]}\`: a page of the rows in file order, ${LIST_DEFAULT_LIMIT} unless \`limit\` says otherwise (at most ${LIST_MAX_LIMIT}), from \`offset\`; \`rejected\` counts every rejected row, and \`note\` says which rows of how many a page holds when it holds fewer (\`rows 1-1,000 of 5,000 rejected rows listed; page on with offset 1000\`), else null. CSV and NDJSON give the rows, with the count in \`x-faultline-total\` and the note in \`x-faultline-notes\`; \`faultline rejections ID --format csv|ndjson|json --limit N --offset M\` answers the same. An unknown id answers 404.`,
    pathParams: { id: 'import number, as GET /api/v1/sources lists it (`id`)' },
    query: z.strictObject(LIST_WINDOW),
    async handle(c, deps, q) {
      const ledger = await importOf(deps.store, c.req.param('id')!);
      const body = await rejectionsAnswer(deps.store, ledger, windowOf(q));
      return {
        body,
        rows: body.rejections,
        columns: [...REJECTION_COLUMNS],
        headers: pageHeaders(body.rejected, body.note),
      };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/imports/:id/warnings`,
    auth: 'read',
    tag,
    cache: true,
    formats: ['json', 'csv', 'ndjson'],
    summary:
      'The warnings the kept rows of one import carry: kind, id, line, record, field, value and warning',
    description:
      'Read back from the events, statistics and GDELT rows the import stored (`kind`: `event`, `statistic` or `gdelt`; `line`: the 1-based line of the source file the row\'s record starts on, as a rejected row\'s `line` names it, or null when unknown (an event whose file the source archive does not hold, a statistic stored before its line was kept); `record`: an event\'s or GDELT row\'s record number in its file (from 0, a header being record 0; a quoted field over several lines makes it differ from the line); statistics keep none). JSON gives `{"import_id", "rows_with_warnings", "rows_held", "warnings_total", "offset", "limit", "note", "warnings": [...]}`: `rows_with_warnings` is the ledger\'s count, `rows_held` the rows the store still holds from this import (a row this import found unchanged stays under the import that stored it first; one a later import changed, under that one), `warnings_total` the warnings they carry; `warnings` is a page of them, ' +
      `${LIST_DEFAULT_LIMIT} unless \`limit\` says otherwise (at most ${LIST_MAX_LIMIT}), from \`offset\`, and \`note\` says which of how many a page holds when it holds fewer (\`warnings 1-1,000 of 5,000 warnings listed; page on with offset 1000\`) and how many kept rows the store holds under another import, else null. CSV and NDJSON give the rows, with the count of warnings in \`x-faultline-total\` and the note in \`x-faultline-notes\`; \`faultline rejections ID --warnings --format csv|ndjson|json --limit N --offset M\` answers the same. An unknown id answers 404.`,
    pathParams: { id: 'import number, as GET /api/v1/sources lists it (`id`)' },
    query: z.strictObject(LIST_WINDOW),
    async handle(c, deps, q) {
      const ledger = await importOf(deps.store, c.req.param('id')!);
      const body = await warningsAnswer(deps.store, ledger, windowOf(q));
      return {
        body,
        rows: body.warnings,
        columns: [...WARNING_COLUMNS],
        headers: pageHeaders(body.warnings_total, body.note),
      };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/gdelt/gaps`,
    auth: 'read',
    tag,
    cache: true,
    formats: ['json', 'csv', 'ndjson'],
    summary:
      'The GDELT gaps the store records: 15-minute slices a fetch found with no usable export, with kind, reason and when, filtered by period and kind, counted per kind',
    description: `Each \`faultline fetch gdelt\` (and the GDELT part of \`faultline update\`) records the gaps of its own period, replacing those it recorded before there: a period no fetch covered has none recorded, which \`note\` says when none matches. JSON gives \`{"from", "to", "kinds", "total", "by_kind": [{"kind", "gaps"}], "offset", "limit", "note", "gaps": [{"slice", "kind", "reason", "recorded_at"}]}\`: \`total\` and \`by_kind\` count every matching gap, \`gaps\` is a page of them oldest first, ${LIST_DEFAULT_LIMIT} unless \`limit\` says otherwise (at most ${LIST_MAX_LIMIT}), from \`offset\`, and \`note\` says which of how many a page holds when it holds fewer (\`gaps 1-1,000 of 5,000 gaps listed; page on with offset 1000\`). CSV and NDJSON give the rows, with the count in \`x-faultline-total\` and the note in \`x-faultline-notes\`; \`faultline gaps --format csv|ndjson|json\` answers the same.`,
    query: z.strictObject({
      from: text('first day or time, YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC)', '2025-08-07').optional(),
      to: text('last day or time, YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC), included', '2025-08-07').optional(),
      kind: text(
        `${GDELT_GAP_KINDS.join(', ')}, comma-separated (default: every kind)`,
        'download,checksum',
      ).optional(),
      ...LIST_WINDOW,
    }),
    async handle(_c, deps, q) {
      const body = await gdeltGapsAnswer(
        deps.store,
        {
          ...(q.from !== undefined ? { from: q.from } : {}),
          ...(q.to !== undefined ? { to: q.to } : {}),
          ...(q.kind !== undefined ? { kind: q.kind } : {}),
        },
        windowOf(q),
      );
      return {
        body,
        rows: body.gaps,
        columns: [...GAP_COLUMNS],
        headers: pageHeaders(body.total, body.note),
      };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/sources`,
    auth: 'read',
    tag,
    cache: true,
    formats: ['json', 'csv', 'ndjson'],
    summary:
      'The import ledger, what each loaded source version covers, and the credit each dataset asks for',
    description: `JSON gives all three parts, \`{"imports": [...], "coverage": [...], "credits": [...]}\` (credits: the licence and attribution of each loaded source and of the bundled boundaries, gazetteer and populations), or the one \`part\` names (\`{"coverage": [...]}\`); CSV and NDJSON give the rows of one part, \`part\` (default ${DEFAULT_SOURCES_PART}), exactly as \`faultline sources --format csv|ndjson --part\` does.`,
    query: z.strictObject({
      part: text(
        `${SOURCES_PARTS_TEXT}, in any case: the rows of the import ledger, of each loaded source version's coverage or of the datasets' credits, in every format (without it, json has all three and csv and ndjson ${DEFAULT_SOURCES_PART})`,
        'coverage',
      ).optional(),
    }),
    async handle(_c, deps, q) {
      const answer = await sourcesAnswer(deps.store);
      const named = q.part === undefined ? undefined : parseSourcesPart(q.part);
      const part = named ?? DEFAULT_SOURCES_PART;
      return { body: sourcesJson(answer, named), rows: answer[part], columns: SOURCES_COLUMNS[part] };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/statistics`,
    auth: 'read',
    tag,
    cache: true,
    formats: ['json', 'csv', 'ndjson'],
    summary:
      'Published figures (PIPS, PICSS, CRSS reports; IOM and UNHCR returns series) with their definitions, pages and quotes',
    query: z.strictObject({
      country: text(
        'ISO3 country codes, comma-separated: figures of these countries as the geography or where people went',
        'PAK,IRN',
      ).optional(),
      metric: text('metric name as published').optional(),
      organisation: text(
        'figures whose organisation holds this text, in any case (UNHCR also matches "UNHCR (reported by Dawn)" and "UNHCR-IOM")',
        'UNHCR',
      ).optional(),
      origin: text(
        'where the people counted left from: an ISO3 code (PAK: returns from Pakistan alone), several (several countries together) or all (the default)',
      ).optional(),
      from: text(
        'periods ending on or after this day (2023, 2023-09 or 2023-09-15: a year or month stands for its first day)',
      ).optional(),
      to: text(
        'periods starting on or before this day (2023, 2023-09 or 2023-09-15: a year or month stands for its last day)',
      ).optional(),
    }),
    async handle(_c, deps, q) {
      const body = await indicatorsQuery(deps.store, indicatorsRequest(q));
      return {
        body,
        // A figure's other records in one cell (`organisation, report`), as `faultline indicators` gives them.
        rows: figureRows(body),
        headers: metaHeaders({ notes: [body.meta.note, ...body.meta.notes] }),
      };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/statistics/months`,
    auth: 'read',
    tag,
    cache: true,
    formats: ['json', 'csv', 'ndjson'],
    summary:
      'Published figures month by month: for each month, the figures whose period lies within it, or no source (never 0)',
    description:
      'The figures GET /statistics lists under the same filters, for each month from the month of `from` to the month of `to` (without them, the first to the last month of the listed periods; at most 1200 months): a figure of exactly the month first (`covers`: `month`), then shorter ones (`part`) and stocks (`as_of`); `answer` is the strongest a count gives, `month`, `part` or `as_of` (only stocks: how many people were there, not how many moved), else `share_or_rate` (only shares or rates such as a percentage or a daily average: listed, but no count of the month is published) or `no source` (unknown, never 0). Figures over longer periods are not split or prorated (`spanning` counts those holding the month); shorter figures of one measure and place are added up (`parts_sums`) only where their periods share no day. A figure compiled twice (the same metric, period, exact value, unit and places in two records) is one figure naming its other records in `also_recorded`, listed and added once. CSV and NDJSON give one row per figure, per sum (`covers`: `sum`) and per month without figures, as `faultline indicators --by month --format csv` does.',
    query: z.strictObject({
      country: text(
        'ISO3 country codes, comma-separated: figures of these countries as the geography or where people went',
        'PAK',
      ).optional(),
      metric: text('metric name as published', 'returns').optional(),
      organisation: text('figures whose organisation holds this text, in any case', 'UNHCR').optional(),
      origin: text(
        'where the people counted left from: an ISO3 code (PAK: returns from Pakistan alone), several (several countries together) or all (the default)',
        'PAK',
      ).optional(),
      from: text('the first month (2025, 2025-01 or a day of it)', '2025').optional(),
      to: text('the last month (2025, 2025-12 or a day of it)', '2025').optional(),
    }),
    async handle(_c, deps, q) {
      const body = await figuresByMonthQuery(deps.store, indicatorsRequest(q));
      return {
        body,
        rows: monthRows(body),
        columns: [...MONTH_COLUMNS],
        headers: metaHeaders({ notes: [body.meta.note, ...body.meta.notes] }),
      };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/places`,
    auth: 'read',
    tag,
    cache: true,
    formats: ['json', 'csv', 'ndjson'],
    summary:
      "Resolve a place name: gazetteer matches, then districts (Pakistan's 2023, Afghanistan's ADM2), then place names the loaded events use",
    query: z.strictObject({
      q: text('place name (at least 2 characters)', 'Peshawar'),
      country: text('ISO3 country codes, comma-separated').optional(),
      limit: int(1, 100, 'most places from each list (default 20)').optional(),
    }),
    async handle(_c, deps, q) {
      const { country } = placeQueryInput(q.q, q.country);
      const r = await placesQuery(deps.store, { q: q.q, country, limit: q.limit });
      // CSV and NDJSON carry rows only: a list cut at the limit says so in a header.
      return { body: r, rows: r.places, headers: r.note ? { 'x-faultline-notes': r.note } : undefined };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/geo/disagreements`,
    auth: 'read',
    tag,
    cache: true,
    formats: ['json', 'csv', 'ndjson'],
    summary:
      "Events placed otherwise than in the province their point and label share: point and label differ (disagree), the point lies just across the border from the source's country (border_snap), or in another country's province (other_country); `faultline geo disagreements` gives the same",
    query: z.strictObject({
      ...FILTER_PARAMS,
      method: text(
        'disagree, border_snap or other_country, comma-separated (default: all three)',
        'border_snap',
      ).optional(),
      limit: int(
        0,
        LIST_MAX_LIMIT,
        `at most this many events, the first by date (default ${LIST_DEFAULT_LIMIT}, at most ${LIST_MAX_LIMIT}; 0 gives the counts alone); a list cut says so in \`note\``,
      ).optional(),
    }),
    async handle(_c, deps, q) {
      const r = await placementDisagreements(deps.store, {
        filter: await filterOf(q, deps.store),
        methods: parseListedMethods(q.method),
        limit: q.limit,
      });
      // CSV and NDJSON carry rows only: the count and what the list leaves unsaid go in headers.
      return { body: r, rows: r.placements, headers: pageHeaders(r.total, r.note) };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/actors`,
    auth: 'read',
    tag,
    cache: true,
    formats: ['json', 'csv', 'ndjson'],
    summary:
      'The actor registry: canonical actors with their aliases and groups (what the actor filter accepts)',
    query: z.strictObject({}),
    async handle() {
      const body = actorRegistry();
      return { body, rows: body.actors };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/health`,
    auth: 'public',
    tag,
    cache: false,
    formats: ['json'],
    summary: 'Liveness and what is loaded',
    description:
      'Answers at once, never waiting for the store or the heavy-request queue: the counts are those last read (null until the first read, which this request starts). `build` names the build of faultline this server runs and the one installed now; `restart_needed` is true once faultline was rebuilt or upgraded since the server started (it keeps answering from its own build until restarted).',
    query: z.strictObject({}),
    async handle(_c, deps) {
      const coverage = lastCoverage(deps.store);
      const build = deps.build?.();
      return {
        body: {
          status: 'ok',
          engine: deps.store.engine,
          events: coverage ? coverage.reduce((n, c) => n + c.events, 0) : null,
          source_versions: coverage ? coverage.length : null,
          build: build
            ? { running: build.running, installed: build.installed, restart_needed: build.restartNeeded }
            : null,
        },
      };
    },
  }),
];
