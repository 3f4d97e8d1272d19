/**
 * The model's draws as CSV in the ViEWS prediction-challenge layout (docs/forecasting.md,
 * "Exporting draws"): the one writer behind `faultline forecast --format views` and
 * `GET /api/v1/forecast?format=views`, so both give the same bytes.
 */
import { grouped } from '../../domain/format-number.ts';
import { viewsRows, type ViewsUnitMonth } from '../../analytics/forecast/views-layout.ts';
import { InvalidInputError, invalidParam } from '../../domain/errors.ts';
import { intHint } from '../../domain/number-params.ts';
import { quoteValue } from '../../domain/quote.ts';
import type { Store } from '../../storage/store.ts';
import { csvRecords } from '../csv.ts';
import { offload } from '../offload.ts';
import {
  forecastInput,
  forecastOnInput,
  type ForecastInput,
  type ForecastRequest,
  type StoreForecast,
} from './run-forecast.ts';
import { skillLine } from './forecast-rows.ts';
import { untestedGapNote } from './untested-gap.ts';

/** Most draws per unit-month an export may ask for. */
export const MAX_VIEWS_DRAWS = 10_000;

/** Largest ViEWS country_id taken (ViEWS numbers countries in the hundreds). */
export const MAX_VIEWS_COUNTRY_ID = 1_000_000;

/** A ViEWS export: what to forecast, how many draws, and the ViEWS country_id to write (country level only). */
export interface ViewsRequest extends ForecastRequest {
  draws: number;
  viewsCountryId?: number;
}

/** The CSV text, a batch of rows at a time, the line that says what was written, and the one that says its skill. */
export interface ViewsExport {
  chunks: Iterable<string>;
  /** What was written: unit-months, draws, origin, seed, what `outcome` counts and the source versions. */
  summary: string;
  /** What `outcome` counts. */
  metric: 'fatalities' | 'events';
  /** The model's skill or that it is unknown, and the months no source covers (skillLine). */
  skill: string;
}

/** Checks a request; throws `invalid draws: …` or `invalid views_country_id: …` quoting the value. */
export function checkViewsRequest(
  r: ViewsRequest,
  needsCountry = 'views_country_id needs level=country',
): void {
  if (!Number.isInteger(r.draws) || r.draws < 1 || r.draws > MAX_VIEWS_DRAWS)
    throw invalidParam('draws', `${quoteValue(String(r.draws))} (${intHint(1, MAX_VIEWS_DRAWS)})`);
  if (r.viewsCountryId === undefined) return;
  if (!Number.isInteger(r.viewsCountryId) || r.viewsCountryId < 1 || r.viewsCountryId > MAX_VIEWS_COUNTRY_ID)
    throw invalidParam(
      'views_country_id',
      `${quoteValue(String(r.viewsCountryId))} (${intHint(1, MAX_VIEWS_COUNTRY_ID)})`,
    );
  if ((r.level ?? 'admin1') !== 'country')
    throw new InvalidInputError(`${needsCountry} (ViEWS has no admin-1 units)`);
}

/**
 * The model's draws and skill as they come back from a compute worker: every unit-month's draws end
 * to end in one typed array (a structured clone copies it whole; a million draws as an array of
 * numbers cost several times as much to send and to rebuild), with each unit-month's unit and month.
 */
export interface ViewsDraws {
  /** Unit and target month of each unit-month, in the model's order. */
  units: string[];
  months: string[];
  /** Where each unit-month's draws start in `draws`, and (last) where they end. */
  starts: number[];
  /** The draws, exact (doubles, as the model gave them). */
  draws: Float64Array;
  skill: StoreForecast['skill'];
  skill_note: StoreForecast['skill_note'];
}

/** Forecasts with the model and its skill from what forecastInput read, packed as ViewsDraws (pure: runs on a worker thread). */
export function viewsDrawsOn(input: ForecastInput): ViewsDraws {
  const f = forecastOnInput(input);
  const starts = [0];
  for (const x of f.forecasts) starts.push(starts.at(-1)! + x.draws.length);
  const draws = new Float64Array(starts.at(-1)!);
  f.forecasts.forEach((x, i) => draws.set(x.draws, starts[i]));
  return {
    units: f.forecasts.map((x) => x.unit),
    months: f.forecasts.map((x) => x.month),
    starts,
    draws,
    skill: f.skill,
    skill_note: f.skill_note,
  };
}

/** The unit-months of packed draws, each viewing its slice of the one array. */
function unitMonths(d: ViewsDraws): ViewsUnitMonth[] {
  return d.units.map((unit, i) => ({
    unit,
    month: d.months[i]!,
    draws: d.draws.subarray(d.starts[i], d.starts[i + 1]),
  }));
}

/**
 * Forecasts from the store with the model (nbar-mix) and lays every draw out as ViEWS CSV. The
 * panel is read here; the fit, the draws and the skill backtest run on the compute pool when the
 * process has one (the server: seconds of CPU that held its event loop), inline otherwise (the CLI).
 */
export async function viewsExport(
  store: Store,
  r: ViewsRequest,
  needsCountry?: string,
): Promise<ViewsExport> {
  checkViewsRequest(r, needsCountry);
  const input = await forecastInput(store, { ...r, methods: ['nbar-mix'], withSkill: true });
  const d = await offload('views-draws', input, () => viewsDrawsOn(input));
  const forecasts = unitMonths(d);
  const countryId = r.viewsCountryId;
  function* chunks(): Generator<string> {
    yield csvRecords([['month_id', countryId === undefined ? 'unit' : 'country_id', 'draw', 'outcome']]);
    let batch: (string | number)[][] = [];
    for (const row of viewsRows(forecasts, (u) => countryId ?? u)) {
      batch.push([row.month_id, row.unit, row.draw, row.outcome]);
      if (batch.length === 10_000) {
        yield csvRecords(batch);
        batch = [];
      }
    }
    if (batch.length) yield csvRecords(batch);
  }
  const { built, spec } = input;
  // What `outcome` counts and the source versions it rests on: the CSV's four columns cannot say.
  const basis = built.restsOn
    .map((s) => `${s.source} ${s.versions.join(', ')} ${s.from} to ${s.to}`)
    .join('; ');
  const outcome = spec.metric === 'fatalities' ? 'deaths per month, best estimate' : 'events per month';
  return {
    chunks: chunks(),
    // The draws travel without the answer's notes: the one that qualifies the skill goes with it.
    skill: [
      skillLine({ skill: d.skill ?? null, skill_note: d.skill_note ?? null, missing: built.missing }),
      untestedGapNote(built.last, built.missing, d.skill?.origins ?? []),
    ]
      .filter((x) => x !== null)
      .join('; '),
    summary: `${grouped(forecasts.length)} unit-months x ${grouped(r.draws)} draws of nbar-mix from origin ${built.last}, seed ${spec.seed}; outcome: ${outcome} (${basis})${r.actorGroups?.length ? `, with actor-group covariates ${r.actorGroups.join(', ')}` : ''}`,
    metric: spec.metric,
  };
}
