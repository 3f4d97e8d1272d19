import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { testContext } from '../../test/helpers/in-process-cli.ts';
import { MAX_FORWARDED_BODY_BYTES, MAX_FORWARDED_STDIN } from '../api/routes/internal-cli.ts';
import { createApi, startServer } from '../api/server.ts';
import { NO_GEO } from '../domain/placed-event.ts';
import { createStore } from '../storage/index.ts';
import { registerClaims } from './commands/claims.ts';
import { exitCodeFor } from './fail.ts';
import { forwardToServer } from './forward.ts';
import { ownerChannel } from './forwarded.ts';
import {
  discoveryPath,
  newToken,
  readDiscovery,
  removeDiscovery,
  writeDiscovery,
  type ServerDiscovery,
} from './server-discovery.ts';

const dir = realpathSync(mkdtempSync(join(tmpdir(), 'faultline-discovery-')));
const announce = (db: string): ServerDiscovery => ({
  pid: process.pid,
  host: '127.0.0.1',
  port: 8080,
  url: 'http://127.0.0.1:8080',
  db,
  startedAt: '2026-01-01T00:00:00.000Z',
  token: newToken(),
});

describe('the discovery file of a store', () => {
  it('sits next to the store, named after it, so two stores in one directory do not clash', () => {
    assert.equal(discoveryPath(join(dir, 'a.duckdb')), join(dir, 'a.duckdb.server.json'));
    assert.notEqual(discoveryPath(join(dir, 'a.duckdb')), discoveryPath(join(dir, 'b.duckdb')));
    // A relative path names the same file as the absolute one.
    assert.equal(
      discoveryPath(relative(process.cwd(), join(dir, 'a.duckdb'))),
      join(dir, 'a.duckdb.server.json'),
    );
  });

  it('is written 0600 with no temporary file left, and read back as written', () => {
    const d = announce(join(dir, 'w.duckdb'));
    const file = writeDiscovery(d);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readDiscovery(d.db), d);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.startsWith('w.')),
      ['w.duckdb.server.json'],
    );
  });

  it('is not trusted when others may change it', () => {
    const d = announce(join(dir, 'open.duckdb'));
    chmodSync(writeDiscovery(d), 0o666);
    assert.equal(readDiscovery(d.db), null);
  });

  it('is removed only by the server whose token it holds', () => {
    const d = announce(join(dir, 'r.duckdb'));
    writeDiscovery(d);
    removeDiscovery(d.db, newToken());
    assert.ok(existsSync(discoveryPath(d.db)), 'another token leaves it');
    removeDiscovery(d.db, d.token);
    assert.equal(existsSync(discoveryPath(d.db)), false);
  });
});

