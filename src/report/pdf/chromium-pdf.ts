/**
 * Prints HTML to PDF with Debian's Chromium through playwright-core (the only file that imports
 * it). Launch flags are the ones that work headless here (docs/briefings.md).
 */
import { chromium, type Browser } from 'playwright-core';

/** Chromium's path (Debian package `chromium`); FAULTLINE_CHROMIUM overrides it. */
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

/** Prints `html` to an A4 PDF at `path` (backgrounds printed, no header or footer). */
export async function renderPdf(html: string, path: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    await page.pdf({ path, format: 'A4', printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}
