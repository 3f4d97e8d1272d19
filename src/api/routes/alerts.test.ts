import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { registeredCommand, runCli, type Register } from '../../../test/helpers/in-process-cli.ts';
import { createApiKey } from '../../app/api-keys.ts';
import { evaluateAlerts } from '../../app/alerts/evaluate.ts';
import { addAlertRule, COMMON_FIELDS, KIND_FIELDS, removeAlertRule } from '../../app/alerts/rules.ts';
import { createDeskEvent, submitDeskEvent } from '../../app/desk/desk-workflow.ts';
import type { DeskActor } from '../../domain/desk.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { registerAlerts } from '../../cli/commands/alerts.ts';
import { exitCodeFor, failureLine } from '../../cli/fail.ts';
import { flagOf } from '../../cli/flag-names.ts';
import { registerKeys } from '../../cli/commands/keys.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { createApi } from '../server.ts';

let store: Store;
const keys: Record<'viewer' | 'admin', string> = { viewer: '', admin: '' };
before(async () => {
  store = await createStore({ path: ':memory:' });
  for (const role of ['viewer', 'admin'] as const) keys[role] = (await createApiKey(store, { role })).key;
});
after(() => store.close());

const api = () => createApi({ store, log: () => {}, anonymousRead: false });
const as = (who: 'viewer' | 'admin', init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: {
    ...(init.headers as Record<string, string>),
    'x-api-key': keys[who],
    'content-type': 'application/json',
  },
});
const post = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body) });
const errorOf = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;