describe('a server of another build', () => {
  it('is refused in one line that says to restart it; the same build, or the sources, are not', async () => {
    // A stand-in owner: answers the owner probe as a live server does, and nothing else.
    const server = createServer((req, res) => {
      if (req.url === '/api/v1/internal/owner') res.end(JSON.stringify({ pid: process.pid }));
      else res.writeHead(404).end(JSON.stringify({ error: { code: 'not_found', message: 'no such route' } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const db = join(dir, 'built.duckdb');
      const owner = { ...announce(db), port, url: `http://127.0.0.1:${port}` };
      const forward = async (serverBuild: string | undefined, mine: string) => {
        writeDiscovery({ ...owner, ...(serverBuild === undefined ? {} : { build: serverBuild }) });
        return forwardToServer(['sources', '--db', db], { ...process.env, FAULTLINE_DB: db }, mine).then(
          () => 'forwarded',
          (e: Error) => e.message,
        );
      };
      assert.equal(
        await forward('0123456789abcdef', 'fedcba9876543210'),
        `faultline serve (pid ${process.pid}, "${owner.url}") runs another build of faultline than this command: it started at 2026-01-01T00:00:00.000Z, before a rebuild or upgrade; restart it, then run the command again`,
      );
      // Past the check, the stand-in refuses the command itself; the refusal quotes its address.
      for (const [serverBuild, mine] of [
        ['0123456789abcdef', '0123456789abcdef'],
        ['0123456789abcdef', 'source'],
        [undefined, '0123456789abcdef'],
      ] as const)
        assert.equal(
          await forward(serverBuild, mine),
          `"${owner.url}" refused the command: no such route`,
          `${serverBuild} ${mine}`,
        );
    } finally {
      server.close();
    }
  });
});

describe('Ctrl-C while a server runs the command', () => {
  it('says the command goes on in the server (it is not stopped there) and exits 130', async () => {
    // A stand-in owner that starts a forwarded update and is still at it.
    const server = createServer((req, res) => {
      if (req.url === '/api/v1/internal/owner') return void res.end(JSON.stringify({ pid: process.pid }));
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write(JSON.stringify({ err: 'downloading ged/ged261-csv.zip\n' }) + '\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const db = join(dir, 'interrupted.duckdb');
    const owner = { ...announce(db), port, url: `http://127.0.0.1:${port}`, build: 'source' };
    writeDiscovery(owner);
    const signals = new EventEmitter();
    let said = '';
    const exits: number[] = [];
    const hooks = {
      signals,
      write: (t: string) => void (said += t),
      exit: (c: number) => void exits.push(c),
    };
    const stderr = process.stderr.write;
    process.stderr.write = () => true; // the relayed progress frame
    try {
      const run = forwardToServer(
        ['update', '--db', db],
        { ...process.env, FAULTLINE_DB: db },
        'source',
        hooks,
      );
      for (let i = 0; i < 400 && signals.listenerCount('SIGINT') === 0; i++)
        await new Promise((r) => setTimeout(r, 5));
      signals.emit('SIGINT', 'SIGINT');
      assert.deepEqual(exits, [130]);
      assert.equal(
        said,
        `\nfaultline: interrupted here only: the command goes on to its end in the server that owns the store (pid ${process.pid}, "${owner.url}"); faultline sources shows what it imported\n`,
      );
      server.closeAllConnections();
      await run.catch(() => undefined);
      assert.equal(signals.listenerCount('SIGINT'), 0, 'the client stops listening once the command ends');
    } finally {
      process.stderr.write = stderr;
      server.close();
    }
  });
});

/** Runs `fn` with a real server (the claims commands only) owning a store `name` in `dir`, announced in its discovery file. */
async function withClaimsOwner(name: string, fn: (db: string, url: string) => Promise<void>): Promise<void> {
  const store = await createStore({ path: ':memory:' });
  const db = join(dir, name);
  const who = { token: newToken(), db, startedAt: '2026-01-01T00:00:00.000Z' };
  const silent = () => assert.fail('nothing runs in the server');
  const program = (c: Parameters<typeof registerClaims>[1]) => {
    const p = new Command('faultline');
    registerClaims(p, c);
    return p;
  };
  const api = createApi({
    store,
    log: () => {},
    owner: ownerChannel(testContext(store, silent, silent), program, who, new Set(), {
      place: () => NO_GEO,
    }),
  });
  const server = await startServer(api, '127.0.0.1', 0);
  try {
    const url = server.url.replace(/\/$/, '');
    writeDiscovery({
      ...who,
      pid: process.pid,
      host: '127.0.0.1',
      port: Number(new URL(url).port),
      url,
      build: 'source',
    });
    await fn(db, url);
  } finally {
    await server.close();
    await store.close();
    removeDiscovery(db, who.token);
  }
}

describe('standard input too large to forward', () => {
  it(
    "is refused here in one line with the limit and the way out (exit 2), not with the server's 413",
    { timeout: 20_000 },
    // A real server owning a store: its internal route answered such a body 413, naming no way out.
    () =>
      withClaimsOwner('stdin.duckdb', async (db, url) => {
        const forward = (stdin: Buffer) =>
          forwardToServer(
            ['claims', 'extract', '-', '--db', db],
            { ...process.env, FAULTLINE_DB: db },
            'source',
            undefined,
            Readable.from([stdin]),
          ).then(
            () => 'forwarded',
            (e: Error) => [exitCodeFor(e), e.message],
          );
        const wayOut = `give the file's path instead of - (the server reads it itself), or stop the server (pid ${process.pid}, "${url}") to run the command here`;
        // Under the 16 MiB of input, over the 36 MiB of body: a control character is 6 bytes of JSON (\u0001).
        const controls = Buffer.alloc(MAX_FORWARDED_BODY_BYTES / 6, 1);
        const [code, message] = (await forward(controls)) as [number, string];
        assert.equal(code, 2);
        assert.match(
          message,
          new RegExp(
            `^standard input is too large to pass to the server that owns the store: ${controls.length.toLocaleString('en-US')} bytes make a request of [\\d,]+ bytes as JSON \\(control characters and invalid UTF-8 take 3 to 6 bytes each\\), over its ${MAX_FORWARDED_BODY_BYTES.toLocaleString('en-US')} \\(36 MiB\\); `,
          ),
        );
        assert.ok(message.endsWith(wayOut), message);
        // Over the input's own limit: refused as it is read.
        assert.deepEqual(await forward(Buffer.alloc(MAX_FORWARDED_STDIN + 1, 'x')), [
          2,
          `standard input is over 16 MiB (${MAX_FORWARDED_STDIN.toLocaleString('en-US')} bytes), the most a command passes to the server that owns the store; ${wayOut}`,
        ]);
      }),
  );
});

describe('standard input of a forwarded command', () => {
  it('is read and sent only for an argument that means standard input, not for - as another value', async () =>
    withClaimsOwner('dash.duckdb', async (db) => {
      let reads = 0;
      const piped = (text: string) => ({
        async *[Symbol.asyncIterator]() {
          reads++;
          yield text;
        },
      });
      const out: string[] = [];
      const write = { out: process.stdout.write, err: process.stderr.write, code: process.exitCode };
      process.stdout.write = (t: string | Uint8Array) => out.push(String(t)) > 0;
      process.stderr.write = (t: string | Uint8Array) => out.push(String(t)) > 0;
      const env = { ...process.env, FAULTLINE_DB: db };
      try {
        // After its options, `-` is still the text to draft from: read, sent, and drafted from.
        await forwardToServer(
          ['claims', 'extract', '--format', 'json', '-'],
          env,
          'source',
          undefined,
          piped('Attacks rose by about 70% in 2023.'),
        );
        assert.equal(reads, 1);
        assert.match(out.join(''), /"source": "stdin",[^]*"text": "Attacks rose by about 70% in 2023."/);
        // `-` as --format's value: the stdin piped to the command is none of its business.
        out.length = 0;
        await forwardToServer(
          ['claims', 'check', 'claims.yaml', '--format', '-'],
          env,
          'source',
          undefined,
          piped('claims: []'),
        );
        assert.equal(reads, 1, 'standard input was read for --format -');
        assert.match(out.join(''), /format/);
        assert.equal(process.exitCode, 2);
      } finally {
        process.stdout.write = write.out;
        process.stderr.write = write.err;
        process.exitCode = write.code;
      }
    }));
});
