/**
 * The folder a briefing is written to, made and tried before the briefing is built. Apart from
 * the renderers (write-briefing.ts): `brief` refuses a bad --out after loading this alone.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidInputError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { makeDirs, removeDirs } from '../../util/make-dirs.ts';
import { whyNotWritten } from '../../util/write-failure.ts';

/**
 * Makes `dir` (as writeBriefing would) and writes and removes a probe file in it, before a briefing
 * is built: a --out that cannot be made or written (a file, /proc, a folder this user may not write)
 * is refused at once, in writeBriefing's words, not after the whole briefing was built (seconds of
 * reads and, with a PDF, Chromium). Answers the folders it made, outermost first: the caller removes
 * them (`removeDirs`) when the briefing fails later, as writeBriefing removes the ones it makes.
 */
export async function readyBriefingDir(dir: string): Promise<string[]> {
  const made = await makeDirs(dir).catch(async (e: unknown) => {
    throw await cannotWrite(dir, e);
  });
  const probe = join(dir, `.faultline-probe.${process.pid}.part`);
  try {
    await writeFile(probe, '');
    await rm(probe, { force: true });
  } catch (e) {
    await rm(probe, { force: true }).catch(() => undefined);
    await removeDirs(made);
    throw await cannotWrite(dir, e);
  }
  return made;
}

/**
 * A directory that cannot be made or written is a bad --out (exit 2), said in one line quoting it
 * and what refused, in the user's terms (it was Node's "ENOENT: no such file or directory, open
 * '/proc/briefing.html.123.part'" for an --out of /proc, which exists).
 */
export async function cannotWrite(dir: string, e: unknown): Promise<InvalidInputError> {
  return new InvalidInputError(
    `cannot write briefing to ${quoteValue(dir)}: ${
      (e as NodeJS.ErrnoException).code === 'EEXIST'
        ? 'it is a file, not a directory (give --out a directory)'
        : await whyNotWritten(e, quoteValue)
    }`,
  );
}
