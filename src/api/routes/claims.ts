/** Routes for claim checking and briefings: the same use cases as `faultline claims check` and `faultline brief`. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { buildBriefing } from '../../app/briefing/build-briefing.ts';
import { checkClaims, claimsAnswer, parseClaims, withDedupe } from '../../app/claims/check-claims.ts';
import { offload } from '../../app/offload.ts';
import { checkNesting } from '../../claims/claim-file.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { renderHtml } from '../../report/render-html.ts';
import { renderMarkdown } from '../../report/render-markdown.ts';
import { bodyText } from '../json-body.ts';
import { choice, FILTER_PARAMS, filterOf, int, text, flag, isSet } from '../params.ts';
import { API, route, type RouteDef } from '../route-table.ts';

const EXAMPLES_DIR = fileURLToPath(new URL('../../../examples/claims/', import.meta.url));
/** Example claim files the dashboard can check without an upload. */
export const CLAIM_EXAMPLES = ['ttp-essay'] as const;
const MAX_CLAIM_BYTES = 256 * 1024;

/** Longest prose `POST /claims/extract` drafts from: an essay or an article, not a book. */
const MAX_PROSE_BYTES = 64 * 1024;

/** The claims and briefing routes. */
export const claimRoutes: RouteDef[] = [
  route({
    method: 'POST',
    path: `${API}/claims/extract`,
    // Drafting reads no data and writes nothing.
    auth: 'read',
    tag: 'claims',
    cache: false,
    formats: ['json'],
    summary:
      'Draft claim specs (status: draft) from prose, with every sentence that gives none and why; the claim file to confirm and check',
    description:
      'The same drafts as `faultline claims extract --format json`: `{source, claims, skipped, claim_file}`. Drafts are not checked until their status is confirmed (docs/claims.md).',
    query: z.strictObject({}),
    body: {
      contentType: 'text/plain',
      accepts: ['text/plain', 'text/markdown'],
      schema: z.string(),
      description: 'the prose (UTF-8 text)',
    },
    async handle(c) {
      const prose = await bodyText(c);
      if (!prose.trim()) throw new InvalidInputError('invalid body: send the text to draft claims from');
      if (Buffer.byteLength(prose) > MAX_PROSE_BYTES)
        throw new InvalidInputError(
          `invalid body: text over ${MAX_PROSE_BYTES} bytes (send the paragraphs with the claims)`,
        );
      // Drafting a long text takes a few hundred milliseconds: on the compute pool, off the event loop.
      const { draftClaimsAnswer } = await import('../../app/claims/draft-claims.ts');
      return {
        body: await offload('draft-claims', { text: prose, sourceName: 'request' }, () =>
          draftClaimsAnswer(prose, 'request'),
        ),
      };
    },
  }),
  route({
    method: 'POST',
    path: `${API}/claims/check`,
    // Checking reads the store and writes nothing, so any reader may do it.
    auth: 'read',
    tag: 'claims',
    cache: false,
    formats: ['json'],
    summary: 'Check the claims of a claim file (YAML or JSON in the body) against every loaded source',
    description:
      'Verdicts supported, partly_supported, contradicted or not_checkable, each with its evidence and explanation; see docs/claims.md. A check past the time limit answers 503 saying to check fewer claims at once, or to run `faultline claims check FILE`, which has no time limit.',
    timeoutAdvice:
      'check fewer claims at once, or run `faultline claims check FILE`, which has no time limit',
    query: z.strictObject({
      dedupe: flag(
        'count one per incident across the event datasets (as if every claim said dedupe: true; docs/linkage.md)',
      ).optional(),
    }),
    body: {
      contentType: 'application/yaml',
      // A claim file is YAML or JSON: the YAML types in use, JSON, and plain text.
      accepts: [
        'application/yaml',
        'application/x-yaml',
        'text/yaml',
        'text/x-yaml',
        'application/json',
        'text/plain',
      ],
      schema: z.string(),
      description: 'a claim file (docs/claim-spec.schema.json)',
    },
    async handle(c, deps, q) {
      const body = await bodyText(c);
      if (!body.trim()) throw new InvalidInputError('invalid body: send a claim file (YAML or JSON)');
      if (body.length > MAX_CLAIM_BYTES)
        throw new InvalidInputError(`invalid body: claim file over ${MAX_CLAIM_BYTES} bytes`);
      // The nesting check is cheap and runs here too: a worker that is slow to start never delays a 400.
      // A body has no file name: refusals say `invalid claim file: ...` (claims/claim-file.ts).
      checkNesting(body, null);
      const parsed = await offload('parse-claims', { text: body, fileName: null }, () =>
        parseClaims(body, null),
      );
      const loaded = isSet(q.dedupe) ? withDedupe(parsed) : parsed;
      const results = await checkClaims(deps.store, loaded.file.claims);
      return { body: claimsAnswer(loaded, results) };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/claims/examples/:name`,
    auth: 'read',
    tag: 'claims',
    cache: true,
    formats: ['json'],
    summary: 'Check a bundled example claim file (e.g. ttp-essay) against the loaded data',
    timeoutAdvice:
      'try again when the server is less busy, or run `faultline claims check` on its file (examples/claims/ in the repository), which has no time limit',
    pathParams: { name: `example name: ${CLAIM_EXAMPLES.join(', ')}` },
    query: z.strictObject({}),
    async handle(c, deps) {
      const name = c.req.param('name') ?? '';
      if (!(CLAIM_EXAMPLES as readonly string[]).includes(name))
        throw new InvalidInputError(
          `unknown example: ${quoteValue(name)} (use ${CLAIM_EXAMPLES.join(', ')})`,
        );
      const textBody = await readFile(`${EXAMPLES_DIR}${name}.yaml`, 'utf8');
      const loaded = parseClaims(textBody, `${name}.yaml`);
      const results = await checkClaims(deps.store, loaded.file.claims);
      return { body: claimsAnswer(loaded, results) };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/briefing`,
    auth: 'read',
    tag: 'briefings',
    cache: true,
    formats: ['json'],
    summary:
      'A briefing for a period (ISO week, month, quarter or year) and filter: JSON data, or rendered with render=html|markdown',
    description:
      'The same briefing as `faultline brief` (without the PDF), with its reproducibility id; see docs/briefings.md.',
    query: z.strictObject({
      ...FILTER_PARAMS,
      period: text(
        '2021, 2021-Q4, 2021-10 or 2021-W40 (default: the latest quarter the loaded sources under the filter cover whole, named in period_note)',
        '2021-Q4',
      ).optional(),
      top: int(1, 50, 'events and dyads listed (default 10)').optional(),
      render: choice(['html', 'markdown'], 'return the rendered briefing instead of its data').optional(),
      forecast: flag('add the outlook section: forecast with its backtest skill').optional(),
    }),
    async handle(c, deps, q) {
      const { period, top, render, forecast, ...filter } = q;
      const data = await buildBriefing(deps.store, {
        period,
        filter: await filterOf(filter, deps.store),
        top,
        forecast: isSet(forecast),
      });
      if (render) {
        const format = render as 'html' | 'markdown';
        const page = await offload('render-briefing', { data, format }, () =>
          format === 'html' ? renderHtml(data) : renderMarkdown(data),
        );
        return format === 'html'
          ? c.html(page)
          : c.body(page, 200, { 'content-type': 'text/markdown; charset=utf-8' });
      }
      return { body: data };
    },
  }),
];
