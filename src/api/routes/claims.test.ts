import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { BUNDLED_FILES } from '../../app/bundled-data.ts';
import { buildBriefing } from '../../app/briefing/build-briefing.ts';
import { createEventPlacer } from '../../app/geography.ts';
import { importFile } from '../../app/import-dataset.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { createApi } from '../server.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { gedStoreCopy } from '../../../test/helpers/bundled-store.ts';
import { closeDiscarded } from '../../../test/helpers/discard-store.ts';
import { registerClaims } from '../../cli/commands/claims.ts';

let store: Store;
before(async () => {
  // The bundled GED file placed (a copy of the run's one store of it), then the published statistics.
  store = await createStore({ path: await gedStoreCopy({ placed: true }) });
  await importFile(store, BUNDLED_FILES[3]!, { place: await createEventPlacer(store) });
});
// The copy is thrown away: closed without DuckDB's checkpoint (discard-store.ts).
after(() => closeDiscarded(store));

describe('claims and briefings over HTTP', () => {
  it('POST /api/v1/claims/check gives the same verdict as the checker: nearly 3,000 casualties in 2023 is partly supported', async () => {
    // As src/api/server.test.ts: a loaded test machine must not turn the first request (worker start) into a 503.
    const api = createApi({ store, log: () => {}, queryTimeoutMs: 120_000 });
    const yaml =
      'claims:\n  - id: casualties-2023\n    text: nearly 3,000 casualties in 2023\n    metric: casualties\n    geography: { country: PAK }\n    period: "2023"\n    comparator: { kind: nearly, value: 3000 }\n';
    const res = await api.app.request('/api/v1/claims/check', { method: 'POST', body: yaml });
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      file: Record<string, string>;
      results: { id: string; verdict: string; evidence: unknown[] }[];
    };
    // A body has no file name: the answer gives none.
    assert.deepEqual(Object.keys(body.file), ['sha256']);
    assert.equal(body.results[0]?.verdict, 'partly_supported');
    assert.ok(body.results[0]!.evidence.length >= 3);
  });

  it('a malformed claim file is a 400 with one line, never a 500', async () => {
    const api = createApi({ store, log: () => {}, queryTimeoutMs: 120_000 });
    const res = await api.app.request('/api/v1/claims/check', { method: 'POST', body: 'claims: [ {id: x' });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.ok(!body.error.message.includes('\n'));
    // The body is the only file: it is not named (it said `invalid claim file request: ...`).
    assert.match(body.error.message, /^invalid claim file: /);
  });

  it('POST /api/v1/claims/extract drafts claims from prose as the CLI does; the claim file, once confirmed, is checked', async () => {
    const api = createApi({ store, log: () => {}, queryTimeoutMs: 120_000 });
    const prose =
      'In 2021, TTP attacks killed over 200 people in Pakistan. The weather in Quetta was mild that year.';
    const res = await api.app.request('/api/v1/claims/extract', { method: 'POST', body: prose });
    assert.equal(res.status, 200);
    const body = (await res.json()) as {
      source: string;
      claims: { id: string; status: string }[];
      skipped: unknown[];
      claim_file: string;
    };
    const cli = await runCli(store, [registerClaims], ['claims', 'extract', prose, '--format', 'json']);
    assert.deepEqual(
      { ...body, source: 'text', claim_file: body.claim_file.replace('from request.', 'from text.') },
      JSON.parse(cli.out),
    );
    assert.deepEqual(
      body.claims.map((c) => [c.id, c.status]),
      [['deaths-2021', 'draft']],
    );
    assert.equal(body.skipped.length, 1);
    // Drafts are not checked; confirmed, the same file is.
    const check = async (file: string) =>
      (
        (await (await api.app.request('/api/v1/claims/check', { method: 'POST', body: file })).json()) as {
          results: { verdict: string }[];
        }
      ).results[0]!.verdict;
    assert.equal(await check(body.claim_file), 'not_checkable');
    assert.notEqual(
      await check(body.claim_file.replace('status: draft', 'status: confirmed')),
      'not_checkable',
    );
    for (const [text, message] of [
      ['  ', 'invalid body: send the text to draft claims from'],
      [
        'a'.repeat(64 * 1024 + 1),
        'invalid body: text over 65536 bytes (send the paragraphs with the claims)',
      ],
    ]) {
      const bad = await api.app.request('/api/v1/claims/extract', { method: 'POST', body: text });
      assert.deepEqual(
        [bad.status, ((await bad.json()) as { error: { message: string } }).error.message],
        [400, message],
      );
    }
  });

  it('the bundled essay example is checked claim by claim', async () => {
    const api = createApi({ store, log: () => {}, queryTimeoutMs: 120_000 });
    const body = (await (await api.app.request('/api/v1/claims/examples/ttp-essay')).json()) as {
      results: { verdict: string }[];
    };
    assert.ok(body.results.length >= 5);
    assert.ok(
      body.results.every((r) =>
        ['supported', 'partly_supported', 'contradicted', 'not_checkable'].includes(r.verdict),
      ),
    );
    assert.equal((await api.app.request('/api/v1/claims/examples/nope')).status, 400);
  });

  it('GET /api/v1/briefing returns the same briefing data as the use case, and renders HTML on request', async () => {
    const api = createApi({ store, log: () => {}, queryTimeoutMs: 120_000 });
    const body = (await (await api.app.request('/api/v1/briefing?period=2021-Q4&country=PAK')).json()) as {
      id: string;
      key_figures: unknown;
    };
    const direct = await buildBriefing(store, { period: '2021-Q4', filter: { country: ['PAK'] } });
    assert.equal(body.id, direct.id);
    assert.deepEqual(body.key_figures, JSON.parse(JSON.stringify(direct.key_figures)));
    const html = await api.app.request('/api/v1/briefing?period=2021-Q4&country=PAK&render=html');
    assert.match(html.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await html.text(), /<html/);
    assert.equal((await api.app.request('/api/v1/briefing?period=2021-13&country=PAK')).status, 400);
    // No period: the latest quarter the loaded sources cover whole (GED 22.1 ends in 2021), said so;
    // the same briefing as that period given (it was a 400 here, and a fixed 2021-Q4 in the dashboard).
    const latest = (await (await api.app.request('/api/v1/briefing?country=PAK')).json()) as {
      id: string;
      period: { key: string };
      period_note: string | null;
    };
    assert.equal(latest.period.key, '2021-Q4');
    assert.equal(latest.id, body.id);
    assert.equal(
      latest.period_note,
      '2021-Q4: no period was given, so the briefing is of the latest quarter the loaded sources cover whole',
    );
    assert.equal(direct.period_note, null);
    // An ISO week, in any case, is a briefing period too: its chart week by week.
    const week = (await (await api.app.request('/api/v1/briefing?period=2021-w40&country=PAK')).json()) as {
      period: { key: string };
      weekly: { points: { week: string; in_period: boolean }[] };
    };
    assert.equal(week.period.key, '2021-W40');
    assert.deepEqual(
      week.weekly.points.filter((p) => p.in_period).map((p) => p.week),
      ['2021-W40'],
    );
  });

  it('a briefing with forecast=true carries the outlook only together with its backtest skill', async () => {
    // The forecast now really stops at the time limit (10 s by default): a loaded machine needs more.
    const api = createApi({ store, log: () => {}, queryTimeoutMs: 120_000 });
    const body = (await (
      await api.app.request('/api/v1/briefing?period=2021-Q4&country=PAK&forecast=true')
    ).json()) as {
      forecast: {
        origin: string;
        rows: { unit: string }[];
        skill: { crps_ratio: number; ign_diff: number; coverage90: number };
      };
    };
    assert.equal(body.forecast.origin, '2021-12');
    assert.ok(body.forecast.rows.length > 0 && body.forecast.rows.every((r) => r.unit.startsWith('PK-')));
    assert.equal(typeof body.forecast.skill.crps_ratio, 'number');
    const md = await (
      await api.app.request('/api/v1/briefing?period=2021-Q4&country=PAK&forecast=true&render=markdown')
    ).text();
    assert.match(md, /## Outlook \(forecast with its skill\)[\s\S]*CRPS [\d.]+× the best baseline/);
    // The skill names how many origins it rests on (the live backtest scores the Decembers 2014-2020).
    assert.match(md, /rolling-origin backtests \(7 origins, 2014-12–2020-12, horizons 1–12\)/);
    // With how sure the skill is: the bootstrap intervals the forecast answer carries.
    assert.match(
      md,
      /How sure these are, [^:]*: CRPS ratio [\d.]+ to [\d.]+, coverage [\d.]+% to [\d.]+% \(central 90%\)/,
    );
  });

  it('a YAML number that is no finite number (.inf, .nan, 1e400) is quoted as itself, not as null', async () => {
    const api = createApi({ store, log: () => {} });
    for (const [value, shown] of [
      ['.inf', 'Infinity'],
      ['-.inf', '-Infinity'],
      ['.nan', 'NaN'],
      ['1e400', 'Infinity'],
    ]) {
      const file = `claims:\n  - id: c1\n    text: t\n    metric: deaths\n    geography: { country: PAK }\n    period: "2021"\n    comparator: { kind: at_least, value: ${value} }\n`;
      const res = await api.app.request('/api/v1/claims/check', { method: 'POST', body: file });
      assert.deepEqual(
        [res.status, ((await res.json()) as { error: { message: string } }).error.message],
        [400, `invalid claim file: claims.0.comparator.value: expected a finite number, got ${shown}`],
        value,
      );
    }
  });

  it('a claim file the YAML parser refuses says which line, quoted (it said "Map keys must be unique" and no more)', async () => {
    const api = createApi({ store, log: () => {} });
    for (const [file, message] of [
      ['claims:\n  - id: c1\n    id: c2\n', 'Map keys must be unique (line 3: "    id: c2")'],
      ['claims:\n\t- id: c1\n', 'Tabs are not allowed as indentation (line 2: "\\x09- id: c1")'],
      [
        'claims: [1, 2\n',
        'Flow sequence in block collection must be sufficiently indented and end with a ] (at the end of the file)',
      ],
    ]) {
      const res = await api.app.request('/api/v1/claims/check', { method: 'POST', body: file });
      assert.deepEqual(
        [res.status, ((await res.json()) as { error: { message: string } }).error.message],
        [400, `invalid claim file: ${message}`],
        file,
      );
    }
  });

  it('a claim file sent with an invisible character in a filter value is a 400 naming the field and line, as the CLI says it', async () => {
    const api = createApi({ store, log: () => {} });
    const file =
      'claims:\n  - id: c1\n    text: t\n    metric: deaths\n    geography: { country: PAK, admin1: "Khyber\u200b Pakhtunkhwa" }\n    period: "2021"\n    comparator: { kind: at_least, value: 5 }\n';
    const res = await api.app.request('/api/v1/claims/check', { method: 'POST', body: file });
    assert.deepEqual(
      [res.status, ((await res.json()) as { error: { message: string } }).error.message],
      [
        400,
        'invalid claim file: claims.0.geography.admin1 (line 5): "Khyber\\u200b Pakhtunkhwa" (holds an invisible character, U+200B: give the value without it)',
      ],
    );
  });

  // Last: the time limit stops the check by ending the compute pool's worker running it, and the
  // tests above would each wait for a new worker to start.
  it('a claim check past the time limit says what to do about a claim file, not "narrow the period or filters"', async () => {
    const api = createApi({ store, log: () => {}, queryTimeoutMs: 1 });
    const yaml =
      'claims:\n  - id: casualties-2023\n    text: nearly 3,000 casualties in 2023\n    metric: casualties\n    geography: { country: PAK }\n    period: "2023"\n    comparator: { kind: nearly, value: 3000 }\n';
    const res = await api.app.request('/api/v1/claims/check', { method: 'POST', body: yaml });
    assert.equal(res.status, 503);
    assert.deepEqual(await res.json(), {
      error: {
        code: 'query_timeout',
        message:
          'query timed out after 1 ms; check fewer claims at once, or run `faultline claims check FILE`, which has no time limit',
      },
    });
  });
});
