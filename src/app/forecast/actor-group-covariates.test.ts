import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bundledApi } from '../../../test/helpers/bundled-api.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { ACTOR_GROUP_COVARIATES } from '../../analytics/forecast/actor-groups.ts';
import { buildGedPanels, readGedEvents } from '../../analytics/forecast/ged-panel.ts';
import type { Series } from '../../analytics/forecast/types.ts';
import { registerForecast } from '../../cli/commands/forecast.ts';
import { exitCodeFor, failureLine } from '../../cli/fail.ts';
import type { ForecastAnswer } from '../answers.ts';
import { parseActorGroups } from './actor-group-covariates.ts';
import { buildPanel } from './panels.ts';

const { store, get, errorOf } = bundledApi();

/** Cells (unit month) where the live series and the GED series differ, in totals or in one covariate. */
function differing(live: Series[], ged: Series[], what: 'total' | string): string[] {
  const out: string[] = [];
  for (const g of ged) {
    const l = live.find((s) => s.unit === g.unit)!;
    assert.ok(l, `the live panel has ${g.unit}`);
    g.months.forEach((m, i) => {
      const j = l.months.indexOf(m);
      assert.ok(j >= 0, `the live panel covers ${m}`);
      const [a, b] =
        what === 'total' ? [l.values[j], g.values[i]] : [l.covariates![what]![j], g.covariates![what]![i]];
      if (a !== b) out.push(`${g.unit} ${m}`);
    });
  }
  return out;
}

