/**
 * Generates answer-schemas.json, the JSON Schemas of the API's JSON answers, from their TypeScript
 * types (answer-types.ts) with ts-json-schema-generator: `npm run schemas`. The server reads the
 * committed file; answer-schemas.test.ts regenerates it and fails when the two differ. A build
 * tool: nothing the server or the CLI runs imports it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import {
  AnnotatedType,
  AnyType,
  ArrayType,
  createFormatter,
  createParser,
  DEFAULT_CONFIG,
  DefinitionType,
  SchemaGenerator,
  type BaseType,
  type CompletedConfig,
  type NodeParser,
  type SubNodeParser,
} from 'ts-json-schema-generator';
import { z } from 'zod';
import { ClaimSpecSchema } from '../src/claims/claim-spec.ts';
import { FILTER_VOCABULARY } from '../src/domain/filter-vocabulary.ts';
import { ANSWER_SCHEMAS_FILE, answerSchemasText, repoPath } from '../src/api/answer-schema-inputs.ts';

type Json = Record<string, unknown>;

/** The file the generator reads. */
export const ANSWER_TYPES_FILE = fileURLToPath(new URL('../src/api/answer-types.ts', import.meta.url));
/** Where the schemas' references point: the OpenAPI document's components. */
export const SCHEMA_REF_PREFIX = '#/components/schemas/';

/**
 * Types the generator cannot read, filled in afterwards: EventDetail and WireFilter rename keys (a
 * mapped type with `as`, which the generator reads as having no keys), and ClaimSpec is zod's output
 * type (its schema comes from the zod schema itself, as the published claim-spec schema does).
 */
const FILLED_IN = new Map<string, string>([
  ['EventDetail', 'src/app/answers.ts'],
  ['WireFilter', 'src/domain/filter-vocabulary.ts'],
  ['ClaimSpec', 'src/claims/claim-spec.ts'],
]);

/**
 * Types whose name another answer type has too, by `file:name`, and the name their schema has: the
 * generator names schemas by type name and refuses two types of one name. The news reader's victim
 * classes (a desk draft's words) are not UCDP's (domain/query.ts).
 */
const RENAMED = new Map<string, string>([['src/ingest/news/news-draft.ts:VictimClass', 'NewsVictimClass']]);

/** A type alias's key in RENAMED. */
const renameKey = (node: ts.TypeAliasDeclaration) =>
  `${repoPath(node.getSourceFile().fileName)}:${node.name.text}`;

/** Reads a RENAMED type as the definition of its new name, its content and description as they are. */
function renamer(parser: () => NodeParser): SubNodeParser {
  return {
    supportsNode: (node) => ts.isTypeAliasDeclaration(node) && RENAMED.has(renameKey(node)),
    createType: (node, context): BaseType => {
      const alias = node as ts.TypeAliasDeclaration;
      const inner = parser().createType(alias.type, context);
      const doc = ts.getJSDocCommentsAndTags(alias).find(ts.isJSDoc)?.comment;
      return new DefinitionType(
        RENAMED.get(renameKey(alias))!,
        typeof doc === 'string' ? new AnnotatedType(inner, { description: doc }, false) : inner,
      );
    },
  };
}

// A generic's definition is named after its arguments; an array argument's name was its items' internal
// id (`DraftField<def-interface-1386418598-1034-...[]>`), which moves with every edit of the file
// declaring them. Its items' name, then `[]`, stays put: `DraftField<DraftActor[]>`.
ArrayType.prototype.getName = function (this: ArrayType) {
  return `${this.getItem().getName()}[]`;
};

/** WireFilter's value of each filter kind (filter-vocabulary.ts, WireValue): lists as arrays, flags as booleans. */
const WIRE_VALUE: Record<string, Json> = {
  list: { type: 'array', items: { type: 'string' } },
  boolean: { type: 'boolean' },
  number: { type: 'number' },
};

/** Reads a FILLED_IN type as a named definition with no content yet. */
const placeholders: SubNodeParser = {
  supportsNode: (node) =>
    ts.isTypeAliasDeclaration(node) &&
    FILLED_IN.get(node.name.text) !== undefined &&
    node.getSourceFile().fileName.endsWith(FILLED_IN.get(node.name.text)!),
  createType: (node): BaseType => {
    const name = (node as ts.TypeAliasDeclaration).name.text;
    // Annotated with the name: definitions are told apart by their content's id.
    return new DefinitionType(name, new AnnotatedType(new AnyType(), { $comment: name }, false));
  },
};

