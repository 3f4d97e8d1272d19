/**
 * The OpenAPI 3.1 document, generated from the route table: the same zod schemas that validate each
 * request describe its parameters (z.toJSONSchema), each route's auth decision becomes its security,
 * and its JSON answer refers to the schema generated from its answer type (response-types.ts,
 * answer-schemas.json).
 */
import { z } from 'zod';
import answerSchemas from './answer-schemas.json' with { type: 'json' };
import { RESPONSE_TYPES, responseKey, type Rendering, type ResponseType } from './response-types.ts';
import { API, type RouteDef } from './route-table.ts';

type Json = Record<string, unknown>;

const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', examples: ['invalid_input'] },
        message: {
          type: 'string',
          description: 'one line quoting the bad value',
          examples: ['invalid interval: "hourly" (use day, week, month, quarter or year)'],
        },
        fields: {
          type: 'array',
          items: { type: 'string' },
          description:
            'the JSON names of the fields a refusal is about, in order, when the check knows them (desk events: `lat`, `citations[0].url`)',
          examples: [['lat']],
        },
      },
    },
  },
};

const ERRORS: Record<number, string> = {
  400: 'bad parameter (one line naming it and quoting the value)',
  401: 'no key, or a key that is unknown or revoked',
  403: "the key's role may not use this route",
  404: 'no such route or object',
  413: 'the answer (or upload) is larger than the export limit (the message gives the count): narrow the query',
  415: 'the body was sent as a media type this route does not take (the message names the one received and those taken)',
  429: 'rate limit exceeded: see Retry-After',
  503: 'the query took longer than the time limit',
};

const header = (description: string, type = 'string') => ({ description, schema: { type } });

/** Headers of every answer of a route that needs a key or anonymous read (rate-limit.ts). */
const RATE_HEADERS: Json = {
  'X-RateLimit-Limit': header('requests a minute the key (or, without one, the address) may make', 'integer'),
  'X-RateLimit-Remaining': header('requests left in its bucket now', 'integer'),
};

/** Headers carrying an answer's meta beside CSV and NDJSON rows (render-answer.ts metaHeaders). */
const META_HEADERS: Json = {
  'X-Faultline-Sources': header(
    'CSV, NDJSON and event exports of an answer with meta: the source versions the rows come from, with their events (`none` when none); for published figures (statistics), the files they come from, with their figures',
  ),
  'X-Faultline-Licences': header(
    'CSV, NDJSON and event exports of an answer with meta that counts from some source: the licence of each source version (SPDX id, else its name, then `<url>` of its text), versions of one source under one licence together, joined by ` | `; `meta.sources` in the JSON has them with each credit',
  ),
  'X-Faultline-Coverage-Warning': header(
    'CSV, NDJSON and event exports: the spans of the period no loaded source covers, when there are any (nothing known there, not zero)',
  ),
  'X-Faultline-Notes': header(
    "CSV, NDJSON and event exports: the answer's notes (a list cut at its limit, events set apart), joined by ` | `, at most 4,000 characters",
  ),
};

/** Headers of a streamed event export (routes/events.ts). */
const EXPORT_HEADERS: Json = {
  'X-Faultline-Total': header(
    'exports: the matching events (`unknown` when none matches and no loaded source covers the filter)',
  ),
  'X-Faultline-Rows': header('exports: the rows in this export (limit and cursor applied)', 'integer'),
};

/** The headers of a route's success answer. */
function successHeaders(r: RouteDef): Json {
  return {
    ETag: header(
      r.streams?.length
        ? 'strong ETag of the body (not on streamed exports); If-None-Match with it answers 304'
        : 'strong ETag of the body; If-None-Match with it answers 304',
    ),
    ...(r.auth === 'public' ? {} : RATE_HEADERS),
    ...(r.formats.some((f) => f === 'csv' || f === 'ndjson') ? META_HEADERS : {}),
    ...(r.streams?.length ? EXPORT_HEADERS : {}),
  };
}

