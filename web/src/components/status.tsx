/** Loading, error and empty states, each saying what it means in words. */
import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useEffect, useRef, useState } from 'preact/hooks';
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

/** What a part of a view reports to its error group: its name and the failure's message. */
interface Failure {
  part: string;
  message: string;
}

const ErrorGroupContext = createContext<((id: object, failure: Failure | null) => void) | null>(null);

/** The error line with its retry, and when given, which parts of the view it leaves out. */
function ErrorLine({ message, parts }: { message: string; parts?: readonly string[] }) {
  return (
    <div class="error-box" role="alert" data-parts={parts?.join(',')}>
      {t('state.error', { message: fieldMessage(message) })}{' '}
      <button type="button" class="link-button" onClick={retryFailed}>
        {t('state.retry')}
      </button>
      {parts && <span class="error-parts">{t('state.notShown', { parts: parts.join(', ') })}</span>}
    </div>
  );
}

/**
 * Shows the failures of the parts inside it once per distinct message, above them, naming the
 * parts each leaves out: the overview's key figures, chart and map share one request, and its
 * failure read as three errors.
 */
export function ErrorGroup({ children }: { children: ComponentChildren }) {
  const [failures, setFailures] = useState<ReadonlyMap<object, Failure>>(new Map());
  const report = useCallback((id: object, failure: Failure | null) => {
    setFailures((prev) => {
      if (prev.get(id)?.message === failure?.message && prev.get(id)?.part === failure?.part) return prev;
      const next = new Map(prev);
      if (failure) next.set(id, failure);
      else next.delete(id);
      return next;
    });
  }, []);
  const byMessage = new Map<string, string[]>();
  for (const f of failures.values()) byMessage.set(f.message, [...(byMessage.get(f.message) ?? []), f.part]);
  return (
    <ErrorGroupContext.Provider value={report}>
      {[...byMessage].map(([message, parts]) => (
        <ErrorLine key={message} message={message} parts={parts} />
      ))}
      {children}
    </ErrorGroupContext.Provider>
  );
}

/**
 * An API failure, with a retry that asks again for the failed answers (see `retryFailed`). Inside
 * an `ErrorGroup`, a named `part` reports it to the group and shows only that it is left out.
 */
export function ErrorBox({ error, part }: { error: Error; part?: string }) {
  const report = useContext(ErrorGroupContext);
  const id = useRef({}).current;
  const grouped = !!report && !!part;
  useEffect(() => {
    if (!report || !part) return;
    report(id, { part, message: error.message });
    return () => report(id, null);
  }, [report, part, error.message]);
  if (grouped)
    return (
      <p class="muted error-part" data-testid="error-part">
        {t('state.partNotShown', { part })}
      </p>
    );
  return <ErrorLine message={error.message} />;
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
