/**
 * Alert rules: what each kind takes (checked with one-line errors quoting the value), adding,
 * listing and removing them. Every surface (CLI, API) sends the same snake_case fields.
 */
import { randomBytes } from 'node:crypto';
import { choiceHint, matchChoice, parseBoolean } from '../../domain/choice.ts';
import { InvalidInputError, invalidParam, NotFoundError, ParamError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { ADMIN1_COUNTRIES } from '../../geo/index.ts';
import type { AlertRuleKind, StoredAlertRule } from '../../storage/alert-records.ts';
import type { Store } from '../../storage/store.ts';
import type { AlertRuleRow } from '../answers.ts';
import {
  numberHint,
  orList,
  parseChoice,
  parseIntParam,
  parseLookbacks,
  parseNumberParam,
} from '../analysis/params.ts';
import { METRICS } from '../analysis/metrics.ts';
import { parsePairCountry } from '../relations/relations.ts';
import { resolveFilter } from '../filters.ts';
import { refusedWebhookHost } from './webhook-address.ts';
import { shownWebhookUrl, webhookCredentialsNote } from './webhook-credentials.ts';

/** The rule kinds, in the order the docs describe them. */
export const RULE_KINDS: readonly AlertRuleKind[] = [
  'surge',
  'forecast',
  'relations',
  'border',
  'desk_review',
];

/** A rule as asked for: snake_case fields, text or numbers (CLI flags, API JSON). */
export type AlertRuleInput = Record<string, string | number | boolean | undefined>;

/** The fields every kind takes. */
export const COMMON_FIELDS: readonly string[] = [
  'kind',
  'name',
  'pending_evaluations',
  'pending_hours',
  'cooldown_hours',
  'webhook_url',
  'webhook_secret',
];

/** The fields each kind takes besides the common ones. */
export const KIND_FIELDS: Record<AlertRuleKind, readonly string[]> = {
  surge: [
    'country',
    'admin1',
    'admin2',
    'actor',
    'metric',
    'window_days',
    'min_total',
    'lookbacks',
    'include_desk',
  ],
  forecast: ['country', 'level', 'metric', 'source', 'draws'],
  relations: ['a', 'b', 'baseline_months', 'drop_sd', 'min_days'],
  border: ['interstate', 'max_border_km', 'include_desk'],
  desk_review: ['hours', 'states'],
};

/** Defaults of the settings every rule has; border rules fire on the first sight of a new event. */
export const RULE_DEFAULTS = { pendingEvaluations: 2, pendingHours: 0, cooldownHours: 24 } as const;

const text = (v: string | number | boolean | undefined) =>
  v === undefined || v === '' ? undefined : String(v);

/**
 * A number field in [lo, hi]: a JSON number is checked as the number it is (1e-9 hours is in range,
 * though its text has an exponent), text as parseNumberParam reads it.
 */
function numberField(
  name: string,
  v: string | number | boolean | undefined,
  byDefault: number,
  lo: number,
  hi: number,
) {
  if (typeof v !== 'number') return parseNumberParam(name, text(v) ?? String(byDefault), lo, hi);
  if (!(v >= lo && v <= hi)) throw invalidParam(name, `${quoteValue(v)} (${numberHint(lo, hi)})`);
  return v;
}

/** The states a desk review rule watches. */
const DESK_REVIEW_STATES = ['submitted', 'verified'] as const;

/**
 * Checks the kind's own fields into the stored params (filters checked against the loaded data).
 * Refusals name the fields as the surface showing them does (ParamError): the API the JSON field
 * (`window_days`, `interstate=true`), the CLI the flag that sets it (`--window`, `--interstate`).
 */
async function kindParams(
  store: Store,
  kind: AlertRuleKind,
  i: AlertRuleInput,
): Promise<Record<string, unknown>> {
  const t = (k: string) => text(i[k]);
  if (kind === 'surge') {
    const filter: Record<string, string> = {};
    for (const k of ['country', 'admin1', 'admin2', 'actor'] as const) if (t(k)) filter[k] = t(k)!;
    if (!filter.admin1 && !filter.admin2 && !filter.actor)
      throw new ParamError(
        ({ field: n }) =>
          `a surge rule needs ${n('admin1')} (a province), ${n('admin2')} (a district) or ${n('actor')} (an actor or group); see docs/alerts.md`,
      );
    await resolveFilter(store, filter);
    const windowDays = parseIntParam('window_days', t('window_days') ?? '30', 1, 365);
    // Refused here, not at every evaluation after it is stored (the surge rule's own check).
    const lookbacks = parseLookbacks(
      t('lookbacks') ?? '365,1095',
      {
        days: windowDays,
        hint: ({ field: n }) =>
          `each at least ${n('window_days')}, ${windowDays}: an earlier window must not overlap the latest`,
      },
      'lookbacks',
    );
    return {
      filter,
      metric: parseChoice('metric', t('metric') ?? 'events', METRICS),
      window_days: windowDays,
      min_total: parseIntParam('min_total', t('min_total') ?? '10', 0, 1_000_000),
      lookbacks,
      include_desk: includeDesk(i),
    };
  }
  if (kind === 'forecast') {
    const country = parsePairCountry(t('country') ?? 'PAK', 'country');
    const level = parseChoice('level', t('level') ?? 'admin1', ['country', 'admin1'] as const);
    // Refused here, not at every evaluation after it is stored ("no province boundaries for FRA"
    // failed each one, and the evaluation with it).
    if (level === 'admin1' && !ADMIN1_COUNTRIES.includes(country))
      throw new ParamError(
        (n) =>
          `invalid ${n.field('country')}: ${quoteValue(country)} (faultline places events in provinces of ${ADMIN1_COUNTRIES.join(' and ')} only, so a forecast rule on ${country} needs ${n.field('level')} country)`,
      );
    return {
      country,
      level,
      metric: parseChoice('metric', t('metric') ?? 'fatalities', ['fatalities', 'events'] as const),
      source: parseChoice('source', t('source') ?? 'ucdp', [
        'ucdp',
        'ucdp-ged',
        'ucdp-candidate',
        'acled',
      ] as const),
      draws: parseIntParam('draws', t('draws') ?? '500', 100, 5000),
    };
  }
  if (kind === 'relations') {
    const a = parsePairCountry(t('a') ?? 'AFG', 'a');
    const b = parsePairCountry(t('b') ?? 'PAK', 'b');
    if (a === b)
      throw new InvalidInputError(
        `invalid pair: ${quoteValue(a)} ${quoteValue(b)} (name two different countries)`,
      );
    return {
      a,
      b,
      baseline_months: parseIntParam('baseline_months', t('baseline_months') ?? '12', 3, 120),
      drop_sd: numberField('drop_sd', i.drop_sd, 2, 0.5, 10),
      min_days: parseIntParam('min_days', t('min_days') ?? '10', 1, 31),
    };
  }
  if (kind === 'desk_review') {
    // Each in any case, stored as listed (`Verified` is `verified`), so `Submitted,submitted` is one.
    const states = (t('states') ?? 'submitted').split(',').map((x) => {
      const state = matchChoice(x.trim(), DESK_REVIEW_STATES);
      if (state === undefined)
        throw invalidParam('states', `${quoteValue(x.trim())} (use submitted, verified or both)`);
      return state;
    });
    return {
      hours: numberField('hours', i.hours, 24, 0, 24 * 365),
      states: [...new Set(states)],
    };
  }
  const interstate = i.interstate === undefined ? false : parseBoolean('interstate', i.interstate);
  const km = t('max_border_km');
  const maxBorderKm = km === undefined ? null : numberField('max_border_km', i.max_border_km, 0, 0.1, 1000);
  if (!interstate && maxBorderKm === null)
    throw new ParamError(
      (n) =>
        `a border rule needs ${n.on('interstate')}, ${n.field('max_border_km')} (kilometres from the Afghanistan-Pakistan border), or both`,
    );
  return { interstate, max_border_km: maxBorderKm, include_desk: includeDesk(i) };
}

/**
 * Whether a surge or border rule counts published desk events: only when asked, as in every count
 * (docs/desk.md); a border rule then from their first publication on.
 */
function includeDesk(i: AlertRuleInput): boolean {
  return i.include_desk === undefined ? false : parseBoolean('include_desk', i.include_desk);
}

function webhookUrl(v: string | undefined, name: string): string | null {
  if (v === undefined) return null;
  if (!URL.canParse(v) || !/^https?:$/.test(new URL(v).protocol))
    throw invalidParam(name, `${quoteValue(v)} (use an http:// or https:// URL)`);
  // A user name or password in the URL would be listed with the rule and each delivery, to every
  // admin and in logs: the signature (webhook_secret) is how a receiver knows the sender. Quoted
  // without them.
  const shown = shownWebhookUrl(v);
  if (shown !== v)
    throw invalidParam(
      name,
      `${quoteValue(shown)} (a webhook URL may not carry a user name or password, which would be listed with the rule and its deliveries: the receiver checks the signature instead; see docs/security.md)`,
    );
  // The server would POST there: never to cloud metadata or this host's unspecified address.
  const refused = refusedWebhookHost(v);
  if (refused)
    throw invalidParam(
      name,
      `${quoteValue(v)} (${refused}: webhooks may not reach link-local or unspecified addresses; see docs/security.md)`,
    );
  return v;
}

/** A new rule, and its webhook secret when faultline made one (shown once). */
export interface AddedRule {
  rule: AlertRuleRow;
  /** The generated HMAC secret, or null when the caller gave one or there is no webhook. */
  webhook_secret: string | null;
}

/**
 * Checks and stores a rule. Border rules count events as new from the store's latest import on.
 * Refusals name the fields as the surface showing them does (ParamError).
 */
export async function addAlertRule(store: Store, i: AlertRuleInput, now = new Date()): Promise<AddedRule> {
  // A body without a kind is said to be one (it read as `invalid kind: ""`, a kind sent empty).
  if (i.kind === undefined)
    throw new InvalidInputError(`missing parameter: kind (${choiceHint(RULE_KINDS)})`);
  // An empty or blank kind is said to be empty, in the API and the CLI alike: the API answered with
  // the kinds as for a mistyped one, the CLI said to leave out a flag it requires.
  if (typeof i.kind === 'string' && i.kind.trim() === '')
    throw invalidParam(
      'kind',
      `${quoteValue(i.kind)} (empty: a rule needs a kind; ${choiceHint(RULE_KINDS)})`,
    );
  const kind = parseChoice('kind', text(i.kind) ?? '', RULE_KINDS);
  const allowed = [...COMMON_FIELDS, ...KIND_FIELDS[kind]];
  for (const k of Object.keys(i))
    if (i[k] !== undefined && !allowed.includes(k))
      throw new ParamError(
        ({ field: n }) =>
          `invalid field for a ${kind} rule: ${quoteValue(n(k))} (use ${orList(allowed.filter((a) => a !== 'kind').map(n))})`,
      );
  const params = await kindParams(store, kind, i);
  const name = text(i.name)?.trim() || `${kind} ${JSON.stringify(params)}`;
  // A name is shown in every alert's title row, to viewers too, and in terminals: a control
  // character (a line break, an escape sequence that recolours or rewrites the screen) is refused, as
  // in an API key's name (it was stored and printed raw).
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (name.length > 200 || /[\u0000-\u001f\u007f-\u009f]/.test(name))
    throw invalidParam('name', `${quoteValue(name)} (use at most 200 printable characters)`);
  const url = webhookUrl(text(i.webhook_url), 'webhook_url');
  const given = text(i.webhook_secret);
  if (given !== undefined && (!url || given.length < 16))
    throw new ParamError(({ field: n }) =>
      url
        ? `invalid ${n('webhook_secret')}: too short (use at least 16 characters, or leave it out and one is made)`
        : `${n('webhook_secret')} needs ${n('webhook_url')}`,
    );
  const made = url && given === undefined ? randomBytes(32).toString('base64url') : null;
  const last = (await store.listImports()).at(-1)?.id ?? 0;
  const rule = await store.addAlertRule({
    name,
    kind,
    params,
    pendingEvaluations: parseIntParam(
      'pending_evaluations',
      text(i.pending_evaluations) ??
        String(kind === 'border' || kind === 'desk_review' ? 1 : RULE_DEFAULTS.pendingEvaluations),
      1,
      100,
    ),
    pendingHours: numberField('pending_hours', i.pending_hours, 0, 0, 8760),
    cooldownHours: numberField('cooldown_hours', i.cooldown_hours, RULE_DEFAULTS.cooldownHours, 0, 8760),
    webhookUrl: url,
    webhookSecret: given ?? made,
    afterImportId: last,
    createdAt: now.toISOString(),
  });
  return { rule: ruleRow(rule), webhook_secret: made };
}

/**
 * A rule as shown: never its secret, only whether it has one; a URL stored with a user name or
 * password (before they were refused) as `https://***@host/...`, with a note saying how to replace it.
 */
export function ruleRow(r: StoredAlertRule): AlertRuleRow {
  const url = r.webhookUrl === null ? null : shownWebhookUrl(r.webhookUrl);
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    params: r.params,
    pending_evaluations: r.pendingEvaluations,
    pending_hours: r.pendingHours,
    cooldown_hours: r.cooldownHours,
    webhook_url: url,
    webhook_signed: r.webhookSecret !== null,
    webhook_note: url !== r.webhookUrl ? webhookCredentialsNote(r.id) : null,
    after_import_id: r.afterImportId,
    created_at: r.createdAt,
    removed_at: r.removedAt,
    last_evaluated_at: r.lastEvaluatedAt,
    last_error: r.lastError,
    last_note: r.lastNote,
  };
}

