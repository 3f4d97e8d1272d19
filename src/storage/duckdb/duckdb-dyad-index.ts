/** SQL of the dyad index: applying an import's staged days, and reading a pair's days back. */
import type { DyadIndexDay } from '../../domain/dyad-index.ts';
import type { DyadDaysQuery, DyadIndexSource } from '../store.ts';
import type { Db, Reader } from './duckdb-connection.ts';

type DyadDayRow = Omit<DyadIndexDay, 'countryA' | 'countryB'>;

/** What applying the staged dyad days did. */
export interface DyadApplied {
  accepted: number;
  added: number;
  changed: number;
  unchanged: number;
}

/**
 * Applies the staged days of a dyad index (temp table `stage_dyad`): a second row for the same day
 * and pair, or a row whose day totals differ from the day's first row, is rejected with the line it
 * clashes with; a stored day of the same source is replaced when its figures changed.
 */
export async function applyDyadIndex(
  db: Db,
  importId: number,
  source: string,
  version: string,
): Promise<DyadApplied> {
  const [{ n }] = await db.all<{ n: number }>(`SELECT count(*) AS n FROM stage_dyad`);
  if (!n) return { accepted: 0, added: 0, changed: 0, unchanged: 0 };
  await db.run(`CREATE OR REPLACE TEMP TABLE dyad_ranked AS SELECT *,
      row_number() OVER (PARTITION BY date, country_a, country_b ORDER BY line) AS rn,
      min(line) OVER (PARTITION BY date, country_a, country_b) AS first_line,
      first_value(line) OVER day AS day_line, first_value(day_total_value) OVER day AS dtv,
      first_value(day_total_abs) OVER day AS dta, first_value(day_nonzero_cells) OVER day AS dnc
    FROM stage_dyad WINDOW day AS (PARTITION BY date ORDER BY line)`);
  await db.run(`INSERT INTO stage_rejections
    SELECT line, 'pair', country_a || '-' || country_b, 'duplicate day and pair ' || date || ' ' || country_a || '-' || country_b || ' (first at line ' || first_line || ')', NULL
      FROM dyad_ranked WHERE rn > 1
    UNION ALL
    SELECT line, 'day_total_value', CAST(day_total_value AS VARCHAR) || ',' || CAST(day_total_abs AS VARCHAR) || ',' || CAST(day_nonzero_cells AS VARCHAR),
      'day totals differ from those of line ' || day_line || ' for the same date ' || date, NULL
      FROM dyad_ranked WHERE rn = 1 AND (day_total_value, day_total_abs, day_nonzero_cells) IS DISTINCT FROM (dtv, dta, dnc)`);
  await db.run(
    `DELETE FROM dyad_ranked WHERE rn > 1 OR (day_total_value, day_total_abs, day_nonzero_cells) IS DISTINCT FROM (dtv, dta, dnc)`,
  );
  const key = `t.source = $1 AND t.date = CAST(s.date AS DATE) AND t.country_a = s.country_a AND t.country_b = s.country_b`;
  const differs = `(t.value, t.day_total_value, t.day_total_abs, t.day_nonzero_cells) IS DISTINCT FROM (s.value, s.day_total_value, s.day_total_abs, s.day_nonzero_cells)`;
  const [c] = await db.all<DyadApplied>(
    `SELECT count(*) AS accepted, count(*) FILTER (WHERE t.date IS NULL) AS added,
      count(*) FILTER (WHERE t.date IS NOT NULL AND ${differs}) AS changed,
      count(*) FILTER (WHERE t.date IS NOT NULL AND NOT ${differs}) AS unchanged
    FROM dyad_ranked s LEFT JOIN dyad_index_days t ON ${key}`,
    [source],
  );
  await db.run(`DELETE FROM dyad_index_days t USING dyad_ranked s WHERE ${key} AND ${differs}`, [source]);
  await db.run(
    `INSERT INTO dyad_index_days SELECT $1, $2, CAST(s.date AS DATE), s.country_a, s.country_b, s.value, s.day_total_value,
      s.day_total_abs, s.day_nonzero_cells, ${importId}
    FROM dyad_ranked s WHERE NOT EXISTS (SELECT 1 FROM dyad_index_days t WHERE ${key})`,
    [source, version],
  );
  return c!;
}

/** The sources (and versions) of the stored dyad index, with the first and last day and days held. */
export async function dyadIndexSources(db: Reader): Promise<DyadIndexSource[]> {
  return db.all(`SELECT source, string_agg(DISTINCT version, ', ' ORDER BY version) AS version,
      CAST(min(date) AS VARCHAR) AS "firstDate", CAST(max(date) AS VARCHAR) AS "lastDate",
      CAST(count(DISTINCT date) AS INTEGER) AS days,
      list_sort(list_distinct(list(country_a || '-' || country_b))) AS pairs
    FROM dyad_index_days GROUP BY source ORDER BY source`);
}

/** Every stored day of one pair (in alphabetical order) of one source within the dates, oldest first. */
export async function dyadDays(db: Reader, q: DyadDaysQuery): Promise<DyadDayRow[]> {
  return db.all<DyadDayRow>(
    `SELECT CAST(date AS VARCHAR) AS date, value, day_total_value AS "dayTotalValue", day_total_abs AS "dayTotalAbs",
      day_nonzero_cells AS "dayNonzeroCells"
    FROM dyad_index_days WHERE source = $1 AND country_a = $2 AND country_b = $3
      AND date BETWEEN CAST($4 AS DATE) AND CAST($5 AS DATE) ORDER BY date`,
    [q.source, q.countryA, q.countryB, q.from, q.to],
  );
}
