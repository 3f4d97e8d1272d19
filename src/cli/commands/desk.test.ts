/**
 * `faultline desk` in-process: a draft from flags, the review by keys of each role (and the local
 * admin without a key), the queue and the audit log in JSON and CSV, one-line errors. The event
 * text is synthetic (example.org URL, "Synthetic Wire").
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKey } from '../../app/api-keys.ts';
import { exitCodeFor, failureLine } from '../fail.ts';
import { createStore, type Store } from '../../storage/index.ts';
import { Command } from 'commander';
import { runCli, testContext } from '../../../test/helpers/in-process-cli.ts';
import { readTogether } from '../../../test/helpers/together-store.ts';
import { registerDesk } from './desk.ts';
import { registerNews } from './news.ts';
import { registerSeries } from './series.ts';

let store: Store;
const keys: Record<string, string> = {};
const desk = (...args: string[]) => runCli(store, [registerDesk, registerSeries], ['desk', ...args]);

const ADD = [
  'add',
  '--date',
  '2024-05-02',
  '--country',
  'PAK',
  '--admin1',
  'Khyber Pakhtunkhwa',
  '--type',
  'battle',
  '--killed',
  '5',
  '--headline',
  'synthetic: five killed',
  '--cite-url',
  'https://news.example.org/synthetic/3',
  '--cite-outlet',
  'Synthetic Wire',
  '--cite-published',
  '2024-05-03T06:00:00Z',
  '--cite-quote',
  'synthetic quote',
];

before(async () => {
  store = await createStore({ path: ':memory:' });
  for (const role of ['viewer', 'analyst', 'reviewer'])
    keys[role] = (await createApiKey(store, { role, name: `cli ${role}` })).key;
});
after(() => store.close());

describe('faultline desk', () => {
  it('add, submit, verify and publish from the command line; the audit log names each actor', async () => {
    const added = await desk(...ADD, '--key', keys.analyst!, '--format', 'json');
    assert.equal(added.error, undefined, added.err);
    const e = JSON.parse(added.out);
    assert.equal(e.state, 'draft');
    assert.equal(e.fields.fatalities_best, 5);
    assert.deepEqual(e.problems, []);
    assert.match(added.err, new RegExp(`^created desk event ${e.id} \\(draft\\)`));
    assert.equal((await desk('submit', String(e.id), '--key', keys.analyst!)).error, undefined);
    const queue = JSON.parse((await desk('queue', '--format', 'json')).out);
    assert.deepEqual(
      queue.queue.map((q: { id: number; state: string }) => [q.id, q.state]),
      [[e.id, 'submitted']],
    );
    // The table says the wait in words, as the dashboard does (it said age_hours 0); csv keeps the
    // hours. Both end with the count of warnings and the links (none here).
    const [head, , row] = (await desk('queue')).out.split('\n');
    assert.deepEqual(head!.split(/\s+/).slice(-4), ['waiting', 'next_role', 'warnings', 'same_incident']);
    assert.match(row!, /\s0 minutes\s+reviewer\s+0$/);
    assert.match(
      (await desk('queue', '--format', 'csv')).out.split('\n')[0]!,
      /,age_hours,next_role,warnings,same_incident$/,
    );
    assert.equal((await desk('verify', String(e.id), '--key', keys.reviewer!)).error, undefined);
    // No key: the local admin publishes.
    const pub = await desk('publish', String(e.id), '--format', 'json');
    assert.equal(JSON.parse(pub.out).state, 'published');
    const csv = (await desk('audit', '--event', String(e.id), '--format', 'csv')).out.trim().split('\n');
    assert.deepEqual(
      csv.slice(1).map((l) => l.split(',').slice(5, 7)),
      [
        ['analyst', 'create'],
        ['analyst', 'submit'],
        ['reviewer', 'verify'],
        ['admin', 'publish'],
      ],
    );
    assert.match(csv[4]!, /,local,local user,admin,publish,verified,published,/);
    // The table says where the event came from and who wrote and verified it, beside its fields.
    const shown = (await desk('show', String(e.id))).out;
    assert.match(shown, /^origin: manual$/m);
    // The address is quoted, as every line quotes the URL it names: bare, it ran into the quote after it.
    assert.match(
      shown,
      /^citation: Synthetic Wire, 2024-05-03T06:00:00Z, "https:\/\/news\.example\.org\/synthetic\/3": "synthetic quote"$/m,
    );
    const analystId = keys.analyst!.split('_')[1];
    const reviewerId = keys.reviewer!.split('_')[1];
    assert.match(
      shown,
      new RegExp(
        `^by: created by ${analystId} at \\S+; authors ${analystId}; published since \\S+; verified by ${reviewerId}$`,
        'm',
      ),
    );
    // A news draft shows its article and the words each field was read from.
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-desk-')), 'news.json');
    const origin = {
      kind: 'news',
      url: null,
      outlet: 'Synthetic Daily',
      published_at: null,
      quote: 'Five soldiers were martyred.',
    };
    writeFileSync(file, JSON.stringify({ origin, from_words: { fatalities_best: 'Five soldiers' } }));
    const news = JSON.parse((await desk(...ADD, '--json', file, '--format', 'json')).out);
    const table = (await desk('show', String(news.id))).out;
    assert.match(table, /^origin: news, Synthetic Daily, publication time unknown, address unknown$/m);
    // With its address, the origin quotes it, as the citation does.
    writeFileSync(
      file,
      JSON.stringify({ origin: { ...origin, url: 'https://news.example.org/synthetic/9' } }),
    );
    const addressed = JSON.parse((await desk(...ADD, '--json', file, '--format', 'json')).out);
    assert.match(
      (await desk('show', String(addressed.id))).out,
      /^origin: news, Synthetic Daily, publication time unknown, "https:\/\/news\.example\.org\/synthetic\/9"$/m,
    );
    assert.match(table, /^from words: fatalities_best ← "Five soldiers"$/m);
  });

  it('a viewer key is refused with one line and exit code 2; a bad key is refused too', async () => {
    const r = await desk(...ADD, '--key', keys.viewer!);
    assert.match(String(r.error), /forbidden: create needs the analyst role; key "[0-9a-f]{12}" has viewer/);
    assert.equal(exitCodeFor(r.error), 2);
    const bad = await desk(...ADD, '--key', 'flk_000000000000_nope');
    assert.match(String(bad.error), /invalid API key: unknown, revoked or mistyped/);
  });

  it('an empty or blank --key is refused in one line quoting it (exit 2), never the local admin', async () => {
    const added = JSON.parse((await desk(...ADD, '--key', keys.analyst!, '--format', 'json')).out);
    const id = String(added.id);
    for (const [args, key] of [
      [['list'], ''],
      [['show', id], ' '],
      [['queue'], ''],
      [['audit'], '\t'],
      [['submit', id], ''],
      [['retract', id], '  '],
      [['edit', id, '--headline', 'synthetic: edited'], ''],
      [ADD, ''],
    ] as const) {
      const r = await desk(...args, '--key', key);
      assert.equal(
        String(r.error),
        `InvalidInputError: invalid key: "${key === '\t' ? '\\x09' : key}" (an empty key; give an API key from faultline keys create, or leave out --key and FAULTLINE_API_KEY to act as the local admin)`,
        args.join(' '),
      );
      assert.equal(exitCodeFor(r.error), 2);
      assert.equal(r.out, '');
    }
    const now = JSON.parse((await desk('show', id, '--format', 'json')).out);
    assert.deepEqual([now.state, now.version], ['draft', 1], 'nothing was done');
    // news add takes --key too: refused before the article is read.
    const news = await runCli(store, [registerNews], ['news', 'add', '/no/such/article.html', '--key', '']);
    assert.match(String(news.error), /^InvalidInputError: invalid key: "" \(an empty key; /);
  });

  it('two edits decided on the same version cannot both land: the second is refused in one line quoting the id (exit 2)', async () => {
    const added = JSON.parse((await desk(...ADD, '--key', keys.analyst!, '--format', 'json')).out);
    const id = String(added.id);
    // Both commands read edit 1 before either writes, as two analysts saving at once do.
    const together = readTogether(store, 2);
    const edit = (headline: string) =>
      runCli(together, [registerDesk], ['desk', 'edit', id, '--headline', headline, '--key', keys.analyst!]);
    const runs = await Promise.all([edit('synthetic: first edit'), edit('synthetic: second edit')]);
    const lost = runs.filter((r) => r.error !== undefined);
    assert.equal(lost.length, 1);
    assert.equal(
      failureLine(lost[0]!.error),
      `faultline: desk event "${id}" changed meanwhile (now draft, edit 2); reload it and try again\n`,
    );
    assert.equal(exitCodeFor(lost[0]!.error), 2);
    const now = JSON.parse((await desk('show', id, '--format', 'json')).out);
    assert.deepEqual([now.state, now.version], ['draft', 2], 'one edit landed');
  });

  it('a role too low is refused before the event is read: the refusal names the role, never the state', async () => {
    const added = JSON.parse((await desk(...ADD, '--key', keys.analyst!, '--format', 'json')).out);
    const id = String(added.id);
    assert.equal((await desk('submit', id, '--key', keys.analyst!)).error, undefined);
    const forbidden = (action: string, role: string, has: string) =>
      new RegExp(
        `^ForbiddenError: forbidden: ${action} needs the ${role} role; key "[0-9a-f]{12}" has ${has}$`,
      );
    // The event is submitted: a state submit and publish do not apply to, but the role comes first.
    for (const action of ['submit', 'edit', 'retract']) {
      const r = await desk(action, id, '--key', keys.viewer!, ...(action === 'edit' ? ['--notes', 'x'] : []));
      assert.match(String(r.error), forbidden(action, 'analyst', 'viewer'));
      assert.equal(exitCodeFor(r.error), 2);
    }
    assert.match(
      String((await desk('publish', id, '--key', keys.analyst!)).error),
      forbidden('publish', 'admin', 'analyst'),
    );
    assert.match(
      String((await desk('verify', id, '--key', keys.analyst!)).error),
      forbidden('verify', 'reviewer', 'analyst'),
    );
    // Nor whether it exists.
    assert.match(
      String((await desk('submit', '424242', '--key', keys.viewer!)).error),
      forbidden('submit', 'analyst', 'viewer'),
    );
    // A role high enough still hears the state.
    assert.equal(
      String((await desk('submit', id, '--key', keys.analyst!)).error),
      `ConflictError: cannot submit desk event "${id}": it is submitted (submit applies to draft, rejected events)`,
    );
  });

  it('show, list, queue and audit check --key as changes do: a viewer and a bad key are refused', async () => {
    const added = JSON.parse((await desk(...ADD, '--key', keys.analyst!, '--format', 'json')).out);
    for (const read of [['show', String(added.id)], ['list'], ['queue'], ['audit']]) {
      const viewer = await desk(...read, '--key', keys.viewer!);
      assert.match(
        String(viewer.error),
        new RegExp(
          `^ForbiddenError: forbidden: ${read[0]} needs the analyst role; key "[0-9a-f]{12}" has viewer$`,
        ),
      );
      assert.equal(viewer.out, '', 'nothing of the desk is printed');
      assert.equal(exitCodeFor(viewer.error), 2);
      const bad = await desk(...read, '--key', 'flk_000000000000_nope');
      assert.equal(String(bad.error), 'AuthenticationError: invalid API key: unknown, revoked or mistyped');
      assert.equal(bad.out, '');
      assert.equal((await desk(...read, '--key', keys.analyst!)).error, undefined);
      assert.equal((await desk(...read)).error, undefined, 'no key: the local admin, as for changes');
    }
  });

  it('a malformed value is one line quoting it; an unknown id is not found', async () => {
    const r = await desk(...ADD.map((a) => (a === '2024-05-02' ? '2024-13-02' : a)));
    assert.equal(
      String(r.error),
      'InvalidInputError: invalid --date: "2024-13-02" (use YYYY-MM-DD, or --date "" to clear it)',
    );
    const missing = await desk('show', '424242');
    assert.equal(String(missing.error), 'NotFoundError: no desk event with id "424242"');
    assert.equal(exitCodeFor(missing.error), 3);
    // The id as typed, not the number it reads as.
    for (const args of [
      ['show', '00424242'],
      ['audit', '--event', '00424242'],
      ['submit', '00424242'],
      ['edit', '00424242', '--notes', 'x'],
    ])
      assert.equal(
        String((await desk(...args)).error),
        'NotFoundError: no desk event with id "00424242"',
        args[0],
      );
    const id = await desk('show', 'x1');
    assert.match(String(id.error), /invalid desk event id: "x1"/);
    // `desk add` alone (typed to see what it takes) creates nothing.
    const bare = await desk('add');
    assert.equal(
      String(bare.error),
      'InvalidInputError: nothing to add: give at least one field of the desk event (its date, place, headline, sides, deaths or a citation)',
    );
    assert.equal(exitCodeFor(bare.error), 2);
    // A citation is four flags together; a --json file that cannot be read is bad input, not a crash;
    // the format is checked before anything is read or made.
    const partial = await desk('add', '--admin1', 'Balochistan', '--cite-outlet', 'Synthetic Daily');
    assert.equal(
      String(partial.error),
      'InvalidInputError: missing --cite-url, --cite-published, --cite-quote: a citation gives --cite-url, --cite-outlet, --cite-published, --cite-quote together',
    );
    const unread = await desk('add', '--json', '/no/such/desk-event.json');
    assert.match(String(unread.error), /^InvalidInputError: no such file: "\/no\/such\/desk-event\.json"$/);
    assert.equal(exitCodeFor(unread.error), 2);
    const format = await desk('add', '--admin1', 'Balochistan', '--format', 'xml');
    assert.equal(
      String(format.error),
      'InvalidInputError: invalid format: "xml" (use table, csv, json or ndjson)',
    );
    assert.equal((await desk('list', '--format', 'json')).out.includes('"admin1": "Balochistan"'), false);
  });

  it('add and edit name the flag the user typed in refusals and problems; a --json file names its JSON fields', async () => {
    const refusal = async (flag: string, value: string, expected: string) => {
      const r = await desk(...ADD, flag, value);
      assert.equal(String(r.error), `InvalidInputError: ${expected}`);
      assert.equal(exitCodeFor(r.error), 2);
    };
    await refusal(
      '--date',
      '2021-13-01',
      'invalid --date: "2021-13-01" (use YYYY-MM-DD, or --date "" to clear it)',
    );
    await refusal(
      '--killed',
      'five',
      'invalid --killed: "five" (a whole number of people, 0 or more, or --killed unknown when not known)',
    );
    await refusal('--lat', '95', 'invalid --lat: 95 (a number from -90 to 90, or --lat "" to clear it)');
    await refusal(
      '--cite-published',
      '2024-02-30',
      'invalid --cite-published: "2024-02-30" (use YYYY-MM-DD or an ISO 8601 date-time such as 2026-11-30T08:15:00Z)',
    );
    const problems = (out: string) => out.split('\n').filter((l) => l.startsWith('problem: '));
    const draft = await desk('add', '--date', '2024-05-02', '--date-end', '2024-05-01', '--lat', '33');
    assert.deepEqual(problems(draft.out), [
      'problem: --date-end 2024-05-01 is before --date 2024-05-02',
      'problem: no country: give --country (AFG or PAK)',
      'problem: give both --lat and --lon, or neither',
      'problem: no citation: give at least one source (--cite-url, --cite-outlet, --cite-published, --cite-quote)',
    ]);
    const id = /^created desk event (\d+) /.exec(draft.err)![1]!;
    const edited = await desk('edit', id, ...ADD.slice(ADD.indexOf('--cite-url')), '--date', '2024-05-04');
    assert.deepEqual(problems(edited.out), [
      'problem: --date-end 2024-05-01 is before --date 2024-05-04',
      'problem: no country: give --country (AFG or PAK)',
      'problem: give both --lat and --lon, or neither',
      "problem: --cite-published 2024-05-03 is before the event's --date 2024-05-04",
    ]);
    const badEdit = await desk('edit', id, '--killed-high', '-3');
    assert.equal(
      String(badEdit.error),
      'InvalidInputError: invalid --killed-high: "-3" (a whole number of people, 0 or more, or --killed-high unknown when not known)',
    );
    // The stored event, as the API and --format json give it, names the JSON fields.
    const stored = JSON.parse((await desk('show', id, '--format', 'json')).out);
    assert.equal(stored.problems[0], 'date_end 2024-05-01 is before date_start 2024-05-04');
    // What the --json file gave is named as written there; a flag over it is named as the flag.
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-desk-')), 'event.json');
    writeFileSync(file, JSON.stringify({ date_start: '2024-05-02', date_end: '2024-13-01' }));
    const json = await desk('add', '--json', file);
    assert.equal(String(json.error), 'InvalidInputError: invalid date_end: "2024-13-01" (use YYYY-MM-DD)');
    const over = await desk('add', '--json', file, '--date-end', '2024-05-01', '--country', 'PAK');
    assert.deepEqual(problems(over.out).slice(0, 1), [
      'problem: --date-end 2024-05-01 is before date_start 2024-05-02',
    ]);
    // A lone surrogate in the file is refused as a value, not left to fail in the store (exit 1).
    writeFileSync(file, '{"date_start":"2024-05-02","headline":"a\\ud800"}');
    const lone = await desk('add', '--json', file);
    assert.deepEqual(
      [exitCodeFor(lone.error), failureLine(lone.error)],
      [2, 'faultline: invalid headline: "a\\ud800" (give at most 2000 printable characters)\n'],
    );
    writeFileSync(file, 'null');
    assert.equal(
      String((await desk('add', '--json', file, '--date', '2024-05-02')).error),
      `InvalidInputError: invalid --json "${file}": it holds null, not a desk event object (docs/desk.md)`,
    );
  });

  it('submit, publish and the show table name the flags that fix a problem; --format json and a --json count keep JSON names', async () => {
    const problems = (out: string) => out.split('\n').filter((l) => l.startsWith('problem: '));
    const undated = ADD.filter((a, i) => a !== '--date' && ADD[i - 1] !== '--date');
    const draft = await desk(...undated, '--key', keys.analyst!, '--format', 'json');
    const id = String(JSON.parse(draft.out).id);
    const submit = await desk('submit', id, '--key', keys.analyst!);
    assert.equal(
      String(submit.error),
      `InvalidInputError: cannot submit desk event "${id}": no date: give --date (YYYY-MM-DD)`,
    );
    assert.equal(exitCodeFor(submit.error), 2);
    assert.deepEqual(problems((await desk('show', id)).out), ['problem: no date: give --date (YYYY-MM-DD)']);
    const json = JSON.parse((await desk('show', id, '--format', 'json')).out);
    assert.deepEqual(json.problems, ['no date: give date_start (YYYY-MM-DD)']);
    // A verified event that lost its date (written behind the workflow's back) is refused publication by flag.
    const v = JSON.parse((await desk(...ADD, '--key', keys.analyst!, '--format', 'json')).out);
    await desk('submit', String(v.id), '--key', keys.analyst!);
    const verified = JSON.parse(
      (await desk('verify', String(v.id), '--key', keys.reviewer!, '--format', 'json')).out,
    );
    const undone = { ...verified, fields: { ...verified.fields, date_start: null } };
    await store.saveDeskChange({
      event: undone,
      expected: { state: 'verified', version: verified.version },
      audit: {
        event_id: v.id,
        at: verified.updated_at,
        actor_id: 'local',
        actor_name: null,
        actor_role: 'admin',
        action: 'edit',
        state_before: 'verified',
        state_after: 'verified',
        reason: null,
        before: verified,
        after: undone,
      },
    });
    const publish = await desk('publish', String(v.id));
    assert.equal(
      String(publish.error),
      `InvalidInputError: cannot publish desk event "${v.id}": no date: give --date (YYYY-MM-DD)`,
    );
    // A count the --json file gave is unknown when null there.
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-desk-')), 'event.json');
    writeFileSync(file, JSON.stringify({ date_start: '2024-05-02', fatalities_best: -1 }));
    assert.equal(
      String((await desk('add', '--json', file)).error),
      'InvalidInputError: invalid fatalities_best: -1 (a whole number of people, 0 or more, or null when unknown)',
    );
  });

  it('edit clears a count back to unknown with the word unknown; add takes it too, over a --json count', async () => {
    const added = JSON.parse(
      (await desk(...ADD, '--injured', '4', '--civilians', '2', '--format', 'json')).out,
    );
    assert.deepEqual([added.fields.fatalities_best, added.fields.injured], [5, 4]);
    const edited = await desk(
      'edit',
      String(added.id),
      '--killed',
      'unknown',
      '--injured',
      'Unknown',
      '--format',
      'json',
    );
    assert.equal(edited.error, undefined, edited.err);
    const e = JSON.parse(edited.out);
    // Unknown, never 0; the count not named stays as it was.
    assert.deepEqual(
      [e.fields.fatalities_best, e.fields.injured, e.fields.deaths_civilians],
      [null, null, 2],
    );
    // The refusal of a bad count says how to give an unknown one.
    assert.equal(
      String((await desk('edit', String(added.id), '--civilians', 'none')).error),
      'InvalidInputError: invalid --civilians: "none" (a whole number of people, 0 or more, or --civilians unknown when not known)',
    );
    // In add, unknown is what leaving the flag out means, and it overrides the --json file's count.
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-desk-')), 'event.json');
    writeFileSync(file, JSON.stringify({ date_start: '2024-05-02', fatalities_best: 7 }));
    const over = JSON.parse(
      (await desk('add', '--json', file, '--killed', 'unknown', '--format', 'json')).out,
    );
    assert.equal(over.fields.fatalities_best, null);
    // Only counts take it: a date does not.
    assert.equal(
      String((await desk('edit', String(added.id), '--date', 'unknown')).error),
      'InvalidInputError: invalid --date: "unknown" (use YYYY-MM-DD, or --date "" to clear it)',
    );
  });

  it('edit clears --date-end, --lat, --lon and --country with an empty value, as --place ""; a count so is unknown', async () => {
    const added = JSON.parse(
      (
        await desk(
          ...ADD,
          '--date-end',
          '2024-05-03',
          '--precision',
          'range',
          '--lat',
          '34.0',
          '--lon',
          '71.5',
          '--place',
          'Peshawar',
          '--format',
          'json',
        )
      ).out,
    );
    assert.deepEqual([added.fields.date_end, added.fields.lat, added.fields.lon], ['2024-05-03', 34, 71.5]);
    const edited = await desk(
      'edit',
      String(added.id),
      ...['--date-end', '', '--precision', 'day', '--lat', '', '--lon', ' ', '--place', ''],
      ...['--killed', '', '--format', 'json'],
    );
    assert.equal(edited.error, undefined, edited.err);
    const f = JSON.parse(edited.out).fields;
    assert.deepEqual(
      [f.date_start, f.date_end, f.lat, f.lon, f.place, f.fatalities_best, f.country],
      ['2024-05-02', null, null, null, null, null, 'PAK'],
    );
    const cleared = JSON.parse(
      (await desk('edit', String(added.id), '--country', '', '--format', 'json')).out,
    );
    assert.equal(cleared.fields.country, null);
    assert.ok(cleared.problems.includes('no country: give country (AFG or PAK)'));
    // The refusal of a bad value says how to clear it; --type always holds one of its words.
    assert.equal(
      String((await desk('edit', String(added.id), '--lon', 'none')).error),
      'InvalidInputError: invalid --lon: "none" (a number from -180 to 180, or --lon "" to clear it)',
    );
    assert.equal(
      String((await desk('edit', String(added.id), '--date-end', 'none')).error),
      'InvalidInputError: invalid --date-end: "none" (use YYYY-MM-DD, or --date-end "" to clear it)',
    );
    assert.match(
      String((await desk('edit', String(added.id), '--type', '')).error),
      /invalid --type: "" \(use battle/,
    );
  });

  it('a --json "citations" that is not a list is refused beside the --cite-* flags, not dropped for their citation', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-desk-')), 'event.json');
    const citation = {
      url: 'https://news.example.org/x',
      outlet: 'X',
      published_at: '2024-05-03',
      quote: 'q',
    };
    writeFileSync(file, JSON.stringify({ citations: citation }));
    assert.equal(
      String((await desk('add', '--json', file, ...ADD.slice(ADD.indexOf('--cite-url')))).error),
      `InvalidInputError: invalid citations: ${JSON.stringify(citation)} (give a list of at most 20 citations)`,
    );
  });

  it('reject checks its reason before it opens (or makes) the store, quoting an empty one', async () => {
    let opened = false;
    const ctx = testContext(
      store,
      () => {},
      () => {},
    );
    ctx.store = async () => ((opened = true), store);
    const program = new Command('faultline').exitOverride();
    registerDesk(program, ctx);
    const error = await program
      .parseAsync(['node', 'faultline', 'desk', 'reject', '1', '--reason', ''])
      .catch((e) => e);
    assert.equal(
      String(error),
      'InvalidInputError: invalid reason: "" (a reason is required to reject: say what is wrong with the event)',
    );
    assert.equal(opened, false, 'the store was opened for a command refused on its arguments');
  });

  it('--help explains the workflow and the identity the commands act as', async () => {
    const { Command } = await import('commander');
    const { testContext } = await import('../../../test/helpers/in-process-cli.ts');
    const program = new Command('faultline');
    registerDesk(
      program,
      testContext(
        store,
        () => {},
        () => {},
      ),
    );
    const cmd = program.commands.find((c) => c.name() === 'desk')!;
    let text = '';
    cmd.configureOutput({ writeOut: (t) => void (text += t) });
    cmd.outputHelp();
    assert.match(text, /Identity: commands act as the holder of --key \(or \$FAULTLINE_API_KEY\)/);
    assert.match(text, /add \(draft\) -> submit -> verify/);
    const edit = cmd.commands.find((c) => c.name() === 'edit')!;
    let editHelp = '';
    edit.configureOutput({ writeOut: (t) => void (editHelp += t) });
    edit.outputHelp();
    assert.match(editHelp, /`faultline desk edit 7 --killed unknown` clears a count back to unknown/);
    assert.match(editHelp, /An empty value clears a field in desk edit: --date-end "", --lat "" --lon ""/);
    const list = cmd.commands.find((c) => c.name() === 'list')!;
    let listHelp = '';
    list.configureOutput({ writeOut: (t) => void (listHelp += t) });
    list.outputHelp();
    assert.match(
      listHelp.replace(/\s+/g, ' '),
      /--state <states> only these states, comma-separated: draft, submitted, verified, published, rejected, retracted \(default: all of them\)/,
    );
  });

  it('series counts the published desk event only with --include-desk, and says so', async () => {
    const run = (...extra: string[]) =>
      runCli(
        store,
        [registerSeries],
        ['series', '--from', '2024-05', '--to', '2024-05', '--format', 'json', ...extra],
      );
    const [without, withDesk] = [
      JSON.parse((await run()).out),
      JSON.parse((await run('--include-desk')).out),
    ];
    assert.equal(without.meta.desk_events, 'excluded');
    assert.equal(withDesk.meta.desk_events, 'included');
    const total = (a: { points: { events: number }[] }) => a.points.reduce((n, p) => n + (p.events ?? 0), 0);
    assert.equal(total(withDesk) - total(without), 1);
  });

  it('list --limit shows the newest N, as the API takes limit, and says more exist with the flag that shows them (a list cut at 1000 named none)', async () => {
    for (let i = 0; i < 2; i++) assert.equal((await desk(...ADD, '--key', keys.analyst!)).error, undefined);
    const all = JSON.parse((await desk('list', '--format', 'json')).out) as { events: { id: number }[] };
    const two = await desk('list', '--limit', '2', '--format', 'json');
    const cut = JSON.parse(two.out) as {
      events: { id: number }[];
      meta: { limit: number; truncated: boolean };
    };
    assert.deepEqual(
      cut.events.map((e) => e.id),
      all.events.slice(0, 2).map((e) => e.id),
    );
    assert.deepEqual([cut.meta.limit, cut.meta.truncated], [2, all.events.length > 2]);
    const table = await desk('list', '--limit', '1');
    assert.equal(table.err, 'showing the newest 1 desk event; more exist (--limit 10 shows more)\n');
    assert.equal(
      String((await desk('list', '--limit', '0')).error),
      'InvalidInputError: invalid limit: "0" (use an integer from 1 to 10000)',
    );
  });

  it('a draft with one problem says "1 problem to fix before submit" (it said "1 problems")', async () => {
    const uncited = ADD.slice(0, ADD.indexOf('--cite-url'));
    const r = await desk(...uncited, '--key', keys.analyst!, '--format', 'json');
    const e = JSON.parse(r.out) as { id: number; problems: unknown[] };
    assert.equal(e.problems.length, 1, JSON.stringify(e.problems));
    assert.match(
      r.err,
      new RegExp(`^created desk event ${e.id} \\(draft, 1 problem to fix before submit\\)`),
    );
  });
});

describe('faultline desk on an empty desk', () => {
  it('queue, audit and list as CSV print their header with no row (they printed nothing), the queue and audit as the API does', async () => {
    const empty = await createStore({ path: ':memory:' });
    try {
      const csv = async (...args: string[]) => {
        const r = await runCli(empty, [registerDesk], ['desk', ...args, '--format', 'csv']);
        assert.equal(r.error, undefined, r.err);
        return r.out.trimEnd();
      };
      assert.equal(
        await csv('queue'),
        'id,state,version,headline,date_start,country,created_by,waiting_since,age_hours,next_role,warnings,same_incident',
      );
      assert.equal(
        await csv('audit'),
        'seq,event_id,at,actor_id,actor_name,actor_role,action,state_before,state_after,reason,before,after',
      );
      assert.equal(
        await csv('list'),
        'id,state,version,date,country,headline,problems,warnings,same_incident,created_by',
      );
    } finally {
      await empty.close();
    }
  });
});
