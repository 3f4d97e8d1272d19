/** Routes of cross-source linkage: where the sources disagree (docs/linkage.md). */
import { z } from 'zod';
import { DIFFERENCES, sourcesDisagree, type Difference } from '../../app/disagreements.ts';
import { choice, FILTER_PARAMS, filterOf, int, flag, isSet } from '../params.ts';
import { API, route, type RouteDef } from '../route-table.ts';

/** The linkage routes. */
export const linkageRoutes: RouteDef[] = [
  route({
    method: 'GET',
    path: `${API}/disagreements`,
    auth: 'read',
    tag: 'linkage',
    cache: true,
    formats: ['json'],
    summary: 'Incidents where the sources disagree',
    description:
      'Links the events of the filter across sources into incidents (same window of days and km, compatible actors, one record per source) and lists the incidents whose sources differ in deaths, date, province or perpetrator, with the count of incidents only one source reports (and of those on days another loaded source covers) and, per month, the share of each source’s records on days another source covers that it also has (null where it covers none: not covered, not 0); a period no loaded source covers answers `coverage_status: "not_covered"`. Links are those stored after each import (computed again first when the period’s source versions changed); `linkage` says which runs and versions were used. See docs/linkage.md.',
    query: z.strictObject({
      ...FILTER_PARAMS,
      limit: int(
        0,
        100_000,
        'most disagreeing incidents to list (default 100; the total is always given)',
      ).optional(),
      differ: choice(
        DIFFERENCES as [string, ...string[]],
        'only incidents whose sources differ on this: deaths, date, province or perpetrator',
      ).optional(),
      include_superseded: flag('also compare Candidate events a final release superseded').optional(),
      only_in: z
        .string()
        .max(64)
        .optional()
        .describe(
          'a source: also list (`only_in.records`) the incidents only it reports on days another loaded source covers, largest death toll first, at most `limit`',
        ),
    }),
    async handle(_c, deps, q) {
      const r = await sourcesDisagree(deps.store, await filterOf(q, deps.store), {
        limit: q.limit,
        includeSuperseded: isSet(q.include_superseded),
        differ: q.differ as Difference | undefined,
        ...(q.only_in !== undefined ? { onlyIn: q.only_in } : {}),
      });
      return { body: r, rows: r.disagreeing };
    },
  }),
];
