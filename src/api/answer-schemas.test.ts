import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
