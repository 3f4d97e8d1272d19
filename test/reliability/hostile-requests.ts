/**
 * Generates malformed and hostile HTTP requests over every route of the route table: every query
 * parameter with injection strings, huge, nested and badly encoded values; every path parameter;
 * bodies and uploads; path traversal; bad credentials. Used by the reliability test (a few
 * thousand requests) and the reliability bench (more rounds).
 */
import type { RouteDef } from '../../src/api/route-table.ts';

/** One request to send, with what its route requires of the caller. */
export interface HostileRequest {
  label: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: BodyInit;
  /** The least role that may succeed; a 2xx for a caller below it is an unauthorised success. */
  needs: 'public' | 'read' | 'analyst' | 'reviewer' | 'admin';
  /** The role the request presents. */
  as: 'anonymous' | 'viewer' | 'analyst' | 'admin' | 'forged';
}

/** Values that have broken parsers, queries and renderers somewhere. */
export const HOSTILE_VALUES: readonly string[] = [
  '',
  ' ',
  "'",
  '"',
  "'; DROP TABLE events; --",
  "' OR '1'='1",
  '1 OR 1=1',
  '1; SELECT * FROM api_keys',
  "admin'--",
  ') UNION SELECT sha256 FROM api_keys --',
  '%',
  '%25',
  '%ZZ',
  '%00',
  '\u0000',
  '\u0000\u0001\u0002\u001b[31m',
  '\uFFFD\uFFFE\uFFFF',
  '\uD800',
  '\u202Eevil',
  '𝕱𝖆𝖚𝖑𝖙 🔥',
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '....//....//etc/passwd',
  'C:\\Windows\\win.ini',
  'file:///etc/passwd',
  'http://169.254.169.254/latest/meta-data/',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '=HYPERLINK("http://x")',
  '${7*7}',
  '{{7*7}}',
  '%s%s%s%n',
  '\r\nSet-Cookie: x=1',
  '-1',
  '0',
  '-0',
  '1e309',
  '-1e309',
  '1e-400',
  'NaN',
  'Infinity',
  '0x7fffffff',
  '2147483648',
  '9223372036854775808',
  '99999999999999999999999999',
  '1.5',
  '1,2',
  'true',
  'null',
  'undefined',
  '[]',
  '{}',
  '{"$gt":""}',
  '__proto__',
  'constructor',
  '2021-02-30',
  '2021-13-01',
  '2021-00-10',
  '0000-01-01',
  '1000-01-01',
  '9999-12-31',
  '10000-01-01',
  '2021-W54',
  '2021-Q5',
  '2021..2020',
  '2021-01-01..',
  ',,,,',
  'PAK,'.repeat(200),
  'A'.repeat(999),
  'A'.repeat(1001),
  'x'.repeat(5000),
  '['.repeat(500),
  '\t\n\r',
];

const B64 = (s: string) => Buffer.from(s).toString('base64url');

/** Values for path parameters (ids, example names). */
export const HOSTILE_IDS: readonly string[] = [
  ...HOSTILE_VALUES.filter((v) => v !== ''),
  'ucdp-ged:0',
  'ucdp-ged:-1',
  'ucdp-ged:999999999999999999999',
  'acled:1',
  ':',
  'ucdp-ged:',
  B64('{"o":1e300}'),
];

