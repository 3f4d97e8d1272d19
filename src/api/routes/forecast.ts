/** The forecast route: monthly forecasts with quantiles, the observed history, and the model's backtest skill. */
import { z } from 'zod';
import { InvalidInputError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { forecastWithSkill } from '../../app/forecast/run-forecast.ts';
import { MAX_VIEWS_COUNTRY_ID, MAX_VIEWS_DRAWS, viewsExport } from '../../app/forecast/views-export.ts';
import { parseActorGroups } from '../../app/forecast/actor-group-covariates.ts';
import { forecastRows } from '../../app/forecast/forecast-rows.ts';
import { choice, int, text, flag, isSet } from '../params.ts';
import { API, route, type RouteDef } from '../route-table.ts';
import { batchesBody } from '../export-stream.ts';

/** The forecast routes. */
export const forecastRoutes: RouteDef[] = [
  route({
    method: 'GET',
    path: `${API}/forecast`,
    auth: 'read',
    tag: 'forecast',
    cache: true,
    formats: ['json', 'csv', 'ndjson', 'views'],
    summary: 'Monthly forecasts (1-12 months) with quantiles, shown with their backtest skill',
    description:
      "Forecasts of the nbar-mix model from the last month the source covers, with the observed last 36 months and the model's rolling-origin backtest against four baselines (crps_ratio < 1 and ign_diff < 0 beat the best baseline; `skill.intervals` gives their 90% intervals by a block bootstrap over the backtest's target months). `calibration` says how the intervals are calibrated at the origin (method, working miscoverage per horizon band, origins it rests on; method none while the online calibration is not adopted). CSV and NDJSON give the forecast rows, each with what the numbers count (counts: deaths or events, source versions, missing months), model, origin, seed and draws, the skill (skill_crps_ratio and its interval, skill_baseline, skill_coverage90, skill_coverage50, skill_origins, skill_note: null figures and the reason when the skill is unknown) and the answer's notes; format=views gives every draw of the model as CSV in the ViEWS prediction-challenge layout (month_id, unit or country_id, draw, outcome), the same bytes as `faultline forecast --format views`, with what outcome counts (deaths or events, source versions, origin, seed) in the `x-faultline-forecast` header and the skill (or that it is unknown) and the missing months in the `x-faultline-skill` header. See docs/forecasting.md.",
    query: z.strictObject({
      country: text('ISO3 country (default PAK)', 'PAK').optional(),
      level: choice(['country', 'admin1'], 'units: country or admin1 (default admin1)').optional(),
      metric: choice(
        ['fatalities', 'events'],
        'what is forecast (default fatalities, best estimate)',
      ).optional(),
      source: text(
        'history: ucdp (default: each month from a final GED release where one covers it, else UCDP Candidate) or one source dataset',
      ).optional(),
      seed: int(0, 2 ** 31 - 1, 'random seed (default 20261124)').optional(),
      draws: int(1, MAX_VIEWS_DRAWS, 'draws per unit-month behind the forecast (default 1000)').optional(),
      across_border: flag(
        'admin1 of PAK or AFG: estimate the model with the other country provinces too (neighbour lag across the border) when the store has their data up to the origin; not backtested (default false)',
      ).optional(),
      relations: flag(
        'add the relations covariates: the loaded relations indexes of the country pairs (PAK: AFG, IND; AFG: PAK, IND), from the bundled GDELT dyad index 2018-2024 or fetched GDELT; the answer names each in `relations` (default false)',
      ).optional(),
      actor_groups: text(
        'add actor-group covariates (deaths or events per unit-month of events whose side is in the group, from the same events as the history): true (ttp, chosen on validation), all, false, or a comma-separated list of ttp, baloch_insurgents, islamic_state, interstate; the answer names them in `actor_groups` (default false)',
      ).optional(),
      views_country_id: int(
        1,
        MAX_VIEWS_COUNTRY_ID,
        "format=views at level=country: the country's ViEWS country_id, written in a country_id column in place of unit",
      ).optional(),
    }),
    async handle(c, deps, q) {
      const req = {
        // As sent: the forecast reads a code in any case, and a refusal quotes it ("NaN", not "NAN").
        country: q.country,
        level: q.level as 'country' | 'admin1' | undefined,
        metric: q.metric as 'fatalities' | 'events' | undefined,
        source: q.source,
        seed: q.seed,
        draws: q.draws,
        actorGroups:
          q.actor_groups === undefined ? undefined : parseActorGroups(q.actor_groups, 'actor_groups'),
      };
      // The format parameter as parsed (route() adds it to the schema): `Views` is `views`.
      const views = (q as { format?: string }).format === 'views';
      if (views && isSet(q.across_border))
        throw new InvalidInputError(
          'invalid across_border: "true" (not available with format=views yet: the export draws from the single-country model)',
        );
      if (views && isSet(q.relations))
        throw new InvalidInputError(
          'invalid relations: "true" (not available with format=views yet: the export draws from the model without covariates)',
        );
      if (views) {
        const x = await viewsExport(deps.store, {
          ...req,
          draws: q.draws ?? 1000,
          viewsCountryId: q.views_country_id,
        });
        // The metric in the name: a file of deaths and one of events must not overwrite each other.
        const file = `faultline-forecast-${req.country?.trim().toUpperCase() ?? 'PAK'}-${req.level ?? 'admin1'}-${x.metric}-views.csv`;
        // A batch of 10,000 draws at a time, with a turn of the event loop before each: written at
        // once, 70 MB of draws held the loop (and every other caller, /health too) for 10-18 s.
        const body = batchesBody(x.chunks);
        return new Response(body, {
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="${file}"`,
            // The draws' CSV has no room for what they count or for the skill: each travels in a
            // header (Latin-1 only), the CLI writes both on stderr.
            'x-faultline-forecast': x.summary.replace(/[^\x20-\x7e]/g, '?'),
            'x-faultline-skill': x.skill.replace(/[^\x20-\x7e]/g, '?'),
          },
        });
      }
      if (q.views_country_id !== undefined)
        throw new InvalidInputError(
          `invalid views_country_id: ${quoteValue(c.req.query('views_country_id')!)} (only with format=views; the other formats name units by faultline's codes)`,
        );
      const r = await forecastWithSkill(deps.store, {
        ...req,
        acrossBorder: isSet(q.across_border),
        relations: isSet(q.relations),
      });
      return { body: r, rows: forecastRows(r) };
    },
  }),
];
