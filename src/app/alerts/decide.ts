/**
 * The alert state machine of one rule (docs/alerts.md, "Pending, deduplication and cool-down"),
 * pure: from the conditions stored at the last evaluation, what holds now and the rule's recent
 * alerts, what to record.
 *
 * - A condition is **pending** until it has held on `pendingEvaluations` consecutive evaluations
 *   and for `pendingHours` since first seen.
 * - Confirmed, it **fires** once: later evaluations that still find it only count it (`seen`).
 * - The **cool-down** is per key: a key that has an alert gets no new one for `cooldownHours`.
 *   Still holding when it ends, it fires again (a reminder); a new run of the same key that
 *   starts within it is recorded as **suppressed**, with the reason (never dropped).
 * - One-shot kinds (border: an event is new once) never fire a key twice.
 */
import type {
  AlertCondition,
  AlertEvaluationWrite,
  StoredAlert,
  StoredAlertRule,
} from '../../storage/alert-records.ts';
import type { FoundCondition } from './found.ts';

const HOUR = 3_600_000;
const hoursBetween = (from: string, to: Date) => (to.getTime() - Date.parse(from)) / HOUR;

/** What one evaluation of a rule decides. */
export interface Decision {
  write: AlertEvaluationWrite;
  pending: number;
}

/** Decides one rule's evaluation at `now` (recent: the newest alert of each key found, of the last cool-down). */
export function decide(o: {
  rule: StoredAlertRule;
  previous: readonly AlertCondition[];
  found: readonly FoundCondition[];
  recent: readonly StoredAlert[];
  now: Date;
  trigger: string;
  oneShot: boolean;
}): Decision {
  const { rule, now, trigger } = o;
  const at = now.toISOString();
  const before = new Map(o.previous.map((c) => [c.key, c]));
  const write: AlertEvaluationWrite = {
    ruleId: rule.id,
    at,
    error: null,
    conditions: [],
    newAlerts: [],
    seenAlertIds: [],
    clearedAlertIds: [],
    webhookUrl: rule.webhookUrl,
  };
  let pending = 0;
  const record = (f: FoundCondition, state: StoredAlert['state'], reason: string | null, detail = f.detail) =>
    write.newAlerts.push({
      ruleId: rule.id,
      key: f.key,
      state,
      reason,
      title: f.title,
      detail,
      trigger,
      at,
      lastSeenAt: at,
      seen: 1,
      clearedAt: null,
    });
  for (const f of o.found) {
    const prev = before.get(f.key);
    before.delete(f.key);
    const c: AlertCondition = {
      ruleId: rule.id,
      key: f.key,
      firstSeenAt: prev?.firstSeenAt ?? at,
      lastSeenAt: at,
      evaluations: (prev?.evaluations ?? 0) + 1,
      alertId: prev?.alertId ?? null,
      alertAt: prev?.alertAt ?? null,
      title: f.title,
      detail: f.detail,
    };
    write.conditions.push(c);
    const confirmed =
      c.evaluations >= rule.pendingEvaluations && hoursBetween(c.firstSeenAt, now) >= rule.pendingHours;
    if (!confirmed) {
      pending++;
      continue;
    }
    if (c.alertId !== null && c.alertAt !== null) {
      if (o.oneShot || hoursBetween(c.alertAt, now) < rule.cooldownHours) {
        write.seenAlertIds.push(c.alertId);
        continue;
      }
      // Still holding after the cool-down: fire again, linking the earlier alert.
      const earlier = c.alertId;
      c.alertId = null;
      c.alertAt = null;
      record(f, 'fired', null, { ...f.detail, reminder_of: earlier });
      continue;
    }
    const last = o.recent.find((a) => a.key === f.key && hoursBetween(a.at, now) < rule.cooldownHours);
    if (last) {
      const until = new Date(Date.parse(last.at) + rule.cooldownHours * HOUR).toISOString();
      record(
        f,
        'suppressed',
        `cool-down: alert ${last.id} for the same key (${f.key}) was recorded at ${last.at}; no new alert for it until ${until}`,
      );
    } else record(f, 'fired', null);
  }
  // What held at the last evaluation and holds no more: its run ends, its alert is cleared.
  for (const c of before.values()) if (c.alertId !== null) write.clearedAlertIds.push(c.alertId);
  return { write, pending };
}
