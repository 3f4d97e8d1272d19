import { grouped } from '../../domain/format-number.ts';
import { counted } from '../../domain/plural.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { checkReadableFile } from '../../app/readable-file.ts';
import { parseIntParam } from '../../domain/number-params.ts';
import { InvalidInputError, RemoteError, oneLine } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { userPath, type Context } from '../context.ts';
import { textOrJson } from '../output.ts';
import type { SaveDrafts } from '../../app/news/watch-feeds.ts';
import { retryLine } from '../retry-notice.ts';

/** Shortest polling interval: feeds ask readers not to poll more often than every few minutes. */
const MIN_INTERVAL_S = 60;
/** Longest: a week, as alert evaluation's; Node's timers turned a wait over 2^31-1 ms (about 24.8 days) into 1 ms, polling the feeds without pause. */
const MAX_INTERVAL_S = 168 * 3600;

/** Seconds of an interval such as 90s, 15m or 1h. */
export function parseInterval(text: string): number {
  const m = /^(\d+)(s|m|h)$/.exec(text.trim());
  const seconds = m ? Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'] : NaN;
  if (!(seconds >= MIN_INTERVAL_S && seconds <= MAX_INTERVAL_S))
    throw new InvalidInputError(
      `invalid --interval: ${quoteValue(text)} (a number with s, m or h, from ${MIN_INTERVAL_S}s to ${MAX_INTERVAL_S / 3600}h; e.g. 15m)`,
    );
  return seconds;
}

interface CommonOptions {
  countries?: string;
  all?: boolean;
  format: string;
  timeout: string;
  retries: string;
}

/** What `news extract` and `news add` take besides the common options. */
interface ArticleOptions extends CommonOptions {
  published?: string;
  url?: string;
  outlet?: string;
}

/** The options of one article read from a file or standard input: when and where it was published. */
const withArticleSource = (cmd: Command) =>
  cmd
    .option(
      '--published <time>',
      'publication time of a file or standard input (e.g. 2026-08-21); a page gives its own',
    )
    .option(
      '--url <url>',
      "the article's address, for a file or standard input (its citation; a page gives its own)",
    )
    .option('--outlet <name>', "the paper or agency of a file or standard input (default: the --url's host)");

