import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CURRENT_BUILD, watchInstalledBuild } from './installed-build.ts';

const dist = mkdtempSync(join(tmpdir(), 'faultline-installed-'));
after(() => rmSync(dist, { recursive: true, force: true }));
const install = (build: string) =>
  writeFileSync(
    join(dist, CURRENT_BUILD),
    JSON.stringify({ build, builtAt: '2026-01-01T00:00:00.000Z', files: [] }),
  );

describe('a server watching the installed build', () => {
  it('logs once that faultline was rebuilt since it started, and says so from the next check on', async () => {
    install('aaaa');
    const lines: string[] = [];
    const watch = await watchInstalledBuild({ running: 'aaaa', log: (l) => lines.push(l), dist });
    after(() => watch.stop());
    assert.deepEqual(watch.current(), { running: 'aaaa', installed: 'aaaa', restartNeeded: false });
    install('bbbb');
    assert.equal(watch.current().restartNeeded, false, 'read at the next check, not on /health');
    await watch.check();
    await watch.check();
    assert.deepEqual(watch.current(), { running: 'aaaa', installed: 'bbbb', restartNeeded: true });
    assert.deepEqual(lines, [
      'faultline was rebuilt or upgraded since this server started: it runs build aaaa, and build bbbb is installed; it keeps answering from its own build, restart it to run the new one',
    ]);
  });

  it('never asks a server run from the sources to restart, nor one with no installed build to compare', async () => {
    install('bbbb');
    const lines: string[] = [];
    const source = await watchInstalledBuild({ running: 'source', log: (l) => lines.push(l), dist });
    source.stop();
    assert.deepEqual(source.current(), { running: 'source', installed: 'bbbb', restartNeeded: false });
    rmSync(join(dist, CURRENT_BUILD));
    const unbuilt = await watchInstalledBuild({ running: 'aaaa', log: (l) => lines.push(l), dist });
    unbuilt.stop();
    assert.deepEqual(unbuilt.current(), { running: 'aaaa', installed: null, restartNeeded: false });
    assert.deepEqual(lines, []);
  });
});
