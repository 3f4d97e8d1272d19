/** Actors: events and deaths per actor group and per registry actor, and the dyads (pairs of sides) as the sources name them. */
import { useState } from 'preact/hooks';
import { apiUrl } from '../api/client.ts';
import { groupTotalsUrl, totalsByGroup } from '../api/queries.ts';
import type { NetworkAnswer, SeriesAnswer } from '../api/types.ts';
import { useApi, type Loaded } from '../api/use-api.ts';
import { sourceVersionEntry } from '../components/source-entry.ts';
import { SourceNote } from '../components/source-note.tsx';
import { useNarrow } from '../components/use-narrow.ts';
import { CoverageWarning, Empty, ErrorBox, Loading } from '../components/status.tsx';
import { fmtInt } from '../format.ts';
import { t, tMaybe } from '../i18n/t.ts';
import { ACTOR_GROUPS } from '../state/catalog.ts';
import { setFilters, type UrlState } from '../state/url-state.ts';

function Members({ state }: { state: UrlState }) {
  const r = useApi<SeriesAnswer>(groupTotalsUrl(state.filters, 'actor'));
  if (r.error) return <ErrorBox error={r.error} />;
  if (!r.data) return <Loading />;
  const rows = [...totalsByGroup(r.data.points)]
    .filter(([id, g]) => id !== null && g.events > 0)
    .sort((a, b) => b[1].events - a[1].events);
  if (!rows.length)
    return (
      <Empty
        coverage={r.data.meta.coverage}
        status={r.data.meta.coverage_status}
        period={r.data.meta.period}
      />
    );
  const max = rows[0]![1].events;
  return (
    <>
      <table class="data-table" data-testid="actor-totals">
        <thead>
          <tr>
            <th scope="col">{t('actors.col.actor')}</th>
            <th scope="col" class="num">
              {t('actors.col.events')}
            </th>
            <th scope="col" class="num">
              {t('actors.col.deaths')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([id, g]) => (
            <tr key={id}>
              <td>
                <button
                  type="button"
                  class="link-button"
                  title={t('actors.filter', { name: g.label ?? id! })}
                  onClick={() => setFilters({ actor: id! })}
                >
                  {g.label ?? id}
                </button>
                <span class="bar" style={{ width: `${(100 * g.events) / max}%` }} aria-hidden="true" />
              </td>
              <td class="num">{fmtInt(g.events)}</td>
              <td class="num">{fmtInt(g.deaths)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted small">{t('chart.actorNote')}</p>
      <SourceNote sources={r.data.meta.sources} desk={r.data.meta.desk_events} />
    </>
  );
}

function GroupRow({ id, r }: { id: string; r: Loaded<SeriesAnswer> }) {
  // No loaded source covers the filter's period: nothing is known, which the points' nulls would sum to 0.
  const notCovered = r.data?.meta.coverage_status === 'not_covered';
  const g = r.data && !notCovered ? totalsByGroup(r.data.points).get(null) : undefined;
  const name = tMaybe(`group.${id}`, id);
  const events = r.error
    ? t('actors.groupFailed')
    : notCovered
      ? t('kpi.notCovered')
      : g
        ? fmtInt(g.events)
        : '…';
  return (
    <tr data-group={id} data-value={g ? g.events : ''} data-coverage={notCovered ? 'not_covered' : ''}>
      <th scope="row">
        <button
          type="button"
          class="link-button"
          title={t('actors.filter', { name })}
          onClick={() => setFilters({ actor: id })}
        >
          {name}
        </button>
      </th>
      <td class="num" title={r.error ? t('state.error', { message: r.error.message }) : undefined}>
        {events}
      </td>
      <td class="num">{g ? fmtInt(g.deaths) : ''}</td>
    </tr>
  );
}

/**
 * The source versions the groups' counts come from, each marked final or preliminary as every
 * source line is, without counts: a group's events are also another group's when they name members
 * of both, so per-version counts would not add up.
 */
function groupSources(answers: readonly SeriesAnswer[]): string[] {
  const versions = new Map(
    answers.flatMap((a) => a.meta.sources.map((s) => [`${s.source} ${s.version}`, s])),
  );
  return [...versions].sort(([a], [b]) => a.localeCompare(b)).map(([, s]) => sourceVersionEntry(s));
}

function Groups({ state }: { state: UrlState }) {
  // One request per group, in a fixed order (hooks in a loop of constant length).
  const answers = ACTOR_GROUPS.map((id) =>
    useApi<SeriesAnswer>(
      apiUrl('/series', { ...state.filters, actor: id, interval: 'year', metrics: 'events,fatalities_best' }),
    ),
  );
  const loaded = answers.flatMap((a) => (a.data ? [a.data] : []));
  const all = loaded.length === answers.length ? loaded : null;
  const versions = all ? groupSources(all) : [];
  return (
    <>
      <table class="data-table" data-testid="actor-group-totals">
        <thead>
          <tr>
            <th scope="col">{t('actors.col.group')}</th>
            <th scope="col" class="num">
              {t('actors.col.events')}
            </th>
            <th scope="col" class="num">
              {t('actors.col.deaths')}
            </th>
          </tr>
        </thead>
        <tbody>
          {ACTOR_GROUPS.map((id, i) => (
            <GroupRow key={id} id={id} r={answers[i]!} />
          ))}
        </tbody>
      </table>
      <p class="muted small">{t('actors.groupNote')}</p>
      {all && (
        <p class="source-note" data-testid="actor-group-sources">
          {versions.length ? t('sources.from', { list: versions.join(', ') }) : t('sources.none')}
          {all[0] && ` · ${t(all[0].meta.desk_events === 'included' ? 'sources.deskIn' : 'sources.deskOut')}`}
        </p>
      )}
    </>
  );
}

/** The dyads shown at first, and at most (the API's limit). */
const DYADS_SHOWN = 40;
const DYADS_MAX = 1000;

function Dyads({ state }: { state: UrlState }) {
  // "Show all" asks the API for up to its limit: the dashboard had no way to the dyads past the 40th,
  // and the API's note told a web reader to "give a larger limit (--limit ...)".
  const [all, setAll] = useState(false);
  const r = useApi<NetworkAnswer>(
    apiUrl('/network', { ...state.filters, limit: all ? DYADS_MAX : DYADS_SHOWN }),
  );
  // On a phone the two sides share a cell ("Government of Pakistan — TTP", as the events table names
  // them), and so do the first and last dates, one over the other: in six cells the first and last
  // dates lay past the screen's edge at 390 px.
  const narrow = useNarrow();
  if (r.error) return <ErrorBox error={r.error} />;
  if (!r.data) return <Loading />;
  const d = r.data;
  if (!d.dyads.length)
    return <Empty coverage={d.meta.coverage} status={d.meta.coverage_status} period={d.meta.period} />;
  return (
    <>
      <div class="table-scroll">
        <table class="data-table" data-testid="dyads">
          <thead>
            <tr>
              {narrow ? (
                <th scope="col">{t('actors.col.sides')}</th>
              ) : (
                <>
                  <th scope="col">{t('actors.col.a')}</th>
                  <th scope="col">{t('actors.col.b')}</th>
                </>
              )}
              <th scope="col" class="num">
                {t('actors.col.events')}
              </th>
              <th scope="col" class="num">
                {t('actors.col.deaths')}
              </th>
              {narrow ? (
                <th scope="col">{t('actors.col.dates')}</th>
              ) : (
                <>
                  <th scope="col">{t('actors.col.first')}</th>
                  <th scope="col">{t('actors.col.last')}</th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {d.dyads.map((x, i) => (
              <tr key={i}>
                {narrow ? (
                  <td>
                    {x.actor_a} — {x.actor_b}
                  </td>
                ) : (
                  <>
                    <td>{x.actor_a}</td>
                    <td>{x.actor_b}</td>
                  </>
                )}
                <td class="num">{fmtInt(x.events)}</td>
                <td class="num">{fmtInt(x.deaths_best)}</td>
                {narrow ? (
                  <td>
                    <span class="nowrap">{x.first_date} –</span>
                    <br />
                    <span class="date">{x.last_date}</span>
                  </td>
                ) : (
                  <>
                    <td class="date">{x.first_date}</td>
                    <td class="date">{x.last_date}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="controls" data-testid="dyads-total" data-value={d.dyads.length}>
        <span class="muted small">
          {t('actors.dyadsTotal', {
            shown: fmtInt(d.dyads.length),
            total: fmtInt(d.dyads_total),
            without: t('actors.withoutDyad', { n: fmtInt(d.events_without_dyad) }),
          })}
        </span>{' '}
        {d.dyads_total !== null && d.dyads.length < d.dyads_total && d.dyads.length < DYADS_MAX && (
          <button type="button" data-testid="dyads-show-all" onClick={() => setAll(true)}>
            {d.dyads_total <= DYADS_MAX
              ? t('actors.dyads.showAll', { of: fmtInt(d.dyads_total) })
              : t('actors.dyads.showMost', { n: fmtInt(DYADS_MAX), of: fmtInt(d.dyads_total) })}
          </button>
        )}
      </p>
      {/* The line above says how many are shown, with its button: not the API's "--limit" advice. */}
      {d.meta.notes
        .filter((n) => !n.includes('(--limit'))
        .map((n) => (
          <p class="muted small" key={n} data-testid="dyads-note">
            {n}
          </p>
        ))}
      <CoverageWarning text={d.meta.coverage_warning} />
      <SourceNote sources={d.meta.sources} desk={d.meta.desk_events} />
    </>
  );
}

/** The Actors view. */
export function ActorsView({ state }: { state: UrlState }) {
  return (
    <div class="two-col">
      <div class="stack">
        <section class="card" aria-labelledby="group-totals-title">
          <h2 id="group-totals-title">{t('actors.groupTotals')}</h2>
          <Groups state={state} />
        </section>
        <section class="card" aria-labelledby="groups-title">
          <h2 id="groups-title">{t('actors.groups')}</h2>
          <Members state={state} />
        </section>
      </div>
      <section class="card" aria-labelledby="dyads-title">
        <h2 id="dyads-title">{t('actors.dyads')}</h2>
        <Dyads state={state} />
      </section>
    </div>
  );
}
