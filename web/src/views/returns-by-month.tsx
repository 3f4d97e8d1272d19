/**
 * The Border and relations view's returns table month by month (`returns_by=month`): GET
 * /statistics/months over the view's range, of the metric and origin chosen above the table. Each month gives
 * the figures whose period lies within it (value, where, period, who published it and what it
 * counts), the month's answer in words (a count of the whole month, counts of parts of it only,
 * stocks only, shares or rates only: no count of it is published, or "no source", never 0), and how
 * many longer figures span it, which are not split into months. A figure compiled twice is one row
 * naming its other records (the API folds them, as the listed table does).
 */
import { useState } from 'preact/hooks';
import { apiUrl } from '../api/client.ts';
import type { FigureInMonth, FiguresByMonthAnswer, FiguresMonth, PartsSum } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { ErrorBox, Loading } from '../components/status.tsx';
import { figurePlace, fmtFigure, fmtInt } from '../format.ts';
import { t, tMaybe } from '../i18n/t.ts';
import { originName } from './border-data.ts';
import { FigureOrigin } from './figure-origin.tsx';
import { Revision } from './figure-revision.tsx';
import { alsoRecordedList } from '../../../src/domain/statistic.ts';

/** Months the table shows before "Show all": the latest ones. */
const MONTHS_SHOWN = 20;

/** Where a figure counts and where people went, as the listed table says it ("Pakistan → Afghanistan"). */
const place = (f: FigureInMonth | PartsSum) =>
  figurePlace({
    ...f,
    admin1: null,
    geography_to: f.country_to && tMaybe(`country.${f.country_to}`, f.country_to),
  });

/** What part of the month a figure covers, in words. */
function covers(f: FigureInMonth): string {
  if (f.covers === 'month') return t('border.byMonth.whole');
  if (f.covers === 'as_of') return t('border.byMonth.asOf', { day: f.period_end });
  return t('border.byMonth.part', { from: f.period_start!, to: f.period_end });
}

/**
 * The month's answer in words, one for each answer the API (and the CLI table's `answer` column)
 * gives: before, only `share_or_rate` and `no source` were said, and a month answered by parts
 * alone read like one answered by a count of the whole month.
 */
function answerWords(answer: FiguresMonth['answer']): string {
  switch (answer) {
    case 'month':
      return t('border.byMonth.answer.month');
    case 'part':
      return t('border.byMonth.answer.part');
    case 'as_of':
      return t('border.byMonth.answer.asOf');
    case 'share_or_rate':
      return t('border.byMonth.shareOrRate');
    case 'no source':
      return t('border.byMonth.noSource');
  }
}

/** The month's answer as words, on its first row: what the API's `answer` says of the month. */
function MonthAnswer({ m }: { m: FiguresMonth }) {
  return (
    <div class="small" data-testid="month-answer" data-value={m.answer}>
      {answerWords(m.answer)}
    </div>
  );
}

/** The month's cell, on the first of its rows (it spans all of them). */
function MonthCell({ m, rows }: { m: FiguresMonth; rows: number }) {
  return (
    <td rowSpan={rows} class="nowrap" data-label={t('border.col.month')} data-testid="month">
      {m.month}
    </td>
  );
}

/** How many listed figures over longer periods hold the month (not split into it), beside its first row. */
function SpanningCell({ m, rows }: { m: FiguresMonth; rows: number }) {
  return (
    <td
      rowSpan={rows}
      class="num"
      data-label={t('border.col.spanning')}
      data-testid="spanning"
      data-value={m.spanning}
    >
      {fmtInt(m.spanning)}
    </td>
  );
}

