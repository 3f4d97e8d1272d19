/** Streaming reader of forecast files (`unit,month,draw,value,observed`, one row per draw) and their scores. */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { InvalidInputError, oneLine } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { scoreForecasts, type ForecastRow, type ScoreSummary } from './scores.ts';

const COLUMNS = ['unit', 'month', 'draw', 'value', 'observed'] as const;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Reads a forecast CSV (a path or a stream) into one row per unit-month; throws `invalid forecast file: …` on the first bad line. */
export async function readForecastFile(source: string | Readable): Promise<ForecastRow[]> {
  const input = typeof source === 'string' ? createReadStream(source) : source;
  const parser = parse({ bom: true, trim: true, skip_empty_lines: true });
  const groups = new Map<string, ForecastRow & { draws: number[] }>();
  let header: Map<string, number> | undefined;
  // In flowing mode each 'data' event fires while the parser stands on that record, so
  // parser.info.lines is its line; this is much faster than `info: true` (an object per record).
  const onRecord = (record: string[]): void => {
    if (!header) {
      header = readHeader(record);
      return;
    }
    const line = parser.info.lines;
    const field = (name: (typeof COLUMNS)[number]): string => record[header!.get(name)!] ?? '';
    const unit = field('unit');
    const month = field('month');
    if (unit === '') throw bad(line, 'unit is empty');
    if (!MONTH.test(month)) throw bad(line, `month ${quoteValue(month)} is not YYYY-MM`);
    const draw = field('draw');
    if (!/^\d+$/.test(draw)) throw bad(line, `draw ${quoteValue(draw)} is not a non-negative integer`);
    const value = number(line, 'value', field('value'));
    const observed = number(line, 'observed', field('observed'));
    const key = `${unit}\u0000${month}`;
    const group = groups.get(key);
    if (!group) groups.set(key, { unit, month, draws: [value], observed });
    else if (group.observed !== observed) {
      throw bad(
        line,
        `observed ${quoteValue(field('observed'))} differs from ${group.observed} given earlier for ${quoteValue(unit)} ${month}`,
      );
    } else group.draws.push(value);
  };
  await new Promise<void>((resolve, reject) => {
    const fail = (err: unknown): void => {
      input.unpipe(parser);
      parser.destroy();
      if (typeof source === 'string') input.destroy();
      reject(
        err instanceof InvalidInputError
          ? err
          : new InvalidInputError(`invalid forecast file: ${oneLine(err)}`),
      );
    };
    parser.on('data', (record: string[]) => {
      try {
        onRecord(record);
      } catch (err) {
        fail(err);
      }
    });
    parser.on('error', fail);
    parser.on('end', resolve);
    input.on('error', fail);
    input.pipe(parser);
  });
  if (!header) throw new InvalidInputError('invalid forecast file: it is empty');
  return [...groups.values()];
}

/** Reads a forecast CSV and scores it with `scoreForecasts`. */
export async function scoreForecastFile(source: string | Readable): Promise<ScoreSummary> {
  const rows = await readForecastFile(source);
  if (rows.length === 0) throw new InvalidInputError('invalid forecast file: it has no forecasts');
  return scoreForecasts(rows);
}

function readHeader(record: string[]): Map<string, number> {
  const index = new Map(record.map((name, i) => [name.toLowerCase(), i]));
  for (const name of COLUMNS) {
    if (!index.has(name)) throw new InvalidInputError(`invalid forecast file: missing column "${name}"`);
  }
  return index;
}

function number(line: number, name: string, text: string): number {
  const value = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw bad(line, `${name} ${quoteValue(text)} is not a number`);
  if (value < 0) throw bad(line, `${name} ${quoteValue(text)} is negative`);
  return value;
}

function bad(line: number, reason: string): InvalidInputError {
  return new InvalidInputError(`invalid forecast file: line ${line}: ${reason}`);
}
