/**
 * The model's draws as CSV in the ViEWS prediction-challenge layout (docs/forecasting.md,
 * "Exporting draws"): the one writer behind `faultline forecast --format views` and
 * `GET /api/v1/forecast?format=views`, so both give the same bytes.
 */
import { stringify } from 'csv-stringify/sync';
import { viewsRows } from '../../analytics/forecast/views-layout.ts';
import { InvalidInputError, invalidParam } from '../../domain/errors.ts';
import { intHint } from '../../domain/number-params.ts';
import { quoteValue } from '../../domain/quote.ts';
import type { Store } from '../../storage/store.ts';
import { forecastFromStore, type ForecastRequest } from './run-forecast.ts';
import { skillLine } from './forecast-rows.ts';

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
  summary: string;
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

/** Forecasts from the store with the model (nbar-mix) and lays every draw out as ViEWS CSV. */
export async function viewsExport(
  store: Store,
  r: ViewsRequest,
  needsCountry?: string,
): Promise<ViewsExport> {
  checkViewsRequest(r, needsCountry);
  const f = await forecastFromStore(store, { ...r, methods: ['nbar-mix'], withSkill: true });
  const countryId = r.viewsCountryId;
  function* chunks(): Generator<string> {
    yield `month_id,${countryId === undefined ? 'unit' : 'country_id'},draw,outcome\n`;
    let batch: (string | number)[][] = [];
    for (const row of viewsRows(f.forecasts, (u) => countryId ?? u)) {
      batch.push([row.month_id, row.unit, row.draw, row.outcome]);
      if (batch.length === 10_000) {
        yield stringify(batch);
        batch = [];
      }
    }
    if (batch.length) yield stringify(batch);
  }
  const basis = f.rests_on.map((s) => `${s.source} ${s.from} to ${s.to}`).join('; ');
  return {
    chunks: chunks(),
    skill: skillLine({ skill: f.skill ?? null, skill_note: f.skill_note ?? null, missing: f.missing }),
    summary: `${f.forecasts.length} unit-months x ${r.draws} draws of nbar-mix from origin ${f.origin} (${basis})${r.actorGroups?.length ? `, with actor-group covariates ${r.actorGroups.join(', ')}` : ''}`,
  };
}