/** The columns of a rule as listed (AlertRuleRow), in its order: a CSV of no rules still has its header (API and CLI). */
export const ALERT_RULE_COLUMNS = [
  'id',
  'name',
  'kind',
  'params',
  'pending_evaluations',
  'pending_hours',
  'cooldown_hours',
  'webhook_url',
  'webhook_signed',
  'webhook_note',
  'after_import_id',
  'created_at',
  'removed_at',
  'last_evaluated_at',
  'last_error',
  'last_note',
] as const satisfies readonly (keyof AlertRuleRow)[];

/** The live rules (and removed ones when asked). */
export async function listAlertRules(store: Store, includeRemoved = false): Promise<AlertRuleRow[]> {
  return (await store.listAlertRules(includeRemoved)).map(ruleRow);
}

/** Parses a rule id: `invalid rule id: "x" (use a whole number from alerts rules list)`. */
export function parseRuleId(v: string): number {
  if (!/^\d{1,9}$/.test(v))
    throw new InvalidInputError(
      `invalid rule id: ${quoteValue(v)} (use a whole number from alerts rules list)`,
    );
  return Number(v);
}

/**
 * Removes a rule (its alerts and deliveries stay listed) and cancels its pending deliveries, which
 * were still sent by later passes; answers with the rule's id and how many it cancelled. Unknown
 * ids are a NotFoundError.
 */
export async function removeAlertRule(
  store: Store,
  id: number,
  now = new Date(),
): Promise<{ removed: number; cancelled_deliveries: number }> {
  const removed = await store.removeAlertRule(id, now.toISOString());
  if (!removed) throw new NotFoundError(`no alert rule ${quoteValue(id)} (see alerts rules list)`);
  return { removed: id, cancelled_deliveries: removed.cancelledDeliveries };
}
