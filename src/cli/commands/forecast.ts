import { grouped } from '../../domain/format-number.ts';
import type { Command } from 'commander';
import { parseChoice } from '../../domain/choice.ts';
import { InvalidInputError, invalidParam } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { parseIntParam } from '../../domain/number-params.ts';
import type { ForecastRelations } from '../../app/answers.ts';
import type { ActorGroupsAnswer } from '../../app/forecast/actor-group-covariates.ts';
import { checkReadableFile } from '../../app/readable-file.ts';
import type { Store } from '../../storage/store.ts';
import { userPath, type Context } from '../context.ts';
import { render, textOrJson, type OutputFormat } from '../output.ts';
import { readable } from '../../domain/readable.ts';

const num = (v: number | null | undefined) => (typeof v === 'number' ? readable(v) : String(v));

const level = (v: string) => parseChoice('level', v, ['country', 'admin1'] as const);
const originsEvery = (v: string) => parseChoice('origins', v, ['december', 'monthly'] as const);
const metric = (v: string) => parseChoice('metric', v, ['fatalities', 'events'] as const);

// Raw text checked here so the message quotes what was typed ("1.5", "abc").
const asInt = (v: string) => (/^\d+$/.test(v) ? Number(v) : NaN);

/** Most a seed may be: the API's range, so a CLI seed can be replayed through the API and the dashboard. */
const MAX_SEED = 2 ** 31 - 1;

/** The seed typed, or undefined when none was; throws `invalid seed: "<value>" (…)` quoting it (an empty one too). */
function seedOf(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const seed = asInt(v);
  if (!(seed >= 0 && seed <= MAX_SEED))
    throw invalidParam('seed', `${quoteValue(v)} (use an integer from 0 to ${MAX_SEED})`);
  return seed;
}

/** The formats `forecast` writes: the listing formats and the ViEWS draws. */
const FORECAST_FORMATS = ['table', 'csv', 'json', 'ndjson', 'views'] as const;

const forecastFormat = (v: string): OutputFormat | 'views' => parseChoice('format', v, FORECAST_FORMATS);

/** A skill figure with the 3 decimals the answer rounds it to, so an interval end of 1.005 never reads as 1. */
const fixed = (v: number) => v.toFixed(3);

function drawsOf(o: Record<string, string>): number {
  return parseIntParam('draws', o.draws ?? '', 1, 10_000);
}

/** The relations covariates of a forecast, one line each with its source and the months it covers. */
function relationsLines(r: ForecastRelations): string {
  const lines = r.covariates.map(
    (c) =>
      `  ${c.name}: ${c.pair}, ${c.source.id} ${c.source.version} (${c.source.kind}), covers ${c.covered.map((x) => (x.from === x.to ? x.from : `${x.from} to ${x.to}`)).join(', ')}${c.covered_at_origin ? '' : '; not covered in the months up to the origin'}\n`,
  );
  return `\nRelations covariates (${r.note}):\n${lines.join('') || '  none\n'}`;
}

/** Months of the actor-group window (actor-group-covariates.ts). */
const WINDOW_MONTHS = 12;

/** The actor-group covariates asked for with `--actor-groups [groups]` (none when absent; a bare flag is ttp). */
async function actorGroupsOf(o: Record<string, unknown>) {
  const v = o.actorGroups;
  if (v === undefined) return undefined;
  const { parseActorGroups } = await import('../../app/forecast/actor-group-covariates.ts');
  return parseActorGroups(v === true ? 'true' : String(v), '--actor-groups');
}

/** The actor-group covariates of a forecast and each unit's mean over the months up to the origin. */
function actorGroupLines(a: ActorGroupsAnswer): string {
  const w = a.window;
  const over = w.covered_months === WINDOW_MONTHS ? '' : ` (the ${grouped(w.covered_months)} covered months)`;
  const lines = a.covariates.map(
    (c) =>
      `  ${c}, mean ${w.from} to ${w.to}${over}: ${Object.entries(a.at_origin[c] ?? {})
        .map(([u, v]) => `${u} ${v === null ? 'not covered' : num(v)}`)
        .join(', ')}\n`,
  );
  const basis = a.rests_on.map((r) => `${r.source} ${r.from} to ${r.to}`).join('; ');
  return `\nActor-group covariates (${basis}; ${a.note}):\n${lines.join('')}`;
}

