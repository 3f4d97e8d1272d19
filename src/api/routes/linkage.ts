/** Routes of cross-source linkage: where the sources disagree (docs/linkage.md). */
import { z } from 'zod';
import { DIFFERENCES, sourcesDisagree, type Difference } from '../../app/disagreements.ts';
import { disagreementRows } from '../../app/disagreements-rows.ts';
import { metaHeaders } from '../../app/render-answer.ts';
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
    formats: ['json', 'csv', 'ndjson'],
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
      // CSV and NDJSON: one row per record of each listed incident (as `faultline disagreements
      // --format csv`), the count of incidents and the notes (a list cut at `limit`, coverage) in headers.
      const { rows, columns } = disagreementRows(r);
      const total = r.only_in ? r.only_in.total : r.disagreeing_total;
      const listed = r.only_in ? r.only_in.records.length : r.disagreeing.length;
      const cut =
        total !== null && listed < total
          ? [
              `lists the first ${listed} of ${total} ${r.only_in ? 'records' : 'incidents'}: give a larger limit (at most 100000) for the rest`,
            ]
          : [];
      return {
        body: r,
        rows,
        columns,
        headers: {
          ...(total === null ? {} : { 'x-faultline-total': String(total) }),
          ...metaHeaders({ notes: [...r.notes, ...cut] }),
        },
      };
    },
  }),
];