/** Claim-file bodies: nested, huge, binary, aliased, wrong shapes. */
export function hostileClaimBodies(): BodyInit[] {
  const valid =
    'claims:\n  - id: c1\n    text: t\n    metric: deaths\n    geography: { country: PAK }\n    period: "2021"\n    comparator: { kind: at_least, value: 1 }\n';
  const aliases = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++)
    aliases.push(
      `l${i}: &l${i} [${Array(10)
        .fill(i === 1 ? '*a' : `*l${i - 1}`)
        .join(', ')}]`,
    );
  const bodies: BodyInit[] = [
    '',
    ' ',
    '\u0000',
    '['.repeat(10_000),
    '{'.repeat(10_000),
    '- '.repeat(5000),
    Array.from({ length: 400 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n'),
    aliases.join('\n'),
    '!!binary AAAA',
    '!!js/function "function(){}"',
    'claims: !!python/object/apply:os.system ["id"]',
    '%YAML 9.9\n---\nclaims: []',
    'claims: []',
    'claims: null',
    'claims: [1, 2, 3]',
    '{"claims": [{"id": "x"}]}',
    '{"__proto__": {"admin": true}, "claims": []}',
    valid.replace('PAK', "PAK' OR 1=1 --"),
    valid.replace('"2021"', '"2021-02-30"'),
    valid.replace('"2021"', '"1000..9999"'),
    valid.replace('value: 1', 'value: 1e309'),
    valid.replace('value: 1', 'value: -1'),
    valid.replace('c1', '<script>alert(1)</script>'),
    valid.replace('c1', 'x'.repeat(10_000)),
    valid + valid.replace('claims:\n', ''),
    new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 131) % 256)),
    new Uint8Array([0xff, 0xfe, 0x00, 0x00, 0xc3, 0x28, 0xa0, 0xa1]),
    'x'.repeat(300 * 1024),
    valid.repeat(2000).slice(0, 250 * 1024),
  ];
  return bodies;
}

/** Key-creation bodies. */
export const HOSTILE_KEY_BODIES: readonly string[] = [
  '',
  'null',
  '[]',
  '"admin"',
  '{}',
  '{"role": "root"}',
  '{"role": "admin", "extra": 1}',
  '{"role": ["admin"]}',
  '{"role": "viewer", "name": 5}',
  `{"role": "viewer", "name": "${'n'.repeat(101)}"}`,
  '{"__proto__": {"role": "admin"}}',
  '{"constructor": {"prototype": {"role": "admin"}}}',
  '['.repeat(100_000),
  // Valid JSON nested past JSON.stringify's stack: it parses, and a refusal that wrote it back was a 500.
  '['.repeat(100_000) + ']'.repeat(100_000),
  '{"role":'.repeat(10_000) + '1' + '}'.repeat(10_000),
  '{"role": "viewer"',
  '{"role": "viewer\u0000"}',
  '{"role": "\\ud800"}',
];

