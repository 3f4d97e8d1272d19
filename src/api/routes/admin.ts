/** Write routes: importing an uploaded dataset file (analyst) and managing API keys (admin). */
import { z } from 'zod';
import { invalidateMemo } from '../../app/analysis/memo.ts';
import { createApiKey, KEY_COLUMNS, listApiKeys, revokeApiKey, ROLES } from '../../app/api-keys.ts';
import {
  importFile,
  parsedByFields,
  type ImportOptionNames,
  type ImportOptions,
} from '../../app/import-dataset.ts';
import {
  GDELT_FORMAT,
  importGdelt,
  looksLikeGdeltFile,
  refuseReleaseOptions,
} from '../../app/import-gdelt.ts';
import { ledgerRow } from '../../app/sources-view.ts';
import { listedRejections } from '../../app/listed-rejections.ts';
import { parseCountryList } from '../../ingest/gdelt/gdelt-schema.ts';
import { BOOLEAN_WORDS, choiceHint, matchChoice, parseBoolean } from '../../domain/choice.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { FORMAT_IDS, type FormatId } from '../../ingest/source-format.ts';
import type {
  DatasetImportAnswer,
  GdeltImportAnswer,
  KeyRevokedAnswer,
  KeysAnswer,
} from '../answer-types.ts';
import { jsonBody } from '../json-body.ts';
import { parseValues } from '../params.ts';
import { API, route, type RouteDef } from '../route-table.ts';
import { saveUpload } from '../upload.ts';

const tag = 'admin';

const KeyRequest = z.strictObject({
  role: z
    .enum(ROLES as [string, ...string[]], { message: 'use viewer, analyst, reviewer or admin' })
    .describe('role of the new key'),
  name: z
    .string()
    .max(100, { message: 'use at most 100 characters' })
    .optional()
    .describe('a note saying whose key this is'),
});

/** The dataset_format values an upload may name: every format but csv-mapped (its mapping file is not an upload field), and GDELT. */
const UPLOAD_FORMATS = [...FORMAT_IDS.filter((f) => f !== 'csv-mapped'), GDELT_FORMAT];

/** What the upload's full_release, allow_removals and allow_older fields ask of the import. */
type Consent = Pick<ImportOptions, 'fullRelease' | 'allowRemovals' | 'refuseOlderGed' | 'optionNames'>;

/** The import's options as this route's form fields name them, in the import's messages. */
const FORM_FIELD_NAMES: ImportOptionNames = {
  allowRemovals: 'allow_removals',
  allowRemovalsGiven: (n) => `allow_removals=${n}`,
  allowOlder: 'allow_older=true',
  inputFormat: 'dataset_format',
};

/** A true/false form field (true, false, yes, no, 1 or 0 in any case), checked; undefined when absent or empty. */
function booleanField(form: Record<string, string>, name: string): boolean | undefined {
  const v = form[name];
  if (v === undefined || v === '') return undefined;
  return parseBoolean(name, v);
}

/** The upload's full_release, allow_removals and allow_older fields, checked. */
function consentOptions(form: Record<string, string>): Consent {
  const full = booleanField(form, 'full_release');
  const allow = form.allow_removals;
  // As `faultline import`: an older final GED release than the stored one is refused unless allow_older.
  const out: Consent = {
    refuseOlderGed: booleanField(form, 'allow_older') !== true,
    optionNames: FORM_FIELD_NAMES,
  };
  if (full !== undefined) out.fullRelease = full;
  if (allow !== undefined && allow !== '') {
    if (typeof allow !== 'string' || !/^\d{1,10}$/.test(allow))
      throw new InvalidInputError(`invalid allow_removals: ${quoteValue(allow)} (a count >= 0)`);
    out.allowRemovals = Number(allow);
  }
  return out;
}