/** `admin1Code` -> `admin1_code`, as answers.ts's SnakeCase does. */
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Rewrites a draft-07 schema from the generator for OpenAPI 3.1 (JSON Schema 2020-12). */
function to2020(node: unknown, rename: (name: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => to2020(n, rename));
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/definitions/'))
      out.$ref = SCHEMA_REF_PREFIX + rename(v.slice('#/definitions/'.length));
    // A tuple: `items: [..]` in draft 07, `prefixItems` in 2020-12.
    else if (k === 'items' && Array.isArray(v)) out.prefixItems = to2020(v, rename);
    else if (k === 'additionalItems') out.items = to2020(v, rename);
    else if (k !== '$schema') out[k] = to2020(v, rename);
  }
  return out;
}

/** Records the source file of every node the generator reads (and reads none itself). */
function recorder(files: Set<string>): SubNodeParser {
  return {
    supportsNode: (node) => {
      // Nodes the checker makes up have no source file.
      const file = node.getSourceFile?.()?.fileName;
      if (file && !file.includes('/node_modules/')) files.add(repoPath(file));
      return false;
    },
    createType: () => {
      throw new Error('recorder parses nothing');
    },
  };
}

/** The files a module imports (relative imports, read from its syntax tree), and theirs, itself included. */
export function moduleClosure(roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const walk = (node: ts.Node): void => {
      const m =
        ts.isImportDeclaration(node) || ts.isExportDeclaration(node)
          ? node.moduleSpecifier
          : ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword
            ? node.arguments[0]
            : ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)
              ? node.argument.literal
              : undefined;
      if (m && ts.isStringLiteral(m) && m.text.startsWith('.')) visit(resolve(dirname(file), m.text));
      ts.forEachChild(node, walk);
    };
    walk(source);
  };
  for (const r of roots) visit(r);
  return seen;
}

/**
 * The files declaring every type the named exports of `file` refer to, and every type those refer
 * to, followed through the type checker's symbols: aliases and imports, `typeof f` (f's signature,
 * not its body), indexed access, mapped and generic types, `extends`. Whether or not the generator
 * read a declaration itself (it does not read `ReturnType<typeof f>`'s f), its file counts. Library
 * files are left out.
 */
export function typeDeclarationFiles(
  program: ts.Program,
  file: string,
  names: readonly string[],
): Set<string> {
  const checker = program.getTypeChecker();
  const files = new Set<string>();
  const seen = new Set<ts.Node>();
  /** A function's signature: what its type depends on (its body only through its declared return type). */
  const signature = (f: ts.SignatureDeclaration): (ts.Node | undefined)[] => [
    ...(f.typeParameters ?? []),
    ...f.parameters,
    f.type,
  ];
  const declaration = (d: ts.Node): void => {
    if (seen.has(d) || d.getSourceFile().fileName.includes('/node_modules/')) return;
    seen.add(d);
    files.add(d.getSourceFile().fileName);
    const init = ts.isVariableDeclaration(d) ? d.initializer : undefined;
    const parts =
      ts.isFunctionDeclaration(d) || ts.isMethodDeclaration(d) || ts.isMethodSignature(d)
        ? signature(d)
        : ts.isVariableDeclaration(d)
          ? [
              d.type ??
                (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) ? undefined : init),
              ...(init && !d.type && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))
                ? signature(init)
                : []),
            ]
          : [d];
    for (const p of parts) if (p) walk(p);
  };
  const walk = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) {
      let symbol = checker.getSymbolAtLocation(node);
      if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
      for (const d of symbol?.declarations ?? []) declaration(d);
    }
    ts.forEachChild(node, walk);
  };
  const source = program.getSourceFile(file);
  const module = source && checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`cannot read ${file}`);
  for (const name of names) {
    const symbol = checker.getExportsOfModule(module).find((s) => s.name === name);
    if (!symbol) throw new Error(`${file} exports no ${name}`);
    for (const d of symbol.declarations ?? []) declaration(d);
  }
  return files;
}

/** What the generator says where it could not read a type: a schema that allows anything. */
const NOT_INFERRED = 'Failed to correctly infer type';

/** Paths in the schemas where the generator could not read a type (`/Name/properties/x`). */
export function notInferred(node: unknown, at = ''): string[] {
  if (typeof node !== 'object' || node === null) return [];
  if ((node as Json).description === NOT_INFERRED) return [at || '/'];
  return Object.entries(node).flatMap(([k, v]) => notInferred(v, `${at}/${k}`));
}

/** The root types of answer-types.ts the schemas are made from. */
const ROOT_TYPES = ['ResponseAnswers', 'StoredEventFields'] as const;

/**
 * Generates the schemas, `{ schemaName: JSON Schema }` with references to `#/components/schemas/`,
 * and what they depend on (repository paths): the files declaring every type they reference (read
 * by the generator or reached through the checker), the FILLED_IN types' files, and every module this
 * script imports (the code that fills in schemas). A change to any of them makes the quick check run
 * the generator again.
 */
