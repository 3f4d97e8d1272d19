/**
 * Sources disagree (issue 17): incidents that two or more sources report differently (deaths,
 * date, province, perpetrator), each record linked to its event, the incidents one source alone
 * reports, and per month what share of each source's records the other sources also have.
 */
import { apiUrl } from '../api/client.ts';
import type { DisagreementsAnswer, Incident } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { ErrorBox, Loading } from '../components/status.tsx';
import { useNarrow } from '../components/use-narrow.ts';
import { fmtInt, fmtPct } from '../format.ts';
import { t } from '../i18n/t.ts';
import { formatState, setOptions, type UrlState } from '../state/url-state.ts';
import { coverageRuns } from './coverage-runs.ts';
import { storedRuns } from './linkage-basis.ts';
import { joiningLink } from '../../../src/domain/incident-links.ts';

const LIMIT = 200;
/** Most incidents the API lists (its `limit`'s ceiling): the CSV asks for them all up to it. */
const CSV_MAX = 100_000;
const DIFFERENCES = ['deaths', 'date', 'province', 'perpetrator'] as const;

function DifferFilter({ value }: { value: string | undefined }) {
  return (
    <label class="field-inline">
      {t('disagree.differ')}{' '}
      <select
        data-testid="differ"
        value={value ?? ''}
        onChange={(e) => setOptions({ differ: (e.target as HTMLSelectElement).value || undefined })}
      >
        <option value="">{t('disagree.any')}</option>
        {DIFFERENCES.map((d) => (
          <option key={d} value={d}>
            {t(`disagree.differ.${d}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** How a record after an incident's first joined the others: the link's score and reasons, or the records outside the filter. */
function Joined({ i, k }: { i: Incident; k: number }) {
  const j = joiningLink(
    i.records.map((r) => r.id),
    i.links,
    k,
  );
  if (!j) return <span class="muted">{t('disagree.joined.through', { ids: i.through.join(', ') })}</span>;
  return (
    <>
      {t('disagree.joined.link', { score: j.link.score.toFixed(2), id: j.other })}
      <span class="muted"> ({j.link.reasons.join('; ')})</span>
    </>
  );
}

function IncidentRows({ i, state }: { i: Incident; state: UrlState }) {
  const last = i.records.length - 1;
  return (
    <>
      {i.records.map((r, k) => (
        <tr
          key={r.id}
          data-testid={k === 0 ? 'incident' : undefined}
          data-incident={i.id}
          // On a phone, where each record is a block, a dashed line parts the records of one incident
          // and a solid one parts incidents (the rowspan cell that groups them is a line of the first).
          class={k < last ? 'same-incident' : undefined}
        >
          {k === 0 && (
            <td rowSpan={i.records.length} class="nowrap" data-label={t('disagree.col.differ')}>
              {i.differ.map((d) => t(`disagree.differ.${d}`)).join(', ')}
            </td>
          )}
          <td class="nowrap" data-label={t('disagree.col.record')}>
            <a
              data-testid="record-link"
              href={formatState({ view: 'events', filters: state.filters, options: { event: r.id } })}
              aria-label={t('disagree.open', { id: r.id })}
            >
              {r.id}
            </a>
          </td>
          <td class="muted nowrap" data-label={t('disagree.col.source')}>
            {r.source} {r.source_version}
          </td>
          <td class="date" data-label={t('disagree.col.date')}>
            {r.date_start}
          </td>
          <td data-label={t('disagree.col.province')}>
            {[r.place, r.admin1_code].filter(Boolean).join(', ') || '—'}
          </td>
          <td class="num" data-testid="record-deaths" data-label={t('disagree.col.deaths')}>
            {r.fatalities_best === null ? '—' : fmtInt(r.fatalities_best)}
          </td>
          <td class="actors" data-label={t('disagree.col.actors')}>
            {r.actors.join(' — ')}
          </td>
          <td data-testid="record-joined" data-label={t('disagree.col.joined')}>
            {k === 0 ? '—' : <Joined i={i} k={k} />}
          </td>
        </tr>
      ))}
    </>
  );
}

/**
 * Per month (or run of months), the share of a source's records the other source also has. On a
 * phone each row is a block of labelled lines, the share right after the month and a run's month
 * count under its dates: after five columns, on one line with "(334 months with records)", the share
 * lay at about 860 px of 390, and with the share moved up the records and the two counts after it
 * still lay past the screen's edge.
 */
function Coverage({ rows }: { rows: DisagreementsAnswer['coverage'] }) {
  const narrow = useNarrow();
  const shareHead = (
    <th scope="col" class="num">
      {t('disagree.col.share')}
    </th>
  );
  return (
    <div class="table-scroll">
      <table class="data-table phone-stack" data-testid="disagree-coverage">
        <thead>
          <tr>
            <th scope="col">{t('disagree.col.month')}</th>
            {narrow && shareHead}
            <th scope="col">{t('disagree.col.source')}</th>
            <th scope="col">{t('disagree.col.other')}</th>
            <th scope="col" class="num">
              {t('disagree.col.records')}
            </th>
            <th scope="col" class="num">
              {t('disagree.col.covered')}
            </th>
            <th scope="col" class="num">
              {t('disagree.col.also')}
            </th>
            {!narrow && shareHead}
          </tr>
        </thead>
        <tbody>
          {coverageRuns(rows).map((c) => {
            const share =
              c.share === null ? (
                <td class="num muted" data-testid="share-not-covered" data-label={t('disagree.col.share')}>
                  {t('kpi.notCovered')}
                </td>
              ) : (
                <td class="num" data-label={t('disagree.col.share')}>
                  {fmtPct(c.share)}
                </td>
              );
            return (
              <tr key={`${c.from} ${c.source} ${c.other}`} data-from={c.from} data-to={c.to}>
                {/* The cell's content is one box: on a phone the cell is a row of its label and that box. */}
                <td class={narrow ? undefined : 'date'} data-label={t('disagree.col.month')}>
                  <div>
                    {c.from === c.to ? (
                      c.from
                    ) : (
                      <>
                        <span class="nowrap">{t('disagree.span', { from: c.from, to: c.to })}</span>
                        {narrow ? <br /> : ' '}
                        <span class="muted small">{t('disagree.spanMonths', { n: fmtInt(c.months) })}</span>
                      </>
                    )}
                  </div>
                </td>
                {narrow && share}
                <td data-label={t('disagree.col.source')}>{c.source}</td>
                <td data-label={t('disagree.col.other')}>{c.other}</td>
                <td class="num" data-label={t('disagree.col.records')}>
                  {fmtInt(c.records)}
                </td>
                <td class="num" data-label={t('disagree.col.covered')}>
                  {fmtInt(c.covered_by_other)}
                </td>
                <td class="num" data-label={t('disagree.col.also')}>
                  {fmtInt(c.also_in_other)}
                </td>
                {!narrow && share}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Whether the records under the filter could be set against another source's: none at all, or one
 * incident held by two sources, or one a source alone reports on a day (and in a country) another
 * covers, or one linked to another source's record the filter leaves out.
 */
const compared = (a: DisagreementsAnswer) =>
  !a.records ||
  (a.multi_source ?? 0) > 0 ||
  a.single_source.some((s) => s.where_others_cover > 0 || s.linked_outside_filter > 0);

/** The Sources disagree view. */
export function DisagreementsView({ state }: { state: UrlState }) {
  const differ = state.options.differ;
  const r = useApi<DisagreementsAnswer>(
    apiUrl('/disagreements', { ...state.filters, limit: LIMIT, ...(differ ? { differ } : {}) }),
  );
  const a = r.data;
  return (
    <div class="stack">
      <section class="card" aria-labelledby="disagree-title">
        <header class="card-head">
          <h2 id="disagree-title">{t('disagree.title')}</h2>
          <DifferFilter value={differ} />
        </header>
        {r.error && <ErrorBox error={r.error} />}
        {!a && r.loading && <Loading />}
        {a && a.coverage_status === 'not_covered' && (
          // No loaded source covers the period: there are no counts to give (not 0 records).
          <p data-testid="disagree-not-covered">
            {t('disagree.notCovered', { from: a.period.from, to: a.period.to })}
          </p>
        )}
        {a && a.coverage_status !== 'not_covered' && (
          <>
            <p
              data-testid="disagree-summary"
              data-total={a.disagreeing_total}
              data-compared={compared(a) ? 'true' : 'false'}
            >
              {/* With nothing compared, "0 reported by two or more sources, 0 disagreeing" would read
                  as a finding: say the records could not be set against another source's. */}
              {t(compared(a) ? 'disagree.summary' : 'disagree.summaryUncompared', {
                n: fmtInt(a.incidents),
                records: t('count.records', { n: fmtInt(a.records) }),
                sources: a.sources.join(', ') || '—',
                incidents: t('count.incidents', { n: fmtInt(a.incidents) }),
                multi: fmtInt(a.multi_source),
                total: fmtInt(a.disagreeing_total),
              })}
            </p>
            <p class="muted" data-testid="disagree-single">
              {t('disagree.single', {
                list:
                  a.single_source
                    .map((s) =>
                      t(s.linked_outside_filter ? 'disagree.singleEntryOutside' : 'disagree.singleEntry', {
                        source: s.source,
                        n: fmtInt(s.incidents),
                        covered: fmtInt(s.where_others_cover),
                        outside: fmtInt(s.linked_outside_filter),
                      }),
                    )
                    .join(', ') || '—',
              })}
            </p>
            {a.disagreeing.length === 0 ? (
              // With no record another source could have matched, "none disagree" would read as
              // agreement: nothing was compared.
              <p data-testid="disagree-none" data-compared={compared(a) ? 'true' : 'false'}>
                {t(compared(a) ? 'disagree.none' : 'disagree.noneCompared')}
              </p>
            ) : (
              <div class={`table-scroll${r.loading ? ' is-stale' : ''}`}>
                {/* On a phone each record is a block of labelled lines: its deaths, after five
                    columns, lay at 524-586 px of 390, beyond a sideways scroll. */}
                <table class="data-table phone-stack" data-testid="disagree-table">
                  <thead>
                    <tr>
                      <th scope="col">{t('disagree.col.differ')}</th>
                      <th scope="col">{t('disagree.col.record')}</th>
                      <th scope="col">{t('disagree.col.source')}</th>
                      <th scope="col">{t('disagree.col.date')}</th>
                      <th scope="col">{t('disagree.col.province')}</th>
                      <th scope="col" class="num">
                        {t('disagree.col.deaths')}
                      </th>
                      <th scope="col">{t('disagree.col.actors')}</th>
                      <th scope="col">{t('disagree.col.joined')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.disagreeing.map((i) => (
                      <IncidentRows key={i.id} i={i} state={state} />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {a.disagreeing.length < (a.disagreeing_total ?? 0) && (
              <p class="muted" data-testid="disagree-cut">
                {t('disagree.shown', {
                  shown: fmtInt(a.disagreeing.length),
                  total: fmtInt(a.disagreeing_total),
                })}
              </p>
            )}
            {(a.disagreeing_total ?? 0) > 0 && (
              // The whole list as a file (the table stops at 200): the API's CSV of the same filter.
              <p class="controls">
                <a
                  class="button-secondary"
                  href={apiUrl('/disagreements', {
                    ...state.filters,
                    limit: CSV_MAX,
                    ...(differ ? { differ } : {}),
                    format: 'csv',
                  })}
                  download="faultline-disagreements.csv"
                  data-testid="disagree-csv"
                >
                  {(a.disagreeing_total ?? 0) > CSV_MAX
                    ? t('disagree.csvCut', { max: fmtInt(CSV_MAX), n: fmtInt(a.disagreeing_total) })
                    : t('disagree.csv', { n: fmtInt(a.disagreeing_total) })}
                </a>
              </p>
            )}
            {a.notes.map((n) => (
              <p class="muted" key={n}>
                {n}
              </p>
            ))}
            <p class="muted" data-testid="disagree-basis">
              {a.linkage.basis === 'stored'
                ? t('disagree.basis.stored', {
                    runs: storedRuns(a.linkage),
                    share: fmtPct(a.tolerances.deaths_share),
                    days: t('count.days', { n: fmtInt(a.tolerances.days) }),
                  })
                : t('disagree.basis.computed')}
              {a.linkage.relinked ? ` ${t('disagree.basis.relinked')}` : ''}
            </p>
          </>
        )}
      </section>
      {a && a.coverage_status !== 'not_covered' && (
        <section class="card" aria-labelledby="disagree-coverage-title">
          <h2 id="disagree-coverage-title">{t('disagree.coverage')}</h2>
          <p class="muted">{t('disagree.coverageNote')}</p>
          {a.coverage.length ? (
            <Coverage rows={a.coverage} />
          ) : (
            // An empty table read as "every source covered": say why it has no rows.
            <p class="muted" data-testid="disagree-coverage-none">
              {t('disagree.coverageNone')}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