describe('actor-group covariates of live forecasts (issue 16)', () => {
  it('equal, month by month and unit by unit, those ged-panel.ts builds from the bundled GED file', async () => {
    // Every GED record, those dated only to the year spread over their months as the store spreads them.
    const ged = buildGedPanels(await readGedEvents(), 'fatalities');
    const country = await buildPanel(store(), {
      country: 'PAK',
      level: 'country',
      metric: 'fatalities',
      actorGroups: true,
    });
    assert.deepEqual(country.restsOn[0], {
      source: 'ucdp-ged',
      versions: ['22.1'],
      from: '1989-01',
      to: '2021-12',
    });
    // Country level: the same events, so every month of 1989-2021 is equal, totals and each group.
    assert.deepEqual(differing(country.panel, ged.country, 'total'), []);
    for (const c of ACTOR_GROUP_COVARIATES) assert.deepEqual(differing(country.panel, ged.country, c), [], c);
    const ttp = ged.country[0]!.covariates!.group_ttp!;
    assert.ok(ttp.reduce((a, b) => a + b, 0) > 1000, 'the comparison has TTP deaths to compare');
    // Admin-1 level: the store places an event by its point, GED by its adm_1 label, so a few
    // events sit in another province; every cell whose total agrees has equal groups too.
    const admin1 = await buildPanel(store(), {
      country: 'PAK',
      level: 'admin1',
      metric: 'fatalities',
      actorGroups: true,
    });
    const moved = new Set(differing(admin1.panel, ged.admin1, 'total'));
    assert.ok(moved.size < 20, `${moved.size} province-months differ in their totals`);
    for (const c of ACTOR_GROUP_COVARIATES) {
      const off = differing(admin1.panel, ged.admin1, c).filter((x) => !moved.has(x));
      assert.deepEqual(off, [], `${c} differs where the totals agree`);
    }
    // Months no source covers are missing in the covariates too, never 0.
    const i = country.panel[0]!.months.indexOf('2023-06');
    assert.ok(Number.isNaN(country.panel[0]!.covariates!.group_ttp![i]!));
  });

  it("reads users' values: true is TTP, all, a list; anything else is a one-line error quoting it", () => {
    assert.deepEqual(parseActorGroups('true'), ['group_ttp']);
    assert.deepEqual(parseActorGroups('all'), [...ACTOR_GROUP_COVARIATES]);
    assert.deepEqual(parseActorGroups('interstate,ttp'), ['group_ttp', 'group_interstate']);
    assert.deepEqual(parseActorGroups('false'), []);
    assert.throws(() => parseActorGroups('taliban'), {
      message:
        'invalid actor groups: "taliban" (use true for ttp, all, or a comma-separated list of ttp, baloch_insurgents, islamic_state, interstate)',
    });
  });

  it('`faultline forecast --actor-groups` names the covariates and the months they rest on, changes the forecast, and exits 2 on a bad value', async () => {
    const args = ['forecast', '--level', 'country', '--draws', '40', '--seed', '7', '--format', 'json'];
    const run = await runCli(store(), [registerForecast], [...args, '--actor-groups']);
    assert.equal(run.error, undefined);
    const f = JSON.parse(run.out) as ForecastAnswer;
    assert.deepEqual(f.actor_groups!.covariates, ['group_ttp']);
    assert.deepEqual(
      f.actor_groups!.rests_on.map((r) => [r.source, r.from, r.to]),
      [
        ['ucdp-ged', '1989-01', '2021-12'],
        ['ucdp-candidate', '2026-01', '2026-07'],
      ],
    );
    // The window names its 12 calendar months and how many of them are covered (the mean's months).
    assert.deepEqual(f.actor_groups!.window, { from: '2025-08', to: '2026-07', covered_months: 7 });
    const text = await runCli(store(), [registerForecast], [...args.slice(0, -2), '--actor-groups']);
    assert.match(text.out, /group_ttp, mean 2025-08 to 2026-07 \(the 7 covered months\): PAK \d/);
    assert.ok(f.actor_groups!.at_origin.group_ttp!.PAK! > 0, 'TTP deaths in the Candidate months');
    assert.match(f.counts, /; with actor-group covariates group_ttp\)$/);
    assert.ok(f.skill, 'shown with the skill of the model with the covariate');
    const plain = JSON.parse((await runCli(store(), [registerForecast], args)).out) as ForecastAnswer;
    assert.equal(plain.actor_groups, null, 'off by default');
    assert.notDeepEqual(
      f.forecasts.map((x) => x.mean),
      plain.forecasts.map((x) => x.mean),
    );
    const bad = await runCli(store(), [registerForecast], [...args, '--actor-groups', 'taliban']);
    assert.equal(exitCodeFor(bad.error), 2);
    assert.equal(
      failureLine(bad.error),
      'faultline: invalid --actor-groups: "taliban" (use true for ttp, all, or a comma-separated list of ttp, baloch_insurgents, islamic_state, interstate)\n',
    );
    const backtest = await runCli(
      store(),
      [registerForecast],
      ['forecast', 'backtest', '--actor-groups', 'is'],
    );
    assert.equal(exitCodeFor(backtest.error), 2);
    assert.match(failureLine(backtest.error), /^faultline: invalid --actor-groups: "is" \(use true for ttp/);
    const views = await runCli(
      store(),
      [registerForecast],
      ['forecast', '--level', 'country', '--draws', '5', '--format', 'views', '--actor-groups', 'all'],
    );
    assert.equal(views.error, undefined);
    assert.match(
      views.err,
      /with actor-group covariates group_ttp, group_baloch_insurgents, group_islamic_state, group_interstate; skill: crps_ratio \d/,
    );
  });

  it('GET /api/v1/forecast?actor_groups=true answers the same covariates; a bad value is a one-line 400', async () => {
    const res = await get('/api/v1/forecast?level=country&actor_groups=true&draws=40&seed=7');
    assert.equal(res.status, 200);
    const body = (await res.json()) as ForecastAnswer;
    assert.deepEqual(body.actor_groups!.covariates, ['group_ttp']);
    const bad = await get('/api/v1/forecast?level=country&actor_groups=yes');
    assert.equal(bad.status, 400);
    assert.match(await errorOf(bad), /^invalid actor_groups: "yes" \(use true for ttp, all/);
    const both = await get('/api/v1/forecast?actor_groups=true&across_border=true');
    assert.equal(both.status, 400);
    assert.match(await errorOf(both), /^invalid combination: actor groups with pooling across the border/);
  });
});
