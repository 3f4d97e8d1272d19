/** The relations route: a country pair's relations index per period, from the loaded dyad indexes. */
import { z } from 'zod';
import { INTERVALS } from '../../analytics/aggregate/periods.ts';
import { relationsQuery } from '../../app/relations/relations.ts';
import { relationsRows } from '../../app/relations/relations-rows.ts';
import { choice, text, flag, isSet } from '../params.ts';
import { API, route, type RouteDef } from '../route-table.ts';

/** Most points (periods x series) one relations answer holds: about 9 MB of JSON. */
export const MAX_RELATIONS_POINTS = 50_000;

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
      "A country pair's relations per period: a third party's GDELT-derived daily index (bundled) and faultline's barometer from the store's GDELT rows",
    description:
      'One series per loaded dyad index holding the pair (`source` names the index, its version, and its licence and credit as the credits part of GET /sources gives them): per period the mean daily value over the days covered, its bootstrap interval, the sum and the sum per 1,000 of all pairs’ absolute weight on the same days; level shifts by PELT. When the store holds GDELT rows for the period, faultline’s own barometer is a further series (`source.kind` `faultline_barometer`): events by QuadClass, material-conflict share, mention-weighted Goldstein, mean tone and an index normalised by GDELT’s volume on the same days; `behind` lists a period’s top event codes and source URLs; `meta.answered_by` says which series answered. Periods no index covers have null figures, never 0 (`meta.coverage_status`, `meta.uncovered`). See docs/relations.md.',
    query: z.strictObject({
      a: text('ISO3 code of one country', 'PAK'),
      b: text('ISO3 code of the other country', 'AFG'),
      interval: choice(
        INTERVALS as [string, ...string[]],
        'bucket: day, ISO week, month (default), quarter or year',
      ).optional(),
      from: text('first day or period (2022, 2022-04, 2022-04-01)').optional(),
      to: text('last day or period').optional(),
      directed: flag(
        "true: only events with actor 1 in a and actor 2 in b (faultline's barometer; the bundled index is undirected)",
      ).optional(),
      behind: text(
        "a period whose top event codes and source URLs faultline's barometer lists (2022-04)",
      ).optional(),
    }),
    async handle(_c, deps, q) {
      // About 180 bytes of JSON a point: months to year 9999 were 17 MB. Refused before the points are built.
      const r = await relationsQuery(
        deps.store,
        {
          a: q.a,
          b: q.b,
          interval: (q.interval ?? 'month') as never,
          ...(q.from !== undefined ? { from: q.from } : {}),
          ...(q.to !== undefined ? { to: q.to } : {}),
          ...(isSet(q.directed) ? { directed: true } : {}),
          ...(q.behind !== undefined ? { behind: q.behind } : {}),
        },
        undefined,
        { maxPoints: MAX_RELATIONS_POINTS },
      );
      return { body: r, rows: relationsRows(r) };
    },
  }),
];
