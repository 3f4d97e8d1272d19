import { readFileSync } from 'node:fs';
import { checkReadableFile } from '../../app/readable-file.ts';
import type { Command } from 'commander';
import type { DeskNames } from '../../app/desk/desk-names.ts';
import { DESK_STATES, type DeskEvent, type DeskIncidentRelation } from '../../domain/desk.ts';
import { InvalidInputError, oneLine } from '../../domain/errors.ts';
import { checkVisibleJson } from '../../domain/invisible.ts';
import { quoteValue } from '../../domain/quote.ts';
import { userPath, type Context } from '../context.ts';
import {
  CITE_FLAGS,
  COUNT_FIELDS,
  FIELD_FLAGS,
  flagNames,
  keyOf,
  nameOf,
  namedProblems,
  STORED_NAMES,
  UNCLEARABLE,
  UNKNOWN_WORD,
} from '../desk-flags.ts';
import { outputFormat, render } from '../output.ts';
import { counted } from '../../domain/plural.ts';

/** The columns of `desk list` (not the API's: it lists desk events in JSON only), for a CSV of none. */
const DESK_LIST_COLUMNS = [
  'id',
  'state',
  'version',
  'date',
  'country',
  'headline',
  'problems',
  'warnings',
  'same_incident',
  'created_by',
] as const;

const NUMERIC = new Set(['lat', 'lon']);

// What each link says in the show table.
const RELATION_TEXT: Record<DeskIncidentRelation, string> = {
  possible: 'maybe the same incident: same day and place; say how they relate when publishing',
  supersedes: 'same incident; this one superseded it',
  superseded_by: 'same incident; superseded by it',
  distinct: 'another incident, as the publisher said',
};

type Opts = Record<string, string | undefined> & { key?: string; format: string };

/**
 * The input of add/edit: the JSON file (--json), then the flags over it, then one citation from
 * the --cite-* flags; with the names its errors and problems give.
 */
async function inputOf(ctx: Context, o: Opts): Promise<{ input: Record<string, unknown>; names: DeskNames }> {
  let input: Record<string, unknown> = {};
  if (o.json) {
    let text: string;
    // A missing file or a directory in one line quoting it, as import's (it gave ENOENT's own words).
    if (o.json !== '-') checkReadableFile(userPath(ctx, o.json));
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
    // The flags go into the object: anything else (null, a list) is refused here, not mid-way.
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      throw new InvalidInputError(
        `invalid --json ${quoteValue(o.json)}: it holds ${input === null ? 'null' : Array.isArray(input) ? 'a list' : `a ${typeof input}`}, not a desk event object (docs/desk.md)`,
      );
    // A bidi override in a place or an actor is refused as in the API's body (domain/invisible.ts).
    checkVisibleJson(input);
  }
  const fromJson = new Set(Object.keys(input));
  for (const [flag, field] of FIELD_FLAGS) {
    const v = o[keyOf(flag)];
    if (v === undefined) continue;
    input[field] =
      (v.trim() === '' && !UNCLEARABLE.has(field)) ||
      (COUNT_FIELDS.has(field) && v.trim().toLowerCase() === UNKNOWN_WORD)
        ? null
        : NUMERIC.has(field) && /^-?\d+(\.\d+)?$/.test(v)
          ? Number(v)
          : v;
    fromJson.delete(field);
  }
  let flagCitation: number | null = null;
  const cite = CITE_FLAGS.map(([flag]) => o[keyOf(flag)]);
  if (cite.some((v) => v !== undefined)) {
    const flags = CITE_FLAGS.map(([flag]) => nameOf(flag));
    const missing = flags.filter((_, i) => cite[i] === undefined);
    if (missing.length)
      throw new InvalidInputError(
        `missing ${missing.join(', ')}: a citation gives ${flags.join(', ')} together`,
      );
    // The flags' citation joins those of --json; a "citations" there that is not a list is left
    // for the check to refuse, not dropped for it.
    const given = input.citations ?? [];
    if (Array.isArray(given)) {
      flagCitation = given.length;
      input.citations = [...given, Object.fromEntries(CITE_FLAGS.map(([, key], i) => [key, cite[i]]))];
    }
  }
  return { input, names: flagNames(fromJson, flagCitation) };
}

