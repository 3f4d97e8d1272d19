/**
 * One incident published once: `news watch --save` of a feed item updated in place (seven killed,
 * then nine; the real Wikipedia Current Events feed of 2026-08-20) saves a second draft linked to
 * the first, both ways; the news reader's warnings stay on the desk event; and publishing the second
 * beside the published first is refused until the publisher says how they relate, through the CLI
 * and the HTTP API on a real store.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startLocalServer, type LocalServer } from '../../../test/helpers/local-server.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { createApi } from '../../api/server.ts';
import { exitCodeFor } from '../../cli/fail.ts';
import { registerDesk } from '../../cli/commands/desk.ts';
import { registerNews } from '../../cli/commands/news.ts';
import type { DeskAuditEntry, DeskEvent } from '../../domain/desk.ts';
import { DuckDBStore } from '../../storage/duckdb/duckdb-store.ts';
import { createStore } from '../../storage/index.ts';
import { createApiKey } from '../api-keys.ts';

const FEED_0820 = readFileSync(
  new URL('../../ingest/feeds/fixtures/wikipedia-current-events-2026-08-20.rss', import.meta.url),
  'utf8',
);

let server: LocalServer;
let body = FEED_0820;
before(async () => {
  server = await startLocalServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(body);
  });
});
after(() => server.close());

/** A store where the feed was watched twice with --save, the August 16 item updated between: its events, and keys. */
async function watchedTwice() {
  const store = await createStore({ path: ':memory:' });
  const keys: Record<string, string> = {};
  for (const role of ['analyst', 'reviewer', 'admin'])
    keys[role] = (await createApiKey(store, { role, name: `incident ${role}` })).key;
  const cli = (...args: string[]) => runCli(store, [registerNews, registerDesk], args);
  const state = join(mkdtempSync(join(tmpdir(), 'incident-')), 'feeds.json');
  const watch = () =>
    cli(
      'news',
      'watch',
      `${server.url}/feed.rss`,
      '--once',
      '--save',
      '--state',
      state,
      '--key',
      keys.analyst!,
    );
  body = FEED_0820;
  assert.equal((await watch()).error, undefined);
  body = FEED_0820.replace('Seven suspected members', 'Nine suspected members');
  const second = await watch();
  assert.equal(second.error, undefined, second.err);
  const events = (await store.listDeskEvents({})).sort((a, b) => a.id - b.id);
  const killed = (n: number) => events.find((e) => e.fields.fatalities_best === n)!;
  const [seven, nine, bajaur] = [killed(7), killed(9), killed(1)];
  assert.ok(seven && nine && seven.id < nine.id, events.map((e) => e.fields.fatalities_best).join(', '));
  // Both to verified: the analyst submits, the reviewer verifies.
  const show = async (id: number) =>
    JSON.parse((await cli('desk', 'show', String(id), '--format', 'json')).out) as DeskEvent;
  return { store, keys, cli, seven: seven.id, nine: nine.id, bajaur: bajaur.id, show };
}

const review = async (
  cli: (...a: string[]) => ReturnType<typeof runCli>,
  keys: Record<string, string>,
  id: number,
) => {
  assert.equal((await cli('desk', 'submit', String(id), '--key', keys.analyst!)).error, undefined);
  return cli('desk', 'verify', String(id), '--key', keys.reviewer!);
};

