/**
 * Builds the dashboard with Vite's API when web/dist is missing or older than what it is made
 * from (web sources, the bundled boundaries, src/geo). Used by `npm run build:web` (through
 * scripts/build-web.ts), `npm install` (prepare), the browser test and the benchmark.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The web/ directory. */
export const WEB_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The build output, served at `/` by `faultline serve`. */
export const WEB_DIST = join(WEB_ROOT, 'dist');

const REPO = join(WEB_ROOT, '..');
const INPUTS = [
  join(WEB_ROOT, 'src'),
  join(WEB_ROOT, 'build'),
  join(WEB_ROOT, 'index.html'),
  join(WEB_ROOT, 'vite.config.ts'),
  join(REPO, 'data/boundaries'),
  join(REPO, 'src/geo'),
  join(REPO, 'package-lock.json'),
];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Whether web/dist is missing or older than any of its inputs. */
export function dashboardStale(): boolean {
  const built = join(WEB_DIST, 'index.html');
  if (!existsSync(built)) return true;
  const at = statSync(built).mtimeMs;
  return INPUTS.some((p) => newest(p) > at);
}

/** Runs the Vite build of web/ (about 4 s). */
export async function buildDashboard(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(WEB_ROOT, 'vite.config.ts'), logLevel: 'warn' });
}

/** Builds the dashboard when it is stale; returns the build directory and whether it was built now. */
export async function ensureDashboard(): Promise<{ dir: string; built: boolean }> {
  if (!dashboardStale()) return { dir: WEB_DIST, built: false };
  await buildDashboard();
  return { dir: WEB_DIST, built: true };
}
