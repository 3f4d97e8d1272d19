/** Alert routes: viewers read alerts (desk review alerts only analysts and up); admins manage rules, run an evaluation and read the delivery log (docs/alerts.md). */
import { z } from 'zod';
import { deliverInBackground } from '../../app/alerts/background.ts';
import { parseDeliveryId } from '../../app/alerts/deliver.ts';
import { evaluateAlerts } from '../../app/alerts/evaluate.ts';
import { resendAnswer } from '../../app/alerts/resend.ts';
import {
  addAlertRule,
  ALERT_RULE_COLUMNS,
  listAlertRules,
  parseRuleId,
  removeAlertRule,
  type AlertRuleInput,
} from '../../app/alerts/rules.ts';
import { ALERT_COLUMNS, deliveriesAnswer, listAlertsView } from '../../app/alerts/views.ts';
import { invalidateMemo } from '../../app/analysis/memo.ts';
import { roleAtLeast } from '../../app/api-keys.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { quoteJsonValue, quoteValue } from '../../domain/quote.ts';
import type { StoredApiKey } from '../../storage/store.ts';
import type {
  AlertRuleRemovedAnswer,
  AlertRulesAnswer,
  DeliveriesAnswer,
  DeliveryResentAnswer,
} from '../answer-types.ts';
import { jsonBody } from '../json-body.ts';
import { choice, int, flag, isSet } from '../params.ts';
import { API, route, type RouteDef } from '../route-table.ts';

const tag = 'alerts';

const value = z.union([z.string().max(1000), z.number(), z.boolean()]);

/** The body of a new rule: the CLI's options in snake_case (docs/alerts.md lists each kind's). */
const RuleRequest = z
  .record(z.string(), value)
  .describe(
    "kind (surge, forecast, relations, border, desk_review), optional name, pending_evaluations, pending_hours, cooldown_hours, webhook_url, webhook_secret, and the kind's own fields: surge country/admin1/admin2/actor/metric/window_days/min_total/lookbacks/include_desk; forecast country/level/metric/source/draws; relations a/b/baseline_months/drop_sd/min_days; border interstate/max_border_km/include_desk; desk_review hours/states. Fixed choices (kind, metric, level, source, states, and true/false for interstate and include_desk) match in any ASCII case and are stored as listed in docs/alerts.md",
  );

