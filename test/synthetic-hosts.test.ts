/**
 * A made-up article a test writes must say it is made up: its address is on a domain RFC 2606
 * reserves (example.com, example.org, example.net, .example, .test, .invalid, localhost) or a local
 * address, never a real outlet's (tests wrote invented reports under dawn.com and tribune.com.pk).
 * Real addresses stay only where a real record or standard names them, each listed with why. The
 * same holds for the usage examples a user reads and copies: the CLI's --help, the API's route
 * descriptions and examples, README.md and docs/*.md (they cited www.dawn.com/news/1234567).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Command } from 'commander';
import { buildProgram } from '../src/cli/program.ts';
import type { Context } from '../src/cli/context.ts';
import { filesUnder } from './helpers/provenance-check.ts';

const ROOT = new URL('..', import.meta.url).pathname;

/** Real hosts a test may name, and the real record or standard that names each. */
const REAL_HOSTS: Readonly<Record<string, string>> = {
  'en.wikipedia.org':
    "the real Wikipedia Current events pages of src/ingest/feeds/fixtures (the feed's own links)",
  'dtm.iom.int':
    'a real published figure of data/afghan-returns and its fixture cut (the page it was read from)',
  'theweek.com': 'the source URL of a real GDELT row in src/ingest/gdelt/fixtures',
  'data.gdeltproject.org': "GDELT's own address of its export files (the master list's layout)",
  'jsonfeed.org': 'the JSON Feed version URL the format requires in every feed',
  'creativecommons.org': 'the CC BY 4.0 licence text that credits point to',
  'www.gnu.org': 'the GPL version 3 text that credits point to',
};

/** Whether a host is reserved for examples and tests (RFC 2606, RFC 6761) or local. */
function reserved(host: string): boolean {
  return (
    /(^|\.)example\.(com|org|net)$/.test(host) ||
    /\.(example|test|invalid|localhost)$/.test(host) ||
    host === 'localhost' ||
    /^[\d.]+$/.test(host) ||
    !host.includes('.')
  );
}

/** The hosts of http(s) addresses in a text that are neither reserved nor listed as real, with their line. */
function realHosts(text: string): { line: number; host: string }[] {
  return text.split('\n').flatMap((l, i) =>
    [...l.matchAll(/https?:\/\/([a-z0-9.-]+)/gi)]
      .map((m) => m[1]!.toLowerCase().replace(/\.$/, ''))
      .filter((h) => !reserved(h) && !(h in REAL_HOSTS))
      .map((host) => ({ line: i + 1, host })),
  );
}

describe('made-up articles in tests are on reserved example domains', () => {
  it('no test names a real host but those a real record or standard names', () => {
    const tests = ['src', 'test'].flatMap((d) =>
      filesUnder(join(ROOT, d))
        .filter((f) => /\.test\.tsx?$/.test(f) || (d === 'test' && f.startsWith('helpers/')))
        // This file names a real outlet on purpose, to show the check finds it.
        .filter((f) => !(d === 'test' && f === 'synthetic-hosts.test.ts'))
        .map((f) => `${d}/${f}`),
    );
    // The walk must reach the news tests, or it would pass by checking nothing.
    assert.ok(tests.includes('src/cli/commands/news.test.ts'), `${tests.length} files`);
    const found = tests.flatMap((f) =>
      realHosts(readFileSync(join(ROOT, f), 'utf8')).map((x) => `${f}:${x.line}: ${x.host}`),
    );
    assert.deepEqual(found, []);
  });

  it('the check names a real outlet and passes reserved and listed hosts', () => {
    const text = [
      "url: 'https://www.dawn.com/news/1950001'",
      "'https://synthetic-tribune.example.org/story/2580001', 'http://127.0.0.1:8080/a', 'http://x'",
      "'https://en.wikipedia.org/wiki/Portal:Current_events' 'https://feed.test/rss'",
    ].join('\n');
    assert.deepEqual(realHosts(text), [{ line: 1, host: 'www.dawn.com' }]);
  });
});

/**
 * The real pages the help and docs name on purpose, by the start of their address, each with why:
 * a page a command fetches or a reader is sent to. Any other address on a real host is a made-up
 * page that looks like a real outlet's.
 */
