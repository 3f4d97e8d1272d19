/**
 * Takes the dashboard screenshots the README and docs/dashboard.md show (docs/img/*.png), from the
 * bundled data as a new user sees it: a fresh store in a temporary directory, `faultline start` on a
 * free port, Debian's Chromium at 1360 x 1300. `npm run screenshots` after a change to the dashboard,
 * so the pictures do not fall behind it (those of 2026-11-24 lacked six views and the coverage band).
 * Needs the built CLI and dashboard (`npm run build`); prints each file it writes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../src/report/pdf/chromium-pdf.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Each picture: its file under docs/img, the dashboard link, and what must be drawn before it is taken. */
export const SHOTS = [
  { file: 'dashboard-overview.png', query: '', ready: '[data-testid=time-chart] svg' },
  {
    file: 'dashboard-border.png',
    query: '?view=border&from=2023-01-01&to=2026-07-31',
    ready: '[data-testid=border-timeline] svg',
  },
  { file: 'dashboard-forecasts.png', query: '?view=forecasts', ready: '[data-testid=fan-chart] svg' },
] as const;

/** Starts `faultline start` on a free port of a fresh store; resolves with its address and a stop. */
async function startServer(home: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/faultline.js'), 'start', '--port', '0'], {
    env: { ...process.env, FAULTLINE_HOME: home, FAULTLINE_DB: join(home, 'faultline.duckdb') },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // The import's progress and the server's address go to stderr: passed on, and read for the address.
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      process.stderr.write(chunk);
      out += chunk.toString();
      const found = /dashboard on "(http[^"]+)"/.exec(out);
      if (found) resolve(found[1]!);
    });
    child.on('exit', (code) =>
      reject(new Error(`faultline start ended (exit ${code}) before serving:\n${out}`)),
    );
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.removeAllListeners('exit');
      child.on('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, stop };
}

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'faultline-screenshots-'));
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let browser: Browser | undefined;
  try {
    server = await startServer(home);
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1360, height: 1300 } });
    for (const shot of SHOTS) {
      await page.goto(new URL(shot.query, server.url).href, { waitUntil: 'networkidle' });
      // The forecasts' backtest takes a few seconds on the first request.
      await page.waitForSelector(shot.ready, { timeout: 60_000 });
      await page.waitForLoadState('networkidle');
      const path = join(ROOT, 'docs/img', shot.file);
      await page.screenshot({ path });
      process.stdout.write(`${path}\n`);
    }
  } finally {
    // Nothing is left behind when a step fails: no browser, no server, no temporary store.
    await browser?.close();
    await server?.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

await main();
