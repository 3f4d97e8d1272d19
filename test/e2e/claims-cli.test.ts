// test-run: alone, about 3 s (claims and briefings through the CLI)
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { runProgram } from '../helpers/in-process-cli.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'faultline-claims-cli-'));
const env = { ...process.env, TZ: 'UTC', FAULTLINE_DB: join(dir, 'store.duckdb') };
// In-process through the real program builder: the binary itself is test/e2e/bin.test.ts's and cli.test.ts's.
const run = (...args: string[]) => runProgram(env, args);

describe('faultline claims and brief (published statistics loaded)', () => {
  before(async () => {
    const r = await run('import', join(ROOT, 'data/published-statistics/pakistan_security_reports.csv'));
    assert.equal(r.status, 0, r.stderr);
  });

  it('claims check --format json gives id, verdict, evidence and explanation per claim', async () => {
    const r = await run('claims', 'check', join(ROOT, 'examples/claims/ttp-essay.yaml'), '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      file: { name: string; sha256: string };
      results: { id: string; verdict: string; evidence: unknown[]; explanation: string }[];
    };
    assert.equal(out.file.name, 'ttp-essay.yaml');
    for (const c of out.results)
      for (const k of ['id', 'verdict', 'evidence', 'explanation']) assert.ok(k in c, `${c.id} lacks ${k}`);
    const nearly = out.results.find((c) => c.id === 'nearly-3000-casualties-2023')!;
    assert.equal(nearly.verdict, 'partly_supported');
    assert.match(
      out.results.find((c) => c.id === 'ttp-surge-since-august-2021')!.explanation,
      /no event data are loaded/,
    );
  });

  it('claims extract prints drafts that claims check refuses to check', async () => {
    const text = join(dir, 'essay.txt');
    writeFileSync(text, 'In 2023 Pakistan recorded nearly 3,000 casualties from terrorism.\n');
    const drafts = await run('claims', 'extract', text);
    assert.equal(drafts.status, 0, drafts.stderr);
    assert.match(drafts.stdout, /status: draft/);
    const file = join(dir, 'drafts.yaml');
    writeFileSync(file, drafts.stdout);
    const r = JSON.parse((await run('claims', 'check', file, '--format', 'json')).stdout);
    assert.equal(r.results[0].verdict, 'not_checkable');
    assert.match(r.results[0].explanation, /draft/);
  });

  it('a bad claim file is one line on stderr with exit code 2', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'claims:\n  - id: x\n    text: t\n    metric: deaths\n    geography: {country: PAK, admin1: Atlantis}\n    period: "2023"\n    comparator: {kind: about, value: 5}\n',
    );
    const r = await run('claims', 'check', file);
    assert.equal(r.status, 2);
    assert.equal(
      r.stderr,
      'faultline: invalid claim file "bad.yaml": claim "x": unknown admin-1 unit for PAK: "Atlantis"\n',
    );
  });

  it('brief --no-pdf writes HTML, Markdown, SVGs and JSON, and says the period is not covered', async () => {
    const out = join(dir, 'brief');
    const r = await run('brief', '--country', 'PAK', '--period', '2023', '--out', out, '--no-pdf');
    assert.equal(r.status, 0, r.stderr);
    for (const f of ['briefing.html', 'briefing.md', 'briefing.json', 'monthly.svg', 'map.svg'])
      assert.ok(existsSync(join(out, f)), f);
    assert.ok(!existsSync(join(out, 'briefing.pdf')));
    assert.match(
      readFileSync(join(out, 'briefing.md'), 'utf8'),
      /No loaded source version matches the filters/,
    );
  });
});