export function generateAnswerSchemas(): { schemas: Record<string, Json>; inputs: string[] } {
  const program = ts.createProgram([ANSWER_TYPES_FILE], {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    allowImportingTsExtensions: true,
    resolveJsonModule: true,
    noEmit: true,
    skipLibCheck: true,
    // Answer types use no DOM or Node types: leaving their declarations out halves the time.
    lib: ['lib.es2023.d.ts'],
    types: [],
  });
  const config: CompletedConfig = {
    ...DEFAULT_CONFIG,
    path: ANSWER_TYPES_FILE,
    skipTypeCheck: true,
    expose: 'export',
    jsDoc: 'basic',
    topRef: false,
    encodeRefs: false,
    additionalProperties: false,
  };
  // The script's own imports are the code that fills in schemas (the claim spec's zod schema, the
  // filter vocabulary); the FILLED_IN types' files are read for their declarations.
  const files = new Set([
    ...[...moduleClosure([fileURLToPath(import.meta.url)])].map(repoPath),
    ...[...typeDeclarationFiles(program, ANSWER_TYPES_FILE, ROOT_TYPES)].map(repoPath),
    ...FILLED_IN.values(),
  ]);
  // The renamer reads a renamed type's content with the whole parser, which exists once made.
  const parser: NodeParser = createParser(program, config, (chain) =>
    chain
      .addNodeParser(recorder(files))
      .addNodeParser(placeholders)
      .addNodeParser(renamer(() => parser)),
  );
  const generator = new SchemaGenerator(program, parser, createFormatter(config), config);
  const root = generator.createSchema(ROOT_TYPES[0]) as Json & {
    properties: Record<string, Json>;
    definitions: Record<string, Json>;
  };
  const stored = generator.createSchema(ROOT_TYPES[1]) as Json & { definitions: Record<string, Json> };
  const defs: Record<string, Json> = { ...stored.definitions, ...root.definitions };
  for (const [name, prop] of Object.entries(root.properties))
    if (prop.$ref !== `#/definitions/${name}`) defs[name] = prop;
  // StoredEventFields is an alias: the root refers to StoredEvent's definition.
  const event = defs.StoredEvent as { properties: Record<string, unknown>; required: string[] };
  defs.EventDetail = {
    type: 'object',
    description: 'One event in full, every stored field in snake_case, with the original source record.',
    properties: {
      ...Object.fromEntries(Object.entries(event.properties).map(([k, v]) => [snake(k), v])),
      original: {
        anyOf: [{ type: 'object', additionalProperties: { type: 'string' } }, { type: 'null' }],
        description: "The source's record, field by field (null when the archive keeps none).",
      },
      date_precision_note: {
        type: ['string', 'null'],
        description:
          'For a record dated to a month or a year whose span is not that whole month or year: its span beside the label, and where it counts; else null.',
      },
    },
    required: [...event.required.map(snake), 'original', 'date_precision_note'],
    additionalProperties: false,
  };
  delete defs.StoredEvent;
  defs.WireFilter = {
    type: 'object',
    description:
      'The filter an answer applied, under the wire keys: sent back as query parameters (lists comma-joined), it asks for the same answer.',
    properties: Object.fromEntries(
      FILTER_VOCABULARY.map((f) => [
        f.key,
        { ...(WIRE_VALUE[f.kind] ?? { type: 'string' }), description: f.description },
      ]),
    ),
    additionalProperties: false,
  };
  const claim = z.toJSONSchema(ClaimSpecSchema, { io: 'output', unrepresentable: 'any' }) as Json;
  delete claim.$schema;
  defs.ClaimSpec = { description: 'A claim spec as checked (docs/claim-spec.schema.json).', ...claim };
  // OpenAPI component names allow letters, digits, `.`, `-` and `_` only (`EventFeature<...>` does not pass).
  const rename = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, '_');
  const schemas = Object.fromEntries(
    Object.keys(defs)
      .sort()
      .map((name) => [rename(name), to2020(defs[name], rename) as Json]),
  );
  const holes = notInferred(schemas);
  if (holes.length)
    throw new Error(
      `the generator could not read these types (give them a declared type): ${holes.join(', ')}`,
    );
  return { schemas, inputs: [...files].sort() };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { schemas, inputs } = generateAnswerSchemas();
  // Formatted as the repository's other files are, so `npm run lint` passes on it.
  const { format, resolveConfig } = await import('prettier');
  const options = (await resolveConfig(ANSWER_SCHEMAS_FILE)) ?? {};
  writeFileSync(
    ANSWER_SCHEMAS_FILE,
    await format(answerSchemasText(schemas, inputs), { ...options, filepath: ANSWER_SCHEMAS_FILE }),
  );
  console.log(`wrote ${ANSWER_SCHEMAS_FILE}`);
}
