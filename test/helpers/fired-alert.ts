/**
 * The evaluation a test records to have one fired alert of a rule (a new interstate clash, key
 * "event 1"), posting to the rule's webhook: what the delivery tests need before they send.
 */
import type { AlertEvaluationWrite } from '../../src/storage/alert-records.ts';

/** One evaluation of `ruleId` at `at` that fires one alert and asks for its delivery to `webhookUrl`. */
export const firedAlertEvaluation = (
  ruleId: number,
  webhookUrl: string | null,
  at = new Date().toISOString(),
): AlertEvaluationWrite => ({
  ruleId,
  at,
  error: null,
  conditions: [],
  newAlerts: [
    {
      ruleId,
      key: 'event 1',
      state: 'fired',
      reason: null,
      title: 'a new interstate clash',
      detail: {},
      trigger: 'manual',
      at,
      lastSeenAt: at,
      seen: 1,
      clearedAt: null,
    },
  ],
  seenAlertIds: [],
  clearedAlertIds: [],
  webhookUrl,
});