describe('one incident, two desk drafts', () => {
  it('the updated item names the first as maybe the same incident, both ways, and keeps what the reader warned of', async () => {
    const { store, cli, seven, nine, bajaur, show, keys } = await watchedTwice();
    try {
      assert.deepEqual((await show(nine)).same_incident, [{ id: seven, relation: 'possible' }]);
      assert.deepEqual((await show(seven)).same_incident, [{ id: nine, relation: 'possible' }]);
      const table = (await cli('desk', 'show', String(nine))).out;
      assert.match(table, new RegExp(`same incident: desk event ${seven} \\(maybe the same incident`));
      // The news reader's warning of the August 14 item (its Government of Pakistan is inferred from
      // the victims) is kept on its desk event: show, list and verify say it.
      const warned = [
        {
          code: 'actor_inferred',
          field: 'actors',
          message:
            'Government of Pakistan is inferred from the victims ("A constable policeman" in PAK), not named: check whose forces they were',
        },
      ];
      assert.deepEqual((await show(bajaur)).warnings, warned);
      assert.match(
        (await cli('desk', 'show', String(bajaur))).out,
        /\nwarning: actor_inferred: Government of Pakistan is inferred/,
      );
      const list = JSON.parse((await cli('desk', 'list', '--format', 'json')).out) as { events: DeskEvent[] };
      assert.deepEqual(list.events.find((x) => x.id === bajaur)!.warnings, warned);
      const verified = await review(cli, keys, bajaur);
      assert.equal(verified.error, undefined);
      assert.match(
        verified.err,
        /is now verified; verified with these shown: actor_inferred: Government of Pakistan/,
      );
      const log = JSON.parse(
        (await cli('desk', 'audit', '--event', String(bajaur), '--format', 'json')).out,
      ) as {
        entries: DeskAuditEntry[];
      };
      assert.equal(
        log.entries.at(-1)!.reason,
        `shown to the verifier: actor_inferred: ${warned[0]!.message}`,
      );
      // The second report's verifier is told of the first.
      assert.match(
        (await review(cli, keys, nine)).err,
        new RegExp(`maybe the same incident as desk event ${seven} `),
      );
      // The queue says both too, for whoever acts next: the JSON in full, with the linked event's
      // state (seven is still a draft: "replacing it" is not offered); the CSV and the table count
      // the warnings and list the links (before, they said neither).
      const queue = JSON.parse((await cli('desk', 'queue', '--format', 'json')).out) as {
        queue: { id: number; warnings: unknown[]; same_incident: unknown[] }[];
      };
      assert.deepEqual(
        queue.queue.map((q) => [q.id, q.warnings, q.same_incident]),
        [
          [bajaur, warned, []],
          [nine, [], [{ id: seven, relation: 'possible', state: 'draft' }]],
        ],
      );
      const csv = (await cli('desk', 'queue', '--format', 'csv')).out.trim().split('\n');
      assert.match(csv[0]!, /,age_hours,next_role,warnings,same_incident$/);
      assert.deepEqual(
        csv.slice(1).map((l) => [l.split(',')[0], l.split(',').slice(-2).join(',')]),
        [
          [String(bajaur), '1,'],
          [String(nine), `0,${seven} possible`],
        ],
      );
      const queueTable = (await cli('desk', 'queue')).out.split('\n');
      assert.match(
        queueTable.find((l) => l.trimStart().startsWith(`${bajaur} `))!,
        /\sadmin\s+1$/,
      );
      assert.match(
        queueTable.find((l) => l.trimStart().startsWith(`${nine} `))!,
        new RegExp(`\\sadmin\\s+0\\s+${seven} possible$`),
      );
      // A person who changes the actors answers the warning: it no longer stands on the edited event.
      const edited = await cli(
        'desk',
        'edit',
        String(bajaur),
        '--actor1',
        'TTP',
        '--key',
        keys.analyst!,
        '--format',
        'json',
      );
      assert.deepEqual((JSON.parse(edited.out) as DeskEvent).warnings, []);
    } finally {
      await store.close();
    }
  });

  it('desk publish is refused beside the published first (exit 2) until --distinct-from says both count', async () => {
    const { store, cli, seven, nine, show, keys } = await watchedTwice();
    try {
      await review(cli, keys, seven);
      assert.equal((await cli('desk', 'publish', String(seven))).error, undefined);
      await review(cli, keys, nine);
      const refused = await cli('desk', 'publish', String(nine));
      assert.equal(
        String(refused.error),
        `ConflictError: cannot publish desk event "${nine}": it may be the same incident as published desk event ${seven} (same day and place); say how they relate: --supersedes ${seven} (that one leaves the counts) or --distinct-from ${seven} (both count)`,
      );
      assert.equal(exitCodeFor(refused.error), 2);
      assert.equal((await show(nine)).state, 'verified');
      // A list with an id that is no desk id is refused whole, quoting the list.
      const bad = await cli('desk', 'publish', String(nine), '--distinct-from', `${seven},0x1`);
      assert.equal(
        String(bad.error),
        `InvalidInputError: invalid --distinct-from: "${seven},0x1" (desk event ids, comma-separated, as desk show lists them)`,
      );
      assert.equal(exitCodeFor(bad.error), 2);
      const ok = await cli('desk', 'publish', String(nine), '--distinct-from', String(seven));
      assert.equal(ok.error, undefined, String(ok.error));
      assert.deepEqual((await show(nine)).same_incident, [{ id: seven, relation: 'distinct' }]);
      assert.deepEqual((await show(seven)).same_incident, [{ id: nine, relation: 'distinct' }]);
      assert.equal(await store.countEvents({ includeDesk: true }), 2);
      const log = (await store.listDeskAudit({ eventId: nine })).at(-1)!;
      assert.deepEqual(
        [log.action, log.reason],
        ['publish', `distinct from desk event ${seven} (another incident; both count)`],
      );
    } finally {
      await store.close();
    }
  });

  it('POST publish answers 409 naming the published first; with supersedes the first is retracted, and the incident counts once', async () => {
    const { store, cli, seven, nine, show, keys } = await watchedTwice();
    try {
      const api = createApi({ store, log: () => {}, anonymousRead: true });
      const publish = async (id: number, b?: unknown) => {
        const res = await api.app.request(`/api/v1/desk/events/${id}/publish`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.admin}` },
          body: b === undefined ? undefined : JSON.stringify(b),
        });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      };
      await review(cli, keys, seven);
      await review(cli, keys, nine);
      assert.equal((await publish(seven)).status, 200);
      const refused = await publish(nine);
      assert.equal(refused.status, 409);
      assert.match(
        JSON.stringify(refused.body),
        new RegExp(
          `may be the same incident as published desk event ${seven} \\(same day and place\\); say how they relate: supersedes ${seven}`,
        ),
      );
      assert.equal((await publish(nine, { supersedes: ['x'] })).status, 400);
      assert.equal((await publish(nine, { supersedes: [nine] })).status, 400);
      const ok = await publish(nine, { supersedes: [seven] });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.deepEqual(ok.body.same_incident, [{ id: seven, relation: 'supersedes' }]);
      const first = await show(seven);
      assert.deepEqual(
        [first.state, first.same_incident],
        ['retracted', [{ id: nine, relation: 'superseded_by' }]],
      );
      assert.equal(await store.countEvents({ includeDesk: true }), 1);
      assert.equal((await store.getEvent(`faultline-desk:${seven}`)) ?? null, null);
      const retract = (await store.listDeskAudit({ eventId: seven })).at(-1)!;
      assert.deepEqual(
        [retract.action, retract.state_before, retract.state_after, retract.reason],
        [
          'retract',
          'published',
          'retracted',
          `superseded by desk event ${nine} (same incident), published in its place`,
        ],
      );
    } finally {
      await store.close();
    }
  });

  it('a store whose drafts were saved before the links were kept links them when it is migrated', async () => {
    const { store, seven, nine, bajaur, show } = await watchedTwice();
    try {
      // As the store was before migration 31: no links table, the migration not applied.
      const duck = store as unknown as DuckDBStore;
      await duck.select(`DROP TABLE desk_links`);
      await duck.select(`DELETE FROM schema_migrations WHERE version = 31`);
      await store.migrate();
      assert.deepEqual((await show(nine)).same_incident, [{ id: seven, relation: 'possible' }]);
      assert.deepEqual((await show(seven)).same_incident, [{ id: nine, relation: 'possible' }]);
      assert.deepEqual((await show(bajaur)).same_incident, []);
    } finally {
      await store.close();
    }
  });
});