/** Writes the model's draws in the ViEWS layout as CSV on stdout (docs/forecasting.md, "Exporting draws"). */
async function writeViews(ctx: Context, store: Store, o: Record<string, string>): Promise<void> {
  const draws = drawsOf(o);
  const countryId =
    o.viewsCountryId === undefined
      ? undefined
      : // The API's range (app/forecast/views-export.ts, loaded only once the export runs).
        parseIntParam('views_country_id', o.viewsCountryId, 1, 1_000_000);
  const { viewsExport } = await import('../../app/forecast/views-export.ts');
  const x = await viewsExport(
    store,
    {
      country: o.country,
      level: level(o.level!),
      metric: metric(o.metric!),
      source: o.source,
      seed: seedOf(o.seed),
      draws,
      viewsCountryId: countryId,
      actorGroups: await actorGroupsOf(o),
    },
    '--views-country-id needs --level country',
  );
  const write = ctx.write ?? ((t: string | Uint8Array) => Promise.resolve(void ctx.out(String(t))));
  for (const chunk of x.chunks) await write(chunk);
  ctx.err(`faultline: ${x.summary}; ${x.skill}\n`);
}

/** `faultline forecast`: monthly forecasts with quantiles, backtests against baselines, and scoring of any draws file. */
export function registerForecast(program: Command, ctx: Context): void {
  const cmd = program
    .command('forecast')
    .enablePositionalOptions() // `forecast backtest --level country`: the subcommand's own options
    .description(
      'forecast monthly fatalities or events with uncertainty, shown with their backtest skill (see docs/forecasting.md)',
    )
    .option('--country <iso3>', 'the country: an ISO3 code (admin1 level: PAK or AFG)', 'PAK')
    .option('--level <level>', 'country or admin1', 'admin1')
    .option('--metric <metric>', 'fatalities (best) or events', 'fatalities')
    .option(
      '--source <source>',
      'history: ucdp (each month from a final GED release where one covers it, else UCDP Candidate) or one source dataset',
      'ucdp',
    )
    .option('--seed <n>', 'random seed, 0 to 2147483647 (same seed, same draws; default 20261124)')
    .option(
      '--format <format>',
      'table, csv or ndjson (the forecast rows with the skill on each, as the API serves them), json, or views: every draw as CSV in the ViEWS prediction challenge layout (month_id, unit, draw, outcome) for others to score',
      'table',
    )
    .option(
      '--draws <n>',
      'draws per unit-month behind the quantiles (and written by the views format), 1 to 10000',
      '1000',
    )
    .option(
      '--views-country-id <id>',
      "views format at country level: the country's ViEWS country_id, written in a country_id column in place of unit",
    )
    .option(
      '--across-border',
      'admin1 of PAK or AFG: estimate the model with the other country provinces too (neighbour lag across the border) when the store has their data up to the origin; not backtested',
    )
    .option(
      '--relations',
      'add the relations covariates: the loaded relations indexes of the country pairs (PAK: AFG, IND; AFG: PAK, IND), from the bundled GDELT dyad index 2018-2024 or fetched GDELT; off by default (see docs/forecasting.md)',
    )
    .option(
      '--actor-groups [groups]',
      'add actor-group covariates: deaths (or events) per unit-month of events whose side is in the group, from the same events as the history; groups: ttp (the default, chosen on validation), all, or a comma-separated list of ttp, baloch_insurgents, islamic_state, interstate; off by default (see docs/forecasting.md)',
    )
    .action(async (o: Record<string, string>) => {
      const format = forecastFormat(o.format!);
      if (format !== 'views' && o.viewsCountryId !== undefined)
        throw new InvalidInputError(
          `invalid --views-country-id: ${quoteValue(o.viewsCountryId)} (only with --format views; the other formats name units by faultline's codes)`,
        );
      if (format === 'views' && o.relations)
        throw new InvalidInputError(
          'invalid option: --relations (not available with --format views yet: the export draws from the model without covariates)',
        );
      const store = await ctx.store('read');
      if (format === 'views' && o.acrossBorder)
        throw new InvalidInputError(
          'invalid option: --across-border (not available with --format views yet: the export draws from the single-country model)',
        );
      if (format === 'views') return writeViews(ctx, store, o);
      const { forecastWithSkill } = await import('../../app/forecast/run-forecast.ts');
      const f = await forecastWithSkill(store, {
        country: o.country,
        level: level(o.level!),
        metric: metric(o.metric!),
        source: o.source,
        seed: seedOf(o.seed),
        draws: drawsOf(o),
        acrossBorder: Boolean(o.acrossBorder),
        relations: Boolean(o.relations),
        actorGroups: await actorGroupsOf(o),
      });
      if (format === 'json') return ctx.out(JSON.stringify(f, null, 2) + '\n');
      if (format === 'csv' || format === 'ndjson') {
        const { forecastRows } = await import('../../app/forecast/forecast-rows.ts');
        return ctx.out(render(forecastRows(f), format));
      }
      ctx.out(
        // The seed and the draws both decide the quantiles: the line names what reproduces them.
        `Forecast of ${f.counts}, ${f.spec.level} level, model ${f.model}, from origin ${f.origin}, seed ${f.spec.seed}, ${grouped(f.spec.draws)} draws per unit-month\n`,
      );
      ctx.out(
        render(
          f.forecasts.map((x) => ({
            unit: x.unit,
            month: x.month,
            h: x.horizon,
            mean: x.mean,
            q05: x.q05,
            q50: x.q50,
            q95: x.q95,
          })),
          'table',
        ),
      );
      ctx.out(`\nCalibration: ${f.calibration.method} (${f.calibration.note})\n`);
      if (f.relations) ctx.out(relationsLines(f.relations));
      if (f.actor_groups) ctx.out(actorGroupLines(f.actor_groups));
      if (f.notes.length) ctx.out(`\nNotes:\n${f.notes.map((n) => `  ${n}\n`).join('')}`);
      const s = f.skill;
      if (!s) return ctx.out(`\nBacktest skill: ${f.skill_note}\n`);
      ctx.out(
        `\nBacktest skill over ${grouped(s.origins.length)} origins (${s.origins[0]} to ${s.origins[s.origins.length - 1]}), horizons 1-12 (${grouped(s.draws)} draws, seed ${f.spec.seed}):\n`,
      );
      ctx.out(
        `  crps_ratio ${fixed(s.crps_ratio)} (vs ${s.best_baseline.crps}), ign_diff ${fixed(s.ign_diff)} bits (vs ${s.best_baseline.ign}), mis_ratio ${fixed(s.mis_ratio)}, 90% coverage ${fixed(s.methods[f.model]!.coverage90)} (q05-q95), 50% coverage ${fixed(s.methods[f.model]!.coverage50)} (q25-q75)\n`,
      );
      const iv = s.intervals;
      const range = (x: { lo: number; hi: number }) => `${fixed(x.lo)} to ${fixed(x.hi)}`;
      ctx.out(
        `  ${Math.round(iv.level * 100)}% intervals (block bootstrap over ${grouped(iv.months)} target months, blocks of ${grouped(iv.block_months)}): crps_ratio ${range(iv.crps_ratio)}, ign_diff ${range(iv.ign_diff)}, 90% coverage ${range(iv.coverage90)}\n`,
      );
      ctx.out(`  ${f.skill_note}\n`);
      ctx.out('  ratios below 1 and a negative ign_diff beat the best baseline; see docs/forecasting.md\n');
    });

  cmd
    .command('score')
    .description(
      'score a forecast file (columns unit, month, draw, value, observed) with CRPS, IGN, MIS and 90% coverage',
    )
    .argument('<file>', 'CSV of draws')
    .option('--format <format>', 'json (one line: crps, ign, mis, coverage90, n, pit) or table', 'json')
    .action(async (file: string, o: { format: string }) => {
      const format = textOrJson(o.format, 'table');
      const { scoreForecastFile } = await import('../../analytics/forecast/forecast-file.ts');
      const path = userPath(ctx, file);
      // One line quoting the name, as import's (not the stream's ENOENT or EISDIR).
      checkReadableFile(path);
      const s = await scoreForecastFile(path);
      const scores = { crps: s.crps, ign: s.ign, mis: s.mis, coverage90: s.coverage90, n: s.n, pit: s.pit };
      if (format === 'json') return ctx.out(JSON.stringify(scores) + '\n');
      const { pit, ...rest } = scores;
      ctx.out(render([rest], 'table'));
      ctx.out(
        `PIT histogram (share of outcomes in each of ${pit.length} bins): ${pit.map((p) => p.toFixed(3)).join(' ')}\n`,
      );
    });

  cmd
    .command('backtest')
    .description('rolling-origin backtest of the model and every baseline on the loaded data')
    .option('--country <iso3>', 'the country: an ISO3 code (admin1 level: PAK or AFG)', 'PAK')
    .option('--level <level>', 'country or admin1', 'admin1')
    .option('--metric <metric>', 'fatalities (best) or events', 'fatalities')
    .option(
      '--source <source>',
      'history: ucdp (final GED where a release covers the month, else Candidate) or one source dataset',
      'ucdp',
    )
    .option('--draws <n>', 'draws per unit-month, 1 to 10000', '1000')
    .option(
      '--origins <every>',
      "december (each December from 2014-12 the data can score, as a forecast's skill) or monthly (every month from 2014-12, as docs/forecasting.md; about 10x the time)",
      'december',
    )
    .option('--seed <n>', 'random seed, 0 to 2147483647 (same seed, same scores; default 20261124)')
    .option('--format <format>', 'table or json', 'table')
    .option('--relations', 'backtest the model with the relations covariates (see forecast --relations)')
    .option(
      '--actor-groups [groups]',
      'backtest the model with actor-group covariates: ttp (the default), all, or a comma-separated list (see forecast --actor-groups)',
    )
    .action(async (o: Record<string, string>) => {
      // Checked before the backtest runs; csv and ndjson printed the tables.
      const format = textOrJson(o.format!, 'table');
      const store = await ctx.store('read');
      const { backtestFromStore } = await import('../../app/forecast/run-forecast.ts');
      const { backtestTable, skillIntervalTable, yearlySkillTable } =
        await import('../../analytics/forecast/table.ts');
      const every = originsEvery(o.origins!);
      const r = await backtestFromStore(store, {
        country: o.country,
        level: level(o.level!),
        metric: metric(o.metric!),
        source: o.source,
        draws: drawsOf(o),
        seed: seedOf(o.seed),
        relations: Boolean(o.relations),
        actorGroups: await actorGroupsOf(o),
        originsEvery: every,
      });
      if (format === 'json') {
        const methods = Object.fromEntries(
          Object.entries(r.methods).map(([k, v]) => [
            k,
            {
              crps: v!.crps,
              ign: v!.ign,
              mis: v!.mis,
              coverage90: v!.coverage90,
              coverage50: v!.coverage50,
              n: v!.n,
            },
          ]),
        );
        return ctx.out(
          JSON.stringify(
            {
              spec: r.spec,
              actor_groups: r.actorGroups.length ? r.actorGroups : null,
              origins_every: r.originsEvery,
              origins: r.origins,
              methods,
              comparisons: r.comparisons,
              intervals: {
                method: r.intervals.method,
                level: r.intervals.level,
                months: r.intervals.months,
                block_months: r.intervals.blockMonths,
                resamples: r.intervals.resamples,
                models: r.intervals.models.map((m) => ({ model: m.model, ...m.intervals })),
              },
              yearly: { baseline: r.comparisons[0]?.best.crps ?? null, rows: r.yearly },
            },
            null,
            2,
          ) + '\n',
        );
      }
      const [first, last] = [r.origins[0], r.origins.at(-1)];
      ctx.out(
        `Backtest over ${grouped(r.origins.length)} origins (${every === 'monthly' ? 'every month' : 'each December'}, ${first} to ${last}), horizons 1-${r.spec.horizons}, ${grouped(r.spec.draws)} draws per unit-month\n\n`,
      );
      if (r.actorGroups.length)
        ctx.out(`Model with actor-group covariates ${r.actorGroups.join(', ')} (not the default)\n\n`);
      ctx.out(backtestTable(r) + '\n');
      ctx.out(`\n${skillIntervalTable([r.intervals])}\n`);
      if (r.comparisons[0]) ctx.out(`\n${yearlySkillTable(r.yearly, r.comparisons[0].best.crps)}\n`);
    });
}
