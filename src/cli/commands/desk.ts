import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { DeskEvent } from '../../domain/desk.ts';
import { InvalidInputError, oneLine } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { userPath, type Context } from '../context.ts';
import { outputFormat, render } from '../output.ts';

/** Field flags of `desk add` and `desk edit`: flag, field, description. */
const FIELD_FLAGS: [string, string, string][] = [
  ['--date <YYYY-MM-DD>', 'date_start', 'the day it happened (not in the future)'],
  ['--date-end <YYYY-MM-DD>', 'date_end', 'last day, for an event over several days'],
  ['--precision <p>', 'date_precision', 'how exactly the date is known: day, week, month, year, range'],
  ['--country <iso3>', 'country', 'AFG or PAK (the configured countries)'],
  ['--admin1 <name>', 'admin1', 'province as the report names it (Khyber Pakhtunkhwa)'],
  ['--admin2 <name>', 'admin2', 'district as the report names it (North Waziristan)'],
  ['--place <name>', 'place', 'town or village'],
  ['--lat <deg>', 'lat', 'latitude, when the place is known exactly'],
  ['--lon <deg>', 'lon', 'longitude'],
  [
    '--type <type>',
    'common_type',
    'battle, remote-violence, violence-against-civilians, protest, riot, strategic, other',
  ],
  ['--actor1 <name>', 'actor1', 'first side (as the report names it)'],
  ['--actor2 <name>', 'actor2', 'second side'],
  [
    '--killed <n>',
    'fatalities_best',
    'people killed, best estimate (leave out when unknown: never 0 for unknown)',
  ],
  ['--killed-low <n>', 'fatalities_low', 'people killed, low estimate'],
  ['--killed-high <n>', 'fatalities_high', 'people killed, high estimate'],
  ['--civilians <n>', 'deaths_civilians', 'civilians killed'],
  ['--injured <n>', 'injured', 'people injured'],
  ['--headline <text>', 'headline', 'one line saying what happened'],
  ['--notes <text>', 'notes', 'anything else'],
];

/** Commander's camel-cased option key of a flag (`--date-end` -> dateEnd). */
const keyOf = (flag: string) =>
  flag
    .split(' ')[0]!
    .slice(2)
    .replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

const NUMERIC = new Set(['lat', 'lon']);

type Opts = Record<string, string | undefined> & { key?: string; format: string };

const CITE_FLAGS = ['--cite-url', '--cite-outlet', '--cite-published', '--cite-quote'];

/** The input of add/edit: the JSON file (--json), then the flags over it, then one citation from the --cite-* flags. */
async function inputOf(ctx: Context, o: Opts): Promise<Record<string, unknown>> {
  let input: Record<string, unknown> = {};
  if (o.json) {
    let text: string;
    try {
      text =
        o.json === '-'
          ? await (ctx.stdin ? ctx.stdin() : Promise.resolve(readFileSync(0, 'utf8')))
          : readFileSync(userPath(ctx, o.json), 'utf8');
    } catch (e) {
      throw new InvalidInputError(`cannot read --json ${quoteValue(o.json)}: ${oneLine(e)}`);
    }
    try {
      input = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new InvalidInputError(
        `invalid JSON in ${quoteValue(o.json)}: give a desk event object (docs/desk.md)`,
      );
    }
  }
  for (const [flag, field] of FIELD_FLAGS) {
    const v = o[keyOf(flag)];
    if (v !== undefined) input[field] = NUMERIC.has(field) && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
  }
  const cite = ['citeUrl', 'citeOutlet', 'citePublished', 'citeQuote'].map((k) => o[k]);
  if (cite.some((v) => v !== undefined)) {
    const missing = CITE_FLAGS.filter((_, i) => cite[i] === undefined);
    if (missing.length)
      throw new InvalidInputError(
        `missing ${missing.join(', ')}: a citation gives ${CITE_FLAGS.join(', ')} together`,
      );
    const [url, outlet, published_at, quote] = cite;
    const given = Array.isArray(input.citations) ? input.citations : [];
    input.citations = [...given, { url, outlet, published_at, quote }];
  }
  return input;
}

function withFields(cmd: Command): Command {
  for (const [flag, , description] of FIELD_FLAGS) cmd.option(flag, description);
  return cmd
    .option('--cite-url <url>', 'citation: the report URL')
    .option('--cite-outlet <name>', 'citation: the outlet (Dawn, Tolo News)')
    .option('--cite-published <time>', 'citation: when it was published (YYYY-MM-DD or ISO date-time)')
    .option('--cite-quote <text>', 'citation: the words the event rests on')
    .option('--json <file>', 'read the fields from a JSON file (- for stdin); flags override it');
}

