/**
 * The layer checker behind test/architecture.test.ts: reads every import the way the compiler does
 * (TypeScript's own parser, `ts.createSourceFile`: multi-line, `export ... from`, `import type`,
 * dynamic `import()`), and every string literal, and names each line that breaks a
 * rule of docs/architecture.md and STYLE.md.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/** Which layers each layer of src/ may import (docs/architecture.md). */
export const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  // util/ holds small helpers over Node's own modules (making directories) that every layer may use.
  util: [],
  domain: ['util'],
  // config quotes a refused setting with domain/quote.ts, as every refusal quotes its value.
  config: ['domain', 'util'],
  ingest: ['domain', 'util'],
  geo: ['domain', 'util'],
  analytics: ['domain', 'util'],
  report: ['domain', 'util'],
  storage: ['domain', 'util'],
  claims: ['domain', 'analytics', 'util'],
  app: ['domain', 'ingest', 'geo', 'analytics', 'report', 'storage', 'claims', 'config', 'util'],
  api: ['domain', 'app', 'storage', 'config', 'geo', 'analytics', 'report', 'claims', 'ingest', 'util'],
  // The CLI's `serve` and `start` compose the HTTP API, so the CLI may build it (never the reverse).
  cli: [
    'domain',
    'app',
    'storage',
    'config',
    'geo',
    'analytics',
    'report',
    'claims',
    'ingest',
    'api',
    'util',
  ],
};

/** Engine drivers may be imported only inside their adapter folder. */
export const DRIVERS: Readonly<Record<string, string>> = { '@duckdb/node-api': 'storage/duckdb/' };

/** The only modules that may pick an engine (import storage/index.ts). */
export const COMPOSITION_ROOTS: readonly string[] = ['api/server.ts', 'cli/main.ts'];

/** Where SQL strings may live. */
export const SQL_HOME = 'storage/duckdb/';

/** Modules only tests may import. */
const TEST_ONLY_PACKAGES = ['node:test', 'node:assert', 'node:assert/strict'];

// A string that starts like a SQL statement. Upper case only: prose ("select a file") is not SQL.
const SQL_START =
  /^\s*(SELECT\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|CREATE\s+(OR\s+REPLACE\s+)?(TEMP\s+)?(TABLE|VIEW|INDEX|SEQUENCE|MACRO)\s|ALTER\s+TABLE\s|DROP\s+(TABLE|VIEW|SEQUENCE)\s|COPY\s|WITH\s+\w+\s+AS\s*\(|PRAGMA\s|ATTACH\s|INSTALL\s|LOAD\s)/;

/** A test file: run by the test runner (`*.test.ts`) or a contract suite run by tests (`*.case.ts`). */
export const isTestFile = (path: string): boolean => /\.(test|case)\.ts$/.test(path);

/** Every .ts/.tsx file under a directory. */
export function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (f === 'node_modules' || f === 'dist') return [];
    return statSync(p).isDirectory() ? tsFiles(p) : /\.tsx?$/.test(f) && !/\.d\.ts$/.test(f) ? [p] : [];
  });
}

/** One import a file makes: what it names, the file it resolves to (relative ones), its 1-based line. */
export interface ImportRef {
  spec: string;
  target: string | null;
  line: number;
}

