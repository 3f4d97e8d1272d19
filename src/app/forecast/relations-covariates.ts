/**
 * The relations covariates of a forecast, read from the store through the relations use case:
 * for each pair of RELATIONS_PAIRS and each loaded index of it (the bundled GDELT-derived dyad
 * index; faultline's barometer once GDELT rows are loaded), the index's monthly value (the mean
 * daily value over the days it covers) on the panel's months, NaN where it covers none.
 */
import {
  coveredRuns,
  RELATIONS_PAIRS,
  RELATIONS_WINDOW,
  relationsCovariateName,
  type RelationsCovariate,
} from '../../analytics/forecast/relations-covariate.ts';
import type { Store } from '../../storage/store.ts';
import type { ForecastRelations } from '../answers.ts';
import { relationsQuery } from '../relations/relations.ts';

/** The covariates for `country` on `months` (consecutive, 'YYYY-MM') and what the answer says about them. */
export async function loadRelationsCovariates(
  store: Store,
  country: string,
  months: readonly string[],
): Promise<{ covariates: RelationsCovariate[]; info: ForecastRelations }> {
  const partners = RELATIONS_PAIRS[country] ?? [];
  const covariates: RelationsCovariate[] = [];
  const listed: ForecastRelations['covariates'] = [];
  const first = months[0];
  const last = months.at(-1);
  // The loaded indexes, read once for every partner.
  const indexes = first && last && partners.length ? await store.dyadIndexSources() : [];
  if (first && last)
    for (const partner of partners) {
      // The monthly values only: the bootstrap intervals and change points of the relations answer
      // are not read here, and were about nine tenths of its CPU.
      const r = await relationsQuery(
        store,
        { a: country, b: partner, interval: 'month', from: first, to: last },
        indexes,
        { valuesOnly: true },
      );
      const pair = `${r.pair.a}-${r.pair.b}`;
      for (const s of r.series) {
        const byMonth = new Map(s.points.map((p) => [p.period, p.value]));
        const values = months.map((m) => byMonth.get(m) ?? Number.NaN);
        if (!values.some((v) => !Number.isNaN(v))) continue; // the index covers none of the panel's months
        const name = relationsCovariateName(s.source.id, r.pair.a, r.pair.b);
        covariates.push({ name, pair, months: [...months], values });
        listed.push({
          name,
          pair,
          source: { id: s.source.id, name: s.source.name, version: s.source.version, kind: s.source.kind },
          covered: coveredRuns(months, values),
          covered_at_origin: values.slice(-RELATIONS_WINDOW).some((v) => !Number.isNaN(v)),
        });
      }
    }
  const asked = partners.map((p) => [country, p].sort().join('-'));
  const how = `each index enters the model as the signed log of its mean over the ${RELATIONS_WINDOW} months before the target (held at the origin beyond it) and a covered indicator: a month the index does not cover is not covered, never 0`;
  const note = !partners.length
    ? `no relations pairs are defined for ${country} (pairs are defined for ${Object.keys(RELATIONS_PAIRS).join(' and ')}), so the model runs without relations covariates`
    : !listed.length
      ? `no loaded relations index covers ${asked.join(' or ')} in the panel's months (faultline start imports the bundled GDELT dyad index 2018-2024; faultline fetch gdelt adds faultline's barometer), so the model runs without relations covariates`
      : `${how}; not the default (see docs/forecasting.md, "Relations covariates")${
          listed.some((c) => !c.covered_at_origin)
            ? `; not covered in the ${RELATIONS_WINDOW} months up to the origin: ${listed
                .filter((c) => !c.covered_at_origin)
                .map((c) => c.name)
                .join(', ')}`
            : ''
        }`;
  return { covariates, info: { covariates: listed, note } };
}
