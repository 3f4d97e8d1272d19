/**
 * Builds the dashboard into web/dist; with `--if-stale` (`npm install`'s prepare) only when it is
 * missing or older than its sources. Without Vite (a production install) it says so and leaves
 * the API to serve its pointer page instead of the dashboard. (`npm run build:web` is `vite build web`.)
 */
import { buildDashboard, dashboardStale, WEB_DIST } from '../web/build/dashboard-build.ts';

const ifStale = process.argv.includes('--if-stale');
if (ifStale && !dashboardStale()) process.exit(0);
try {
  await import('vite');
} catch {
  process.stderr.write(
    'dashboard not built: vite is not installed (npm ci installs it); the API still works\n',
  );
  process.exit(0);
}
const started = performance.now();
await buildDashboard();
process.stderr.write(
  `dashboard built in ${((performance.now() - started) / 1000).toFixed(1)} s: ${WEB_DIST}\n`,
);
