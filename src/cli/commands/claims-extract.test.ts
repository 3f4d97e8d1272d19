import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import type { Store } from '../../storage/store.ts';
import { testContext } from '../../../test/helpers/in-process-cli.ts';
import { exitCodeFor, failureLine } from '../fail.ts';
import { registerClaims } from './claims.ts';

// claims extract needs no store: drafting reads only the text.
const NO_STORE = null as unknown as Store;

/** Runs `faultline claims extract ARGS...`. */
const extract = (args: string[], stdin?: string) => claims(['extract', ...args], stdin);

/** Runs `faultline claims ARGS...` (check reads its file before it opens the store). */
async function claims(
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
    await program.parseAsync(['node', 'faultline', 'claims', ...args]);
    return { out, err };
  } catch (error) {
    return { out, err, error };
  }
}

describe('faultline claims check -', () => {
  it('reads the claim file from standard input (it looked for a file named "-")', async () => {
    const r = await claims(['check', '-'], 'claims: [ { id: x } ]');
    assert.ok(r.error instanceof Error);
    assert.equal(failureLine(r.error), 'faultline: invalid claim file: claims.0.text: missing (give text)\n');
    assert.equal(exitCodeFor(r.error), 2);
  });
});

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
    // Bad input, exit 2, as a missing file is for import, forecast score and boundaries import (it exited 3).
    const missing = (await extract(['missing.txt'])).error;
    assert.equal(
      failureLine(missing),
      'faultline: no such file: "missing.txt" (give a file, - for standard input, or the text in quotes)\n',
    );
    assert.equal(exitCodeFor(missing), 2);
    assert.equal(
      ((await extract(['x y', '--format', 'csv'])).error as Error).message,
      'invalid format: "csv" (use yaml or json)',
    );
  });
});

describe('faultline claims check', () => {
  it('a claim file that does not exist, or a directory, is bad input (exit 2), not "not found" (exit 3)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claims-check-'));
    const missing = (await claims(['check', join(dir, 'no-such.yaml')])).error;
    assert.equal(failureLine(missing), `faultline: no such file: "${join(dir, 'no-such.yaml')}"\n`);
    assert.equal(exitCodeFor(missing), 2);
    const folder = (await claims(['check', dir])).error;
    assert.equal(failureLine(folder), `faultline: "${dir}" is a directory, not a file\n`);
    assert.equal(exitCodeFor(folder), 2);
  });
});