/** One month as rows: one per figure, then one per sum of parts, or one row saying "no source". */
function MonthRows({ m, origin }: { m: FiguresMonth; origin: string }) {
  const count = Math.max(1, m.figures.length + m.parts_sums.length);
  const byId = new Map(m.figures.map((f) => [f.id, f]));
  // On a phone, where each row is a block, a dashed line parts the rows of one month.
  const rowClass = (i: number) => (i < count - 1 ? 'same-month' : undefined);
  if (!m.figures.length)
    return (
      <tr data-month={m.month} data-answer={m.answer}>
        <MonthCell m={m} rows={1} />
        {/* In words: no figure lies within the month, which is unknown, not 0. */}
        <td class="not-covered" data-label={t('border.col.answer')} data-testid="answer" data-value="">
          <span data-testid="month-answer" data-value={m.answer}>
            {answerWords(m.answer)}
          </span>
        </td>
        <td class="muted small" data-label={t('border.col.source')}>
          {/* Of the origin shown: a month of returns from Iran alone has a loaded figure, not one of Pakistan. */}
          {origin === 'all'
            ? t('border.byMonth.noFigure')
            : t('border.byMonth.noFigureOf', { origin: originName(origin) })}
        </td>
        <SpanningCell m={m} rows={1} />
      </tr>
    );
  return (
    <>
      {m.figures.map((f, i) => (
        <tr
          key={f.id}
          class={rowClass(i)}
          data-month={m.month}
          data-answer={i === 0 ? m.answer : undefined}
          data-figure={f.id}
          data-covers={f.covers}
          data-value={f.value}
          data-unit={f.unit}
          data-organisation={f.organisation}
          data-origin={f.origin ?? ''}
        >
          {i === 0 && <MonthCell m={m} rows={count} />}
          <td data-label={t('border.col.answer')} data-testid="answer">
            <div>
              <span data-testid="value">{fmtFigure(f)}</span>
              {`, ${place(f)}`}
              <div class="muted small" data-testid="covers">
                {covers(f)}
              </div>
              {/* Where the people it counts left from: a month of returns from Iran is not one from Pakistan. */}
              <FigureOrigin f={f} />
              {/* The month's answer, as the API's `answer` says it, under its first figure. */}
              {i === 0 && <MonthAnswer m={m} />}
            </div>
          </td>
          <td class="small" data-label={t('border.col.source')}>
            <div>
              {f.url ? <a href={f.url}>{f.organisation}</a> : f.organisation}, {f.report}
              {f.secondary ? ` (${t('border.secondary')})` : ''}
              {/* A figure compiled twice is one row naming its other records, as the listed table says it. */}
              {f.also_recorded.length > 0 && (
                <span data-testid="also-recorded">
                  {'; '}
                  {t('border.alsoRecorded', {
                    records: alsoRecordedList(f.also_recorded),
                  })}
                </span>
              )}
              <div class="muted small" data-testid="definition">
                {f.definition}
              </div>
              {/* A revision and the figure it revises share their period: both are in this month. */}
              <Revision f={f} byId={byId} />
            </div>
          </td>
          {i === 0 && <SpanningCell m={m} rows={count} />}
        </tr>
      ))}
      {m.parts_sums.map((s, j) => (
        <tr
          key={s.figures.join('+')}
          class={rowClass(m.figures.length + j)}
          data-month={m.month}
          data-sum={s.figures.join('+')}
          data-value={s.value}
          data-unit={s.unit}
          data-period-start={s.period_start}
          data-period-end={s.period_end}
        >
          <td data-label={t('border.col.answer')} data-testid="answer">
            <div>
              <span data-testid="value">{fmtFigure(s)}</span>
              {`, ${place(s)}`}
            </div>
          </td>
          <td class="muted small" data-label={t('border.col.source')} data-testid="sum">
            {/* The period the sum covers, as a figure's row gives its own: the parts may leave days between them. */}
            {t('border.byMonth.sum', {
              n: s.figures.length,
              organisation: s.organisation,
              from: s.period_start,
              to: s.period_end,
              days: s.days_covered,
              of: s.days_in_month,
            })}
          </td>
        </tr>
      ))}
    </>
  );
}

/**
 * The months of the range (`from`, `to`: days) with the published figures of `metric`, newest
 * first; the 20 latest until "Show all" is pressed, which the table says.
 */
export function ReturnsByMonth({
  range,
  metric,
  origin,
}: {
  range: { from: string; to: string };
  metric: string;
  origin: string;
}) {
  const [showAll, setShowAll] = useState(false);
  const answer = useApi<FiguresByMonthAnswer>(apiUrl('/statistics/months', { ...range, metric, origin }));
  if (answer.error) return <ErrorBox error={answer.error} />;
  if (!answer.data) return <Loading />;
  const months = [...answer.data.months].reverse();
  const shownOrigin = answer.data.meta.origin;
  const shown = showAll ? months : months.slice(0, MONTHS_SHOWN);
  return (
    <>
      <p class="muted small" data-testid="returns-months-note">
        {t('border.byMonth.note')}
      </p>
      {/* On a phone each figure is a block of labelled lines, its month and spanning count on the
          first of its month's blocks, as the listed table and Sources disagree do. */}
      <table
        class="data-table phone-stack"
        data-testid="returns-months"
        data-metric={metric}
        data-origin={shownOrigin}
      >
        <thead>
          <tr>
            <th scope="col">{t('border.col.month')}</th>
            <th scope="col">{t('border.col.answer')}</th>
            <th scope="col">{t('border.col.source')}</th>
            <th scope="col">{t('border.col.spanning')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((m) => (
            <MonthRows key={m.month} m={m} origin={shownOrigin} />
          ))}
        </tbody>
      </table>
      {shown.length < months.length && (
        <p class="controls" data-testid="returns-months-cut" data-value={shown.length}>
          <span class="muted small">
            {t('border.byMonth.cut', { n: fmtInt(shown.length), of: fmtInt(months.length) })}
          </span>{' '}
          <button type="button" data-testid="returns-months-show-all" onClick={() => setShowAll(true)}>
            {t('border.byMonth.showAll', { of: fmtInt(months.length) })}
          </button>
        </p>
      )}
      {answer.data.meta.notes.map((n) => (
        <p key={n} class="muted small" data-testid="returns-months-notes">
          {n}
        </p>
      ))}
    </>
  );
}