describe('alerts over HTTP and the CLI', () => {
  it('CSVs of no rules, no deliveries and no keys have their header row, as the API gives them (they printed nothing)', async () => {
    const rules = await api().app.request('/api/v1/alerts/rules?format=csv', as('admin'));
    const header =
      'id,name,kind,params,pending_evaluations,pending_hours,cooldown_hours,webhook_url,webhook_signed,webhook_note,after_import_id,created_at,removed_at,last_evaluated_at,last_error,last_note\n';
    assert.equal(await rules.text(), header);
    const cli = async (s: Store, register: Register, ...args: string[]) => {
      const r = await runCli(s, [register], [...args, '--format', 'csv']);
      assert.equal(r.error, undefined);
      return r.out;
    };
    assert.equal(await cli(store, registerAlerts, 'alerts', 'rules', 'list'), header);
    // --limit and --offset say the hint every integer parameter says (it said "use a whole number from").
    for (const [flag, v, hint] of [
      ['--limit', 'x', 'use an integer from 1 to 10000'],
      ['--offset', '-1', 'use an integer from 0 to 1000000000'],
    ] as const) {
      const r = await runCli(store, [registerAlerts], ['alerts', 'list', flag, v]);
      assert.equal(failureLine(r.error), `faultline: invalid ${flag}: "${v}" (${hint})\n`);
    }
    assert.equal(
      await cli(store, registerAlerts, 'alerts', 'deliveries'),
      'id,alert_id,rule_id,url,status,attempts,last_http_status,last_error,created_at,finished_at,cancel_reason,attempt_log\n',
    );
    const none = await createStore({ path: ':memory:' });
    try {
      assert.equal(await cli(none, registerKeys, 'keys', 'list'), 'id,name,role,created_at,revoked_at\n');
    } finally {
      await none.close();
    }
    // With keys, the CLI's rows are the API's.
    const listed = await api().app.request('/api/v1/keys?format=csv', as('admin'));
    assert.equal(await cli(store, registerKeys, 'keys', 'list'), await listed.text());
  });

  it('an admin adds a rule and gets its webhook secret once; listings never show it', async () => {
    const res = await api().app.request(
      '/api/v1/alerts/rules',
      as(
        'admin',
        post({
          kind: 'border',
          interstate: true,
          max_border_km: 25,
          include_desk: true,
          webhook_url: 'http://127.0.0.1:9/hook',
        }),
      ),
    );
    assert.equal(res.status, 201);
    const added = (await res.json()) as {
      rule: { id: number; params: unknown; pending_evaluations: number };
      webhook_secret: string;
    };
    assert.match(added.webhook_secret, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(added.rule.params, { interstate: true, max_border_km: 25, include_desk: true });
    assert.equal(added.rule.pending_evaluations, 1);
    const listed = await (await api().app.request('/api/v1/alerts/rules', as('admin'))).text();
    assert.ok(!listed.includes(added.webhook_secret));
    const cli = await runCli(store, [registerAlerts], ['alerts', 'rules', 'list', '--format', 'json']);
    assert.deepEqual(JSON.parse(cli.out), JSON.parse(listed), 'the CLI prints what the API answers');
  });

  it('a viewer reads alerts but may not manage rules (403)', async () => {
    const read = await api().app.request('/api/v1/alerts', as('viewer'));
    assert.equal(read.status, 200);
    const body = (await read.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['alerts', 'conditions', 'note', 'total']);
    const cli = await runCli(store, [registerAlerts], ['alerts', 'list', '--format', 'json']);
    assert.deepEqual(JSON.parse(cli.out), body);
    for (const [path, init] of [
      ['/api/v1/alerts/rules', post({ kind: 'border', interstate: true })],
      ['/api/v1/alerts/rules/1', { method: 'DELETE' }],
      ['/api/v1/alerts/evaluate', { method: 'POST' }],
    ] as const)
      assert.equal((await api().app.request(path, as('viewer', init))).status, 403, path);
  });

  it('bad rules are refused in one line quoting the value (HTTP 400, CLI error)', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'storm' }, 'invalid kind: "storm" (use surge, forecast, relations, border or desk_review)'],
      // A kind sent empty or blank is said to be empty, as the CLI says of --kind "" (it was answered
      // as a mistyped kind, and the CLI said to leave out the flag it requires).
      [
        { kind: '' },
        'invalid kind: "" (empty: a rule needs a kind; use surge, forecast, relations, border or desk_review)',
      ],
      [
        { kind: ' ' },
        'invalid kind: " " (empty: a rule needs a kind; use surge, forecast, relations, border or desk_review)',
      ],
      // A body without a kind (it said `invalid kind: ""`, as if one were sent empty).
      [
        { admin1: 'PK-BA' },
        'missing parameter: kind (use surge, forecast, relations, border or desk_review)',
      ],
      [
        { kind: 'border' },
        'a border rule needs interstate=true, max_border_km (kilometres from the Afghanistan-Pakistan border), or both',
      ],
      [
        { kind: 'border', interstate: 'maybe' },
        'invalid interstate: "maybe" (use true, false, yes, no, 1 or 0)',
      ],
      [
        { kind: 'relations', a: 'PAK', b: 'XX' },
        'invalid b: "XX" (use an ISO 3166-1 alpha-3 code such as PAK)',
      ],
      [{ kind: 'surge', admin1: 'Atlantis' }, 'unknown admin1: "Atlantis" (nearest: none loaded)'],
      [
        { kind: 'surge', actor: 'ttp', include_desk: 'often' },
        'invalid include_desk: "often" (use true, false, yes, no, 1 or 0)',
      ],
      [
        { kind: 'surge' },
        'a surge rule needs admin1 (a province), admin2 (a district) or actor (an actor or group); see docs/alerts.md',
      ],
      [
        { kind: 'border', interstate: true, webhook_url: 'ftp://x' },
        'invalid webhook_url: "ftp://x" (use an http:// or https:// URL)',
      ],
      // The server would POST to the cloud's metadata endpoint, or to this host's unspecified address.
      [
        { kind: 'border', interstate: true, webhook_url: 'http://169.254.169.254/latest/meta-data' },
        'invalid webhook_url: "http://169.254.169.254/latest/meta-data" (169.254.169.254 is a link-local address, where clouds serve instance metadata: webhooks may not reach link-local or unspecified addresses; see docs/security.md)',
      ],
      [
        { kind: 'border', interstate: true, webhook_url: 'http://[fe80::1]:8080/hook' },
        'invalid webhook_url: "http://[fe80::1]:8080/hook" (fe80::1 is a link-local address: webhooks may not reach link-local or unspecified addresses; see docs/security.md)',
      ],
      [
        { kind: 'border', interstate: true, webhook_url: 'http://0.0.0.0:8080/hook' },
        'invalid webhook_url: "http://0.0.0.0:8080/hook" (0.0.0.0 is an unspecified address, which reaches this host: webhooks may not reach link-local or unspecified addresses; see docs/security.md)',
      ],
      // A password in the URL would be listed with the rule and each delivery; it is not quoted back.
      [
        { kind: 'border', interstate: true, webhook_url: 'https://relay:s3cret@hooks.example.org/h?x=1' },
        'invalid webhook_url: "https://***@hooks.example.org/h?x=1" (a webhook URL may not carry a user name or password, which would be listed with the rule and its deliveries: the receiver checks the signature instead; see docs/security.md)',
      ],
      [
        { kind: 'border', interstate: true, webhook_url: 'http://token@127.0.0.1:8080/hook' },
        'invalid webhook_url: "http://***@127.0.0.1:8080/hook" (a webhook URL may not carry a user name or password, which would be listed with the rule and its deliveries: the receiver checks the signature instead; see docs/security.md)',
      ],
      // A line break or an escape sequence in a name reached every listing and terminal as it was.
      [
        { kind: 'border', interstate: true, name: 'border\n\u001b[31mwatch' },
        'invalid name: "border\\x0a\\x1b[31mwatch" (use at most 200 printable characters)',
      ],
      // It was stored, and every evaluation after failed with "no province boundaries for FRA".
      [
        { kind: 'forecast', country: 'FRA' },
        'invalid country: "FRA" (faultline places events in provinces of AFG and PAK only, so a forecast rule on FRA needs level country)',
      ],
      [
        { kind: 'border', interstate: true, cooldown_hours: '-1' },
        'invalid cooldown_hours: "-1" (use a number from 0 to 8760)',
      ],
      // It said "invalid hours: give text, a number or true/false", quoting nothing.
      [{ kind: 'desk_review', hours: null }, 'invalid hours: null (give text, a number or true/false)'],
      // Text in range with an exponent is not called out of range (it said "use a number from 0 to 8760").
      [
        { kind: 'desk_review', hours: '1e-9' },
        'invalid hours: "1e-9" (use a number from 0 to 8760, written in plain digits such as 0.5, not with an exponent)',
      ],
      // It was stored, and every evaluation after failed with "invalid lookback: 10".
      [
        { kind: 'surge', actor: 'ttp', lookbacks: '365,10' },
        'invalid lookbacks: "10" (each at least window_days, 30: an earlier window must not overlap the latest)',
      ],
      // As sent (it said "7").
      [
        { kind: 'surge', actor: 'ttp', lookbacks: '365,007' },
        'invalid lookbacks: "007" (each at least window_days, 30: an earlier window must not overlap the latest)',
      ],
      // An empty or blank field is refused, as the CLI refuses an empty flag: it was read as left out
      // (a 30-day rule, a rule that calls no webhook, one of the default 24 hours).
      [
        { kind: 'surge', actor: 'ttp', window_days: '' },
        'invalid window_days: "" (give a value, or leave the field out)',
      ],
      [
        { kind: 'border', interstate: true, webhook_url: ' ' },
        'invalid webhook_url: " " (give a value, or leave the field out)',
      ],
      [{ kind: 'desk_review', hours: '' }, 'invalid hours: "" (give a value, or leave the field out)'],
      [
        { kind: 'border', interstate: true, window_days: 3 },
        'invalid field for a border rule: "window_days" (use name, pending_evaluations, pending_hours, cooldown_hours, webhook_url, webhook_secret, interstate, max_border_km or include_desk)',
      ],
    ];
    for (const [rule, message] of cases) {
      const res = await api().app.request('/api/v1/alerts/rules', as('admin', post(rule)));
      assert.equal(res.status, 400, JSON.stringify(rule));
      assert.equal(await errorOf(res), message);
    }
    // The CLI names the flags that fix each (it named the API's fields: "needs interstate=true, max_border_km").
    for (const [flags, message] of [
      [
        ['--kind', 'border', '--max-border-km', 'far'],
        'invalid --max-border-km: "far" (use a number from 0.1 to 1000)',
      ],
      [
        ['--kind', 'border'],
        'a border rule needs --interstate, --max-border-km (kilometres from the Afghanistan-Pakistan border), or both',
      ],
      [
        ['--kind', 'surge', '--window-days', '7'],
        'a surge rule needs --admin1 (a province), --admin2 (a district) or --actor (an actor or group); see docs/alerts.md',
      ],
      [
        ['--kind', 'surge', '--actor', 'ttp', '--window-days', '40', '--lookbacks', '365,030'],
        'invalid --lookbacks: "030" (each at least --window, 40: an earlier window must not overlap the latest)',
      ],
      // The window is --window, as in `faultline signals`; --window-days, its earlier name, still sets it.
      [
        ['--kind', 'surge', '--actor', 'ttp', '--window', '0'],
        'invalid --window: "0" (use an integer from 1 to 365)',
      ],
      [
        ['--kind', 'surge', '--actor', 'ttp', '--window-days', '400'],
        'invalid --window: "400" (use an integer from 1 to 365)',
      ],
      // A filter refusal names the flag too (it said `unknown admin1`).
      [['--kind', 'surge', '--admin1', 'PK-XX'], 'unknown --admin1: "PK-XX" (nearest: none loaded)'],
      [
        ['--kind', 'border', '--interstate', '--window-days', '3'],
        'invalid field for a border rule: "--window" (use --name, --pending-evaluations, --pending-hours, --cooldown-hours, --webhook-url, --webhook-secret, --interstate, --max-border-km or --include-desk)',
      ],
      [['--kind', 'desk_review', '--webhook-secret', 'x'.repeat(20)], '--webhook-secret needs --webhook-url'],
      // An empty --kind is said to be empty, with the kinds, as the API says of "kind": "" (it said to
      // leave out the flag, which is required).
      [
        ['--kind', ''],
        'invalid --kind: "" (empty: a rule needs a kind; use surge, forecast, relations, border or desk_review)',
      ],
      // An empty flag is refused, not read as left out (a rule of the default window, or without its webhook).
      [['--kind', 'desk_review', '--hours', ''], 'invalid --hours: "" (give a value, or leave the flag out)'],
      [
        ['--kind', 'forecast', '--country', 'irn'],
        'invalid --country: "IRN" (faultline places events in provinces of AFG and PAK only, so a forecast rule on IRN needs --level country)',
      ],
      [
        ['--kind', 'desk_review', '--webhook-url', 'http://u:p@127.0.0.1/hook'],
        'invalid --webhook-url: "http://***@127.0.0.1/hook" (a webhook URL may not carry a user name or password, which would be listed with the rule and its deliveries: the receiver checks the signature instead; see docs/security.md)',
      ],
      [
        ['--kind', 'desk_review', '--webhook-url', ' '],
        'invalid --webhook-url: " " (give a value, or leave the flag out)',
      ],
      [
        ['--kind', 'surge', '--admin1', 'PK-KP', '--window', ''],
        'invalid --window: "" (give a value, or leave the flag out)',
      ],
    ] as const) {
      const cli = await runCli(store, [registerAlerts], ['alerts', 'rules', 'add', ...flags]);
      assert.equal(failureLine(cli.error), `faultline: ${message}\n`, flags.join(' '));
    }
    // Every field a rule takes is set by the flag refusals name, shown in --help.
    const add = registeredCommand(store, [registerAlerts], ['alerts', 'rules', 'add']);
    const flags = new Set(add.options.filter((o) => !o.hidden).map((o) => o.long));
    for (const field of new Set([...COMMON_FIELDS, ...Object.values(KIND_FIELDS).flat()]))
      assert.ok(flags.has(flagOf(field)), field);
    assert.doesNotMatch(add.helpInformation(), /--window-days/);
    // A JSON number is the number it is: 1e-9 hours lies in 0 to 8760 (it was refused as out of range).
    const tiny = await api().app.request(
      '/api/v1/alerts/rules',
      as('admin', post({ kind: 'desk_review', hours: 1e-9 })),
    );
    assert.equal(tiny.status, 201, await tiny.clone().text());
    const { rule } = (await tiny.json()) as { rule: { id: number; params: unknown } };
    assert.deepEqual(rule.params, { hours: 1e-9, states: ['submitted'] });
    await api().app.request(`/api/v1/alerts/rules/${rule.id}`, as('admin', { method: 'DELETE' }));
    const missing = await api().app.request('/api/v1/alerts/rules/4242', as('admin', { method: 'DELETE' }));
    assert.equal(missing.status, 404);
    assert.equal(await errorOf(missing), 'no alert rule "4242" (see alerts rules list)');
    // Alerts of a rule that does not exist are not found (it listed none, as for a quiet rule); a
    // removed rule's stay listed, and a desk review rule is not found to a viewer, who may not see it.
    const noRule = await api().app.request('/api/v1/alerts?rule=4242', as('admin'));
    assert.deepEqual(
      [noRule.status, await errorOf(noRule)],
      [404, 'no alert rule "4242" (see alerts rules list)'],
    );
    assert.equal((await api().app.request(`/api/v1/alerts?rule=${rule.id}`, as('admin'))).status, 200);
    // Deliveries of an alert that does not exist are not found too (they listed none, as for an alert
    // whose webhook was never called); the CLI's error is the same not found (exit 3).
    const noAlert = await api().app.request('/api/v1/alerts/deliveries?alert=10000', as('admin'));
    assert.deepEqual([noAlert.status, await errorOf(noAlert)], [404, 'no alert "10000" (see alerts list)']);
    const cliNoAlert = await runCli(store, [registerAlerts], ['alerts', 'deliveries', '--alert', '10000']);
    assert.ok(cliNoAlert.error instanceof NotFoundError);
    assert.equal(cliNoAlert.error.message, 'no alert "10000" (see alerts list)');
    const hidden = await api().app.request(`/api/v1/alerts?rule=${rule.id}`, as('viewer'));
    assert.deepEqual(
      [hidden.status, await errorOf(hidden)],
      [404, `no alert rule "${rule.id}" (see alerts rules list)`],
    );
    // A surge rule takes --include-desk as a border rule does (stored as include_desk, default false).
    const surges = [];
    for (const flags of [['--include-desk'], []]) {
      const r = await runCli(
        store,
        [registerAlerts],
        ['alerts', 'rules', 'add', '--kind', 'surge', '--actor', 'ttp', ...flags, '--format', 'json'],
      );
      surges.push((JSON.parse(r.out) as { rule: { id: number; params: { include_desk: boolean } } }).rule);
    }
    assert.deepEqual(
      surges.map((r) => r.params.include_desk),
      [true, false],
    );
    for (const r of surges) await removeAlertRule(store, r.id);
    // Removing one through the CLI, as JSON: what DELETE answers.
    const added = await runCli(
      store,
      [registerAlerts],
      ['alerts', 'rules', 'add', '--kind', 'border', '--interstate', '--format', 'json'],
    );
    const id = (JSON.parse(added.out) as { rule: { id: number } }).rule.id;
    const removed = await runCli(
      store,
      [registerAlerts],
      ['alerts', 'rules', 'remove', String(id), '--format', 'json'],
    );
    const deleted = await api().app.request(`/api/v1/alerts/rules/${id}`, as('admin', { method: 'DELETE' }));
    assert.deepEqual(
      [JSON.parse(removed.out), deleted.status],
      [{ removed: id, cancelled_deliveries: 0 }, 404],
    );
  });

  it("a field that is a long list, one nested thousands deep or a number past JSON's range is refused in one line, not a 500", async () => {
    // Writing the deep one back into the message overflowed the stack; the long one was cut without a word.
    const deep = `{"kind": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    const res = await api().app.request('/api/v1/alerts/rules', as('admin', { method: 'POST', body: deep }));
    assert.deepEqual(
      [res.status, await errorOf(res)],
      [
        400,
        `invalid kind: ${'['.repeat(200)}... (nested too deep to write whole, cut) (give text, a number or true/false)`,
      ],
    );
    const long = await api().app.request(
      '/api/v1/alerts/rules',
      as('admin', post({ kind: Array(300).fill(1) })),
    );
    assert.deepEqual(
      [long.status, await errorOf(long)],
      [
        400,
        `invalid kind: ${JSON.stringify(Array(300).fill(1)).slice(0, 200)}... (601 characters, cut) (give text, a number or true/false)`,
      ],
    );
    // A number JSON reads as infinite is a number, not a null (it said `invalid window_days: null (give
    // text, a number or true/false)`).
    const huge = await api().app.request(
      '/api/v1/alerts/rules',
      as('admin', { method: 'POST', body: '{"kind": "surge", "actor": "ttp", "window_days": -1e400}' }),
    );
    assert.deepEqual(
      [huge.status, await errorOf(huge)],
      [
        400,
        "invalid window_days: a number beyond ±1.8e308, which JSON reads as -Infinity (give one in the field's range)",
      ],
    );
  });

  it("a rule's fixed choices match in any case and are stored in their listed form (API and CLI)", async () => {
    // true/false and states were matched exactly: "interstate": "True" and --states Verified were refused.
    const cases: [Record<string, unknown>, string, Record<string, unknown>][] = [
      [
        { kind: 'Border', interstate: 'TRUE', include_desk: 'False' },
        'border',
        { interstate: true, max_border_km: null, include_desk: false },
      ],
      [
        { kind: 'desk_review', hours: 1, states: 'Verified, SUBMITTED,verified' },
        'desk_review',
        { hours: 1, states: ['verified', 'submitted'] },
      ],
      [
        { kind: 'surge', actor: 'ttp', metric: 'Events', include_desk: 'True' },
        'surge',
        {
          filter: { actor: 'ttp' },
          metric: 'events',
          window_days: 30,
          min_total: 10,
          lookbacks: [365, 1095],
          include_desk: true,
        },
      ],
      [
        { kind: 'FORECAST', level: 'Country', metric: 'Events', source: 'UCDP-GED' },
        'forecast',
        { country: 'PAK', level: 'country', metric: 'events', source: 'ucdp-ged', draws: 500 },
      ],
    ];
    for (const [body, kind, params] of cases) {
      const res = await api().app.request('/api/v1/alerts/rules', as('admin', post(body)));
      assert.equal(res.status, 201, await res.clone().text());
      const { rule } = (await res.json()) as { rule: { id: number; kind: string; params: unknown } };
      assert.deepEqual([rule.kind, rule.params], [kind, params], JSON.stringify(body));
      await removeAlertRule(store, rule.id);
    }
    const cli = await runCli(
      store,
      [registerAlerts],
      ['alerts', 'rules', 'add', '--kind', 'Desk_Review', '--states', 'Verified', '--format', 'JSON'],
    );
    const { rule } = JSON.parse(cli.out) as { rule: { id: number; kind: string; params: unknown } };
    assert.deepEqual([rule.kind, rule.params], ['desk_review', { hours: 24, states: ['verified'] }]);
    await removeAlertRule(store, rule.id);
    const refused = await api().app.request(
      '/api/v1/alerts/rules',
      as('admin', post({ kind: 'desk_review', states: 'verified,Draft' })),
    );
    assert.equal(await errorOf(refused), 'invalid states: "Draft" (use submitted, verified or both)');
  });

  it('an evaluation takes no body: one sent is refused (400), not ignored', async () => {
    const res = await api().app.request(
      '/api/v1/alerts/evaluate',
      as('admin', { method: 'POST', body: '{"rule": 1}' }),
    );
    assert.deepEqual(
      [res.status, await errorOf(res)],
      [
        400,
        'invalid body: "{\\"rule\\": 1}" (this route takes none: it evaluates every rule as stored; change a rule with DELETE and POST /api/v1/alerts/rules)',
      ],
    );
  });

  it('an evaluation reports every rule, and the border rule finds no new event when nothing was imported', async () => {
    const res = await api().app.request('/api/v1/alerts/evaluate', as('admin', { method: 'POST' }));
    assert.equal(res.status, 200);
    const run = (await res.json()) as {
      trigger: string;
      rules: { kind: string; holding: number; error: string | null }[];
    };
    assert.equal(run.trigger, 'manual');
    assert.deepEqual(
      run.rules.map((r) => [r.kind, r.holding, r.error]),
      [['border', 0, null]],
    );
    // alerts evaluate takes csv, and its --help says so (it said "table or json").
    const csv = await runCli(store, [registerAlerts], ['alerts', 'evaluate', '--format', 'csv']);
    assert.match(csv.out, /^rule_id,name,kind,holding,pending,fired,suppressed,error,note\n/);
    const evaluate = registeredCommand(store, [registerAlerts], ['alerts', 'evaluate']);
    assert.match(evaluate.helpInformation(), /--format <format> +table, csv, json or ndjson/);
  });
});

