/**
 * Evaluating the alert rules: each live rule's check, then its state machine (decide.ts), written
 * in one transaction per rule. Runs after every import and update, on a schedule while a server
 * runs, and on request. Evaluations of one store run one at a time.
 */
import { FaultlineError } from '../../domain/errors.ts';
import type { AlertRuleKind } from '../../storage/alert-records.ts';
import type { Store } from '../../storage/store.ts';
import type { AlertRunAnswer } from '../answers.ts';
import { borderCheck } from './border-check.ts';
import { decide } from './decide.ts';
import { deskReviewCheck } from './desk-review-check.ts';
import { forecastCheck } from './forecast-check.ts';
import type { KindCheck } from './found.ts';
import { relationsCheck } from './relations-check.ts';
import { surgeCheck } from './surge-check.ts';
import { alertRow } from './views.ts';

/** What ran an evaluation. */
export type AlertTrigger = 'import' | 'update' | 'review' | 'schedule' | 'manual';

const CHECKS: Record<AlertRuleKind, { check: KindCheck; oneShot: boolean }> = {
  surge: { check: surgeCheck, oneShot: false },
  forecast: { check: forecastCheck, oneShot: false },
  relations: { check: relationsCheck, oneShot: false },
  border: { check: borderCheck, oneShot: true },
  desk_review: { check: deskReviewCheck, oneShot: true },
};

const HOUR = 3_600_000;
const running = new WeakMap<Store, Promise<unknown>>();

/** Options of one evaluation: what ran it, the clock (tests move it), and which rules (default all live ones). */
export interface EvaluateOptions {
  trigger: AlertTrigger;
  now?: Date;
  ruleIds?: readonly number[];
  /** Told each rule whose check failed, with the error (the CLI exits with its code once every rule is evaluated). */
  onRuleError?: (ruleId: number, error: unknown) => void;
}

/** Evaluates the live rules; a rule whose check fails keeps its conditions and records the error. */
export function evaluateAlerts(store: Store, o: EvaluateOptions): Promise<AlertRunAnswer> {
  const previous = running.get(store) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(() => evaluateNow(store, o));
  running.set(store, next);
  return next;
}

async function evaluateNow(store: Store, o: EvaluateOptions): Promise<AlertRunAnswer> {
  const now = o.now ?? new Date();
  const rules = (await store.listAlertRules()).filter((r) => !o.ruleIds || o.ruleIds.includes(r.id));
  const answer: AlertRunAnswer = { trigger: o.trigger, at: now.toISOString(), rules: [], alerts: [] };
  for (const rule of rules) {
    const { check, oneShot } = CHECKS[rule.kind];
    const previous = await store.alertConditions(rule.id);
    // Nothing is known now (the check failed, or the data cannot say): the conditions are kept as
    // they were, nothing fires, nothing is cleared or counted as seen; the error or note says why.
    const keep = async (error: string | null, note: string | null) => {
      await store.applyAlertEvaluation({
        ruleId: rule.id,
        at: answer.at,
        error,
        note,
        conditions: previous,
        newAlerts: [],
        seenAlertIds: [],
        clearedAlertIds: [],
        webhookUrl: null,
      });
      answer.rules.push({
        rule_id: rule.id,
        name: rule.name,
        kind: rule.kind,
        holding: 0,
        pending: 0,
        fired: 0,
        suppressed: 0,
        error,
        note,
      });
    };
    let found;
    try {
      found = await check(store, rule, now);
    } catch (e) {
      o.onRuleError?.(rule.id, e);
      await keep(e instanceof FaultlineError ? e.message : `unexpected: ${(e as Error).message}`, null);
      continue;
    }
    // Days no loaded source covers are not a zero: a surge not known is not "no surge" (it cleared
    // the rule's alert, without a word).
    if (found.judged === false) {
      await keep(null, found.note);
      continue;
    }
    const since = new Date(now.getTime() - rule.cooldownHours * HOUR).toISOString();
    // Of each key found, its newest alert within the cool-down: all decide() checks a new run against,
    // read whole (it read the rule's newest 100,000 alerts, so past as many newer ones of other keys
    // a key's alert was cut silently and the key fired again inside its cool-down).
    const recent = await store.latestAlerts({
      ruleId: rule.id,
      keys: found.conditions.map((c) => c.key),
      since,
    });
    const d = decide({ rule, previous, found: found.conditions, recent, now, trigger: o.trigger, oneShot });
    const added = await store.applyAlertEvaluation({ ...d.write, note: found.note });
    answer.alerts.push(...added.map((a) => alertRow(a, rule)));
    answer.rules.push({
      rule_id: rule.id,
      name: rule.name,
      kind: rule.kind,
      holding: found.conditions.length,
      pending: d.pending,
      fired: added.filter((a) => a.state === 'fired').length,
      suppressed: added.filter((a) => a.state === 'suppressed').length,
      error: null,
      note: found.note,
    });
  }
  return answer;
}
