import type { Command } from 'commander';
import { NotFoundError } from '../../domain/errors.ts';
import { dateSpan } from '../../domain/date-span.ts';
import { parseEventId } from '../../domain/event-id.ts';
import { quoteValue } from '../../domain/quote.ts';
import type { Context } from '../context.ts';
import { asJson, render, textOrJson } from '../output.ts';

/** Key and value rows of an object, in its own order, for a two-column table (numbers whole: a detail, not figures rounded for reading). */
const fieldRows = (o: Record<string, unknown>) =>
  Object.entries(o).map(([field, value]) => ({
    field,
    value:
      typeof value === 'number'
        ? String(value)
        : value !== null && typeof value === 'object' && !Array.isArray(value)
          ? JSON.stringify(value)
          : value,
  }));

/** `faultline event ID`: one event in full, its original record and the records of other sources linked to it (GET /api/v1/events/{id}). */
export function registerEvent(program: Command, ctx: Context): void {
  program
    .command('event')
    .description(
      'show one event in full: its fields, the original source record, and the records of other sources that linkage holds to be the same incident',
    )
    .argument('<id>', 'event id as `faultline events` lists it: <source>:<source id>, e.g. ucdp-ged:390461')
    .option(
      '--format <format>',
      'table or json (json: exactly the API answer of GET /api/v1/events/{id})',
      'table',
    )
    .addHelpText(
      'after',
      `
The table prints three parts: the event's summary (the columns of an events export), its original
record as the source wrote it, and "Same incident in other sources": the records of other sources
that faultline's cross-source linkage joined to it (docs/linkage.md), each with its source and
version and how it was joined (direct link or through another record, score 0..1 and reasons),
then the stored linkage run the answer rests on and a note.

An event linked to nothing says why:
  no record linked         another source covers its date and country and links none of its records
  nothing to compare       no other loaded source covers its date and country (not "others missed it")
  not checked              a superseded UCDP Candidate record: see the record that superseded it
If the stored links of its days are stale (a new version was imported without linking), they are
linked again first, as \`faultline disagreements\` does, and kept.

Examples:
  faultline events --country PAK --from 2021-03 --to 2021-03 --limit 5   # find ids
  faultline event ucdp-ged:390461
  faultline event ucdp-ged:390461 --format json | jq .same_incident

Exit codes: 2 for a malformed id ("", or no <source>: before it) or a bad --format, 3 for a
well-formed id no stored event has, 4 when the store cannot be opened.`,
    )
    .action(async (id: string, o: { format: string }) => {
      const format = textOrJson(o.format, 'table');
      // A malformed id is refused before the store is opened: exit 2, not "unknown event id", exit 3.
      parseEventId(id);
      // It may link stale days again and keep the links: opened for writing, but it must exist.
      const store = await ctx.store('existing');
      const e = await store.getEvent(id);
      if (!e)
        throw new NotFoundError(`unknown event id: ${quoteValue(id)} (faultline events lists event ids)`);
      const [{ eventAnswer }, { eventSummary }] = await Promise.all([
        import('../../app/event-incident.ts'),
        import('../../app/event-view.ts'),
      ]);
      const answer = await eventAnswer(store, e);
      if (format === 'json') return ctx.out(asJson(answer));
      const s = answer.same_incident;
      // A month or a year label over a shorter span shows the span beside it ("year" alone over
      // 1 March to 30 April reads as "somewhere in 2026"); the note below says where it counts.
      const dated = answer.event.date_precision_note;
      const fields = { ...eventSummary(e) } as Record<string, unknown>;
      if (dated) fields.date_precision = `${e.datePrecision} (${dateSpan(e)})`;
      ctx.out(`Event ${e.id}\n${render(fieldRows(fields), 'table', ['field', 'value'], 'json')}\n`);
      const original = answer.event.original;
      ctx.out(
        original
          ? `Original record (${e.source} ${e.sourceVersion})\n${render(fieldRows(original), 'table', ['field', 'value'], 'json')}\n`
          : 'Original record: none kept\n\n',
      );
      const run = s.run ? ` (linkage run ${s.run.id}: ${s.run.from} to ${s.run.to})` : '';
      if (s.records?.length)
        ctx.out(
          `Same incident in other sources${run}\n${render(
            s.records.map((r) => ({
              ...r,
              score: r.score === null ? null : Math.round(r.score * 1000) / 1000,
              // Why: days and km apart, and what they share (the JSON lists them one by one).
              reasons: r.reasons.join('; '),
            })),
            'table',
            [
              'id',
              'source',
              'source_version',
              'date_start',
              'date_end',
              'admin1_code',
              'admin2_name',
              'fatalities_best',
              'joined',
              'score',
              'reasons',
            ],
            'json',
          )}`,
        );
      else
        ctx.out(
          `Same incident in other sources${run}: ${s.records ? 'no record linked' : s.status === 'not_checked' ? 'not checked' : 'nothing to compare'}\n`,
        );
      // Notes go to stderr, as every command's do (docs/cli.md).
      ctx.err(`${dated ? `note: ${dated}\n` : ''}note: ${s.note}\n`);
    });
}
