/** Reads claim files (YAML or JSON) into validated specs, and prints the published JSON Schema. */
import { isMap, isScalar, isSeq, parse as parseYaml, parseDocument } from 'yaml';
import { z } from 'zod';
import { InvalidInputError } from '../domain/errors.ts';
import { holds, invisibleAt, invisibleChar, PROSE_FIELDS } from '../domain/invisible.ts';
import { printableMessage, quoteJsonValue, quoteValue } from '../domain/quote.ts';
import { parseSpecPeriod } from './claim-periods.ts';
import { ClaimFileSchema, type ClaimFile } from './claim-spec.ts';

/**
 * A refusal of a claim file, naming it quoted as every refusal quotes what it names:
 * `invalid claim file "essay.yaml": <detail>`; a file sent without a name (the API's request body)
 * is the only one, so it is not named: `invalid claim file: <detail>`.
 */
export function claimFileError(fileName: string | null, detail: string): InvalidInputError {
  return new InvalidInputError(
    `invalid claim file${fileName === null ? '' : ` ${quoteValue(fileName)}`}: ${detail}`,
  );
}

/**
 * Parses and validates a claim file's text (JSON is YAML too); `fileName` null for one sent without
 * a name. Throws one line quoting the first problem:
 * `invalid claim file "essay.yaml": claims.2.comparator.kind: use one of about, nearly, ...`.
 */
export function parseClaimFile(text: string, fileName: string | null): ClaimFile {
  checkNesting(text, fileName);
  let raw: unknown;
  try {
    // An alias expanding to more than 100 nodes is an error (a "billion laughs" file stays small).
    raw = parseYaml(text, { prettyErrors: false, maxAliasCount: 100 });
  } catch (e) {
    const msg = e instanceof Error ? e.message.split('\n')[0]! : String(e);
    // The parser's words say what is wrong, and its offset where: the line is quoted, which it was
    // not (`Map keys must be unique` named neither the key nor where it stood).
    const at = (e as { pos?: readonly [number, number] }).pos?.[0];
    throw claimFileError(fileName, printableMessage(at === undefined ? msg : `${msg} (${lineAt(text, at)})`));
  }
  checkVisibleClaims(text, fileName);
  const r = ClaimFileSchema.safeParse(raw, { reportInput: true });
  if (!r.success) throw claimFileError(fileName, issueText(r.error.issues[0]!));
  const ids = new Set<string>();
  for (const [i, c] of r.data.claims.entries()) {
    if (ids.has(c.id)) throw claimFileError(fileName, `duplicate claim id ${quoteValue(c.id)}`);
    ids.add(c.id);
    const same = sameAsPeriod(c);
    if (same)
      throw claimFileError(
        fileName,
        `claims.${i}.baseline: the claim's own period (${same.from} to ${same.to}): a change compares two different periods (leave baseline out for the period just before)`,
      );
  }
  return r.data;
}

/**
 * Refuses an invisible character (domain/invisible.ts: a BOM, a zero-width space, a bidi override)
 * in a field name or a value of a claim file that parsed, naming the field and its line and showing
 * the character: `invalid claim file "essay.yaml": claims.0.geography.country (line 5): "\u202ePAK"
 * (holds an invisible character, U+202E: give the value without it)`; one elsewhere (a comment)
 * by its line: `line 3: "  # \u202e..." (holds ...)`. A claim's `text` and `notes`
 * are prose, kept as written as the rule keeps prose (a quoted sentence in Urdu holds its marks);
 * a table shows their bidi controls as escapes. Before, a filter value holding one was read as
 * another value (`\ufeffPAK` matched no country) and a name turned the rest of a line around.
 */
function checkVisibleClaims(text: string, fileName: string | null): void {
  // Most files hold none, nor a YAML escape that could write one (`"\u202e"`, `"\xad"`): the
  // located walk below parses the text a second time.
  if (invisibleChar(text) === null && !/\\[xuU]/.test(text)) return;
  // Aliases are left unexpanded: the value they name is checked where its anchor stands.
  const doc = parseDocument(text, { prettyErrors: false });
  // The line a node starts on, as the file's lines are numbered (from 1).
  const at = (node: { range?: readonly number[] | null }) =>
    node.range ? ` (line ${text.slice(0, node.range[0]).split('\n').length})` : '';
  const refuse = (where: string, node: { range?: readonly number[] | null }, value: string, ch: string) =>
    claimFileError(fileName, `${where}${at(node)}: ${quoteValue(value)} (${holds(ch)})`);
  // Where prose stands in the text: its characters are kept there, and only there.
  const proseSpans: (readonly number[])[] = [];
  // A stack, not recursion, as domain/invisible.ts walks a JSON body; children pushed last first,
  // so the first problem in the file is the one named.
  const stack: [unknown, string, boolean][] = [[doc.contents, '', false]];
  while (stack.length) {
    const [node, path, prose] = stack.pop()!;
    if (isScalar(node)) {
      if (prose && node.range) proseSpans.push(node.range);
      const ch = typeof node.value === 'string' && !prose ? invisibleChar(node.value) : null;
      if (ch !== null) throw refuse(path || 'the file', node, node.value as string, ch);
    } else if (isSeq(node))
      node.items
        .map((item, i): [unknown, string, boolean] => [item, path ? `${path}.${i}` : String(i), prose])
        .reverse()
        .forEach((entry) => stack.push(entry));
    else if (isMap(node)) {
      const entries: [unknown, string, boolean][] = [];
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const ch = invisibleChar(key);
        if (ch !== null) throw refuse(`field name${path ? ` under ${path}` : ''}`, pair.key, key, ch);
        entries.push([pair.value, path ? `${path}.${key}` : key, prose || PROSE_FIELDS.has(key)]);
      }
      stack.push(...entries.reverse());
    }
  }
  // Outside every value (a comment, the space around): named by its line, which is shown. A byte
  // order mark opening the file is how some editors save it, and the parser skips it.
  for (const { ch, at: offset } of invisibleAt(text))
    if (offset > 0 || ch !== '\ufeff')
      if (!proseSpans.some(([from, to]) => offset >= from! && offset < to!))
        throw claimFileError(fileName, `${lineAt(text, offset)} (${holds(ch)})`);
}

