import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { firedAlertEvaluation } from '../../../test/helpers/fired-alert.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { startLocalServer, type LocalServer } from '../../../test/helpers/local-server.ts';
import { createApi } from '../../api/server.ts';
import { registerAlerts } from '../../cli/commands/alerts.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { createApiKey } from '../api-keys.ts';
import { deliverPending } from './deliver.ts';

// One attempt each: the point is what is listed, not the retries.
const POLICY = { attempts: 1, minTimeoutMs: 10, factor: 2, timeoutMs: 1500 };

describe('a webhook URL stored with a user name and password (before they were refused)', () => {
  let store: Store;
  let receiver: LocalServer;
  let admin: string;
  const ids: number[] = [];
  const api = (path: string) =>
    createApi({ store, log: () => {} }).app.request(path, { headers: { 'x-api-key': admin } });

  before(async () => {
    // In memory: nothing reads the file (closing a file store that was written to checkpoints it).
    store = await createStore({ path: ':memory:' });
    receiver = await startLocalServer((_req, res) => res.writeHead(204).end());
    admin = (await createApiKey(store, { role: 'admin' })).key;
    // As a rule added before 2026-12-06 was stored: its URL as given. Port 1 takes no connection.
    for (const url of [
      `http://relay:s3cret@${receiver.url.slice(7)}/hook`,
      'http://relay:s3cret@127.0.0.1:1/h',
    ])
      ids.push(
        (
          await store.addAlertRule({
            name: 'old border rule',
            kind: 'border',
            params: { interstate: true },
            pendingEvaluations: 1,
            pendingHours: 0,
            cooldownHours: 24,
            webhookUrl: url,
            webhookSecret: 'a secret of sixteen or more',
            afterImportId: 0,
            createdAt: new Date().toISOString(),
          })
        ).id,
      );
    // One fired alert of each, delivered (the receiver) or not (nothing listens on port 1).
    for (const ruleId of ids) {
      const [rule] = (await store.listAlertRules()).filter((r) => r.id === ruleId);
      await store.applyAlertEvaluation(firedAlertEvaluation(ruleId, rule!.webhookUrl));
    }
    const pass = await deliverPending(store, POLICY);
    assert.deepEqual([pass.delivered, pass.failed], [1, 1]);
  });

  after(async () => {
    await store.close();
    await receiver.close();
  });

  it('is still sent as stored (the receiver may rely on it)', () => {
    assert.equal(
      receiver.seen[0]!.headers.authorization,
      `Basic ${Buffer.from('relay:s3cret').toString('base64')}`,
    );
  });

  it('rules are listed with the URL as http://***@host/..., never the password, saying how to replace it (API, CLI)', async () => {
    const host = receiver.url.slice(7);
    const note = (id: number) =>
      `the webhook URL carries a user name or password, listed as ***: remove the rule (faultline alerts rules remove ${id}, DELETE /api/v1/alerts/rules/${id}) and add it again with the URL without them; the receiver checks the signature instead (docs/security.md)`;
    const json = await (await api('/api/v1/alerts/rules')).text();
    const csv = await (await api('/api/v1/alerts/rules?format=csv')).text();
    const table = await runCli(store, [registerAlerts], ['alerts', 'rules', 'list']);
    const cliJson = await runCli(store, [registerAlerts], ['alerts', 'rules', 'list', '--format', 'json']);
    for (const text of [json, csv, table.out, table.err, cliJson.out])
      assert.ok(!text.includes('s3cret'), text);
    const { rules } = JSON.parse(json) as { rules: { webhook_url: string; webhook_note: string | null }[] };
    assert.deepEqual(
      rules.map((r) => [r.webhook_url, r.webhook_note]),
      [
        [`http://***@${host}/hook`, note(ids[0]!)],
        ['http://***@127.0.0.1:1/h', note(ids[1]!)],
      ],
    );
    assert.deepEqual(JSON.parse(cliJson.out), JSON.parse(json), 'the CLI prints what the API answers');
    assert.ok(table.err.includes(`rule ${ids[0]}: ${note(ids[0]!)}\n`), table.err);
  });

  it('deliveries are listed with the URL hidden the same way, in their errors too (API, CLI)', async () => {
    const json = await (await api('/api/v1/alerts/deliveries')).text();
    const cli = await runCli(store, [registerAlerts], ['alerts', 'deliveries', '--format', 'json']);
    for (const text of [json, cli.out]) assert.ok(!text.includes('s3cret'), text);
    const { deliveries } = JSON.parse(json) as {
      deliveries: { url: string; last_error: string | null; attempt_log: { error: string | null }[] }[];
    };
    assert.deepEqual(
      deliveries.map((d) => [d.url, d.last_error, d.attempt_log.map((a) => a.error)]),
      [
        [
          'http://***@127.0.0.1:1/h',
          'cannot reach "http://***@127.0.0.1:1/h": ECONNREFUSED',
          ['cannot reach "http://***@127.0.0.1:1/h": ECONNREFUSED'],
        ],
        [`http://***@${receiver.url.slice(7)}/hook`, null, [null]],
      ],
    );
  });
});
