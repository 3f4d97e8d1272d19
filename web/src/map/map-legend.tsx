/** The map's legend: class breaks of the choropleth or hexagons, point symbols, the border zone. */
import { BORDER_ZONE_KM } from '../components/filter-bar.tsx';
import { fmtInt, fmtSig } from '../format.ts';
import { t } from '../i18n/t.ts';
import type { MapLayer } from './map-panel.tsx';
import type { MapPalette, RateClasses } from './palette.ts';

/** The classes of a ramp: [lo, hi] per colour, empty classes (small maxima) left out. */
function rampClasses(breaks: readonly number[]): { colour: number; label: string }[] {
  const out: { colour: number; label: string }[] = [];
  for (let i = 0; i < 5; i++) {
    const lo = i === 0 ? 1 : breaks[i - 1]! + 1;
    const hi = i < 4 ? breaks[i]! : Infinity;
    if (hi < lo) continue;
    out.push({
      colour: i,
      label: hi === Infinity ? `≥ ${fmtInt(lo)}` : lo === hi ? fmtInt(lo) : `${fmtInt(lo)}–${fmtInt(hi)}`,
    });
  }
  return out;
}

function Ramp({ title, breaks, palette }: { title: string; breaks: readonly number[]; palette: MapPalette }) {
  return (
    <div class="legend-row">
      <span class="legend-title">{title}</span>
      <span class="legend-step">
        <span class="swatch" style={{ background: palette.noData }} />0
      </span>
      {rampClasses(breaks).map((c) => (
        <span key={c.colour} class="legend-step">
          <span class="swatch" style={{ background: palette.ramp[c.colour] }} />
          {c.label}
        </span>
      ))}
    </div>
  );
}

/** The ramp of a rate map: quintile classes of events per 100,000 people, and the no-population swatch. */
function RateRamp({
  title,
  breaks,
  palette,
}: {
  title: string;
  breaks: readonly number[];
  palette: MapPalette;
}) {
  const edges = [0, ...breaks];
  return (
    <div class="legend-row" data-testid="rate-legend">
      <span class="legend-title">{title}</span>
      <span class="legend-step">
        <span class="swatch" style={{ background: palette.land, outline: '1px dashed currentColor' }} />
        {t('map.noPopulation')}
      </span>
      <span class="legend-step">
        <span class="swatch" style={{ background: palette.noData }} />0
      </span>
      {edges.map((lo, i) => (
        <span key={i} class="legend-step">
          <span class="swatch" style={{ background: palette.ramp[i] }} />
          {i < 4 ? `${fmtSig(lo)}–${fmtSig(edges[i + 1]!)}` : `> ${fmtSig(lo)}`}
        </span>
      ))}
    </div>
  );
}

/** A rate ramp's title, naming its country when each country has its own classes. */
function rateTitle(key: 'map.legend.rate' | 'map.legend.districtRate', c: RateClasses): string {
  return c.country === null ? t(key) : t('map.legend.rateCountry', { title: t(key), country: c.country });
}

/** Legend entries for the layer shown. */
export function MapLegend({
  layer,
  breaks,
  palette,
  pointInfo,
  total,
  districtBreaks,
  rateClasses,
  districtRateClasses,
  measure = 'count',
  notCovered = [],
  outside = [],
  nothingCovered = false,
  uneven = [],
}: {
  layer: MapLayer;
  breaks: number[] | null;
  palette: MapPalette;
  pointInfo: { shown: number; exact: number; approx: number } | null;
  total: number | null;
  districtBreaks?: number[] | null;
  /** The rate classes of provinces and of districts: one set, or one per country. */
  rateClasses?: RateClasses[] | null;
  districtRateClasses?: RateClasses[] | null;
  measure?: 'count' | 'rate';
  /** Countries whose provinces are drawn "not covered" (no loaded source covers them in the period). */
  notCovered?: readonly string[];
  /** Countries the filter leaves out, drawn in the land colour. */
  outside?: readonly string[];
  /** No loaded source covers any country of the filter in the period: no colour classes to show. */
  nothingCovered?: boolean;
  /** The countries' covered days when they differ (`unevenCoverage`): their counts do not compare. */
  uneven?: readonly { country: string; covered: number; days: number }[];
}) {
  // With nothing covered, classes of 0 / 1 / ≥ 2 would suggest counts where nothing is known.
  const rates = measure === 'rate' && layer === 'admin1' && !nothingCovered;
  const ramps = !nothingCovered;
  return (
    <div class="legend" role="group" aria-label={t('map.legend')}>
      {outside.length > 0 && (
        <div class="legend-row" data-testid="legend-outside">
          <span class="legend-step">
            <span class="swatch" style={{ background: palette.land }} />
            {t('map.outside', { countries: outside.join(', ') })}
          </span>
        </div>
      )}
      {notCovered.length > 0 && (
        <div class="legend-row" data-testid="legend-not-covered">
          <span class="legend-step">
            <span class="swatch" style={{ background: palette.notCovered }} />
            {t('map.notCovered', { countries: notCovered.join(', ') })}
          </span>
        </div>
      )}
      {uneven.length > 0 && !rates && layer !== 'points' && (
        <div class="legend-row" data-testid="legend-uneven">
          <span class="legend-title">
            {t('map.uneven', {
              countries: uneven
                .map((u) =>
                  t('map.uneven.country', {
                    country: u.country,
                    covered: fmtInt(u.covered),
                    days: fmtInt(u.days),
                  }),
                )
                .join(', '),
            })}
          </span>
        </div>
      )}
      {nothingCovered && (
        <div class="legend-row" data-testid="legend-nothing-covered">
          <span class="legend-title">{t('map.nothingCovered')}</span>
        </div>
      )}
      {rates &&
        rateClasses?.map((c) => (
          <RateRamp
            key={`a-${c.country}`}
            title={rateTitle('map.legend.rate', c)}
            breaks={c.breaks}
            palette={palette}
          />
        ))}
      {rates &&
        districtRateClasses?.map((c) => (
          <RateRamp
            key={`d-${c.country}`}
            title={rateTitle('map.legend.districtRate', c)}
            breaks={c.breaks}
            palette={palette}
          />
        ))}
      {ramps && !rates && layer !== 'points' && breaks && (
        <Ramp
          title={layer === 'h3' ? t('map.legend.h3') : t('map.legend.events')}
          breaks={breaks}
          palette={palette}
        />
      )}
      {ramps && !rates && layer === 'admin1' && districtBreaks && (
        <Ramp title={t('map.legend.districts')} breaks={districtBreaks} palette={palette} />
      )}
      {layer === 'points' && (
        <div class="legend-row">
          <span class="legend-step">
            <span class="dot exact" style={{ background: palette.exact }} />
            {t('map.legend.exact')}
          </span>
          <span class="legend-step">
            <span class="dot centroid" style={{ borderColor: palette.centroid }} />
            {t('map.legend.centroid')}
          </span>
          {pointInfo && total !== null && (
            <span class="muted" data-testid="points-info">
              {t('map.points.shown', {
                shown: fmtInt(pointInfo.shown),
                total: fmtInt(total),
                exact: fmtInt(pointInfo.exact),
                approx: fmtInt(pointInfo.approx),
              })}
            </span>
          )}
        </div>
      )}
      <div class="legend-row">
        <span class="legend-step">
          <span class="swatch zone" style={{ background: palette.zone }} />
          {t('map.borderZone', { km: BORDER_ZONE_KM })}
        </span>
        <span class="legend-step">
          <span class="line" style={{ background: palette.border }} />
          {t('map.legend.border')}
        </span>
      </div>
    </div>
  );
}
