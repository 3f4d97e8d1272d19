import { grouped } from '../../domain/format-number.ts';
import { Option, type Command } from 'commander';
import { ConflictError, FaultlineError, invalidParam, oneLine, RemoteError } from '../../domain/errors.ts';
import { agree, counted } from '../../domain/plural.ts';
import { quoteValue } from '../../domain/quote.ts';
import { parseIntParam } from '../../domain/number-params.ts';
import type { Context } from '../context.ts';
import { asJson, outputFormat, render, textOrJson, type OutputFormat } from '../output.ts';
import type { DeliveryRow } from '../../app/answers.ts';

const CUT_NOTE = 'tables cut long text to 48 characters: --format json shows every field whole\n';

/** Parses an integer option if given, as every integer parameter: `invalid --limit: "x" (use an integer from 1 to 10000)`. */
const whole = (name: string, v: string | undefined, lo: number, hi: number): number | undefined =>
  v === undefined ? undefined : parseIntParam(name, v, lo, hi);

/**
 * The failure of an evaluation in which rules failed, with the exit code of the first one's error (2
 * for a setting the loaded data no longer have, 3 for data not found, 4 for the store, 1 unexpected).
 */
function ruleFailure(failed: readonly { ruleId: number; error: unknown }[], rules: number): Error {
  const [first] = failed;
  const message = `${grouped(failed.length)} of ${grouped(rules)} alert rule${rules === 1 ? '' : 's'} failed to evaluate (rule ${first!.ruleId}: ${oneLine(first!.error)}); the others were evaluated, and every rule is reported above`;
  return first!.error instanceof FaultlineError
    ? new FaultlineError(first!.error.code, message)
    : new Error(message);
}

/**
 * The failure of an evaluation whose webhook deliveries failed for good (exit 5, a remote service):
 * every rule was evaluated and recorded, but a cron job running `alerts evaluate` saw exit 0.
 */
function deliveryFailure(ids: readonly number[], lastError: string | null): RemoteError {
  const [first] = ids;
  return new RemoteError(
    'remote_error',
    `${counted(ids.length, 'webhook delivery', 'webhook deliveries')} failed for good (delivery ${first}: ${lastError ?? 'no error recorded'}); every rule was evaluated and recorded, and the alerts are listed (faultline alerts deliveries --status failed; send one again with faultline alerts deliveries resend ${first})`,
  );
}

/** Table, csv, json or ndjson; json prints what the API returns. */
const format = (v: string): OutputFormat => outputFormat(v);

/** `faultline alerts`: rules, fired and suppressed alerts, evaluation and webhook deliveries (docs/alerts.md). */
/**
 * Webhook deliveries as `alerts deliveries` and `alerts deliveries resend` print them: the attempt log
 * one entry per attempt; a table shows the main columns (`cancel_reason` when one is listed), csv and
 * ndjson every column of the API's (`columns`).
 */
function deliveriesText(rows: readonly DeliveryRow[], out: OutputFormat, columns: readonly string[]): string {
  return render(
    rows.map((d) => ({
      ...d,
      attempt_log: d.attempt_log.map((a) => `${a.attempt}: ${a.http_status ?? '-'} ${a.error ?? 'ok'}`),
    })),
    out,
    out === 'table'
      ? [
          'id',
          'alert_id',
          'url',
          'status',
          'attempts',
          'last_http_status',
          'last_error',
          'finished_at',
          // Why one was cancelled, when one is listed.
          ...(rows.some((d) => d.cancel_reason) ? ['cancel_reason'] : []),
        ]
      : // csv has its header with no delivery (it printed nothing).
        [...columns],
  );
}

