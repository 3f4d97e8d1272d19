/** The relations route: a country pair's relations index per period, from the loaded dyad indexes. */
import { z } from 'zod';
import { INTERVALS } from '../../analytics/aggregate/periods.ts';
import { relationsQuery } from '../../app/relations/relations.ts';
import { choice, text } from '../params.ts';
import { API, route, type RouteDef } from '../route-table.ts';

/** GET /relations. */
export const relationsRoutes: RouteDef[] = [
  route({
    method: 'GET',
    path: `${API}/relations`,
    auth: 'read',
    tag: 'analysis',
    cache: true,
    formats: ['json', 'csv', 'ndjson'],
    summary:
      "A country pair's relations index per period (bundled: a third party's GDELT-derived daily index)",
    description:
      'One series per loaded dyad index holding the pair (`source` names the index, its version and licence): per period the mean daily value over the days covered, its bootstrap interval, the sum and the sum per 1,000 of all pairs’ absolute weight on the same days; level shifts by PELT. Periods no index covers have null figures, never 0 (`meta.coverage_status`, `meta.uncovered`). See docs/relations.md.',
    query: z.strictObject({
      a: text('ISO3 code of one country', 'PAK'),
      b: text('ISO3 code of the other country', 'AFG'),
      interval: choice(
        INTERVALS as [string, ...string[]],
        'bucket: day, ISO week, month (default), quarter or year',
      ).optional(),
      from: text('first day or period (2022, 2022-04, 2022-04-01)').optional(),
      to: text('last day or period').optional(),
    }),
    async handle(_c, deps, q) {
      const r = await relationsQuery(deps.store, {
        a: q.a,
        b: q.b,
        interval: (q.interval ?? 'month') as never,
        ...(q.from !== undefined ? { from: q.from } : {}),
        ...(q.to !== undefined ? { to: q.to } : {}),
      });
      return { body: r, rows: r.series.flatMap((s) => s.points.map((p) => ({ source: s.source.id, ...p }))) };
    },
  }),
];