const RETRY_AFTER = { 'Retry-After': header('seconds to wait before trying again', 'integer') };

const MEDIA: Record<string, string> = {
  json: 'application/json',
  csv: 'text/csv',
  ndjson: 'application/x-ndjson',
  geojson: 'application/geo+json',
  parquet: 'application/vnd.apache.parquet',
  views: 'text/csv',
};

/** The texts of a fixed-choice schema (an enum, or an enum among anyOf, as a nullable one is), or null. */
function choicesOf(s: Json): string[] | null {
  if (Array.isArray(s.enum) && s.enum.length && s.enum.every((v) => typeof v === 'string'))
    return s.enum as string[];
  if (Array.isArray(s.anyOf))
    for (const member of s.anyOf as Json[]) {
      const found = choicesOf(member);
      if (found) return found;
    }
  return null;
}

/**
 * What the description of a fixed-choice parameter or field says about case, with its own first
 * value as the example: `Matched in any ASCII case (\`Month\` is \`month\`); ...`.
 */
export function choiceCaseNote(values: readonly string[]): string {
  const first = values[0]!;
  const other = first.replace(/[a-z]/, (c) => c.toUpperCase());
  const example = other === first ? '' : ` (\`${other}\` is \`${first}\`)`;
  return `Matched in any ASCII case${example}; an answer that echoes it uses the form listed here.`;
}

/**
 * Adds choiceCaseNote to the description of a fixed-choice schema and of each such field of an
 * object (nested objects too), as the request parser folds them (params.ts canonicalChoices); the
 * enum keeps the listed values, the ones answers use. Array items are not folded, so not noted.
 */
function noteChoiceCase(s: Json): void {
  const values = choicesOf(s);
  if (values) {
    const said = String(s.description ?? '').replace(/\.$/, '');
    s.description = said ? `${said}. ${choiceCaseNote(values)}` : choiceCaseNote(values);
  }
  if (s.properties && typeof s.properties === 'object')
    for (const p of Object.values(s.properties as Record<string, Json>)) noteChoiceCase(p);
}

/** The JSON Schema of one zod field (input side, as it arrives in the query string). */
function schemaOf(field: z.ZodType): Json {
  const s = z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }) as Json;
  delete s.$schema;
  noteChoiceCase(s);
  // A number sent as text (params.ts int, num) is shown as the number it is, with its bounds: the
  // digits-only pattern it is checked with would say nothing to a client of an integer.
  if (s.type === 'integer' || s.type === 'number') delete s.pattern;
  return s;
}

/** The content of a route's success answers: each format's media type, JSON with its answer's schema. */
function successContent(r: RouteDef, answer: ResponseType | undefined): Json {
  if (answer && 'media' in answer && answer.media) return { [answer.media]: { schema: { type: 'string' } } };
  return Object.fromEntries([
    ...r.formats.map((f) => [
      MEDIA[f],
      {
        schema:
          f === 'json' && answer && 'schema' in answer
            ? { $ref: `#/components/schemas/${answer.schema}` }
            : f === 'csv' || f === 'views'
              ? { type: 'string' }
              : f === 'parquet'
                ? { type: 'string', format: 'binary' }
                : { type: 'object' },
      },
    ]),
    ...renderingsOf(answer).map((x) => [x.media, { schema: { type: 'string' } }]),
  ]);
}

/** The renderings of a route's answer (response-types.ts). */
const renderingsOf = (answer: ResponseType | undefined): readonly Rendering[] =>
  (answer && 'rendered' in answer && answer.rendered) || [];

/** `render=html: text/html, the briefing as ...`: how to ask for each rendering and what it is. */
const renderingNote = (rs: readonly Rendering[]) =>
  rs.map((x) => `${x.param}=${x.value}: ${x.media}, ${x.what}.`).join(' ');