describe('faultline alerts evaluate with a rule that fails', () => {
  it("evaluates and reports every rule, then exits with the failed rule's code (it exited 0)", async () => {
    const own = await createStore({ path: ':memory:' });
    try {
      // A forecast rule on a store with no events fails (not found); the border rule is still evaluated.
      const forecast = (await addAlertRule(own, { kind: 'forecast', country: 'PAK' })).rule.id;
      await addAlertRule(own, { kind: 'border', interstate: true });
      for (const format of ['table', 'json']) {
        const r = await runCli(own, [registerAlerts], ['alerts', 'evaluate', '--format', format]);
        const reported =
          format === 'json' ? (JSON.parse(r.out) as { rules: unknown[] }).rules : r.out.split('\n');
        assert.ok(reported.length >= 2, r.out);
        assert.match(r.out, /border/);
        assert.equal(exitCodeFor(r.error), 3, format);
        assert.match(
          failureLine(r.error),
          new RegExp(
            `^faultline: 1 of 2 alert rules failed to evaluate \\(rule ${forecast}: no ucdp-ged or ucdp-candidate events for PAK .*\\); the others were evaluated, and every rule is reported above\\n$`,
          ),
        );
      }
    } finally {
      await own.close();
    }
  });
});

describe('desk review alerts over HTTP', () => {
  let deskStore: Store;
  const deskKeys: Record<'viewer' | 'analyst', string> = { viewer: '', analyst: '' };
  // A desk review rule, a synthetic draft submitted and left waiting, and one other alert (border).
  before(async () => {
    deskStore = await createStore({ path: ':memory:' });
    for (const role of ['viewer', 'analyst'] as const)
      deskKeys[role] = (await createApiKey(deskStore, { role })).key;
    await addAlertRule(deskStore, { kind: 'desk_review', hours: '0', pending_evaluations: '1' });
    const analyst: DeskActor = { id: 'an', name: null, role: 'analyst' };
    const d = await createDeskEvent(
      deskStore,
      {
        headline: 'UNVERIFIED: synthetic report of two killed',
        date_start: '2026-11-30',
        country: 'PAK',
        common_type: 'battle',
        citations: [
          {
            url: 'https://news.example.org/synthetic/9',
            outlet: 'Synthetic Wire',
            published_at: '2026-11-30',
            quote: 'synthetic',
          },
        ],
      },
      analyst,
    );
    await submitDeskEvent(deskStore, d.id, analyst);
    await evaluateAlerts(deskStore, { trigger: 'manual', now: new Date(Date.now() + 3_600_000) });
  });
  after(() => deskStore.close());

  const list = async (key: string | null, anonymousRead = true, path = '/api/v1/alerts') => {
    const res = await createApi({ store: deskStore, log: () => {}, anonymousRead }).app.request(path, {
      headers: key ? { 'x-api-key': key } : {},
    });
    assert.equal(res.status, 200, await res.clone().text());
    return res.text();
  };

  it('anonymous and viewer callers never see desk review alerts or their conditions; analysts do', async () => {
    const analystView = JSON.parse(await list(deskKeys.analyst)) as { total: number; conditions: unknown[] };
    assert.equal(analystView.total, 1);
    assert.equal(analystView.conditions.length, 1);
    assert.match(JSON.stringify(analystView), /UNVERIFIED/);
    for (const key of [null, deskKeys.viewer]) {
      const text = await list(key);
      assert.doesNotMatch(text, /UNVERIFIED|desk event/, text);
      assert.deepEqual(JSON.parse(text), { alerts: [], total: 0, conditions: [], note: null });
      assert.doesNotMatch(await list(key, true, '/api/v1/alerts?format=csv'), /UNVERIFIED/);
    }
  });

  it('a CSV of alerts has its header with no row, and a cut page says its total in headers', async () => {
    // No alert the anonymous caller may see: the header row alone (it was one empty line).
    const header =
      'id,rule_id,rule_name,kind,key,state,reason,title,detail,trigger,at,last_seen_at,seen,cleared_at\n';
    assert.equal(await list(null, true, '/api/v1/alerts?format=csv'), header);
    // So does `alerts list --format csv` (it printed nothing), and its rows are the API's.
    const none = await runCli(
      deskStore,
      [registerAlerts],
      ['alerts', 'list', '--state', 'suppressed', '--format', 'csv'],
    );
    assert.equal(none.out, header);
    const cli = await runCli(deskStore, [registerAlerts], ['alerts', 'list', '--format', 'csv']);
    assert.equal(cli.out, await list(deskKeys.analyst, true, '/api/v1/alerts?format=csv'));
    const res = await createApi({ store: deskStore, log: () => {}, anonymousRead: true }).app.request(
      '/api/v1/alerts?format=csv&limit=1',
      { headers: { 'x-api-key': deskKeys.analyst } },
    );
    const total = (JSON.parse(await list(deskKeys.analyst)) as { total: number }).total;
    assert.equal(res.headers.get('x-faultline-total'), String(total));
    assert.equal(res.headers.get('x-faultline-rows'), String(Math.min(1, total)));
    assert.equal((await res.text()).trim().split('\n').length, 1 + Math.min(1, total));
  });
});
