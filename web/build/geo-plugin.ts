/** A Vite plugin that emits the boundary GeoJSON under geo/ and a default config.json in the build, and serves both in dev. */
import type { Plugin } from 'vite';
import { geoAssets } from './geo-assets.ts';

/** Settings a deployment may edit without rebuilding (docs/dashboard.md): a raster tile URL for online use. */
const DEFAULT_CONFIG = JSON.stringify({ tileUrl: null, tileAttribution: null }, null, 2) + '\n';

/** Emits geo/*.geojson and geo/units.json (made once per process from the bundled boundaries) and config.json. */
export function geoAssetsPlugin(): Plugin {
  let files: Map<string, string> | null = null;
  const all = () => (files ??= geoAssets());
  return {
    name: 'faultline-geo-assets',
    generateBundle() {
      for (const [name, source] of all()) this.emitFile({ type: 'asset', fileName: `geo/${name}`, source });
      this.emitFile({ type: 'asset', fileName: 'config.json', source: DEFAULT_CONFIG });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = req.url?.split('?')[0] ?? '';
        const m = /^\/geo\/([\w-]+\.(?:geo)?json)$/.exec(path);
        const body = path === '/config.json' ? DEFAULT_CONFIG : m ? all().get(m[1]!) : undefined;
        if (!body) return next();
        res.setHeader('content-type', 'application/json');
        res.end(body);
      });
    },
  };
}