/** The module a node names when it imports one: declarations, `import()` calls and types, `require()`. */
function moduleNamed(node: ts.Node): ts.Expression | undefined {
  if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return node.moduleSpecifier;
  if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
    return node.moduleReference.expression;
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) return node.argument.literal;
  if (
    ts.isCallExpression(node) &&
    (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
      (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
  )
    return node.arguments[0];
  return undefined;
}

/**
 * Every import of a source text as the compiler reads it, dynamic ones included: a walk of the
 * syntax tree, so a member named `import` (`{ import: f }`, `x.import(...)`, `${o.import}`) or a
 * regular expression holding a quote is never taken for the start or end of one. (preProcessFile,
 * a token scanner, lost every import after `${o.import}` or /`/ and took `o?.import('x')` for one.)
 */
export function importsOf(file: string, text: string): ImportRef[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const refs: ImportRef[] = [];
  const visit = (node: ts.Node): void => {
    const m = moduleNamed(node);
    if (m && (ts.isStringLiteral(m) || ts.isNoSubstitutionTemplateLiteral(m)))
      refs.push({
        spec: m.text,
        target: m.text.startsWith('.') ? resolve(dirname(file), m.text) : null,
        line: source.getLineAndCharacterOfPosition(m.getStart(source)).line + 1,
      });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return refs;
}

/** Lines (1-based) of the string and template literals that begin like a SQL statement. */
export function sqlLines(file: string, text: string): number[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const lines: number[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node)) &&
      SQL_START.test(node.text)
    )
      lines.push(source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return lines;
}

/** Lines (1-based) of imports and re-exports of a module that bring in values, not only types. */
export function valueImportLines(file: string, text: string, spec: (s: string) => boolean): number[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const lines: number[] = [];
  for (const node of source.statements) {
    if (!ts.isImportDeclaration(node) && !ts.isExportDeclaration(node)) continue;
    const m = node.moduleSpecifier;
    if (!m || !ts.isStringLiteral(m) || !spec(m.text)) continue;
    const typeOnly = ts.isImportDeclaration(node) ? node.importClause?.isTypeOnly === true : node.isTypeOnly;
    if (!typeOnly) lines.push(source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1);
  }
  return lines;
}

/** Where to look: `src` is checked; `others` (test/, bench/, scripts/, web/) only count as importers. */
export interface LayerCheckInput {
  src: string;
  others: readonly string[];
  /** The dashboard's sources: they may import src/ for types only (at run time they talk HTTP). */
  web?: string;
}

/**
 * Every offence, as `path:line: what is wrong`:
 * - a layer imports a layer it may not (non-test files of src/);
 * - an engine driver is imported outside its adapter folder;
 * - storage/index.ts (the engine pick) is imported outside the composition roots, or an engine
 *   folder (storage/duckdb/) from outside storage/;
 * - a SQL string outside storage/duckdb/;
 * - a test helper in src/: a non-test file importing node:test, node:assert or test/, or one that
 *   only test files import.
 */
export function checkLayers({ src, others, web }: LayerCheckInput): string[] {
  const offences: string[] = [];
  const srcFiles = tsFiles(src);
  const importers = new Map<string, string[]>();
  const all = [...srcFiles, ...others.flatMap((d) => tsFiles(d))];
  for (const file of all)
    for (const ref of importsOf(file, readFileSync(file, 'utf8')))
      if (ref.target) importers.set(ref.target, [...(importers.get(ref.target) ?? []), file]);
  const testRoot = resolve(src, '..', 'test') + sep;

  for (const file of srcFiles) {
    if (isTestFile(file)) continue;
    const rel = relative(src, file).split(sep).join('/');
    const layer = rel.split('/')[0]!;
    const text = readFileSync(file, 'utf8');
    const at = (line: number, what: string) => offences.push(`src/${rel}:${line}: ${what}`);
    for (const { spec, target, line } of importsOf(file, text)) {
      if (TEST_ONLY_PACKAGES.includes(spec)) at(line, `test helper outside test/: imports ${spec}`);
      const home = DRIVERS[spec];
      if (home && !rel.startsWith(home)) at(line, `${spec} may only be imported in src/${home}`);
      if (!target) continue;
      if (target.startsWith(testRoot)) {
        at(line, `test helper outside test/: imports ${spec}`);
        continue;
      }
      const trel = relative(src, target).split(sep).join('/');
      if (trel.startsWith('..')) continue;
      const tlayer = trel.split('/')[0]!;
      if (tlayer !== layer && !(ALLOWED[layer] ?? []).includes(tlayer))
        at(line, `${layer} must not import ${tlayer} (${spec})`);
      if (trel === 'storage/index.ts' && !COMPOSITION_ROOTS.includes(rel))
        at(line, `only ${COMPOSITION_ROOTS.join(' and ')} may pick an engine (${spec})`);
      if (trel.startsWith(SQL_HOME) && !rel.startsWith('storage/'))
        at(line, `only src/storage/ may reach the engine folder (${spec})`);
    }
    if (!rel.startsWith(SQL_HOME))
      for (const line of sqlLines(file, text)) at(line, `SQL outside src/${SQL_HOME}`);
    const by = importers.get(file) ?? [];
    if (by.length && by.every((f) => isTestFile(f) || f.startsWith(testRoot)))
      at(1, `test helper outside test/: only tests import it (${relative(src, by[0]!)})`);
  }
  if (web)
    for (const file of tsFiles(web)) {
      const rel = relative(resolve(web, '..', '..'), file)
        .split(sep)
        .join('/');
      // The filter vocabulary and the border totals are plain code with no imports: the dashboard builds
      // its URL keys from the same table as the API and the CLI (issue 12), and adds border months as the
      // briefing does, and reads which link joined a record of an incident as the CLI does, so they
      // are the values it may import.
      const shared = [
        'filter-vocabulary.ts',
        'border-totals.ts',
        'statistic.ts',
        'duration-words.ts',
        'incident-links.ts',
      ].map((f) => join(src, 'domain', f));
      const intoSrc = (s: string) =>
        s.startsWith('.') &&
        resolve(dirname(file), s).startsWith(src + sep) &&
        !shared.includes(resolve(dirname(file), s));
      for (const line of valueImportLines(file, readFileSync(file, 'utf8'), intoSrc))
        offences.push(`${rel}:${line}: the dashboard may import src/ for types only (import type)`);
    }
  return offences;
}
