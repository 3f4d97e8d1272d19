// test-run: alone, about 6 s (spawns the CLI five times)
/**
 * `brief --out DIR` replaces an earlier briefing's files only once every new one is complete: the
 * real binary, with a Chromium that cannot start (FAULTLINE_CHROMIUM is read as the CLI loads).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundledStoreCopy } from '../helpers/bundled-store.ts';

const BIN = new URL('../../bin/faultline.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'faultline-brief-out-'));
const env: NodeJS.ProcessEnv = { ...process.env, FAULTLINE_HOME: join(dir, 'home') };
delete env.FAULTLINE_DB;
const HINT =
  'install it (apt-get install chromium) or set FAULTLINE_CHROMIUM to its path, or skip the PDF (brief --no-pdf)';
const EARLIER = ['briefing.html', 'briefing.md', 'briefing.json', 'monthly.svg', 'map.svg', 'briefing.pdf'];

const brief = (out: string, extra: NodeJS.ProcessEnv = {}) =>
  spawnSync(
    process.execPath,
    [BIN, 'brief', '--country', 'PAK', '--period', '2021-Q1', '--out', out, '--db', env.FAULTLINE_DB!],
    {
      env: { ...env, ...extra },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );

describe('brief --out', () => {
  before(async () => {
    env.FAULTLINE_DB = await bundledStoreCopy();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("a briefing that fails midway (no Chromium for the PDF) leaves the earlier briefing's files as they were, and nothing beside them", () => {
    // The HTML, Markdown, JSON and figures of the new briefing were written beside the earlier PDF.
    const out = join(dir, 'earlier');
    mkdirSync(out);
    for (const f of EARLIER) writeFileSync(join(out, f), `earlier ${f}\n`);
    const r = brief(out, { FAULTLINE_CHROMIUM: join(dir, 'no-chromium') });
    assert.notEqual(r.status, 0, r.stderr);
    // One line saying what failed (it was playwright's "browserType.launch: Failed to launch chromium ...").
    assert.equal(
      r.stderr,
      `faultline: cannot print the PDF: Chromium "${join(dir, 'no-chromium')}" did not start (no file there): ${HINT}\n`,
    );
    assert.deepEqual(readdirSync(out).sort(), [...EARLIER].sort());
    for (const f of EARLIER) assert.equal(readFileSync(join(out, f), 'utf8'), `earlier ${f}\n`, f);
  });

  it('a briefing that fails removes the folders it made for --out, and keeps the folder that was there (it left them behind)', () => {
    const kept = join(dir, 'kept');
    mkdirSync(kept);
    writeFileSync(join(kept, 'notes.txt'), 'mine');
    // /bin/false as Chromium: the launch fails at once, after the folders and the other files are made.
    const r = brief(join(kept, 'new', 'deeper'), { FAULTLINE_CHROMIUM: '/bin/false' });
    // It was playwright's "Target page, context or browser has been closed" and its launch log, cut short.
    assert.deepEqual(
      [r.status, r.stderr],
      [
        1,
        `faultline: cannot print the PDF: Chromium "/bin/false" did not start (it exited with code 1): ${HINT}\n`,
      ],
    );
    assert.deepEqual(readdirSync(kept), ['notes.txt']);
  });

  it('a regular file given as --out is refused in one line quoting it, exit 2', () => {
    writeFileSync(join(dir, 'plain'), 'x');
    const r = brief(join(dir, 'plain'));
    assert.deepEqual(
      [r.status, r.stderr],
      [
        2,
        `faultline: cannot write briefing to "${join(dir, 'plain')}": it is a file, not a directory (give --out a directory)\n`,
      ],
    );
  });

  it('an --out that cannot be written is refused before the store is read or the briefing built', () => {
    // With no store at --db, the --out's refusal comes first: the briefing was built, then refused.
    writeFileSync(join(dir, 'a-file'), 'x');
    const out = join(dir, 'a-file', 'briefs');
    const r = spawnSync(
      process.execPath,
      [
        BIN,
        'brief',
        '--country',
        'PAK',
        '--period',
        '2021-Q1',
        '--out',
        out,
        '--db',
        join(dir, 'none.duckdb'),
      ],
      { env, encoding: 'utf8', timeout: 120_000 },
    );
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^faultline: cannot write briefing to "[^"]+\/a-file\/briefs": /);
    assert.equal(readdirSync(dir).includes('none.duckdb'), false, 'no store was made');
  });

  it('a briefing refused after its --out was made (a bad filter) leaves no folder behind', () => {
    const out = join(dir, 'made', 'for', 'it');
    const r = spawnSync(
      process.execPath,
      [
        BIN,
        'brief',
        '--country',
        'XXX',
        '--period',
        '2021-Q1',
        '--no-pdf',
        '--out',
        out,
        '--db',
        env.FAULTLINE_DB!,
      ],
      { env, encoding: 'utf8', timeout: 120_000 },
    );
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^faultline: unknown --country: "XXX"/);
    assert.equal(readdirSync(dir).includes('made'), false);
  });
});
