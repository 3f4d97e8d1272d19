/** Loading, error and empty states, each saying what it means in words. */
import type { ComponentChildren } from 'preact';
import type { CoverageEntry, CoverageStatus } from '../api/types.ts';
import { retryFailed } from '../api/use-api.ts';
import { t, tMaybe } from '../i18n/t.ts';

/** A polite loading line for screen readers and a shimmer for the eye. */
export function Loading({ label = t('state.loading') }: { label?: string }) {
  return (
    <div class="loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** An API failure, with a retry that asks again for the failed answers (see `retryFailed`). */
export function ErrorBox({ error }: { error: Error }) {
  return (
    <div class="error-box" role="alert">
      {t('state.error', { message: fieldMessage(error.message) })}{' '}
      <button type="button" class="link-button" onClick={retryFailed}>
        {t('state.retry')}
      </button>
    </div>
  );
}

/**
 * The API's one-line refusal, prefixed with the filter field's name when the message names a filter
 * key: "unknown admin2: Peshawer (nearest: Peshawar, …)" reads "District: unknown admin2: Peshawer …".
 */
export function fieldMessage(message: string): string {
  const key = /^(?:unknown|invalid) ([a-z0-9_]+)\b/.exec(message)?.[1];
  const field = key ? tMaybe(`filters.${key}`, '') : '';
  return field ? `${field}: ${message}` : message;
}

/** "What the loaded data cover", one entry per source version. */
export function coverageText(coverage: readonly CoverageEntry[]): string {
  if (!coverage.length) return t('state.noCoverage');
  const list = coverage
    .map((c) =>
      t('state.coverageEntry', { source: c.source, version: c.version, from: c.first_date, to: c.last_date }),
    )
    .join('; ');
  return t('state.coverage', { list });
}

/**
 * The empty state: no events for this filter, whether loaded sources cover the period (a true
 * zero) or not (nothing is known), and what the loaded data do cover.
 */
export function Empty({
  coverage,
  status,
  period,
  children,
}: {
  coverage: readonly CoverageEntry[];
  status?: CoverageStatus | null;
  period?: { from: string; to: string } | null;
  children?: ComponentChildren;
}) {
  const headline =
    status === 'not_covered' && period
      ? t('state.notCovered', period)
      : status === 'covered'
        ? t('state.emptyCovered')
        : t('state.empty');
  return (
    <div class="empty" data-testid="empty-state" data-coverage={status ?? ''}>
      <p>
        <strong>{headline}</strong>
      </p>
      <p>{coverageText(coverage)}</p>
      {children}
    </div>
  );
}

/** The meta's coverage warning (the period reaches beyond the loaded data), when there is one. */
export function CoverageWarning({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <p class="warning" role="note">
      {t('state.warning', { text })}
    </p>
  );
}
