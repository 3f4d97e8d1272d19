import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import {
  changedSinceGenerated,
  committedAnswerSchemasText,
  SCHEMAS_COMMAND,
  type AnswerSchemasFile,
} from './answer-schema-inputs.ts';
import { RESPONSE_TYPES } from './response-types.ts';

const committed = (): AnswerSchemasFile => JSON.parse(committedAnswerSchemasText()) as AnswerSchemasFile;

/** Every `$ref` in a JSON value. */
function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) refs(n, out);
  else if (typeof node === 'object' && node !== null)
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  return out;
}

describe('answer-schemas.json', () => {
  it('is what the generator makes of the answer types today (else run npm run schemas)', async (t) => {
    const file = committed();
    const changed = changedSinceGenerated(file);
    // Nothing it was made from changed: the same generator gives the same schemas, no need to run it.
    if (changed.length === 0) return;
    // Something changed: generate again (seconds) and compare the schemas themselves.
    const { generateAnswerSchemas } = await import('../../scripts/answer-schemas.ts');
    const { schemas } = generateAnswerSchemas();
    assert.deepEqual(
      schemas,
      file.schemas,
      `src/api/answer-schemas.json is out of date (changed: ${changed.join(', ')}): run \`${SCHEMAS_COMMAND}\` and commit it`,
    );
    t.diagnostic(
      `inputs changed (${changed.join(', ')}) but not the schemas; ${SCHEMAS_COMMAND} refreshes the hashes`,
    );
  });

  it('the quick check notices an edited input, another tool version and edited schemas', () => {
    const file = committed();
    const [input] = Object.keys(file.inputs);
    assert.ok(input, 'no inputs recorded');
    const edited: AnswerSchemasFile = {
      ...file,
      inputs: { ...file.inputs, [input]: '0'.repeat(64) },
      tools: { ...file.tools, typescript: '0.0.0' },
      schemas: { ...file.schemas, Extra: { type: 'string' } },
    };
    // Inputs an uncommitted edit changed already are listed as well.
    const already = changedSinceGenerated(file);
    assert.deepEqual(
      changedSinceGenerated(edited).sort(),
      [...new Set([...already, input, 'schemas', `typescript ${file.tools.typescript}`])].sort(),
    );
  });

  it('has a schema for every name the route table uses, and every reference in it resolves', () => {
    const { schemas } = committed();
    for (const [route, t] of Object.entries(RESPONSE_TYPES))
      if ('schema' in t) assert.ok(schemas[t.schema], `${route}: no schema ${t.schema}`);
    const missing = refs(schemas).filter((r) => !schemas[r.replace('#/components/schemas/', '')]);
    assert.deepEqual([...new Set(missing)], []);
  });

  it("names no schema after the generator's internal ids, which move with every edit of a type's file", () => {
    // An array argument of a generic was named by its items' id: DraftField<def-interface-1386418598-...[]>.
    const { schemas } = committed();
    assert.deepEqual(
      Object.keys(schemas).filter((name) => /def-|\d{6,}/.test(name)),
      [],
    );
    assert.ok(schemas.DraftField_DraftActor___, 'DraftField<DraftActor[]> is named after its items');
  });
});

describe('what the quick check hashes', () => {
  it('the files of every type an answer references, read by the generator or reached only through the checker', async () => {
    const { moduleClosure, typeDeclarationFiles } = await import('../../scripts/answer-schemas.ts');
    const dir = mkdtempSync(join(tmpdir(), 'faultline-schema-inputs-'));
    try {
      const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
      // key.ts is reached only through the checker (the return type of a function in keys.ts), which the
      // generator does not read; unrelated.ts is imported for a value no answer type uses.
      write(
        'answers.ts',
        "import type { Listing } from './listing.ts';\nimport type { listKeys } from './keys.ts';\nimport { unused } from './unrelated.ts';\nexport const u = unused;\nexport interface ResponseAnswers {\n  L: Listing;\n  K: { keys: Awaited<ReturnType<typeof listKeys>> };\n}\n",
      );
      write(
        'listing.ts',
        "import type { Role } from './role.ts';\nexport interface Listing {\n  role: Role;\n}\n",
      );
      write('role.ts', "export type Role = 'a' | 'b';\n");
      write(
        'keys.ts',
        "import type { Key } from './key.ts';\nexport declare function listKeys(): Promise<Key[]>;\n",
      );
      write('key.ts', 'export interface Key {\n  id: string;\n}\n');
      write('unrelated.ts', 'export const unused = 1;\n');
      write('vocab.ts', "import { WORDS } from './words.ts';\nexport const VOCAB = WORDS;\n");
      write('words.ts', "export const WORDS = ['a'];\n");
      const answers = join(dir, 'answers.ts');
      const program = ts.createProgram([answers], {
        strict: true,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        allowImportingTsExtensions: true,
        noEmit: true,
        lib: ['lib.es2023.d.ts'],
        types: [],
      });
      const names = (files: Set<string>) => [...files].map((f) => basename(f)).sort();
      assert.deepEqual(names(typeDeclarationFiles(program, answers, ['ResponseAnswers'])), [
        'answers.ts',
        'key.ts',
        'keys.ts',
        'listing.ts',
        'role.ts',
      ]);
      // The code that fills in schemas at generation time (the claim spec's zod schema): what it imports counts.
      assert.deepEqual(names(moduleClosure([join(dir, 'vocab.ts')])), ['vocab.ts', 'words.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the committed file lists the files of every type it was made from, and the generator leaves no type unread', async () => {
    const { notInferred } = await import('../../scripts/answer-schemas.ts');
    const { inputs, schemas } = committed();
    // Files whose types the schemas show (DeskEvent, LedgerEntry, the news reader's drafts) and the script's imports.
    for (const f of [
      'src/domain/desk.ts',
      'src/storage/store.ts',
      'src/ingest/news/news-draft.ts',
      'src/api/answer-schema-inputs.ts',
      'src/claims/claim-spec.ts',
      'src/domain/filter-vocabulary.ts',
    ])
      assert.ok(inputs[f], `${f} is not an input`);
    assert.deepEqual(notInferred(schemas), []);
    // A type the generator could not read is a schema that allows anything: generation refuses it.
    assert.deepEqual(
      notInferred({ A: { properties: { x: { description: 'Failed to correctly infer type' } } } }),
      ['/A/properties/x'],
    );
  });
});
