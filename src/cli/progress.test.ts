import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Progress, wholeLines } from './progress.ts';

/** A stream that keeps what is written to it, each write apart. */
function sink(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (t: string) => void writes.push(t) } };
}

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('progress lines (cli-progress)', () => {
  it('off a terminal: the first state at once, nothing more within 2 s, the last state when done, whole lines', () => {
    const { writes, stream } = sink(false);
    const bar = new Progress('importing ged.csv', stream);
    bar.update(1e6, 4e6);
    assert.deepEqual(writes, ['importing ged.csv [#####...............] 25% 1.0/4.0 MB\n']);
    bar.update(2e6, 4e6);
    assert.equal(writes.length, 1, 'the next line waits 2 s');
    bar.update(4e6, 4e6);
    bar.done();
    assert.deepEqual(writes, [
      'importing ged.csv [#####...............] 25% 1.0/4.0 MB\n',
      'importing ged.csv [####################] 100% 4.0/4.0 MB\n',
    ]);
  });

  it('a state the same as the line before is not printed twice', () => {
    const { writes, stream } = sink(false);
    const bar = new Progress('importing 3 GDELT files', stream);
    bar.update(3, 3, 'files');
    bar.done();
    assert.deepEqual(writes, ['importing 3 GDELT files [####################] 100% 3/3 files\n']);
  });

  it('a count and its total are grouped with commas, as counts in prose are', () => {
    const { writes, stream } = sink(false);
    const bar = new Progress('importing ged.csv', stream);
    bar.update(12_000, 32_235, 'rows');
    bar.done();
    assert.deepEqual(writes, ['importing ged.csv [#######.............] 37% 12,000/32,235 rows\n']);
  });

  it('an unknown total shows the count alone; a rate and a detail follow it', () => {
    const { writes, stream } = sink(false);
    const bar = new Progress('fetching GDELT', stream, true);
    bar.update(7, 0, 'rows', ', 2 kept');
    bar.done();
    assert.equal(writes.length, 1);
    assert.match(writes[0]!, /^fetching GDELT 7 rows, 2 kept(, [\d.]+ rows\/s)?\n$/);
  });

  it('on a terminal the line is redrawn in place and cleared when done', () => {
    const { writes, stream } = sink(true);
    const bar = new Progress('downloading ged.zip', stream);
    bar.update(5e5, 1e6);
    const text = writes.join('');
    assert.match(text, /downloading ged\.zip \[##########\.{10}\] 50% 0\.5\/1\.0 MB/);
    assert.doesNotMatch(text, /\n/, 'no new line on a terminal');
    bar.done();
    assert.ok(writes.at(-1)!.endsWith('\u001b[2K'), 'the last write erases the line');
  });

  it('done() stops the redraw timer, so a command ends when its work does', () => {
    const before = timers();
    const bar = new Progress('importing x', sink(false).stream);
    bar.update(1, 2, 'rows');
    assert.equal(timers(), before + 1, 'the bar redraws on a timer');
    bar.done();
    assert.equal(timers(), before);
    bar.done();
    assert.equal(timers(), before, 'done twice is harmless');
  });

  it('wholeLines joins the pieces of a line and drops a repeat', () => {
    const got: string[] = [];
    const lines = wholeLines({ write: (t: string) => void got.push(t) });
    for (const t of ['a 1', '\n', 'a 1', '\n', 'a ', '2\nb', '\n']) lines.write(t);
    assert.deepEqual(got, ['a 1\n', 'a 2\n', 'b\n']);
  });
});
