/** Write routes: importing an uploaded dataset file (analyst) and managing API keys (admin). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { invalidateMemo } from '../../app/analysis/memo.ts';
import { createApiKey, listApiKeys, revokeApiKey, ROLES } from '../../app/api-keys.ts';
import { importFile } from '../../app/import-dataset.ts';
import { FaultlineError, InvalidInputError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { FORMAT_IDS, type FormatId } from '../../ingest/source-format.ts';
import { parseValues } from '../params.ts';
import { API, route, type RouteDef } from '../route-table.ts';

const tag = 'admin';

const KeyRequest = z.strictObject({
  role: z
    .enum(ROLES as [string, ...string[]], { message: 'use viewer, analyst or admin' })
    .describe('role of the new key'),
  name: z
    .string()
    .max(100, { message: 'use at most 100 characters' })
    .optional()
    .describe('a note saying whose key this is'),
});

class PayloadTooLargeError extends FaultlineError {
  constructor(bytes: number, limit: number) {
    super('payload_too_large', `upload too large: ${bytes} bytes (limit ${limit})`);
  }
}

/** The upload's full_release and allow_removals fields, checked. */
function consentOptions(form: Record<string, unknown>): { fullRelease?: boolean; allowRemovals?: number } {
  const full = form.full_release;
  const allow = form.allow_removals;
  const out: { fullRelease?: boolean; allowRemovals?: number } = {};
  if (full !== undefined && full !== '') {
    if (full !== 'true' && full !== 'false')
      throw new InvalidInputError(`invalid full_release: ${quoteValue(String(full))} (use true or false)`);
    out.fullRelease = full === 'true';
  }
  if (allow !== undefined && allow !== '') {
    if (typeof allow !== 'string' || !/^\d{1,10}$/.test(allow))
      throw new InvalidInputError(`invalid allow_removals: ${quoteValue(String(allow))} (a count >= 0)`);
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
        'form fields: file (the dataset file), optional dataset_format, version, full_release (true/false) and allow_removals (a count); see docs/importing.md',
      schema: z.object({
        file: z.string().describe('the file (binary)'),
        dataset_format: z.string().optional(),
        version: z.string().optional(),
        full_release: z
          .enum(['true', 'false'])
          .optional()
          .describe('the file is (or is not) a full release: stored rows missing from it are removed'),
        allow_removals: z
          .string()
          .regex(/^\d{1,10}$/)
          .optional()
          .describe('stored events the import may remove beyond 5% of its source'),
      }),
    },
    responses: {
      201: 'imported: the ledger entry and the first rejected rows',
      200: 'the same bytes were imported before: nothing changed',
    },
    query: z.strictObject({}),
    async handle(c, deps) {
      const length = Number(c.req.header('content-length') ?? 0);
      if (length > deps.maxUploadBytes) throw new PayloadTooLargeError(length, deps.maxUploadBytes);
      const form = await c.req.parseBody().catch(() => {
        throw new InvalidInputError('invalid upload: send multipart/form-data with a file field');
      });
      const file = form.file;
      if (!(file instanceof File))
        throw new InvalidInputError('missing parameter: file (send multipart/form-data with a file field)');
      if (file.size > deps.maxUploadBytes) throw new PayloadTooLargeError(file.size, deps.maxUploadBytes);
      const fmt =
        typeof form.dataset_format === 'string' && form.dataset_format ? form.dataset_format : undefined;
      if (fmt && !(FORMAT_IDS as readonly string[]).includes(fmt))
        throw new InvalidInputError(`invalid dataset_format: ${fmt} (use ${FORMAT_IDS.join(', ')})`);
      const version = typeof form.version === 'string' && form.version ? form.version : undefined;
      const { fullRelease, allowRemovals } = consentOptions(form);
      const dir = mkdtempSync(join(tmpdir(), 'faultline-upload-'));
      try {
        const name = basename(file.name || 'upload.csv').replace(/[^\w.-]/g, '_');
        const path = join(dir, name);
        writeFileSync(path, Buffer.from(await file.arrayBuffer()));
        const r = await importFile(deps.store, path, {
          format: fmt as FormatId | undefined,
          version,
          ...(fullRelease !== undefined ? { fullRelease } : {}),
          ...(allowRemovals !== undefined ? { allowRemovals } : {}),
          place: deps.place,
        });
        invalidateMemo(deps.store);
        return {
          status: r.alreadyImported ? 200 : 201,
          body: {
            already_imported: r.alreadyImported,
            ledger: r.ledger,
            rejections: r.rejections.slice(0, 100),
          },
        };
      } finally {
        rmSync(dir, { recursive: true, force: true });
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
      return { body: { keys }, rows: keys };
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
      const body = await c.req.json().catch(() => {
        throw new InvalidInputError(
          'invalid body: send JSON such as {"role": "analyst", "name": "newsroom"}',
        );
      });
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
      return { body: { revoked: id } };
    },
  }),
];