export function registerAlerts(program: Command, ctx: Context): void {
  const alerts = program
    .command('alerts')
    .description(
      'alert rules (surge, forecast bound, relations drop, border events), alerts and webhook deliveries',
    )
    .addHelpText(
      'after',
      `
Rules are evaluated after every import and update, every FAULTLINE_ALERT_INTERVAL_MINUTES (default 15)
while \`faultline serve\` runs, and by \`faultline alerts evaluate\`. A condition is pending until it has
held on --pending-evaluations evaluations; it then fires once (webhook, if the rule has one) and not
again for --cooldown-hours. \`alerts evaluate\` exits 5 when a webhook delivery failed for good (after
evaluating and recording every rule); \`alerts deliveries resend ID\` sends one again. See docs/alerts.md.

Examples:
  faultline alerts rules add --kind surge --admin1 PK-BA --webhook-url https://example.org/hook
  faultline alerts rules add --kind surge --admin1 PK-BA --include-desk
  faultline alerts rules add --kind border --interstate --max-border-km 25
  faultline alerts rules add --kind border --interstate --include-desk
  faultline alerts rules add --kind desk_review --hours 12 --webhook-url https://example.org/hook
  faultline alerts evaluate
  faultline alerts list --state fired
  faultline alerts deliveries --status failed
  faultline alerts deliveries resend 7
`,
    );
  const rules = alerts.command('rules').description('add, list and remove alert rules');
  rules
    .command('add')
    .description('add a rule; with --webhook-url and no --webhook-secret, a secret is made and printed once')
    .requiredOption('--kind <kind>', 'surge, forecast, relations, border or desk_review')
    .option('--name <name>', 'what to call it (default: its kind and settings)')
    .option('--country <iso3>', 'surge: limit to a country; forecast: the country (default PAK)')
    .option('--admin1 <province>', 'surge: a province (code such as PK-BA, or the name the sources give)')
    .option('--admin2 <district>', 'surge: a district')
    .option('--actor <actor>', 'surge: an actor or group of the registry (ttp, bla, ...; docs/actors.md)')
    .option(
      '--metric <metric>',
      'surge: events (default) or a death figure; forecast: fatalities (default) or events',
    )
    .option('--window <days>', 'surge: window length in days, 1 to 365 (default 30), as in faultline signals')
    // Its earlier name, kept for scripts that use it.
    .addOption(new Option('--window-days <days>').hideHelp())
    .option('--min-total <n>', 'surge: smallest window total that can be a surge, 0 to 1000000 (default 10)')
    .option(
      '--lookbacks <days>',
      'surge: lookbacks in days, each 1 to 36500, comma-separated (default 365,1095)',
    )
    .option('--level <level>', 'forecast: country or admin1 (default)')
    .option('--source <source>', 'forecast: ucdp (default), ucdp-ged, ucdp-candidate or acled')
    .option('--draws <n>', 'forecast: draws of the simulation (default 500)')
    .option('--a <iso3>', 'relations: one country of the pair (default AFG)')
    .option('--b <iso3>', 'relations: the other (default PAK)')
    .option(
      '--baseline-months <n>',
      'relations: months before the latest that make the baseline (default 12)',
    )
    .option(
      '--drop-sd <x>',
      'relations: how many standard deviations below the baseline is a drop (default 2)',
    )
    .option('--min-days <n>', 'relations: days a month must be covered to be judged (default 10)')
    .option('--interstate', 'border: any new clash between the Pakistani and the Afghan state')
    .option(
      '--max-border-km <km>',
      'border: any new event at most this far from the Afghanistan-Pakistan border',
    )
    .option(
      '--include-desk',
      'surge: count published desk events in the windows too; border: count desk events too, each from its first publication on (default: left out, as in every count)',
    )
    .option('--hours <h>', 'desk_review: hours a desk event may wait before it alerts (default 24)')
    .option(
      '--states <list>',
      'desk_review: submitted (waiting for review, default), verified (waiting for publication), or both',
    )
    .option(
      '--pending-evaluations <n>',
      'evaluations a condition must hold on before it fires, 1 to 100 (default 2; border 1)',
    )
    .option('--pending-hours <h>', 'hours a condition must have held before it fires, 0 to 8760 (default 0)')
    .option('--cooldown-hours <h>', 'hours a key stays quiet after an alert, 0 to 8760 (default 24)')
    .option('--webhook-url <url>', 'POST each fired alert here (JSON, signed: docs/alerts.md)')
    .option(
      '--webhook-secret <secret>',
      'HMAC-SHA256 key of the signature (at least 16 characters; default: made for you)',
    )
    .option('--format <format>', 'table, csv, json or ndjson', 'table')
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const out = format(String(o.format));
      const { addAlertRule } = await import('../../app/alerts/rules.ts');
      // --window sets the rule's window_days, as --window-days (its earlier name) does.
      const { window, windowDays, ...rest } = o;
      const snake = Object.fromEntries(
        Object.entries({ ...rest, windowDays: window ?? windowDays })
          .filter(([k]) => k !== 'format' && k !== 'db')
          .map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]),
      );
      // An empty flag is refused, as the API refuses an empty parameter (the rule's settings read it as
      // left out: `--window ""` made a 30-day rule, `--webhook-url ""` one that calls no webhook). An
      // empty --kind is addAlertRule's to refuse, with the kinds, as the API's: the flag is required.
      for (const [k, v] of Object.entries(snake))
        if (k !== 'kind' && typeof v === 'string' && v.trim() === '')
          throw invalidParam(k, `${quoteValue(v)} (give a value, or leave the flag out)`);
      const added = await addAlertRule(await ctx.store(), snake);
      if (out === 'json') return ctx.out(JSON.stringify(added, null, 2) + '\n');
      ctx.out(
        render([added.rule], out, [
          'id',
          'name',
          'kind',
          'pending_evaluations',
          'cooldown_hours',
          'webhook_url',
        ]),
      );
      if (added.webhook_secret)
        ctx.err(
          `webhook secret (shown once; the receiver checks the signature with it): ${added.webhook_secret}\n`,
        );
    });
  rules
    .command('list')
    .description(
      'list rules with their settings, last evaluation, last error and last note (never webhook secrets)',
    )
    .option('--all', 'include removed rules')
    .option('--format <format>', 'table, csv, json or ndjson', 'table')
    .action(async (o: { all?: boolean; format: string }) => {
      const out = format(o.format);
      const { ALERT_RULE_COLUMNS, listAlertRules } = await import('../../app/alerts/rules.ts');
      const rows = await listAlertRules(await ctx.store('read'), Boolean(o.all));
      if (out === 'json') return ctx.out(JSON.stringify({ rules: rows }, null, 2) + '\n');
      ctx.out(
        render(
          rows.map((r) => ({ ...r, params: JSON.stringify(r.params) })),
          out,
          out === 'table'
            ? [
                'id',
                'name',
                'kind',
                'params',
                'cooldown_hours',
                'webhook_url',
                'last_evaluated_at',
                'last_error',
                'last_note',
              ]
            : // csv has its header with no rule, as the API's (it printed nothing).
              [...ALERT_RULE_COLUMNS],
        ),
      );
      if (out === 'table' && rows.length) ctx.err(CUT_NOTE);
      // A URL stored with a user name or password is listed as ***: the table says how to replace it.
      if (out === 'table')
        for (const r of rows) if (r.webhook_note) ctx.err(`rule ${r.id}: ${r.webhook_note}\n`);
    });
  rules
    .command('remove')
    .description(
      'remove a rule (its alerts and deliveries stay listed; its pending deliveries are cancelled, never sent)',
    )
    .argument('<id>', 'the rule id (from alerts rules list)')
    .option('--format <format>', 'text or json (what DELETE /api/v1/alerts/rules/{id} answers)', 'text')
    .action(async (id: string, o: { format: string }) => {
      const out = textOrJson(o.format, 'text');
      const { parseRuleId, removeAlertRule } = await import('../../app/alerts/rules.ts');
      const answer = await removeAlertRule(await ctx.store(), parseRuleId(id));
      if (out === 'json') ctx.out(asJson(answer));
      const n = answer.cancelled_deliveries;
      ctx.err(
        `removed alert rule ${answer.removed}` +
          (n
            ? `; its ${counted(n, 'pending webhook delivery', 'pending webhook deliveries')} ${agree(n, 'is', 'are')} cancelled, never sent (faultline alerts deliveries --status cancelled)`
            : '') +
          '\n',
      );
    });
  alerts
    .command('list')
    .description('recorded alerts, newest first (fired and suppressed), and the conditions holding now')
    .option('--state <state>', 'fired or suppressed')
    .option('--rule <id>', 'one rule only')
    .option('--limit <n>', 'at most this many alerts, 1 to 10000 (default 100)')
    .option('--offset <n>', 'skip this many first, 0 to 1000000000 (default 0)')
    .option('--format <format>', 'table, csv, json or ndjson (json: the API answer)', 'table')
    .action(async (o: { state?: string; rule?: string; limit?: string; offset?: string; format: string }) => {
      const out = format(o.format);
      const { ALERT_COLUMNS, listAlertsView } = await import('../../app/alerts/views.ts');
      const { parseRuleId } = await import('../../app/alerts/rules.ts');
      const answer = await listAlertsView(await ctx.store('read'), {
        state: o.state,
        rule: o.rule === undefined ? undefined : parseRuleId(o.rule),
        limit: whole('limit', o.limit, 1, 10_000),
        offset: whole('offset', o.offset, 0, 1_000_000_000),
      });
      if (out === 'json') return ctx.out(JSON.stringify(answer, null, 2) + '\n');
      ctx.out(
        render(
          answer.alerts.map((a) => ({ ...a, detail: JSON.stringify(a.detail) })),
          out,
          // csv has its header with no alert, as the API's (it printed nothing).
          out === 'table'
            ? ['id', 'rule_id', 'state', 'at', 'seen', 'cleared_at', 'title', 'reason']
            : [...ALERT_COLUMNS],
        ),
      );
      if (out !== 'table') return;
      const pending = answer.conditions.filter((c) => c.state === 'pending');
      for (const c of pending)
        ctx.err(
          `pending (rule ${c.rule_id}, ${counted(c.evaluations, 'evaluation')} since ${c.first_seen_at}): ${c.title}\n`,
        );
      if (answer.note) ctx.err(`${answer.note}\n`);
      if (answer.alerts.length) ctx.err(CUT_NOTE);
      else ctx.err('no alerts recorded' + (o.state || o.rule ? ' that match' : '') + '\n');
    });
  alerts
    .command('evaluate')
    .description('evaluate every rule now, then send the webhook deliveries still pending')
    .option('--format <format>', 'table, csv, json or ndjson', 'table')
    .action(async (o: { format: string }) => {
      const out = format(o.format);
      const store = await ctx.store();
      const { evaluateAlerts } = await import('../../app/alerts/evaluate.ts');
      const { deliverPending } = await import('../../app/alerts/deliver.ts');
      const { invalidateMemo } = await import('../../app/analysis/memo.ts');
      invalidateMemo(store);
      const failed: { ruleId: number; error: unknown }[] = [];
      const run = await evaluateAlerts(store, {
        trigger: 'manual',
        onRuleError: (ruleId, error) => void failed.push({ ruleId, error }),
      });
      const sent = await deliverPending(store);
      // Every rule is evaluated and reported, every delivery tried and recorded; then a failed rule
      // fails the command with its code, else a delivery that failed for good with 5, so a script
      // (a cron job) can tell: it exited 0 and said so only on stderr.
      const lastError = sent.failedIds.length
        ? ((await store.listDeliveries({ id: sent.failedIds[0]!, limit: 1 }))[0]?.lastError ?? null)
        : null;
      const finish = () => {
        if (failed.length) throw ruleFailure(failed, run.rules.length);
        if (sent.failedIds.length) throw deliveryFailure(sent.failedIds, lastError);
      };
      if (out === 'json') {
        const deliveries = { delivered: sent.delivered, failed: sent.failed };
        ctx.out(JSON.stringify({ ...run, deliveries }, null, 2) + '\n');
        return finish();
      }
      ctx.out(
        render(run.rules, out, [
          'rule_id',
          'name',
          'kind',
          'holding',
          'pending',
          'fired',
          'suppressed',
          'error',
          'note',
        ]),
      );
      if (!run.rules.length) ctx.err('no alert rules (add one with faultline alerts rules add)\n');
      ctx.err(`webhook deliveries: ${grouped(sent.delivered)} delivered, ${grouped(sent.failed)} failed\n`);
      finish();
    });
  const deliveries = alerts
    .command('deliveries')
    .description(
      'webhook deliveries, newest first, with every attempt (status, error); resend ID sends a failed one again',
    )
    .option('--status <status>', 'pending, delivered, failed or cancelled (of a rule removed while pending)')
    .option('--alert <id>', 'one alert only: its id, 1 to 1000000000 (from alerts list)')
    .option('--limit <n>', 'at most this many, 1 to 10000 (default 100)')
    .option('--format <format>', 'table, csv, json or ndjson', 'table')
    .action(async (o: { status?: string; alert?: string; limit?: string; format: string }) => {
      const out = format(o.format);
      const { DELIVERY_COLUMNS, deliveriesAnswer } = await import('../../app/alerts/views.ts');
      const answer = await deliveriesAnswer(await ctx.store('read'), {
        status: o.status,
        alert: whole('alert', o.alert, 1, 1_000_000_000),
        limit: whole('limit', o.limit, 1, 10_000),
      });
      if (out === 'json') return ctx.out(JSON.stringify(answer, null, 2) + '\n');
      const rows = answer.deliveries;
      // The rows have no room for it: a list cut at --limit says so beside them.
      if (answer.note) ctx.err(`${answer.note.replace('a larger limit', 'a larger --limit')}\n`);
      ctx.out(deliveriesText(rows, out, DELIVERY_COLUMNS));
      if (out === 'table' && !rows.length)
        ctx.err('no webhook deliveries' + (o.status || o.alert ? ' that match' : '') + '\n');
    });
  deliveries
    .command('resend')
    .description(
      'send a delivery that failed again (same retries and signature; its attempts are added to it)',
    )
    .argument('<id>', 'the delivery id (from alerts deliveries --status failed)')
    .option('--format <format>', 'table, csv, json or ndjson (json: the API answer)', 'table')
    .action(async (id: string, o: { format: string }) => {
      const out = format(o.format);
      const { parseDeliveryId } = await import('../../app/alerts/deliver.ts');
      const { resendAnswer } = await import('../../app/alerts/resend.ts');
      const { DELIVERY_COLUMNS } = await import('../../app/alerts/views.ts');
      const store = await ctx.store();
      const answer = await resendAnswer(store, parseDeliveryId(id));
      const d = answer.delivery;
      if (out === 'json') ctx.out(JSON.stringify(answer, null, 2) + '\n');
      else ctx.out(deliveriesText([d], out, DELIVERY_COLUMNS));
      // Its rule removed while it was sent again: not tried again, as any cancelled delivery (exit 2).
      if (d.status === 'cancelled')
        throw new ConflictError(
          `webhook delivery ${d.id} was cancelled at ${d.finished_at} (${d.cancel_reason}) while it was sent again: it is not tried again`,
        );
      // It failed again: a remote service's failure, as an evaluation whose delivery failed (exit 5).
      if (d.status !== 'delivered')
        throw new RemoteError(
          'remote_error',
          `webhook delivery ${d.id} failed again (attempt ${d.attempts}: ${d.last_error ?? 'no error recorded'}); its attempts are listed by faultline alerts deliveries --alert ${d.alert_id}`,
        );
      if (out === 'table') ctx.err(`delivery ${d.id} delivered on attempt ${d.attempts}\n`);
    });
}