/** The alert routes. */
export const alertRoutes: RouteDef[] = [
  route({
    method: 'GET',
    path: `${API}/alerts`,
    auth: 'read',
    tag,
    cache: false,
    formats: ['json', 'csv', 'ndjson'],
    summary:
      'Recorded alerts, newest first (fired and suppressed), and the conditions holding now (pending or alerted)',
    description:
      "A fired alert was sent to its rule's webhook (if any); a suppressed one is recorded with the reason (a cool-down) and not sent. CSV and NDJSON give the alert rows. See docs/alerts.md.",
    query: z.strictObject({
      state: choice(['fired', 'suppressed'], 'only alerts in this state').optional(),
      rule: int(1, 1_000_000_000, 'only alerts of this rule').optional(),
      limit: int(1, 10_000, 'at most this many alerts (default 100)').optional(),
      offset: int(0, 1_000_000_000, 'skip this many first').optional(),
    }),
    async handle(c, deps, q) {
      // Desk review alerts carry unreviewed headlines: only the desk's roles see them (docs/desk.md).
      const key = c.get('apiKey' as never) as StoredApiKey | null;
      const answer = await listAlertsView(deps.store, q, { desk: !!key && roleAtLeast(key.role, 'analyst') });
      // CSV and NDJSON carry rows only: the header row always, and the total of a cut page in headers.
      return {
        body: answer,
        rows: answer.alerts,
        columns: ALERT_COLUMNS,
        headers: {
          'x-faultline-total': String(answer.total),
          'x-faultline-rows': String(answer.alerts.length),
        },
      };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/alerts/rules`,
    auth: 'admin',
    tag,
    cache: false,
    formats: ['json', 'csv', 'ndjson'],
    summary: 'Alert rules with their settings, last evaluation and last error (never webhook secrets)',
    query: z.strictObject({
      all: flag('include removed rules (default false)').optional(),
    }),
    async handle(_c, deps, q) {
      const rules = await listAlertRules(deps.store, isSet(q.all));
      return { body: { rules } satisfies AlertRulesAnswer, rows: rules, columns: ALERT_RULE_COLUMNS };
    },
  }),
  route({
    method: 'POST',
    path: `${API}/alerts/rules`,
    auth: 'admin',
    tag,
    cache: false,
    formats: ['json'],
    summary: 'Add an alert rule; a webhook secret faultline makes is in this answer only',
    body: { contentType: 'application/json', description: 'the rule', schema: RuleRequest },
    responses: { 201: 'the rule, and its webhook secret when one was made' },
    query: z.strictObject({}),
    async handle(c, deps) {
      const body = await jsonBody(
        c,
        '{"kind": "surge", "admin1": "PK-BA", "webhook_url": "https://example.org/hook"}',
      );
      if (typeof body !== 'object' || body === null || Array.isArray(body))
        throw new InvalidInputError(
          `invalid body: ${quoteJsonValue(body)} (send one JSON object with the rule's fields)`,
        );
      for (const [k, v] of Object.entries(body))
        if (!value.safeParse(v).success)
          throw new InvalidInputError(
            typeof v === 'string'
              ? `invalid ${k}: ${quoteValue(v)} (give at most 1000 characters)`
              : // A number past ±1.8e308 (1e400) is refused by jsonBody, as in every JSON body.
                `invalid ${k}: ${quoteJsonValue(v)} (give text, a number or true/false)`,
          );
      // An empty or blank field is refused, as the CLI refuses an empty flag: the rule's settings read
      // it as left out (`"window_days": ""` made a 30-day rule, `"webhook_url": ""` one with no
      // webhook). A kind sent empty is refused as empty by addAlertRule, naming the kinds, as in the CLI.
      for (const [k, v] of Object.entries(body))
        if (k !== 'kind' && typeof v === 'string' && v.trim() === '')
          throw new InvalidInputError(
            `invalid ${k}: ${quoteValue(v)} (give a value, or leave the field out)`,
          );
      return { status: 201, body: await addAlertRule(deps.store, body as AlertRuleInput) };
    },
  }),
  route({
    method: 'DELETE',
    path: `${API}/alerts/rules/:id`,
    auth: 'admin',
    tag,
    cache: false,
    formats: ['json'],
    summary:
      'Remove an alert rule (its alerts and deliveries stay listed); its pending webhook deliveries are cancelled, never sent',
    pathParams: { id: 'the rule id' },
    query: z.strictObject({}),
    async handle(c, deps) {
      const id = parseRuleId(c.req.param('id')!);
      return { body: (await removeAlertRule(deps.store, id)) satisfies AlertRuleRemovedAnswer };
    },
  }),
  route({
    method: 'POST',
    path: `${API}/alerts/evaluate`,
    auth: 'admin',
    tag,
    cache: false,
    formats: ['json'],
    summary: 'Evaluate every alert rule now; webhook deliveries go on in the background',
    description: 'Takes no body: a body sent is refused (400), not ignored as if it chose rules or settings.',
    query: z.strictObject({}),
    async handle(c, deps) {
      // It evaluates every rule as stored: a body that reads as choosing some was ignored without a word.
      const sent = await c.req.text();
      if (sent.trim())
        throw new InvalidInputError(
          `invalid body: ${quoteValue(sent)} (this route takes none: it evaluates every rule as stored; change a rule with DELETE and POST /api/v1/alerts/rules)`,
        );
      invalidateMemo(deps.store);
      const run = await evaluateAlerts(deps.store, { trigger: 'manual' });
      deliverInBackground(deps.store, deps.log);
      return { body: run };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/alerts/deliveries`,
    auth: 'admin',
    tag,
    cache: false,
    formats: ['json'],
    summary: 'Webhook deliveries, newest first, with every attempt (HTTP status, error, time)',
    query: z.strictObject({
      status: choice(
        ['pending', 'delivered', 'failed', 'cancelled'],
        'only deliveries in this state (cancelled: of a rule removed while they were pending)',
      ).optional(),
      alert: int(1, 1_000_000_000, 'only deliveries of this alert').optional(),
      limit: int(1, 10_000, 'at most this many (default 100)').optional(),
    }),
    async handle(_c, deps, q) {
      return { body: (await deliveriesAnswer(deps.store, q)) satisfies DeliveriesAnswer };
    },
  }),
  route({
    method: 'POST',
    path: `${API}/alerts/deliveries/:id/resend`,
    auth: 'admin',
    tag,
    cache: false,
    formats: ['json'],
    summary:
      'Send a webhook delivery that failed again (same retries and signature); answers once it is delivered or has failed again',
    description:
      "The new attempts are added to the delivery's own. 200 with the delivery whatever the receiver answered (`status` says whether it was delivered); 409 for a delivery delivered, still pending or cancelled, or of a removed rule (which calls no webhook), 404 for one that does not exist. Takes no body.",
    pathParams: { id: 'the delivery id' },
    query: z.strictObject({}),
    async handle(c, deps) {
      const sent = await c.req.text();
      if (sent.trim())
        throw new InvalidInputError(
          `invalid body: ${quoteValue(sent)} (this route takes none: it sends the delivery as stored)`,
        );
      const id = parseDeliveryId(c.req.param('id')!);
      return { body: (await resendAnswer(deps.store, id)) satisfies DeliveryResentAnswer };
    },
  }),
];