/** `faultline desk ...`: analysts' events and their review (docs/desk.md). */
export function registerDesk(program: Command, ctx: Context): void {
  const desk = program
    .command('desk')
    .description(
      "add, review and publish analysts' events from the news (source faultline-desk; see docs/desk.md)",
    )
    .addHelpText(
      'after',
      `
Workflow: add (draft) -> submit -> verify (a reviewer, never the author) -> publish (an admin).
reject sends a submitted or verified event back with a reason; an edit of a published event sends it
back to review; retract withdraws it. Published desk events count only with --include-desk.

Identity: commands act as the holder of --key (or $FAULTLINE_API_KEY), with that key's role
(analyst, reviewer, admin); reads (show, list, queue, audit) check the key too and refuse a viewer.
Without a key they act as "local", an admin: whoever can open the store file owns it. Nobody verifies or rejects an event they created or edited.

Examples:
  faultline desk add --date 2026-11-28 --country PAK --admin2 "North Waziristan" --type battle --killed 5 \\
    --cite-url https://www.dawn.com/news/1 --cite-outlet Dawn --cite-published 2026-11-29 \\
    --cite-quote "Five soldiers were martyred" --key $ANALYST_KEY
  faultline desk submit 1 --key $ANALYST_KEY
  faultline desk queue
  faultline desk verify 1 --key $REVIEWER_KEY
  faultline desk publish 1
  faultline desk audit --format csv > audit.csv`,
    );
  const common = (cmd: Command, format = 'table') =>
    cmd
      .option('--key <key>', 'act with this API key (default: $FAULTLINE_API_KEY, else the local admin)')
      .option('--format <format>', 'table, csv, json or ndjson', format);
  // An empty --key is refused before the store is opened (or made).
  const actor = async (o: Opts) => {
    const { cliActor, cliKeyText } = await import('../../app/desk/desk-identity.ts');
    const keyText = cliKeyText(o.key ?? ctx.settings.apiKey);
    return cliActor(await ctx.store(), keyText);
  };
  // Reads check the key as changes do, and refuse a viewer (docs/desk.md); they open the store
  // read-only, and refuse one that does not exist.
  const reader = async (o: Opts, action: 'show' | 'list' | 'queue' | 'audit') => {
    const { cliDeskReader, cliKeyText } = await import('../../app/desk/desk-identity.ts');
    const keyText = cliKeyText(o.key ?? ctx.settings.apiKey);
    await cliDeskReader(await ctx.store('read'), keyText, action);
  };
  // The fields of add and edit, checked before the store is opened (or made) for them.
  const checkedInput = async (o: Opts) => {
    const input = await inputOf(ctx, o);
    (await import('../../app/desk/desk-input.ts')).parseDeskInput(input);
    return input;
  };
  const deps = async () => ({ place: await ctx.placer() });
  const workflow = () => import('../../app/desk/desk-workflow.ts');
  const show = (e: DeskEvent, o: Opts) => {
    const format = outputFormat(o.format);
    if (format === 'json') return ctx.out(JSON.stringify(e, null, 2) + '\n');
    const row = { id: e.id, version: e.version, state: e.state, ...e.fields };
    ctx.out(render([row], format));
    if (format === 'table') {
      for (const c of e.citations)
        ctx.out(`citation: ${c.outlet}, ${c.published_at}, ${c.url}: "${c.quote}"\n`);
      // Where it came from and who vouched for it, as the reviewer needs them beside the fields.
      const o = e.origin;
      ctx.out(
        o.kind === 'news'
          ? `origin: news, ${o.outlet ?? 'outlet unknown'}, ${o.published_at ?? 'publication time unknown'}, ${o.url ?? 'address unknown'}\n`
          : 'origin: manual\n',
      );
      for (const [name, words] of Object.entries(e.from_words)) ctx.out(`from words: ${name} ← "${words}"\n`);
      ctx.out(
        `by: created by ${e.created_by} at ${e.created_at}; authors ${e.authors.join(', ')}; ${e.state} since ${e.state_since}` +
          (e.verified_by ? `; verified by ${e.verified_by}` : '') +
          '\n',
      );
      if (e.reject_reason) ctx.out(`rejected: ${e.reject_reason}\n`);
      for (const p of e.problems) ctx.out(`problem: ${p}\n`);
    }
  };

  withFields(
    common(desk.command('add').description('create a desk event (a draft; its problems are listed)')),
  ).action(async (o: Opts) => {
    outputFormat(o.format);
    const { createDeskEvent } = await workflow();
    const input = await checkedInput(o);
    const by = await actor(o);
    const e = await createDeskEvent(await ctx.store(), input, by, await deps());
    show(e, o);
    ctx.err(
      `created desk event ${e.id} (draft${e.problems.length ? `, ${e.problems.length} problems to fix before submit` : ''})\n`,
    );
  });
  withFields(
    common(
      desk
        .command('edit')
        .description(
          'edit a desk event: a new edit version; an event under review or published goes back to review',
        )
        .argument('<id>', 'desk event id'),
    ),
  ).action(async (id: string, o: Opts) => {
    outputFormat(o.format);
    const { editDeskEvent, parseDeskId } = await workflow();
    const deskId = parseDeskId(id);
    const input = await checkedInput(o);
    const by = await actor(o);
    const e = await editDeskEvent(await ctx.store(), deskId, input, by, await deps());
    show(e, o);
    ctx.err(`desk event ${e.id} is now edit ${e.version}, ${e.state}\n`);
  });
  for (const [action, what] of [
    ['submit', 'send a draft to review (analyst; refused while it has problems)'],
    ['verify', 'verify a submitted event (reviewer; never your own)'],
    ['publish', 'publish a verified event: it counts with --include-desk and shows on the map (admin)'],
  ] as const)
    common(desk.command(action).description(what).argument('<id>', 'desk event id')).action(
      async (id: string, o: Opts) => {
        const w = await workflow();
        const run = { submit: w.submitDeskEvent, verify: w.verifyDeskEvent, publish: w.publishDeskEvent }[
          action
        ];
        const deskId = w.parseDeskId(id);
        const by = await actor(o);
        const e = await run(await ctx.store(), deskId, by, await deps());
        show(e, o);
        ctx.err(`desk event ${e.id} is now ${e.state}\n`);
      },
    );
  for (const [action, what] of [
    ['reject', 'reject a submitted or verified event with a reason (reviewer; never your own)'],
    ['retract', 'retract an event (analyst before publication, admin after); it leaves the counts'],
  ] as const) {
    const cmd = common(desk.command(action).description(what).argument('<id>', 'desk event id'));
    (action === 'reject'
      ? cmd.requiredOption('--reason <text>', 'what is wrong with it')
      : cmd.option('--reason <text>', 'why')
    ).action(async (id: string, o: Opts) => {
      const w = await workflow();
      const run = action === 'reject' ? w.rejectDeskEvent : w.retractDeskEvent;
      const deskId = w.parseDeskId(id);
      // Checked before the store is opened (or made), as the id and the key are.
      w.parseDeskReason(action, o.reason);
      const by = await actor(o);
      const e = await run(await ctx.store(), deskId, o.reason, by, await deps());
      show(e, o);
      ctx.err(`desk event ${e.id} is now ${e.state}\n`);
    });
  }
  common(
    desk
      .command('show')
      .description('show a desk event: fields, citations, state, problems')
      .argument('<id>', 'desk event id'),
  ).action(async (id: string, o: Opts) => {
    const { parseDeskId } = await workflow();
    const deskId = parseDeskId(id);
    await reader(o, 'show');
    const { showDeskEvent } = await import('../../app/desk/desk-views.ts');
    show(await showDeskEvent(await ctx.store('read'), deskId), o);
  });
  common(
    desk
      .command('list')
      .description('list desk events, newest first')
      .option('--state <states>', 'states, comma-separated'),
  ).action(async (o: Opts) => {
    await reader(o, 'list');
    const { listDeskEvents, parseStates } = await import('../../app/desk/desk-views.ts');
    const r = await listDeskEvents(await ctx.store('read'), parseStates(o.state));
    const format = outputFormat(o.format);
    if (format === 'json') return ctx.out(JSON.stringify(r, null, 2) + '\n');
    const rows = r.events.map((e) => ({
      id: e.id,
      state: e.state,
      version: e.version,
      date: e.fields.date_start,
      country: e.fields.country,
      headline: e.fields.headline,
      problems: e.problems.length,
      created_by: e.created_by,
    }));
    ctx.out(render(rows, format));
    if (!rows.length && format === 'table') ctx.out('no desk events in these states\n');
    if (r.meta.truncated) ctx.err(`showing the newest ${r.meta.limit} desk events; more exist\n`);
  });
  common(
    desk
      .command('queue')
      .description('what waits for review (submitted) or publication (verified), oldest first'),
  ).action(async (o: Opts) => {
    await reader(o, 'queue');
    const { listReviewQueue } = await import('../../app/desk/desk-views.ts');
    const r = await listReviewQueue(await ctx.store('read'));
    const format = outputFormat(o.format);
    if (format === 'json') return ctx.out(JSON.stringify(r, null, 2) + '\n');
    ctx.out(render(r.queue, format));
    if (format === 'table') ctx.out(r.queue.length ? '' : 'nothing waits for review\n');
  });
  common(
    desk
      .command('audit')
      .description('the append-only audit log: who did what, when, before and after (csv for export)')
      .option('--event <id>', 'only this desk event'),
  ).action(async (o: Opts) => {
    const { parseDeskId } = await workflow();
    const eventId = o.event === undefined ? undefined : parseDeskId(o.event);
    await reader(o, 'audit');
    const { auditLog, auditRow } = await import('../../app/desk/desk-views.ts');
    const entries = await auditLog(await ctx.store('read'), eventId);
    const format = outputFormat(o.format);
    if (format === 'json')
      return ctx.out(
        JSON.stringify({ entries, meta: { order: 'oldest first', entries: entries.length } }, null, 2) + '\n',
      );
    const rows = entries.map(auditRow);
    ctx.out(
      format === 'table'
        ? render(rows, 'table', [
            'seq',
            'event_id',
            'at',
            'actor_id',
            'actor_role',
            'action',
            'state_before',
            'state_after',
            'reason',
          ])
        : render(rows, format),
    );
  });
}