/** What a success answer's description adds about its schema, or about having none. */
function answerNote(r: RouteDef, answer: ResponseType | undefined): string {
  const others = r.formats.filter((f) => f !== 'json').map((f) => MEDIA[f]);
  const rest = others.length
    ? ` ${[...new Set(others)].join(', ')}: no JSON schema (rows or a file, not the JSON answer).`
    : '';
  if (!answer) return `No schema for this answer.${rest}`;
  if ('schema' in answer) {
    const rendered = renderingsOf(answer);
    return `JSON: schema ${answer.schema}.${rest}${rendered.length ? ` ${renderingNote(rendered)}` : ''}`;
  }
  return `No schema: ${answer.none}.${answer.media ? '' : rest}`;
}

/** Converts a Hono path (`/events/:id`) to an OpenAPI path (`/events/{id}`). */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

/** Builds the document for the API routes of the table. */
export function openApiDocument(routes: readonly RouteDef[], version = '0.1.0'): Json {
  const paths: Record<string, Json> = {};
  for (const r of routes) {
    if (!r.path.startsWith(API)) continue;
    const parameters: Json[] = [];
    for (const [name, description] of Object.entries(r.pathParams ?? {}))
      parameters.push({ name, in: 'path', required: true, description, schema: { type: 'string' } });
    for (const [name, field] of Object.entries(r.query.shape as Record<string, z.ZodType>)) {
      const schema = schemaOf(field);
      const asks = renderingsOf(RESPONSE_TYPES[responseKey(r)]).filter((x) => x.param === name);
      const description = asks.length
        ? `${String(schema.description ?? '')} (${renderingNote(asks)})`
        : schema.description;
      delete schema.description;
      parameters.push({
        name,
        in: 'query',
        required: !field.safeParse(undefined).success,
        description,
        schema,
      });
    }
    const answer = RESPONSE_TYPES[responseKey(r)];
    const ok = successContent(r, answer);
    const note = answerNote(r, answer);
    const responses: Json = {};
    for (const [status, description] of Object.entries(r.responses ?? { 200: r.summary }))
      responses[status] =
        Number(status) >= 400
          ? {
              description,
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            }
          : {
              description: note ? `${description}. ${note}` : description,
              headers: successHeaders(r),
              content: ok,
            };
    for (const [status, description] of Object.entries(ERRORS)) {
      if ((status === '401' || status === '403') && r.auth === 'public') continue;
      if (status === '415' && !r.body) continue;
      responses[status] = {
        description,
        ...(status === '429' || status === '503' ? { headers: RETRY_AFTER } : {}),
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    const security =
      r.auth === 'public'
        ? []
        : r.auth === 'read'
          ? [{}, { bearerKey: [] }, { headerKey: [] }]
          : [{ bearerKey: [] }, { headerKey: [] }];
    const op: Json = {
      operationId: `${r.method.toLowerCase()}${openApiPath(r.path.slice(API.length))
        .replace(/[{}]/g, '')
        .replace(/\/(\w)/g, (_, c: string) => c.toUpperCase())}`,
      tags: [r.tag],
      summary: r.summary,
      description: r.description,
      parameters,
      responses,
      security,
      'x-faultline-auth': r.auth,
    };
    if (r.body)
      op.requestBody = {
        required: true,
        description: r.body.description,
        // Every type the route takes (content-type.ts), each with the body's schema.
        content: Object.fromEntries(
          (r.body.accepts ?? [r.body.contentType]).map((t) => [t, { schema: schemaOf(r.body!.schema) }]),
        ),
      };
    (paths[openApiPath(r.path)] ??= {})[r.method.toLowerCase()] = op;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'faultline API',
      version,
      description:
        'An open conflict observatory: events, dense series, rate comparisons, change points, surge signals, conflict index and actor networks, each answer saying what it counts, from which source version, and what the loaded data cover. Read routes: any key, or none when anonymous read is on. Write routes: analyst, reviewer or admin keys (desk review: docs/desk.md).',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA, ...(answerSchemas.schemas as Record<string, Json>) },
      securitySchemes: {
        bearerKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'Authorization: Bearer <key> (keys from `faultline keys create`)',
        },
        headerKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
    },
  };
}
