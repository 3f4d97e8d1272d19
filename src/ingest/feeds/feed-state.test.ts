import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { InvalidInputError } from '../../domain/errors.ts';
import { readFeedState, writeFeedState } from './feed-state.ts';

describe('the feed state file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-feed-state-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const state = { version: 1 as const, feeds: {} };

  it('is written in a directory made for it and read back', async () => {
    const path = join(dir, 'news', 'feeds.json');
    await writeFeedState(path, state);
    assert.deepEqual(await readFeedState(path), state);
  });

  it('a path that cannot be written is one line quoting it and the file in its way, leaving nothing beside it (it was a bare EEXIST, exit 1)', async () => {
    writeFileSync(join(dir, 'plain'), 'x');
    const path = join(dir, 'plain', 'feeds.json');
    await assert.rejects(writeFeedState(path, state), (e: unknown) => {
      assert.ok(e instanceof InvalidInputError);
      assert.equal(
        e.message,
        `cannot write feed state "${path}": "${join(dir, 'plain')}" is a file, not a folder`,
      );
      return true;
    });
    assert.deepEqual(readdirSync(dir).sort(), ['news', 'plain']);
  });

  it(
    'a --state under /proc fails at once, quoting it (Node 20 looped for ever making its directory)',
    { skip: existsSync('/proc/self') ? false : 'no /proc here' },
    async () => {
      await assert.rejects(writeFeedState('/proc/x/feeds.json', state), {
        message: `cannot write feed state "/proc/x/feeds.json": the folder "/proc" does not take new folders`,
      });
    },
  );
});