function withFields(cmd: Command): Command {
  for (const [flag, , description] of [...FIELD_FLAGS, ...CITE_FLAGS]) cmd.option(flag, description);
  const counts = FIELD_FLAGS.filter(([, field]) => COUNT_FIELDS.has(field)).map(([flag]) => nameOf(flag));
  return cmd
    .option('--json <file>', 'read the fields from a JSON file (- for stdin); flags override it')
    .addHelpText(
      'after',
      `
Counts (${counts.join(', ')})
take a whole number, or the word ${UNKNOWN_WORD} when the report gives none (never 0 for unknown):
\`faultline desk edit 7 --killed ${UNKNOWN_WORD}\` clears a count back to unknown. In desk add,
${UNKNOWN_WORD} is what leaving the flag out means; it also overrides a count the --json file gives.

An empty value clears a field in desk edit: --date-end "", --lat "" --lon "", --country "",
--place "" (a count so cleared is unknown); --precision and --type always hold one of their words.`,
    );
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
    --cite-url https://news.example.org/news/1 --cite-outlet "Example News" --cite-published 2026-11-29 \\
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
  // The fields of add and edit, checked before the store is opened (or made) for them; errors name the flags.
  const checkedInput = async (o: Opts) => {
    const given = await inputOf(ctx, o);
    (await import('../../app/desk/desk-input.ts')).parseDeskInput(given.input, given.names);
    return given;
  };
  // Submit and publish refuse an event's problems naming the flags that fix them.
  const deps = async () => ({ place: await ctx.placer(), names: STORED_NAMES });
  const workflow = () => import('../../app/desk/desk-workflow.ts');
  // The table lists the problems by the names the user gives (the flags; add and edit: those of
  // --json by JSON field); the event keeps them by JSON field, as the API and --format json give them.
  const show = async (e: DeskEvent, o: Opts, names: DeskNames = STORED_NAMES) => {
    const format = outputFormat(o.format);
    if (format === 'json') return ctx.out(JSON.stringify(e, null, 2) + '\n');
    const row = { id: e.id, version: e.version, state: e.state, ...e.fields };
    ctx.out(render([row], format));
    if (format === 'table') {
      for (const c of e.citations)
        ctx.out(`citation: ${c.outlet}, ${c.published_at}, ${quoteValue(c.url)}: "${c.quote}"\n`);
      // Where it came from and who vouched for it, as the reviewer needs them beside the fields.
      const o = e.origin;
      ctx.out(
        o.kind === 'news'
          ? `origin: news, ${o.outlet ?? 'outlet unknown'}, ${o.published_at ?? 'publication time unknown'}, ${o.url === null ? 'address unknown' : quoteValue(o.url)}\n`
          : 'origin: manual\n',
      );
      for (const [name, words] of Object.entries(e.from_words)) ctx.out(`from words: ${name} ← "${words}"\n`);
      ctx.out(
        `by: created by ${e.created_by} at ${e.created_at}; authors ${e.authors.join(', ')}; ${e.state} since ${e.state_since}` +
          (e.verified_by ? `; verified by ${e.verified_by}` : '') +
          '\n',
      );
      if (e.reject_reason) ctx.out(`rejected: ${e.reject_reason}\n`);
      for (const w of e.warnings) ctx.out(`warning: ${w.code}: ${w.message}\n`);
      for (const l of e.same_incident)
        ctx.out(`same incident: desk event ${l.id} (${RELATION_TEXT[l.relation]})\n`);
      for (const p of await namedProblems(e, names)) ctx.out(`problem: ${p}\n`);
    }
  };

  withFields(
    common(desk.command('add').description('create a desk event (a draft; its problems are listed)')),
  ).action(async (o: Opts) => {
    outputFormat(o.format);
    const { createDeskEvent } = await workflow();
    const { input, names } = await checkedInput(o);
    const by = await actor(o);
    const e = await createDeskEvent(await ctx.store(), input, by, await deps());
    await show(e, o, names);
    // Said here too, as news add says it: the table's "same incident" lines are easy to miss, and --format json has no table.
    const maybe = e.same_incident.map((l) => l.id);
    ctx.err(
      `created desk event ${e.id} (draft${e.problems.length ? `, ${counted(e.problems.length, 'problem')} to fix before submit` : ''})` +
        (maybe.length
          ? `; maybe the same incident as desk event${maybe.length === 1 ? '' : 's'} ${maybe.join(', ')} (same day and place): check before submitting`
          : '') +
        '\n',
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
    // Checked before the store is opened (or made); the event is looked up by the text given, which
    // a not-found quotes.
    parseDeskId(id);
    const { input, names } = await checkedInput(o);
    const by = await actor(o);
    const e = await editDeskEvent(await ctx.store(), id, input, by, await deps());
    await show(e, o, names);
    // The links an edit of the day or place made and dropped are said, as desk add says its links.
    const { relinkWords } = await import('../../app/desk/desk-incident.ts');
    const relinked = relinkWords(e.relinked.made, e.relinked.dropped);
    ctx.err(`desk event ${e.id} is now edit ${e.version}, ${e.state}${relinked ? `; ${relinked}` : ''}\n`);
  });
  for (const [action, what] of [
    ['submit', 'send a draft to review (analyst; refused while it has problems)'],
    ['verify', 'verify a submitted event (reviewer; never your own); says what the news reader warned of'],
  ] as const)
    common(desk.command(action).description(what).argument('<id>', 'desk event id')).action(
      async (id: string, o: Opts) => {
        const w = await workflow();
        const run = { submit: w.submitDeskEvent, verify: w.verifyDeskEvent }[action];
        w.parseDeskId(id);
        const by = await actor(o);
        const e = await run(await ctx.store(), id, by, await deps());
        await show(e, o);
        // The verifier is told what the news reader warned of, and the audit entry keeps it as shown.
        const notice =
          action === 'verify' ? (await import('../../app/desk/desk-incident.ts')).verifyNotice(e) : null;
        ctx.err(
          `desk event ${e.id} is now ${e.state}${notice ? `; verified with these shown: ${notice}` : ''}\n`,
        );
      },
    );
  common(
    desk
      .command('publish')
      .description('publish a verified event: it counts with --include-desk and shows on the map (admin)')
      .argument('<id>', 'desk event id')
      .option(
        '--supersedes <ids>',
        'published desk events this one replaces (same incident): they are retracted, and leave the counts',
      )
      .option(
        '--distinct-from <ids>',
        'published desk events of the same day and place that are other incidents: both count',
      ),
  )
    .addHelpText(
      'after',
      `
An event that may be the same incident as a published one (same day and place, named in desk show)
is refused until you say how they relate: --supersedes N or --distinct-from N (docs/desk.md).`,
    )
    .action(async (id: string, o: Opts & { supersedes?: string; distinctFrom?: string }) => {
      const w = await workflow();
      const { parseIdList } = await import('../../app/desk/desk-incident.ts');
      w.parseDeskId(id);
      const how = {
        supersedes: parseIdList('--supersedes', o.supersedes),
        distinct_from: parseIdList('--distinct-from', o.distinctFrom),
      };
      const by = await actor(o);
      const relationNames = { supersedes: '--supersedes', distinct_from: '--distinct-from' };
      const e = await w.publishDeskEvent(
        await ctx.store(),
        id,
        by,
        { ...(await deps()), relationNames },
        how,
      );
      await show(e, o);
      const gone = e.same_incident.filter(
        (l) => l.relation === 'supersedes' && how.supersedes?.includes(l.id),
      );
      ctx.err(
        `desk event ${e.id} is now ${e.state}` +
          (gone.length
            ? `; desk event${gone.length === 1 ? '' : 's'} ${gone.map((l) => l.id).join(', ')} retracted (superseded)`
            : '') +
          '\n',
      );
    });
  for (const [action, what] of [
    ['reject', 'reject a submitted or verified event with a reason (reviewer; never your own)'],
    ['retract', 'retract an event (analyst before publication, admin after); it leaves the counts'],
  ] as const) {
    const cmd = common(desk.command(action).description(what).argument('<id>', 'desk event id'));
    (action === 'reject'
      ? cmd.requiredOption('--reason <text>', 'what is wrong with it')
      : cmd.option('--reason <text>', 'why it is withdrawn (kept in the audit log)')
    ).action(async (id: string, o: Opts) => {
      const w = await workflow();
      const run = action === 'reject' ? w.rejectDeskEvent : w.retractDeskEvent;
      w.parseDeskId(id);
      // Checked before the store is opened (or made), as the id and the key are.
      w.parseDeskReason(action, o.reason);
      const by = await actor(o);
      const e = await run(await ctx.store(), id, o.reason, by, await deps());
      await show(e, o);
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
    parseDeskId(id);
    await reader(o, 'show');
    const { showDeskEvent } = await import('../../app/desk/desk-views.ts');
    await show(await showDeskEvent(await ctx.store('read'), id), o);
  });
  common(
    desk
      .command('list')
      .description('list desk events, newest first')
      .option(
        '--state <states>',
        `only these states, comma-separated: ${DESK_STATES.join(', ')} (default: all of them)`,
      )
      .option(
        '--limit <n>',
        "at most this many, newest first, 1 to 10000 (default 1000), as the API's limit",
      ),
  ).action(async (o: Opts) => {
    await reader(o, 'list');
    const { listDeskEvents, parseStates } = await import('../../app/desk/desk-views.ts');
    const { parseIntParam } = await import('../../domain/number-params.ts');
    // The API's bounds: the list it cut at 1000 said "more exist" with no way to show them.
    const limit = o.limit === undefined ? undefined : parseIntParam('limit', o.limit, 1, 10_000);
    const r = await listDeskEvents(await ctx.store('read'), parseStates(o.state), limit);
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
      warnings: e.warnings.map((w) => w.code).join(' '),
      same_incident: e.same_incident.map((l) => `${l.id} ${l.relation}`).join('; '),
      created_by: e.created_by,
    }));
    // A CSV of no events still has its header, as the queue's and the audit log's have.
    ctx.out(render(rows, format, format === 'csv' ? [...DESK_LIST_COLUMNS] : undefined));
    if (!rows.length && format === 'table') ctx.out('no desk events in these states\n');
    if (r.meta.truncated)
      ctx.err(
        `showing the newest ${counted(r.meta.limit, 'desk event')}; more exist${r.meta.limit < 10_000 ? ` (--limit ${Math.min(10_000, r.meta.limit * 10)} shows more)` : ''}\n`,
      );
  });
  common(
    desk
      .command('queue')
      .description('what waits for review (submitted) or publication (verified), oldest first'),
  ).action(async (o: Opts) => {
    await reader(o, 'queue');
    const { listReviewQueue, queueRow, QUEUE_COLUMNS } = await import('../../app/desk/desk-views.ts');
    const r = await listReviewQueue(await ctx.store('read'));
    const format = outputFormat(o.format);
    if (format === 'json') return ctx.out(JSON.stringify(r, null, 2) + '\n');
    if (format !== 'table') return ctx.out(render(r.queue.map(queueRow), format, [...QUEUE_COLUMNS]));
    // The table says the wait in words, as the dashboard does ("45 minutes", "3 hours", "2 days");
    // csv and json keep the API's whole hours (age_hours).
    const { durationWords } = await import('../../domain/duration-words.ts');
    const rows = r.queue.map(queueRow).map(({ age_hours: _, next_role, warnings, same_incident, ...q }) => ({
      ...q,
      waiting: durationWords(Date.parse(r.as_of) - Date.parse(q.waiting_since)),
      next_role,
      warnings,
      same_incident,
    }));
    ctx.out(render(rows, format));
    ctx.out(r.queue.length ? '' : 'nothing waits for review\n');
  });
  common(
    desk
      .command('audit')
      .description('the append-only audit log: who did what, when, before and after (csv for export)')
      .option('--event <id>', 'only this desk event'),
  ).action(async (o: Opts) => {
    const { parseDeskId } = await workflow();
    if (o.event !== undefined) parseDeskId(o.event);
    await reader(o, 'audit');
    const { auditLog, auditRow, AUDIT_COLUMNS } = await import('../../app/desk/desk-views.ts');
    const entries = await auditLog(await ctx.store('read'), o.event);
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
        : render(rows, format, [...AUDIT_COLUMNS]),
    );
  });
}