/** JSON bodies for every route that takes a JSON object (rules, desk events): fields nested deep or long. */
export const HOSTILE_JSON_FIELD_BODIES: readonly string[] = [
  `{"kind": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
  `{"name": ${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`,
  JSON.stringify({ kind: Array(5000).fill(1), name: Array(5000).fill('x') }),
  JSON.stringify({ headline: { $gt: '' }, notes: ['\u202e', null, true] }),
];

/** Multipart uploads: missing, doubled or hostile files and fields. */
export function hostileUploads(): { body: BodyInit; headers: Record<string, string> }[] {
  const form = (build: (f: FormData) => void) => {
    const f = new FormData();
    build(f);
    return { body: f as BodyInit, headers: {} };
  };
  const csv = 'id,year\n1,2021\n';
  const out = [
    form(() => {}),
    form((f) => f.set('file', 'not a file')),
    form((f) => f.set('file', new Blob([csv]), `${'n'.repeat(300)}.csv`)),
    form((f) => f.set('file', new Blob([csv]), '../../../../tmp/pwned.csv')),
    form((f) => f.set('file', new Blob([csv]), '..\\..\\pwned.csv')),
    form((f) => f.set('file', new Blob([csv]), '\u0000.csv')),
    form((f) => f.set('file', new Blob([csv]), '<script>.csv')),
    form((f) => f.set('file', new Blob([new Uint8Array([0, 1, 2, 255, 254])]), 'binary.csv')),
    form((f) => f.set('file', new Blob(['']), 'empty.csv')),
    form((f) => {
      f.set('file', new Blob([csv]), 'a.csv');
      f.set('dataset_format', '../../<script>');
    }),
    form((f) => {
      f.set('file', new Blob([csv]), 'a.csv');
      f.set('version', '../../<script>');
    }),
    form((f) => {
      f.set('file', new Blob([csv]), 'a.csv');
      f.set('dataset_format', 'x'.repeat(5000));
    }),
    form((f) => {
      f.append('file', new Blob([csv]), 'a.csv');
      f.append('file', new Blob([csv]), 'b.csv');
    }),
    form((f) => {
      for (let i = 0; i < 40; i++) f.append(`f${i}`, 'x');
    }),
    { body: 'file=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    { body: csv, headers: { 'content-type': 'text/csv' } },
    { body: '--x\r\n\r\n', headers: { 'content-type': 'multipart/form-data; boundary=x' } },
    { body: 'garbage', headers: { 'content-type': 'multipart/form-data' } },
    { body: 'garbage', headers: { 'content-type': `multipart/form-data; boundary=${'b'.repeat(500)}` } },
  ];
  return out;
}

/** Credentials that must never pass. */
export const FORGED_CREDENTIALS: readonly Record<string, string>[] = [
  { authorization: 'Bearer ' },
  { authorization: 'Bearer x' },
  { authorization: 'Bearer fl_' + 'a'.repeat(40) },
  { authorization: 'Bearer ' + 'A'.repeat(8000) },
  { authorization: 'Basic YWRtaW46YWRtaW4=' },
  { authorization: "Bearer ' OR 1=1 --" },
  { authorization: 'bearer\tnull' },
  { 'x-api-key': 'null' },
  { 'x-api-key': "' OR '1'='1" },
  { 'x-api-key': '%00' },
  { 'x-api-key': 'undefined', authorization: 'Bearer undefined' },
];

/** A cheap, valid base query for each route (empty periods), so hostile values meet real handlers quickly. */
export function baseQuery(path: string): Record<string, string> {
  if (path.endsWith('/briefing')) return { period: '1990' };
  if (path.endsWith('/compare')) return { period1: '1990', period2: '1991' };
  if (path.endsWith('/forecast')) return { level: 'country', country: 'XXX' };
  if (/\/(series|changepoints|signals|index|network|deadliest|events)$/.test(path))
    return { from: '1990', to: '1990' };
  return {};
}

/** Percent-encodes a value; a lone surrogate becomes the bytes of its WTF-8 form (invalid UTF-8 on the wire). */
function enc(v: string): string {
  return v
    .split(/([\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff])/)
    .map((part) =>
      /^[\ud800-\udfff]$/.test(part)
        ? Array.from(
            Buffer.from([
              0xe0 | (part.charCodeAt(0) >> 12),
              0x80 | ((part.charCodeAt(0) >> 6) & 63),
              0x80 | (part.charCodeAt(0) & 63),
            ]),
          )
            .map((b) => `%${b.toString(16).toUpperCase()}`)
            .join('')
        : encodeURIComponent(part),
    )
    .join('');
}

function url(path: string, query: Record<string, string>): string {
  const qs = Object.entries(query)
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&');
  return qs ? `${path}?${qs}` : path;
}

/** Every hostile request over `routes`, with keys for the roles (`viewer`, `analyst`, `admin`). */
export function* hostileRequests(
  routes: readonly RouteDef[],
  keys: { viewer: string; analyst: string; admin: string },
): Generator<HostileRequest> {
  const bearer = (k: string) => ({ authorization: `Bearer ${k}` });
  for (const r of routes) {
    const needs = r.auth;
    // Reviewer routes are sent with the admin key (the next role up), and refused to an analyst.
    const own =
      needs === 'admin' || needs === 'reviewer'
        ? keys.admin
        : needs === 'analyst'
          ? keys.analyst
          : keys.viewer;
    const concrete = r.path
      .replace(':id', 'ucdp-ged:1')
      .replace(':name', 'ttp-essay')
      .replace('/*', '/index.html');
    const base = baseQuery(r.path);
    const as =
      needs === 'admin' || needs === 'reviewer' ? 'admin' : needs === 'analyst' ? 'analyst' : 'viewer';
    const send = (label: string, path: string, extra: Partial<HostileRequest> = {}): HostileRequest => ({
      label,
      method: r.method,
      path,
      headers: bearer(own),
      needs,
      as,
      ...extra,
    });
    // Every parameter with every hostile value (writes skipped here: their bodies come below).
    const params = [...Object.keys(r.query.shape), 'unknown_param', 'format'];
    if (r.method === 'GET')
      for (const p of params)
        for (const v of HOSTILE_VALUES)
          yield send(`${r.method} ${r.path} ${p}`, url(concrete, { ...base, [p]: v }));
    // Repeated and raw-encoded parameters.
    yield send(`${r.path} repeated`, `${concrete}?format=json&format=csv`);
    yield send(`${r.path} raw %`, `${concrete}?from=%ZZ&to=%E0%A4%A&country=%C0%AF`);
    yield send(`${r.path} raw bytes`, `${concrete}?x=${'%FF'.repeat(300)}`);
    // Path parameters.
    if (r.path.includes(':'))
      for (const v of HOSTILE_IDS) {
        const path = r.path.replace(/:(id|name)/, enc(v).replace(/%2F/gi, '/'));
        yield send(`${r.method} ${r.path} path`, path);
        yield send(`${r.method} ${r.path} path enc`, r.path.replace(/:(id|name)/, enc(v)));
      }
    // Accept headers and formats.
    for (const accept of ['text/csv', 'application/geo+json', '*/*;q=0', 'x'.repeat(5000), '\u00ff'])
      yield send(`${r.path} accept`, url(concrete, base), { headers: { ...bearer(own), accept } });
    // Credentials below the route's role, and forged ones.
    if (needs !== 'public') {
      for (const h of FORGED_CREDENTIALS)
        yield send(`${r.path} forged`, url(concrete, base), { headers: h, as: 'forged' });
      yield send(`${r.path} anonymous`, url(concrete, base), { headers: {}, as: 'anonymous' });
      if (needs === 'analyst' || needs === 'reviewer' || needs === 'admin')
        yield send(`${r.path} viewer`, url(concrete, base), { headers: bearer(keys.viewer), as: 'viewer' });
      if (needs === 'admin' || needs === 'reviewer')
        yield send(`${r.path} analyst`, url(concrete, base), {
          headers: bearer(keys.analyst),
          as: 'analyst',
        });
    }
    // Bodies.
    if (r.path.endsWith('/claims/check'))
      for (const body of hostileClaimBodies())
        for (const ct of ['application/yaml', 'application/json', 'text/plain; charset=utf-16'])
          yield send('claims body', concrete, { body, headers: { 'content-type': ct } });
    if (r.method === 'POST' && r.path.endsWith('/keys'))
      for (const body of HOSTILE_KEY_BODIES)
        yield send('key body', concrete, {
          body,
          headers: { ...bearer(keys.admin), 'content-type': 'application/json' },
        });
    if (r.body?.contentType === 'application/json' && !r.path.endsWith('/keys'))
      for (const body of HOSTILE_JSON_FIELD_BODIES)
        yield send('json field body', concrete, {
          body,
          headers: { ...bearer(own), 'content-type': 'application/json' },
        });
    if (r.path.endsWith('/imports'))
      for (const u of hostileUploads())
        yield send('upload', concrete, { body: u.body, headers: { ...bearer(keys.analyst), ...u.headers } });
  }
  // Traversal and odd paths outside the table.
  for (const p of [
    '/api/v1/../../etc/passwd',
    '/api/v1/%2e%2e/%2e%2e/etc/passwd',
    '/..%2f..%2f..%2fetc%2fpasswd',
    '/assets/..%2f..%2f..%2fpackage.json',
    '/assets/%2e%2e/%2e%2e/src/api/server.ts',
    '/%00',
    '/api/v1/events/%00',
    '//etc/passwd',
    '/api/v1//events',
    '/api/v2/events',
    '/api/v1/events/' + 'x/'.repeat(500),
    '/' + 'a'.repeat(8000),
    '/index.html%00.js',
    '/.env',
    '/.git/config',
  ])
    yield { label: 'odd path', method: 'GET', path: p, headers: {}, needs: 'public', as: 'anonymous' };
}
