/**
 * A made-up article a test writes must say it is made up: its address is on a domain RFC 2606
 * reserves (example.com, example.org, example.net, .example, .test, .invalid, localhost) or a local
 * address, never a real outlet's (tests wrote invented reports under dawn.com and tribune.com.pk).
 * Real addresses stay only where a real record or standard names them, each listed with why.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
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
