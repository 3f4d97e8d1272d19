import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BOOLEAN_WORDS, choiceHint, parseBoolean } from '../domain/choice.ts';
import { loadSettings, SettingsError } from './settings.ts';

describe('loadSettings', () => {
  it('fills the defaults when nothing is set', () => {
    const s = loadSettings({});
    assert.equal(s.port, 8080);
    assert.equal(s.borderZoneKm, 50);
    assert.equal(s.anonymousRead, undefined);
    assert.match(s.db, /\.faultline\/faultline\.duckdb$/);
  });

  it('reads numbers and flags from their text', () => {
    const s = loadSettings({
      FAULTLINE_PORT: '9000',
      FAULTLINE_ANONYMOUS_READ: '0',
      FAULTLINE_BORDER_ZONE_KM: '25.5',
    });
    assert.deepEqual([s.port, s.anonymousRead, s.borderZoneKm], [9000, false, 25.5]);
  });

  it("reads the server's request time limits, and refuses one that is not a whole number of ms", () => {
    const s = loadSettings({
      FAULTLINE_HEADERS_TIMEOUT_MS: '1000',
      FAULTLINE_REQUEST_TIMEOUT_MS: '3600000',
      FAULTLINE_BODY_TIMEOUT_MS: '5000',
      FAULTLINE_KEEP_ALIVE_TIMEOUT_MS: '2000',
    });
    assert.deepEqual(
      [s.headersTimeoutMs, s.requestTimeoutMs, s.bodyTimeoutMs, s.keepAliveTimeoutMs],
      [1000, 3_600_000, 5000, 2000],
    );
    assert.equal(loadSettings({}).requestTimeoutMs, undefined);
    assert.throws(
      () => loadSettings({ FAULTLINE_REQUEST_TIMEOUT_MS: '30m' }),
      new Error(
        'invalid setting FAULTLINE_REQUEST_TIMEOUT_MS: "30m" (a whole number of milliseconds from 1 to 2147483647, in plain digits)',
      ),
    );
  });

  it("takes time limits up to Node's longest timer, 2^31-1 ms: a longer one fired after 1 ms", () => {
    const names = [
      'FAULTLINE_QUERY_TIMEOUT_MS',
      'FAULTLINE_HEADERS_TIMEOUT_MS',
      'FAULTLINE_REQUEST_TIMEOUT_MS',
      'FAULTLINE_BODY_TIMEOUT_MS',
      'FAULTLINE_KEEP_ALIVE_TIMEOUT_MS',
    ];
    const s = loadSettings(Object.fromEntries(names.map((n) => [n, '2147483647'])));
    // Its own class, so that the CLI exits 2 (bad input), not 1 (a bug).
    assert.throws(() => loadSettings({ FAULTLINE_QUERY_TIMEOUT_MS: '2147483648' }), SettingsError);
    assert.deepEqual(
      [s.queryTimeoutMs, s.headersTimeoutMs, s.requestTimeoutMs, s.bodyTimeoutMs, s.keepAliveTimeoutMs],
      Array(5).fill(2_147_483_647),
    );
    for (const name of names)
      for (const bad of ['2147483648', '99999999999999999999', '0'])
        assert.throws(
          () => loadSettings({ [name]: bad }),
          new SettingsError(
            `invalid setting ${name}: "${bad}" (a whole number of milliseconds from 1 to 2147483647, in plain digits)`,
          ),
        );
  });

  it('takes a rate limit and export rows up to 1000000000: past 2^53 the digits were read as a rounded float', () => {
    const s = loadSettings({ FAULTLINE_RATE_LIMIT: '1000000000', FAULTLINE_MAX_EXPORT_ROWS: '1000000000' });
    assert.deepEqual([s.rateLimitPerMinute, s.maxExportRows], [1e9, 1e9]);
    for (const name of ['FAULTLINE_RATE_LIMIT', 'FAULTLINE_MAX_EXPORT_ROWS'])
      for (const bad of ['1000000001', '99999999999999999999', '0'])
        assert.throws(
          () => loadSettings({ [name]: bad }),
          new SettingsError(
            `invalid setting ${name}: "${bad}" (a whole number from 1 to 1000000000, in plain digits)`,
          ),
        );
  });

  it('FAULTLINE_ANONYMOUS_READ takes the words of BOOLEAN_WORDS in any case, as every true/false value does', () => {
    // config/ may not import domain/: its copy of the words is held equal to BOOLEAN_WORDS here.
    for (const word of BOOLEAN_WORDS.flatMap((w) => [w, w.toUpperCase(), w[0]!.toUpperCase() + w.slice(1)]))
      assert.equal(
        loadSettings({ FAULTLINE_ANONYMOUS_READ: word }).anonymousRead,
        parseBoolean('anonymous read', word),
        word,
      );
    for (const bad of ['maybe', '', ' true', 'on'])
      assert.throws(
        () => loadSettings({ FAULTLINE_ANONYMOUS_READ: bad }),
        new Error(
          `invalid setting FAULTLINE_ANONYMOUS_READ: ${JSON.stringify(bad)} (${choiceHint(BOOLEAN_WORDS)})`,
        ),
      );
    assert.throws(
      () => loadSettings({ FAULTLINE_ANONYMOUS_READ: 'maybe' }),
      new Error('invalid setting FAULTLINE_ANONYMOUS_READ: "maybe" (use true, false, yes, no, 1 or 0)'),
    );
  });

  it('rejects a bad value in one line that names the variable and quotes the value', () => {
    assert.throws(
      () => loadSettings({ FAULTLINE_PORT: '80.5' }),
      new Error('invalid setting FAULTLINE_PORT: "80.5" (a whole number from 0 to 65535, in plain digits)'),
    );
    // Plain digits, as the flags take them: Number() took these (and "" as 0, a random port).
    for (const [name, bad] of [
      ['FAULTLINE_PORT', '0x10'],
      ['FAULTLINE_PORT', ''],
      ['FAULTLINE_RATE_LIMIT', '1e3'],
      ['FAULTLINE_RATE_LIMIT', ' 5 '],
      ['FAULTLINE_BORDER_ZONE_KM', 'Infinity'],
      // A whole number is digits alone: 2.0 passed as a decimal that is an integer.
      ['FAULTLINE_DB_THREADS', '2.0'],
      ['FAULTLINE_DB_THREADS', '0x2'],
      ['FAULTLINE_PORT', '8080.0'],
    ] as const)
      assert.throws(() => loadSettings({ [name]: bad }), {
        message: new RegExp(`^invalid setting ${name}: ${JSON.stringify(bad)} \\(.*, in plain digits\\)$`),
      });
    assert.equal(loadSettings({ FAULTLINE_BORDER_ZONE_KM: '12.5' }).borderZoneKm, 12.5);
    assert.throws(
      () => loadSettings({ FAULTLINE_MEMORY_LIMIT: 'lots' }),
      new Error('invalid setting FAULTLINE_MEMORY_LIMIT: "lots" (a size such as 2GB)'),
    );
    assert.throws(
      () => loadSettings({ UCDP_API_URL: 'ucdp' }),
      new Error('invalid setting UCDP_API_URL: "ucdp" (not a URL)'),
    );
    // An invisible character, in any variable read (a number's looked like plain digits, and a path,
    // a host or a name was kept with it), is refused as one in an argument, the character shown;
    // a secret's value is never shown.
    const hint = (cp: string) => `(holds an invisible character, U+${cp}: give the value without it)`;
    for (const [name, bad, shown, cp] of [
      ['FAULTLINE_DB_THREADS', '4\u200b', '"4\\u200b"', '200B'],
      ['FAULTLINE_PORT', '\ufeff8080', '"\\ufeff8080"', 'FEFF'],
      ['FAULTLINE_HOME', '/srv/fault\u202eline', '"/srv/fault\\u202eline"', '202E'],
      ['FAULTLINE_DB', 'store\u2066.duckdb', '"store\\u2066.duckdb"', '2066'],
      ['FAULTLINE_GDELT_COUNTRIES', 'PAK,\u200bAFG', '"PAK,\\u200bAFG"', '200B'],
      ['ACLED_USERNAME', 'analyst@example.org\u00ad', '"analyst@example.org\\u00ad"', '00AD'],
      // Read beside the settings until 2026-12-07, and used with the character: the PDF printer's
      // Chromium, and `fetch gdelt --via bigquery`'s REST base and key file.
      ['FAULTLINE_CHROMIUM', '/usr/bin/chro\u202emium', '"/usr/bin/chro\\u202emium"', '202E'],
      [
        'BIGQUERY_URL',
        'https://bigquery.example.org\u200b/v2',
        '"https://bigquery.example.org\\u200b/v2"',
        '200B',
      ],
      ['GOOGLE_APPLICATION_CREDENTIALS', '\ufeffkey.json', '"\\ufeffkey.json"', 'FEFF'],
    ] as const)
      assert.throws(() => loadSettings({ [name]: bad }), {
        message: `invalid setting ${name}: ${shown} ${hint(cp)}`,
      });
    for (const name of ['UCDP_TOKEN', 'FAULTLINE_API_KEY', 'ACLED_PASSWORD', 'BIGQUERY_ACCESS_TOKEN'])
      assert.throws(() => loadSettings({ [name]: 'abc\u200bdef' }), {
        message: `invalid setting ${name}: its value (not shown: a secret) holds an invisible character, U+200B: give the value without it`,
      });
    // A zero-width non-joiner between two letters is spelling (a folder named in Persian), kept.
    assert.equal(
      loadSettings({ FAULTLINE_HOME: '/srv/\u0645\u06cc\u200c\u062e' }).home,
      '/srv/\u0645\u06cc\u200c\u062e',
    );
    // `faultline update`'s mirror: named as the variable, not as a --base-url the user never gave.
    assert.throws(
      () => loadSettings({ UCDP_DOWNLOADS_URL: 'ftp://mirror.example.org/ucdp/' }),
      new Error(
        'invalid setting UCDP_DOWNLOADS_URL: "ftp://mirror.example.org/ucdp/" (an http:// or https:// URL)',
      ),
    );
  });
});
