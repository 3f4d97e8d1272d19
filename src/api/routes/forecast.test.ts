import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { bundledApi } from '../../../test/helpers/bundled-api.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { registerForecast } from '../../cli/commands/forecast.ts';
import { useOffloader } from '../../app/offload.ts';
import { sharedComputePool } from '../server.ts';

const { store, get, errorOf } = bundledApi();

describe('GET /api/v1/forecast?format=views', () => {
  it('answers the same bytes as `faultline forecast --format views`, as CSV', async () => {
    const res = await get(
      '/api/v1/forecast?country=PAK&level=country&format=views&draws=40&views_country_id=134&seed=7',
    );
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    assert.equal(
      res.headers.get('content-disposition'),
      'attachment; filename="faultline-forecast-PAK-country-fatalities-views.csv"',
      'the download names its file and what it counts, through the answer cache too',
    );
    // The four columns cannot say what `outcome` counts: the header does, with the sources' versions and the seed.
    assert.equal(
      res.headers.get('x-faultline-forecast'),
      '12 unit-months x 40 draws of nbar-mix from origin 2026-07, seed 7; outcome: deaths per month, best estimate (ucdp-ged 22.1 1989-01 to 2021-12; ucdp-candidate 26.0.6, 26.0.7 2026-01 to 2026-07)',
    );
    const body = await res.text();
    // The CLI computes inline, as it does in its own process (createApi installed the pool in this one).
    useOffloader(null);
    const cli = await runCli(
      store(),
      [registerForecast],
      [
        'forecast',
        '--level',
        'country',
        '--format',
        'views',
        '--draws',
        '40',
        '--views-country-id',
        '134',
        '--seed',
        '7',
      ],
    ).finally(() => useOffloader(sharedComputePool()));
    assert.equal(cli.error, undefined);
    assert.equal(body, cli.out);
    assert.equal(cli.err.split('; skill')[0], `faultline: ${res.headers.get('x-faultline-forecast')}`);
    // The skill goes with the note that its backtest never met the gap before the origin.
    assert.match(
      res.headers.get('x-faultline-skill') ?? '',
      /not covered, so missing \(not zero\): 2022-01 to 2025-12; the skill was measured at backtest origins whose 12 months up to the origin were all covered, but 5 of the 12 months/,
    );
    const lines = body.trim().split('\n');
    assert.equal(lines[0], 'month_id,country_id,draw,outcome');
    assert.equal(lines.length, 1 + 12 * 40);
    assert.match(lines[1]!, /^560,134,0,\d+$/);
  });

  // The admin-1 export of the next test, whose rows the one after reads (one fit, draws and skill
  // backtest of the eight provinces for both: each asked for its own).
  let admin1: { draws: number; body: string } | undefined;

  it('computes on the compute pool, the event loop free meanwhile (before: held for the fit, draws and skill backtest)', async () => {
    const path = '/api/v1/forecast?level=admin1&format=views&draws=20&seed=3';
    const pool = sharedComputePool();
    const before = pool.completed;
    const loop = monitorEventLoopDelay({ resolution: 10 });
    const t0 = performance.now();
    const elu0 = performance.eventLoopUtilization();
    loop.enable();
    const res = await get(path);
    const body = await res.text();
    loop.disable();
    const took = Math.round(performance.now() - t0);
    assert.equal(res.status, 200);
    // On the event loop, the eight provinces' fit and backtest held it for 0.6-1 s in one piece, the
    // loop busy nearly all the export. On the worker it is busy about 5% of it. The share busy is
    // the measure, not the longest timer delay: on a loaded machine an idle loop's timers also fire
    // late (421 ms once at load 10-16 on 2 cores), while time spent waiting counts as idle.
    const busy = performance.eventLoopUtilization(elu0).utilization;
    const stall = Math.round(loop.max / 1e6);
    assert.ok(
      busy < 0.2,
      `the event loop was busy ${Math.round(busy * 100)}% of a ${took} ms export (longest stall ${stall} ms)`,
    );
    assert.equal(pool.completed, before + 1, 'the export ran on a worker');
    assert.match(body, /^month_id,unit,draw,outcome\n/);
    admin1 = { draws: 20, body };
  });

  it('at admin-1 level names the units by their codes, one row per province, month and draw', () => {
    assert.ok(admin1, 'the admin-1 export above answered');
    const lines = admin1.body.trim().split('\n');
    assert.equal(lines[0], 'month_id,unit,draw,outcome');
    const units = new Set(lines.slice(1).map((l) => l.split(',')[1]));
    assert.ok(
      units.has('PK-KP') && units.size === (lines.length - 1) / (12 * admin1.draws),
      [...units].join(' '),
    );
  });

  it('refuses a ViEWS country id at admin-1 level or outside the views format, and bad draws, with 400', async () => {
    let res = await get('/api/v1/forecast?level=admin1&format=views&views_country_id=134');
    assert.equal(res.status, 400);
    assert.equal(await errorOf(res), 'views_country_id needs level=country (ViEWS has no admin-1 units)');
    res = await get('/api/v1/forecast?level=country&views_country_id=134');
    assert.equal(res.status, 400);
    assert.match(await errorOf(res), /^invalid views_country_id: "134" \(only with format=views/);
    res = await get('/api/v1/forecast?level=country&format=views&draws=0');
    assert.equal(res.status, 400);
    assert.match(await errorOf(res), /draws/);
  });
});

describe('GET /api/v1/forecast?across_border=true', () => {
  // The pooling itself is tested in src/app/forecast/panels.test.ts; here the parameter's path, at
  // country level (a cheap backtest), where the answer must say that pooling does not apply.
  it('passes the request on and says when pooling does not apply; refuses bad values and the views format', async () => {
    const res = await get('/api/v1/forecast?level=country&across_border=true&draws=40');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { counts: string; forecasts: { unit: string }[] };
    assert.match(
      body.counts,
      /pooling across the border was asked for, but it applies to admin-1 forecasts of PAK or AFG only\)$/,
    );
    assert.ok(body.forecasts.length > 0 && body.forecasts.every((f) => f.unit === 'PAK'));
    const bad = await get('/api/v1/forecast?level=admin1&across_border=maybe');
    assert.equal(bad.status, 400);
    const views = await get('/api/v1/forecast?level=admin1&across_border=true&format=views');
    assert.equal(views.status, 400);
    assert.match(await errorOf(views), /^invalid across_border: "true" \(not available with format=views/);
  });
});

describe('GET /api/v1/forecast?actor_groups=', () => {
  it('refuses a name every object has (constructor, __proto__) as no group, with 400 (it forecast without covariates)', async () => {
    for (const v of ['constructor', '__proto__', 'ttp,toString']) {
      const res = await get(`/api/v1/forecast?level=country&actor_groups=${v}`);
      assert.equal(res.status, 400, v);
      assert.equal(
        await errorOf(res),
        `invalid actor_groups: "${v}" (use true for ttp, all, or a comma-separated list of ttp, baloch_insurgents, islamic_state, interstate)`,
      );
    }
  });
});
