/**
 * Alert work around the writes that change data: evaluation after an import or update commits,
 * webhook delivery in the background (an import never waits for a receiver), and the schedule a
 * server runs. Failures are logged, never thrown into the import that ran them.
 */
import { visibleText } from '../../domain/invisible.ts';
import { counted } from '../../domain/plural.ts';
import type { Store } from '../../storage/store.ts';
import { invalidateMemo } from '../analysis/memo.ts';
import type { AlertRunAnswer } from '../answers.ts';
import { deliverPending, type DeliveryPolicy } from './deliver.ts';
import type { AlertTrigger } from './evaluate.ts';
import { trackAlertWork } from './work.ts';

/** Where background failures are told (default: standard error). */
export type AlertLog = (line: string) => void;
const stderr: AlertLog = (line) => void process.stderr.write(`${line}\n`);

/**
 * A failure as its log line shows it: its message (a webhook's address, a rule's parameters, a
 * receiver's or a library's words) with what could disguise the line escaped (visibleText: a bidi
 * override turned the rest of the line around, a `\n` started a forged line), as the server's
 * request log shows a 500's; something thrown that is no Error, as text rather than "undefined".
 */
const failure = (e: unknown) => visibleText(e instanceof Error ? e.message : String(e));

/** Starts sending pending deliveries without waiting for them; `settleAlertWork` waits. */
export function deliverInBackground(store: Store, log: AlertLog = stderr, policy?: DeliveryPolicy): void {
  const p = deliverPending(store, policy)
    .then((r) => {
      if (r.failed)
        log(
          `alerts: ${counted(r.failed, 'webhook delivery', 'webhook deliveries')} failed (see faultline alerts deliveries)`,
        );
    })
    .catch((e: unknown) => log(`alerts: webhook delivery stopped: ${failure(e)}`));
  trackAlertWork(store, p);
}

/**
 * Evaluates the rules after data changed (import, update) and starts delivering what fired.
 * Resolves to the evaluation, or to null with the failure logged: the data are committed already.
 */
export async function alertsAfterWrite(
  store: Store,
  trigger: AlertTrigger,
  log: AlertLog = stderr,
): Promise<AlertRunAnswer | null> {
  try {
    // Most stores have no rule: then the checks (forecasting, relations) are not even loaded.
    if (!(await store.listAlertRules()).length)
      return { trigger, at: new Date().toISOString(), rules: [], alerts: [] };
    // Answers memoised before the write (coverage, filter values) would hide what it brought.
    invalidateMemo(store);
    const { evaluateAlerts } = await import('./evaluate.ts');
    const run = await evaluateAlerts(store, { trigger });
    if (run.alerts.some((a) => a.state === 'fired')) deliverInBackground(store, log);
    return run;
  } catch (e) {
    log(`alerts: evaluation after ${trigger} failed: ${failure(e)}`);
    return null;
  }
}

/**
 * Evaluates every `minutes` (and delivers) while a server runs; a run still going when the next is
 * due is not doubled. The timer does not hold the process open. Returns the stop function, which
 * resolves once a run under way has finished (so the store can be closed after it).
 */
export function scheduleAlerts(store: Store, minutes: number, log: AlertLog = stderr): () => Promise<void> {
  if (!(minutes > 0)) return async () => {};
  let current: Promise<void> | null = null;
  const timer = setInterval(() => {
    if (current) return;
    current = import('./evaluate.ts')
      .then(({ evaluateAlerts }) => evaluateAlerts(store, { trigger: 'schedule' }))
      .then(() => deliverInBackground(store, log))
      .catch((e: unknown) => log(`alerts: scheduled evaluation failed: ${failure(e)}`))
      .finally(() => (current = null));
  }, minutes * 60_000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await current;
  };
}