/** The line of `text` holding offset `at`, numbered from 1 and quoted: `line 3: "    id: c2"`, or the end of the text. */
function lineAt(text: string, at: number): string {
  if (at >= text.trimEnd().length) return 'at the end of the file';
  const start = text.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
  const end = text.indexOf('\n', at);
  const line = text.slice(0, start).split('\n').length;
  return `line ${line}: ${quoteValue(text.slice(start, end < 0 ? undefined : end).replace(/\r$/, ''))}`;
}

/**
 * The period when a claim's baseline is the very days of its period (`baseline: "2021"` beside
 * `period: 2021-01-01..2021-12-31`), else null: such a change is 0 whatever the data, and the
 * `compare` command and route refuse the same pair. A period that does not parse is left to the
 * check, which names it.
 */
function sameAsPeriod(c: ClaimFile['claims'][number]): { from: string; to: string } | null {
  if (c.baseline === undefined) return null;
  try {
    const [p, b] = [parseSpecPeriod(c.period), parseSpecPeriod(c.baseline)];
    return p.to !== null && b.from === p.from && b.to === p.to ? { from: p.from, to: p.to } : null;
  } catch {
    return null;
  }
}

/** What a claim file's value of each JSON type is called in its refusals. */
const TYPE_WORDS: Record<string, string> = {
  array: 'a list',
  object: 'a mapping of fields (key: value)',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

/**
 * A schema issue in the words of the file: where (the field's path), what is missing or expected,
 * and the value found: `claims.0.geography: missing (give a mapping of fields (key: value))`,
 * `claims.0.comparator.value: expected a number, got "3000"`, `claims.0.comparator.kind: use one of
 * about, nearly, ... (got "nearlyy")`. Other issues keep the schema's own message (the refinements'
 * words are faultline's), with the value found.
 */
function issueText(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? `${issue.path.map(String).join('.')}: ` : '';
  const shown = (v: unknown) => (typeof v === 'object' && v !== null ? '' : quoteJsonValue(v));
  if (issue.code === 'invalid_type') {
    const infinite = typeof issue.input === 'number' && !Number.isFinite(issue.input);
    const want = infinite ? 'a finite number' : (TYPE_WORDS[issue.expected] ?? issue.expected);
    if (issue.input === undefined) return `${where}missing (give ${want})`;
    const got = shown(issue.input);
    return `${where}expected ${want}${got ? `, got ${got}` : `, got ${Array.isArray(issue.input) ? 'a list' : 'a mapping'}`}`;
  }
  if (issue.code === 'invalid_value' && issue.values.length > 1)
    return `${where}use one of ${issue.values.map(String).join(', ')}${issue.input === undefined ? '' : ` (got ${shown(issue.input) || 'a list or mapping'})`}`;
  const got = issue.input === undefined || shown(issue.input) === '' ? '' : ` (got ${shown(issue.input)})`;
  return `${where}${issue.message}${got}`;
}

/** Deepest nesting of brackets and indentation a claim file may have (real files stay under 10). */
export const MAX_CLAIM_NESTING = 64;

/**
 * Refuses text nested deeper than MAX_CLAIM_NESTING before the YAML parser sees it: the parser
 * recurses per level, and thousands of `[` take seconds and can abort the process. Brackets are
 * counted wherever they stand (a few inside quoted text do not come near the limit); indentation
 * counts one level per two spaces.
 */
export function checkNesting(text: string, fileName: string | null): void {
  let depth = 0;
  let line = 1;
  let indent = 0;
  let atLineStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) {
      line++;
      indent = 0;
      atLineStart = true;
      continue;
    }
    if (atLineStart && (ch === 32 || ch === 45)) {
      // Leading spaces and block-sequence dashes ("- - - x") each open a level.
      if (++indent > MAX_CLAIM_NESTING * 2) throw tooDeep(fileName, line);
      continue;
    }
    atLineStart = false;
    if (ch === 91 || ch === 123) {
      if (++depth > MAX_CLAIM_NESTING) throw tooDeep(fileName, line);
    } else if ((ch === 93 || ch === 125) && depth > 0) depth--;
  }
}

const tooDeep = (fileName: string | null, line: number) =>
  claimFileError(fileName, `nested more than ${MAX_CLAIM_NESTING} levels deep (line ${line})`);

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
