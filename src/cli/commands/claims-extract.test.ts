import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import type { Store } from '../../storage/store.ts';
import { testContext } from '../../../test/helpers/in-process-cli.ts';
import { registerClaims } from './claims.ts';

// claims extract needs no store: drafting reads only the text.
const NO_STORE = null as unknown as Store;

async function extract(
  args: string[],
  stdin?: string,
): Promise<{ out: string; err: string; error?: unknown }> {
  let out = '';
  let err = '';
  const ctx = testContext(
    NO_STORE,
    (t) => void (out += t),
    (t) => void (err += t),
  );
  if (stdin !== undefined) ctx.stdin = async () => stdin;
  const program = new Command('faultline').exitOverride();
  registerClaims(program, ctx);
  try {
    await program.parseAsync(['node', 'faultline', 'claims', 'extract', ...args]);
    return { out, err };
  } catch (error) {
    return { out, err, error };
  }
}

describe('faultline claims extract', () => {
  it('drafts from the text given as the argument: "rose by about 70%" is a rate ratio of 1.7', async () => {
    const r = await extract(['Terrorist attacks in Pakistan rose by about 70% in 2023.', '--format', 'json']);
    assert.equal(r.error, undefined);
    const a = JSON.parse(r.out) as { source: string; claims: { comparator: unknown; status: string }[] };
    assert.equal(a.source, 'text');
    assert.deepEqual(
      a.claims.map((c) => [c.status, c.comparator]),
      [['draft', { kind: 'rate_ratio', value: 1.7 }]],
    );
  });

  it('reads standard input for -, and lists the sentence without a draft with its reason', async () => {
    const r = await extract(
      ['-', '--format', 'json'],
      'Deaths halved in 2019. The Taliban took Kabul in August 2021.',
    );
    const a = JSON.parse(r.out) as { claims: unknown[]; skipped: { line: number; reason: string }[] };
    assert.equal(a.claims.length, 1);
    assert.deepEqual(
      a.skipped.map((s) => s.reason),
      ['no quantitative statement (no figure with a unit, change or rank word)'],
    );
  });

  it('reads a file and prints a YAML claim file of drafts, the skipped sentences as comments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-extract-'));
    writeFileSync(
      join(dir, 'essay.txt'),
      'Violence in 2020 was at its lowest in a decade.\nThere were exactly 2021 events.\n',
    );
    const r = await extract([join(dir, 'essay.txt')]);
    assert.match(r.out, /kind: rank\n\s+order: lowest\n\s+among:\n\s+before: 10/);
    assert.match(r.out, /# skipped line 2 \(no figure, vague amount/);
    assert.match(r.err, /^1 draft claim, 1 sentence without a draft/);
  });

  it('a one-word argument that is no file is an error naming it; a bad format is refused', async () => {
    assert.equal(
      ((await extract(['missing.txt'])).error as Error).message,
      'text file not found: "missing.txt" (give a file, - for standard input, or the text in quotes)',
    );
    assert.equal(
      ((await extract(['x y', '--format', 'csv'])).error as Error).message,
      'invalid format: "csv" (use yaml or json)',
    );
  });
});
