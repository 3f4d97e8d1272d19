/**
 * Prints HTML to PDF with Debian's Chromium through playwright-core (the only file that imports
 * it). Launch flags are the ones that work headless here (docs/briefings.md).
 */
import { createRequire } from 'node:module';
import type { Browser, chromium as Chromium } from 'playwright-core';
import { FaultlineError } from '../../domain/errors.ts';
import { printableMessage, quoteValue } from '../../domain/quote.ts';

// Required, not imported: importing a CommonJS package from an ES module makes Node scan its files
// for their export names first (cjs-module-lexer), 0.25 s of CPU on every PDF for nothing used.
const { chromium } = createRequire(import.meta.url)('playwright-core') as { chromium: typeof Chromium };

/**
 * Chromium's path (Debian package `chromium`); FAULTLINE_CHROMIUM overrides it. Every CLI run
 * (`serve` too) refuses a value holding an invisible character before any PDF is printed
 * (config/settings.ts, loadSettings).
 */
export const CHROMIUM_PATH = process.env.FAULTLINE_CHROMIUM ?? '/usr/bin/chromium';

/** Launch flags that work headless here: no sandbox as root, no GPU, and nothing that calls the network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches Debian's headless Chromium with CHROMIUM_ARGS (PDFs here; browser tests and benchmarks too). */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** Pages printed at once, at most; further renders wait their turn (FIFO). */
export const MAX_PDF_PAGES = 2;
/** Renders waiting, at most; one more is refused at once rather than queued without end. */
export const MAX_PDF_WAITING = 32;

/** The PDF printer is full: MAX_PDF_WAITING renders are waiting already. */
export class PdfBusyError extends FaultlineError {
  constructor() {
    super('busy', `PDF printer busy: ${MAX_PDF_WAITING} briefings are waiting already; retry in a minute`);
  }
}

/**
 * Chromium could not be started, in one line naming its path and how it failed: it was
 * playwright's "browserType.launch: Target page, context or browser has been closed" followed by
 * its launch log, cut at 200 characters before it said anything (a path that is no Chromium).
 */
export class ChromiumLaunchError extends FaultlineError {
  constructor(cause: unknown) {
    super(
      'chromium_unavailable',
      `cannot print the PDF: Chromium ${quoteValue(CHROMIUM_PATH)} did not start (${launchFailure(cause)}): install it (apt-get install chromium) or set FAULTLINE_CHROMIUM to its path, or skip the PDF (brief --no-pdf)`,
    );
  }
}

/** How a launch failed, from playwright's message: no file there, the exit code or signal, else its first line. */
function launchFailure(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  if (/executable doesn't exist/.test(m)) return 'no file there';
  const exit = /process did exit: exitCode=(\w+), signal=(\w+)/.exec(m);
  if (exit) return exit[2] !== 'null' ? `killed by ${exit[2]}` : `it exited with code ${exit[1]}`;
  return printableMessage(m.split('\n')[0]!.replace(/^browserType\.launch: /, ''));
}

// One browser for every render in flight: launched by the first, closed when the last one ends
// (so a CLI run exits, and a server holds no idle Chromium).
let browser: Promise<Browser> | null = null;
let printing = 0;
const waiting: (() => void)[] = [];
const stats = { launches: 0, mostPages: 0 };

/** Browsers launched and the most pages open at once so far (the queue's own account, for tests). */
export function pdfQueueStats(): Readonly<typeof stats> {
  return { ...stats };
}

async function turn(): Promise<void> {
  if (printing < MAX_PDF_PAGES) {
    printing++;
    return;
  }
  if (waiting.length >= MAX_PDF_WAITING) throw new PdfBusyError();
  // The render ending hands its place over (printing stays counted).
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function done(): void {
  const next = waiting.shift();
  if (next) return next();
  printing--;
}

/** Prints `html` to an A4 PDF at `path` (backgrounds printed, no header or footer), in the shared queue. */
export async function renderPdf(html: string, path: string): Promise<void> {
  await turn();
  stats.mostPages = Math.max(stats.mostPages, printing);
  try {
    if (!browser) {
      stats.launches++;
      browser = launchChromium();
      browser.catch(() => (browser = null));
    }
    const b = await browser.catch((e: unknown) => {
      throw new ChromiumLaunchError(e);
    });
    const context = await b.newContext();
    try {
      const page = await context.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      await page.pdf({ path, format: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      await context.close();
    }
  } finally {
    done();
    if (printing === 0 && browser) {
      const closing = browser;
      browser = null;
      await (await closing).close().catch(() => {});
    }
  }
}