/** The write routes. */
export const adminRoutes: RouteDef[] = [
  route({
    method: 'POST',
    path: `${API}/imports`,
    auth: 'analyst',
    tag,
    cache: false,
    formats: ['json'],
    summary: 'Import an uploaded dataset file (one transaction; a repeat of the same bytes is a no-op)',
    body: {
      contentType: 'multipart/form-data',
      description:
        'form fields: file (the dataset file, or a GDELT event export, detected by its name or first record), optional dataset_format (gdelt for a GDELT file), version, full_release (true/false), allow_removals (a count), allow_older (true/false) and countries (GDELT only: ISO3 codes to keep, comma-separated); see docs/importing.md',
      schema: z.object({
        file: z.string().describe('the file (binary)'),
        dataset_format: z
          .string()
          .optional()
          .describe(
            'the format, when detection is not wanted: any of faultline import --input-format but csv-mapped (its column-mapping file is not an upload field), or gdelt',
          ),
        version: z.string().optional(),
        full_release: z
          .enum(BOOLEAN_WORDS)
          .optional()
          .describe('the file is (or is not) a full release: stored rows missing from it are removed'),
        allow_removals: z
          .string()
          .regex(/^\d{1,10}$/)
          .optional()
          .describe('stored events the import may remove beyond 5% of its source'),
        allow_older: z
          .enum(BOOLEAN_WORDS)
          .optional()
          .describe(
            'true imports a UCDP GED release older than the newest one stored (refused without it: the events the newer release withdrew would be added back)',
          ),
        countries: z
          .string()
          .optional()
          .describe(
            'GDELT files only: keep rows whose actors or action location are in these ISO3 countries (PAK,AFG,IND)',
          ),
      }),
    },
    responses: {
      201: 'imported: the ledger entry and the first rejected rows',
      200: 'the same bytes were imported before: nothing changed',
    },
    query: z.strictObject({}),
    async handle(c, deps) {
      const upload = await saveUpload(c.req.raw, deps.maxUploadBytes);
      try {
        const { dataset_format: asked, version, countries } = upload.fields;
        // In any case, as every fixed-choice value (`UCDP-GED` is `ucdp-ged`); quoted as sent when refused.
        const fmt = asked ? (matchChoice(asked, [...UPLOAD_FORMATS, 'csv-mapped']) ?? asked) : asked;
        if (fmt === 'csv-mapped')
          throw new InvalidInputError(
            `invalid dataset_format: ${quoteValue(asked)} (a mapped CSV is read through a column-mapping file, which this route does not take: import it with faultline import FILE --mapping MAPPING)`,
          );
        if (fmt && !(UPLOAD_FORMATS as readonly string[]).includes(fmt))
          throw new InvalidInputError(
            `invalid dataset_format: ${quoteValue(asked)} (${choiceHint(UPLOAD_FORMATS)})`,
          );
        const path = upload.path;
        const isGdelt = fmt ? fmt === GDELT_FORMAT : await looksLikeGdeltFile(path);
        if (countries && !isGdelt)
          throw new InvalidInputError(
            `countries applies to GDELT files only; ${quoteValue(upload.name)} is not one`,
          );
        if (isGdelt) {
          // As `faultline import`: the release fields a GDELT import would ignore are refused, by their field names.
          const f = upload.fields;
          refuseReleaseOptions(upload.name, {
            ...(booleanField(f, 'full_release') === true ? { fullRelease: 'full_release=true' } : {}),
            ...(f.allow_removals !== undefined && f.allow_removals !== ''
              ? { allowRemovals: 'allow_removals' }
              : {}),
            ...(booleanField(f, 'allow_older') === true ? { allowOlder: 'allow_older=true' } : {}),
          });
          const g = await importGdelt(deps.store, path, {
            ...(countries ? { countries: parseCountryList(countries) } : {}),
            ...(version ? { version } : {}),
          });
          invalidateMemo(deps.store);
          return {
            status: g.alreadyImported ? 200 : 201,
            body: {
              already_imported: g.alreadyImported,
              ledger: ledgerRow(g.ledger),
              ...listedRejections(g),
              unknown_fips: g.unknownFips,
            } satisfies GdeltImportAnswer,
          };
        }
        const r = await importFile(deps.store, path, {
          format: (fmt || undefined) as FormatId | undefined,
          version: version || undefined,
          ...consentOptions(upload.fields),
          place: deps.place,
        });
        invalidateMemo(deps.store);
        return {
          status: r.alreadyImported ? 200 : 201,
          body: {
            already_imported: r.alreadyImported,
            ledger: ledgerRow(r.ledger),
            ...listedRejections(r),
            ...parsedByFields(r),
            ...(r.alerts !== undefined ? { alerts: r.alerts } : {}),
          } satisfies DatasetImportAnswer,
        };
      } finally {
        upload.remove();
      }
    },
  }),
  route({
    method: 'GET',
    path: `${API}/keys`,
    auth: 'admin',
    tag,
    cache: false,
    formats: ['json', 'csv', 'ndjson'],
    summary: 'List API keys (ids, names, roles; never the keys or their hashes)',
    query: z.strictObject({}),
    async handle(_c, deps) {
      const keys = await listApiKeys(deps.store);
      return { body: { keys } satisfies KeysAnswer, rows: keys, columns: KEY_COLUMNS };
    },
  }),
  route({
    method: 'POST',
    path: `${API}/keys`,
    auth: 'admin',
    tag,
    cache: false,
    formats: ['json'],
    summary: 'Create an API key; the key is in this answer only',
    body: { contentType: 'application/json', description: 'role and optional name', schema: KeyRequest },
    responses: { 201: 'the new key (shown once)' },
    query: z.strictObject({}),
    async handle(c, deps) {
      const body = await jsonBody(c, '{"role": "analyst", "name": "newsroom"}');
      const req = parseValues(KeyRequest, body);
      const created = await createApiKey(deps.store, { role: req.role, name: req.name });
      return { status: 201, body: created };
    },
  }),
  route({
    method: 'DELETE',
    path: `${API}/keys/:id`,
    auth: 'admin',
    tag,
    cache: false,
    formats: ['json'],
    summary: 'Revoke an API key',
    pathParams: { id: 'the 12-character key id' },
    query: z.strictObject({}),
    async handle(c, deps) {
      const id = c.req.param('id')!;
      await revokeApiKey(deps.store, id);
      return { body: { revoked: id } satisfies KeyRevokedAnswer };
    },
  }),
];
