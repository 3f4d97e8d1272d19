/**
 * Reads a multipart upload as a stream: the file part goes straight to a file in a temporary
 * directory (never held in memory), fields and parts are counted and bounded, and the file name
 * is reduced to a short safe base name. Errors are typed: 400 for a malformed form, 413 over a limit.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import { PayloadTooLargeError } from '../app/errors.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { quoteValue } from '../domain/quote.ts';

/** An upload saved to disk: its path, the (safe) name, the text fields, and how to remove it. */
export interface SavedUpload {
  path: string;
  name: string;
  size: number;
  fields: Record<string, string>;
  remove(): void;
}

const MAX_NAME_CHARS = 100;
const FIELD_LIMITS = {
  fields: 10,
  fieldSize: 1024,
  fieldNameSize: 100,
  parts: 20,
  files: 1,
  headerPairs: 20,
};

/** A file name safe to create anywhere: its base name, unsafe characters as `_`, at most 100 characters (keeping the extension). */
export function safeUploadName(raw: string): string {
  const base =
    basename(raw.replaceAll('\\', '/'))
      .replace(/[^\w.-]/g, '_')
      .replace(/^\.+/, '') || 'upload.csv';
  if (base.length <= MAX_NAME_CHARS) return base;
  const ext = extname(base).slice(0, 20);
  return base.slice(0, MAX_NAME_CHARS - ext.length) + ext;
}

/** Saves the `file` part of a multipart/form-data request to a temporary directory, bounded by `maxFileBytes`. */
export async function saveUpload(req: Request, maxFileBytes: number): Promise<SavedUpload> {
  const contentType = req.headers.get('content-type') ?? '';
  const bad = () => new InvalidInputError('invalid upload: send multipart/form-data with a file field');
  if (!req.body || !/^multipart\/form-data/i.test(contentType)) throw bad();
  let bb: BusboyInstance;
  try {
    bb = Busboy({
      headers: { 'content-type': contentType },
      limits: { ...FIELD_LIMITS, fileSize: maxFileBytes },
    });
  } catch {
    throw bad();
  }
  const source = Readable.fromWeb(req.body as NodeReadableStream<Uint8Array>);
  const dir = mkdtempSync(join(tmpdir(), 'faultline-upload-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const fields: Record<string, string> = {};
  let saved: { path: string; name: string; size: number } | null = null;
  const writes: Promise<void>[] = [];
  let failure: Error | null = null;
  bb.on('field', (name, value, _nameTruncated, valueTruncated) => {
    if (valueTruncated)
      failure ??= new InvalidInputError(
        `invalid upload: field ${quoteValue(name)} over ${FIELD_LIMITS.fieldSize} bytes`,
      );
    else fields[name] = value;
  });
  bb.on('file', (field, stream, fileName) => {
    if (field !== 'file' || saved) {
      stream.resume();
      return;
    }
    const name = safeUploadName(fileName || 'upload.csv');
    const path = join(dir, name);
    const entry = { path, name, size: 0 };
    saved = entry;
    stream.on('data', (b: Buffer) => (entry.size += b.length));
    stream.on('limit', () => {
      failure ??= new PayloadTooLargeError('upload', maxFileBytes);
      // Stop reading the request at once: the answer is 413 whatever else the client sends.
      source.destroy(failure);
    });
    const write = pipeline(stream, createWriteStream(path));
    write.catch(() => {}); // awaited below; a failure here is reported through `failure` or the source
    writes.push(write);
  });
  for (const event of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const)
    bb.on(
      event,
      () =>
        (failure ??= new InvalidInputError(
          'invalid upload: too many parts (send one file and at most 10 fields)',
        )),
    );
  try {
    await pipeline(source, bb);
    await Promise.all(writes);
  } catch (e) {
    remove();
    if (failure) throw failure;
    if (e instanceof PayloadTooLargeError) throw e;
    throw new InvalidInputError(
      `invalid upload: ${e instanceof Error ? e.message.slice(0, 200) : 'unreadable'}`,
    );
  }
  if (failure) {
    remove();
    throw failure;
  }
  if (!saved) {
    remove();
    throw new InvalidInputError('missing parameter: file (send multipart/form-data with a file field)');
  }
  return { ...(saved as { path: string; name: string; size: number }), fields, remove };
}
