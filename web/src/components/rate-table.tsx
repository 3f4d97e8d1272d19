/**
 * The map's rates per 100,000 people as a table: every province of the filter, "no population data"
 * where there is none, "not covered" where no loaded source covers its country in the period.
 */
import type { SeriesAnswer, Unit } from '../api/types.ts';
import { fmtInt, fmtSig } from '../format.ts';
import { t } from '../i18n/t.ts';
import { unitRates } from '../map/map-rates.ts';
import { useNarrow } from './use-narrow.ts';

/** Provinces with events, population and rate; the figures the rate map colours by. */
export function RateTable({
  series,
  units,
  countries,
}: {
  series: SeriesAnswer;
  units: readonly Unit[];
  countries: readonly string[];
}) {
  // On a phone the rate comes right after the province: after the events and the population it lay
  // past the screen's edge, out of sight until the table was scrolled sideways.
  const narrow = useNarrow();
  if (series.meta.coverage_status === 'not_covered')
    return (
      <p class="warning" data-testid="rates-not-covered">
        {t('map.rates.notCovered')}
      </p>
    );
  const rows = unitRates(series, units, countries);
  // Rates count the covered days' events only: where countries are covered for different spans
  // (Pakistan 2015-2021 and 2026, Afghanistan 2026 alone), each row says its own, and a note warns.
  const uneven = new Set(rows.filter((r) => r.events !== null).map((r) => r.covered_days)).size > 1;
  const rateHead = <th scope="col">{t('map.rates.col.rate')}</th>;
  return (
    <div class="table-scroll">
      {uneven && (
        <p class="warning" data-testid="rates-uneven">
          {t('map.rates.uneven')}
        </p>
      )}
      <table class="data-table" data-testid="rate-table">
        <thead>
          <tr>
            <th scope="col">{t('map.rates.col.unit')}</th>
            {narrow && rateHead}
            <th scope="col">{t('map.rates.col.events')}</th>
            <th scope="col">{t('map.rates.col.population')}</th>
            {!narrow && rateHead}
            {uneven && <th scope="col">{t('map.rates.col.covered')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const rate = (
              <td class={r.rate === null ? 'no-data' : 'num'}>
                {r.events === null
                  ? t('kpi.notCovered')
                  : r.rate === null
                    ? t('map.noPopulation')
                    : fmtSig(r.rate)}
              </td>
            );
            return (
              <tr key={r.code} data-code={r.code} data-rate={r.rate ?? ''}>
                <th scope="row">{r.name}</th>
                {narrow && rate}
                <td class={r.events === null ? 'no-data' : 'num'}>
                  {r.events === null ? t('kpi.notCovered') : fmtInt(r.events)}
                </td>
                <td class="num" title={r.population_source ?? undefined}>
                  {r.population === null ? '' : `${fmtInt(r.population)} (${r.population_year})`}
                </td>
                {!narrow && rate}
                {uneven && (
                  <td class="num" data-covered-days={r.covered_days}>
                    {t('map.rates.coveredOf', {
                      covered: fmtInt(r.covered_days),
                      days: fmtInt(r.period_days),
                    })}
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
