/** The one aggregate query `faultline fetch gdelt --via bigquery` runs on gdelt-bq.gdeltv2.events, and how its rows are read. */
import { InvalidInputError } from '../../domain/errors.ts';
import { isCalendarDay } from '../../domain/query.ts';
import { quoteValue } from '../../domain/quote.ts';
import type { GdeltAggregateRow } from '../../domain/gdelt-barometer.ts';

/**
 * Dyad x DATEADDED day x QuadClass x root code (events, mentions, sum of Goldstein x mentions, sum of
 * tone) for pairs with an actor in `countries`, plus one row per day (`kind` 'volume') counting every
 * event of the day: the barometer's denominator. Dates are YYYY-MM-DD (UTC), both included.
 */
export function gdeltAggregateQuery(from: string, to: string, countries: readonly string[]): string {
  for (const d of [from, to])
    if (!isCalendarDay(d)) throw new InvalidInputError(`invalid date: ${quoteValue(d)} (use YYYY-MM-DD)`);
  if (!countries.length) throw new InvalidInputError('--via bigquery needs --countries (e.g. PAK,AFG,IND)');
  for (const c of countries)
    if (!/^[A-Z]{3}$/.test(c))
      throw new InvalidInputError(`invalid country: ${quoteValue(c)} (use ISO3 codes)`);
  const list = countries.map((c) => `'${c}'`).join(', ');
  const lo = `${from.replaceAll('-', '')}000000`;
  const hi = `${to.replaceAll('-', '')}235959`;
  // The comment names the query in BigQuery's job history (and this is BigQuery's SQL, sent to Google,
  // not the store's: the layer test's SQL rule is about the store).
  return `-- faultline: GDELT aggregate for the relations barometer (${from} to ${to}; ${countries.join(',')})
WITH e AS (
  SELECT CAST(DIV(DATEADDED, 1000000) AS STRING) AS day, Actor1CountryCode AS a1, Actor2CountryCode AS a2,
    QuadClass, EventRootCode, NumMentions, GoldsteinScale, AvgTone
  FROM \`gdelt-bq.gdeltv2.events\`
  WHERE DATEADDED BETWEEN ${lo} AND ${hi}
)
SELECT 'pair' AS kind, day, a1, a2, QuadClass AS quad_class, EventRootCode AS root_code, COUNT(*) AS events,
  SUM(NumMentions) AS mentions, SUM(GoldsteinScale * NumMentions) AS goldstein_mentions, SUM(AvgTone) AS tone_sum
FROM e
WHERE a1 IS NOT NULL AND a2 IS NOT NULL AND (a1 IN (${list}) OR a2 IN (${list}))
GROUP BY day, a1, a2, quad_class, root_code
UNION ALL
SELECT 'volume', day, NULL, NULL, NULL, NULL, COUNT(*), NULL, NULL, NULL FROM e GROUP BY day`;
}

/** The query's rows as aggregates and daily volumes; a row that does not read is refused in one line. */
export function readAggregateRows(rows: readonly Record<string, string | null>[]): {
  pairs: GdeltAggregateRow[];
  volume: { day: string; rows: number }[];
} {
  const pairs: GdeltAggregateRow[] = [];
  const volume: { day: string; rows: number }[] = [];
  rows.forEach((r, i) => {
    const day = /^(\d{4})(\d{2})(\d{2})$/.exec(r.day ?? '');
    const events = Number(r.events);
    if (!day || !Number.isInteger(events))
      throw new InvalidInputError(
        `BigQuery row ${i + 1}: unreadable day ${quoteValue(String(r.day))} or events ${quoteValue(String(r.events))}`,
      );
    const iso = `${day[1]}-${day[2]}-${day[3]}`;
    if (r.kind === 'volume') return void volume.push({ day: iso, rows: events });
    const quad = Number(r.quad_class);
    if (!r.a1 || !r.a2 || ![1, 2, 3, 4].includes(quad))
      throw new InvalidInputError(
        `BigQuery row ${i + 1}: unreadable pair ${quoteValue(`${r.a1}-${r.a2}`)} or QuadClass ${quoteValue(String(r.quad_class))}`,
      );
    pairs.push({
      day: iso,
      actor1Country: r.a1,
      actor2Country: r.a2,
      quadClass: quad,
      rootCode: r.root_code ?? '',
      events,
      mentions: Number(r.mentions ?? 0),
      goldsteinMentions: Number(r.goldstein_mentions ?? 0),
      toneSum: Number(r.tone_sum ?? 0),
    });
  });
  return { pairs, volume };
}
