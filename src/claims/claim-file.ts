/** Reads claim files (YAML or JSON) into validated specs, and prints the published JSON Schema. */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InvalidInputError } from '../domain/errors.ts';
import { ClaimFileSchema, type ClaimFile } from './claim-spec.ts';

/**
 * Parses and validates a claim file's text (JSON is YAML too). Throws one line quoting the first
 * problem: `invalid claim file essay.yaml: claims.2.comparator.kind: Invalid option: ...`.
 */
export function parseClaimFile(text: string, fileName: string): ClaimFile {
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: false });
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new InvalidInputError(`invalid claim file ${fileName}: ${msg}`);
  }
  const r = ClaimFileSchema.safeParse(raw, { reportInput: true });
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    const got =
      issue.input === undefined || (typeof issue.input === 'object' && issue.input !== null)
        ? ''
        : ` (got ${JSON.stringify(issue.input)})`;
    throw new InvalidInputError(`invalid claim file ${fileName}: ${where}${issue.message}${got}`);
  }
  const ids = new Set<string>();
  for (const c of r.data.claims) {
    if (ids.has(c.id))
      throw new InvalidInputError(`invalid claim file ${fileName}: duplicate claim id ${c.id}`);
    ids.add(c.id);
  }
  return r.data;
}

/** The JSON Schema of claim files (as written: fields with defaults are optional), as published in docs/claim-spec.schema.json. */
export function claimFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ClaimFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    $schema: schema.$schema,
    $id: 'https://github.com/faultline/faultline/docs/claim-spec.schema.json',
    title: 'faultline claim file',
    description:
      'Quantitative claims written precisely enough to check against event data and published statistics. See docs/claims.md.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}