function commonOf(o: CommonOptions) {
  return {
    format: textOrJson(o.format, 'text'),
    countries: o.countries?.split(','),
    all: Boolean(o.all),
    // In plain digits, as every integer flag (Number() took 0x5, 1e1 and " 5 ").
    timeoutMs: parseIntParam('timeout', o.timeout, 1, 600) * 1000,
    retries: parseIntParam('retries', o.retries, 0, 10),
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const DRAFT_HELP = `
What a draft holds (docs/news.md): date, place, actors, killed, injured and type, each with the
words it was read from, and a list of problems for the reviewer (no date, a publication time that
could not be read, quoted, a date in the future, a place outside the chosen countries, no actor, no
count, no type). A draft is not an event: it never counts until a person accepts it.

An article gives at most one draft, read from its headline and first three paragraphs; a digest
page that lists many events (Wikipedia's Current events) gives one per listed event. Drafts placed
outside the chosen countries, or not placed, are counted but shown only with --all.`;

/** The drafts of one article given as a URL, a file or `-` (standard input). */
async function readArticle(ctx: Context, source: string, o: ArticleOptions) {
  const common = commonOf(o);
  const { draftsOf, draftsOfUrl, articleOfText, publicationOption, textSourceOption } =
    await import('../../app/news/read-news.ts');
  const published = publicationOption(o.published);
  const where = textSourceOption(o);
  if (/^https?:\/\//i.test(source)) {
    if (o.url !== undefined || o.outlet !== undefined)
      throw new InvalidInputError(
        `--url and --outlet are for a file or standard input: ${quoteValue(source)} is a page, which gives its own`,
      );
    return draftsOfUrl(source, {
      ...common,
      published,
      onRetry: (n) => ctx.err(retryLine(n)),
      sleep: ctx.sleep,
    });
  }
  const name = source === '-' ? 'standard input' : source;
  // How a refusal names it: a path quoted, as every value a user gave (domain/quote.ts).
  const shown = source === '-' ? name : quoteValue(source);
  let body: string;
  // A missing file or a directory in one line quoting it, as import's (it gave ENOENT's own words).
  if (source !== '-') checkReadableFile(userPath(ctx, source));
  try {
    body =
      source === '-'
        ? await (ctx.stdin ? ctx.stdin() : readStdin())
        : await readFile(userPath(ctx, source), 'utf8');
  } catch (e) {
    throw new InvalidInputError(`cannot read ${shown}: ${oneLine(e)}`);
  }
  if (body.trim() === '') throw new InvalidInputError(`empty article: ${shown}`);
  return draftsOf(articleOfText(body, name, published, where, shown), common);
}

/**
 * Saves an item's drafts as desk events, acting as the key's holder (or the local admin); `named`
 * keeps each one's problems by the flags of `desk edit` that fix them, for the text (the JSON
 * keeps the JSON fields, as news add's does).
 */
async function draftSaver(
  ctx: Context,
  key: string | undefined,
  named: Map<number, string[]>,
): Promise<SaveDrafts> {
  const { cliActor, cliKeyText } = await import('../../app/desk/desk-identity.ts');
  const { addNewsDrafts } = await import('../../app/news/news-to-desk.ts');
  const keyText = cliKeyText(key ?? ctx.settings.apiKey);
  const store = await ctx.store();
  const by = await cliActor(store, keyText);
  const place = await ctx.placer();
  const { namedProblems } = await import('../desk-flags.ts');
  const { savedDrafts } = await import('../../app/news/news-text.ts');
  return async (article) => {
    const saved = await addNewsDrafts(store, article, by, { place });
    for (const { event: e } of saved) named.set(e.id, await namedProblems(e));
    return savedDrafts(saved);
  };
}

/** `faultline news extract|add|watch`: draft events from articles and from RSS or Atom feeds. */
export function registerNews(program: Command, ctx: Context): void {
  const news = program
    .command('news')
    .description('read news articles and RSS or Atom feeds into draft events for review (see docs/news.md)');

  const withCommon = (cmd: Command) =>
    cmd
      .option(
        '--countries <list>',
        'countries drafts are for, comma-separated ISO3 (PAK, AFG or both)',
        'PAK,AFG',
      )
      .option('--all', 'also show drafts placed outside those countries or not placed at all')
      .option('--timeout <seconds>', 'time-out of each HTTP attempt in seconds, 1 to 600', '15')
      .option(
        '--retries <n>',
        'retries after a failed HTTP attempt (network error, time-out, 429, 5xx), 0 to 10',
        '2',
      )
      .option('--format <format>', 'text or json', 'text');

  withCommon(
    withArticleSource(
      news
        .command('extract')
        .description(
          'read one article (a URL, an HTML or text file, or - for standard input) and print its draft events',
        )
        .argument('<source>', 'http(s) URL, file path, or - to read standard input'),
    ),
  )
    .addHelpText(
      'after',
      `
Examples:
  faultline news extract https://www.example.org/news/2026/08/21/attack.html
  faultline news extract article.html --format json
  pbpaste | faultline news extract - --published 2026-08-21
${DRAFT_HELP}

A URL that is not HTML or plain text, that times out or answers an error fails with one line
(exit 5 for the remote, 2 for bad input).`,
    )
    .action(async (source: string, o: ArticleOptions) => {
      const common = commonOf(o);
      const { newsCountries } = await import('../../app/news/read-news.ts');
      const countries = newsCountries(common.countries);
      const result = await readArticle(ctx, source, o);
      if (common.format === 'json') return ctx.out(JSON.stringify(result, null, 2) + '\n');
      const { articleText } = await import('../news-output.ts');
      ctx.out(articleText(result, countries));
    });

  withCommon(
    withArticleSource(
      news
        .command('add')
        .description(
          'read one article (a URL, an HTML or text file, or - for standard input) and save its drafts as desk events for review',
        )
        .argument('<source>', 'http(s) URL, file path, or - to read standard input'),
    ).option('--key <key>', 'act with this API key (default: $FAULTLINE_API_KEY, else the local admin)'),
  )
    .addHelpText(
      'after',
      `
Examples:
  faultline news add https://www.example.org/news/2026/08/21/attack.html --key $ANALYST_KEY
  faultline news add article.html --published 2026-08-21 --format json
  pbpaste | faultline news add - --published 2026-12-03 --url https://news.example.org/news/1234567 --outlet "Example News"

Each draft becomes a desk event in state draft (docs/desk.md): its fields are the draft's, each
with the words it came from, and the article is its citation (URL, outlet, publication time and
the passage as quote). A draft counts nowhere until someone submits it, a reviewer who did not
write it verifies it and an admin publishes it. The event's problems (no date, a place outside
the countries, no citation because a file gave no URL, ...) are listed for the reviewer: give a
file's or the standard input's address with --url (and --published) to cite it; an HTML file
saved from a browser cites the address it names (canonical link, og:url).
An article read again is not saved twice: its desk event is named, "already saved" (already_saved
in JSON). A draft of the same day and place as other desk events names them (same_incident):
two reports of one attack, to keep one of. The link is kept on both desk events (desk show), and
publishing one beside the other, published, needs desk publish --supersedes or --distinct-from.
The draft's problems (actor_inferred, toll_date, ...) stay on the desk event as warnings.
With a server running, the command runs in the server: give a URL or a file there, not -.
${DRAFT_HELP}`,
    )
    .action(async (source: string, o: ArticleOptions & { key?: string }) => {
      const common = commonOf(o);
      // An empty key is refused before the article is read or the store opened.
      const { cliActor, cliKeyText } = await import('../../app/desk/desk-identity.ts');
      const keyText = cliKeyText(o.key ?? ctx.settings.apiKey);
      const result = await readArticle(ctx, source, o);
      const { addNewsDrafts } = await import('../../app/news/news-to-desk.ts');
      const store = await ctx.store();
      const by = await cliActor(store, keyText);
      const saved = await addNewsDrafts(store, result, by, { place: await ctx.placer() });
      // What POST /api/v1/desk/news answers: the drafts, and the desk drafts saved from them.
      const { newsAnswer, savedDrafts } = await import('../../app/news/news-text.ts');
      const answer = newsAnswer(result, savedDrafts(saved));
      if (common.format === 'json') return ctx.out(JSON.stringify(answer, null, 2) + '\n');
      // The problems by the flags of `desk edit` that fix them, as every desk command's text names
      // them; the JSON keeps the JSON fields, as the API and the desk event do.
      const { namedProblems } = await import('../desk-flags.ts');
      const { savedDraftText } = await import('../news-output.ts');
      for (const { event: e, already_saved, same_incident } of saved)
        ctx.out(
          savedDraftText(
            `desk event ${e.id} (${e.state}): ${e.fields.date_start ?? 'no date'}, ${e.fields.place ?? 'no place'}`,
            { id: e.id, already_saved, same_incident },
            await namedProblems(e),
          ) + '\n',
        );
      const added = saved.filter((d) => !d.already_saved).length;
      ctx.out(
        `${counted(added, 'draft')} saved for review` +
          (added < saved.length ? `; ${grouped(saved.length - added)} already saved before` : '') +
          (result.hidden_drafts
            ? `; ${grouped(result.hidden_drafts)} placed elsewhere or not placed were not saved (--all saves them)`
            : '') +
          ` (faultline desk submit ID, then a reviewer verifies)\n`,
      );
    });

  withCommon(
    news
      .command('watch')
      .description('poll RSS or Atom feeds and print the draft events of items not seen before')
      .argument('<feed-url...>', 'one or more feed URLs (RSS 2.0, RSS 1.0 or Atom)')
      .option('--interval <interval>', 'time between polls: 90s, 15m, 1h (60s to 168h)', '15m')
      .option('--once', 'poll once and exit (exit code 5 if a feed failed)')
      .option('--state <file>', 'where seen items and ETags are kept (default <home>/news/feeds.json)')
      .option('--save', 'also save the drafts as desk events for review, as `news add` does')
      .option(
        '--key <key>',
        'with --save: act with this API key (default: $FAULTLINE_API_KEY, else the local admin)',
      ),
  )
    .addHelpText(
      'after',
      `
Examples:
  faultline news watch https://www.example.org/feeds/pakistan.rss --once
  faultline news watch URL1 URL2 --interval 30m --format json
  faultline news watch URL1 --save --key $ANALYST_KEY

Each poll sends If-None-Match / If-Modified-Since from the last answer, so an unchanged feed costs
one 304. Items already seen (by guid or id) are not drafted again. A feed that fails (time-out,
HTTP error, broken XML, a redirect loop) is reported in one line and retried at the next poll; the
others go on. A redirect loop is named in its line and not retried within the poll.
With --format json, each poll is one JSON object (one line per poll without --once).
With --save, each new item's drafts are saved as desk events in state draft (as news add saves
them; the JSON lists them as desk_events) before the item is remembered as seen: if saving fails,
the feed's items come back at the next poll. The text lists each saved desk event with its problems
by the desk edit flags that fix them, as news add does.
${DRAFT_HELP}`,
    )
    .action(
      async (
        urls: string[],
        o: CommonOptions & { interval: string; once?: boolean; state?: string; save?: boolean; key?: string },
      ) => {
        const common = commonOf(o);
        const interval = parseInterval(o.interval);
        // An empty --key is refused even without --save, as in every command that takes one.
        if (o.key !== undefined) (await import('../../app/desk/desk-identity.ts')).cliKeyText(o.key);
        for (const url of urls)
          if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
            throw new InvalidInputError(`invalid feed URL: ${quoteValue(url)} (use http:// or https://)`);
        const { newsCountries } = await import('../../app/news/read-news.ts');
        const { pollFeeds } = await import('../../app/news/watch-feeds.ts');
        const { pollText } = await import('../news-output.ts');
        const countries = newsCountries(common.countries);
        const statePath = o.state ? userPath(ctx, o.state) : join(ctx.settings.home, 'news', 'feeds.json');
        const named = new Map<number, string[]>();
        const save = o.save ? await draftSaver(ctx, o.key, named) : undefined;
        for (;;) {
          named.clear();
          const report = await pollFeeds(urls, statePath, {
            ...common,
            save,
            onRetry: (n) => ctx.err(retryLine(n)),
            sleep: ctx.sleep,
          });
          if (common.format === 'json') ctx.out(JSON.stringify(report, null, o.once ? 2 : undefined) + '\n');
          else ctx.out(pollText(report, countries, (e) => named.get(e.id) ?? e.problems));
          const failed = report.feeds.filter((f) => f.status === 'error');
          if (o.once) {
            if (failed.length)
              throw new RemoteError(
                'remote_error',
                `${grouped(failed.length)} of ${grouped(urls.length)} feeds failed: ${failed.map((f) => f.error).join('; ')}`,
              );
            return;
          }
          for (const f of failed) ctx.err(`faultline: ${f.error}\n`);
          await new Promise((resolve) => setTimeout(resolve, interval * 1000));
        }
      },
    );
}
