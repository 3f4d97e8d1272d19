/**
 * Vite build of the dashboard: Preact (automatic JSX runtime), boundary GeoJSON emitted under
 * geo/, relative asset paths so the build can be served from any prefix. In dev, /api is proxied
 * to a running `faultline serve` (FAULTLINE_API, default http://127.0.0.1:8080).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { geoAssetsPlugin } from './build/geo-plugin.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  publicDir: false,
  logLevel: 'warn',
  plugins: [geoAssetsPlugin()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
    // The geo assets take ~2 s of the build by design; no timing warning for that.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: { proxy: { '/api': process.env.FAULTLINE_API ?? 'http://127.0.0.1:8080' } },
});