const REAL_PAGES: Readonly<Record<string, string>> = {
  'https://creativecommons.org/licenses/by/4.0/': 'the CC BY 4.0 licence text that credits point to',
  'https://www.gnu.org/licenses/gpl-3.0.html': 'the GPL version 3 text the relations index credits point to',
  'https://ucdp.uu.se/downloads/': "UCDP's download page, where faultline update and fetch get GED",
  'https://ucdp.uu.se/apidocs/': "the UCDP API's documentation (docs/fetching.md)",
  'https://ucdpapi.pcr.uu.se/api/gedevents/': 'the UCDP API endpoint faultline fetch ucdp calls',
  'http://data.gdeltproject.org/gdeltv2/': "GDELT's export files, which faultline fetch gdelt reads",
  'https://bigquery.googleapis.com/bigquery/v2':
    'the BigQuery REST endpoint faultline fetch gdelt --bigquery calls',
  'https://acleddata.com/oauth/token': 'the ACLED token endpoint faultline fetch acled calls',
  'https://acleddata.com/api/acled/read': 'the ACLED API endpoint faultline fetch acled calls',
  'https://acleddata.com/general-guide/about-conflict-index':
    "ACLED's page on its conflict index, which docs/methods.md compares faultline's with",
  'https://dtm.iom.int/fr/node/30261':
    'the real page of a bundled returns figure, a line of the file quoted in docs/importing.md',
  'https://tile.openstreetmap.org/':
    "OpenStreetMap's tile server, an example of the dashboard's tileUrl setting",
  'https://en.wikipedia.org/wiki/Portal:Current_events':
    'the real digest page faultline news reads one draft per item from',
  'https://github.com/vega/ts-json-schema-generator': 'the tool that generates answer-schemas.json',
  'https://github.com/wanasit/chrono': 'the date parser faultline news uses',
  'https://github.com/mozilla/readability': 'the article extractor faultline news uses',
  'https://github.com/WebReflection/linkedom': 'the DOM faultline news parses pages with',
  'https://github.com/macieklamberty/feedsmith': 'the feed parser faultline news watch uses',
  'https://github.com/gzemo/gdelt-graph-data': 'the bundled relations index (docs/relations.md)',
};

/** The http(s) addresses of a text on a host neither reserved nor among the listed real pages, with their line. */
function madeUpPages(text: string): { line: number; url: string }[] {
  return text.split('\n').flatMap((l, i) =>
    [...l.matchAll(/https?:\/\/([a-z0-9.-]+)[^\s)`"'<>\\,]*/gi)]
      .filter((m) => !reserved(m[1]!.toLowerCase().replace(/\.$/, '')))
      .map((m) => m[0])
      .filter((url) => !Object.keys(REAL_PAGES).some((page) => url.startsWith(page)))
      .map((url) => ({ line: i + 1, url })),
  );
}

/** Every command's --help as a user sees it, the text added after the options included, by command path. */
function helpTexts(): [string, string][] {
  const out: [string, string][] = [];
  const walk = (c: Command, path: string[]): void => {
    let text = '';
    c.configureOutput({ writeOut: (t) => void (text += t), writeErr: (t) => void (text += t) });
    c.outputHelp();
    out.push([['faultline', ...path].join(' '), text]);
    for (const sub of c.commands) if (sub.name() !== 'help') walk(sub, [...path, sub.name()]);
  };
  walk(buildProgram({ settings: {} } as Context), []);
  return out;
}

describe('usage examples name no made-up page on a real host', () => {
  it("the CLI's --help, the API's routes, README.md and docs/*.md name real hosts only for the real pages listed", () => {
    const help = helpTexts();
    // The walk must reach the commands whose examples cite articles, or it would check nothing.
    for (const cmd of ['faultline news', 'faultline desk add'])
      assert.ok(
        help.some(([path]) => path === cmd),
        cmd,
      );
    const routes = filesUnder(join(ROOT, 'src/api/routes'))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => `src/api/routes/${f}`);
    const docs = filesUnder(join(ROOT, 'docs'))
      .filter((f) => !f.includes('/') && f.endsWith('.md'))
      .map((f) => `docs/${f}`);
    const texts: [string, string][] = [
      ...help,
      ...['README.md', ...docs, ...routes].map((f): [string, string] => [
        f,
        readFileSync(join(ROOT, f), 'utf8'),
      ]),
    ];
    const found = texts.flatMap(([name, text]) =>
      madeUpPages(text).map((x) => `${name}:${x.line}: ${x.url}`),
    );
    assert.deepEqual(found, []);
  });

  it('the check names a made-up article on a real outlet and passes reserved hosts and the listed real pages', () => {
    const text = [
      'faultline news extract https://www.dawn.com/news/1234567',
      'faultline news extract https://news.example.org/news/1234567 --outlet "Example News"',
      'see https://ucdp.uu.se/downloads/ and https://github.com/mozilla/readability.',
      '(<https://creativecommons.org/licenses/by/4.0/>) https://github.com/someone/else',
    ].join('\n');
    assert.deepEqual(madeUpPages(text), [
      { line: 1, url: 'https://www.dawn.com/news/1234567' },
      { line: 4, url: 'https://github.com/someone/else' },
    ]);
  });
});
