// Vite builds the explorer into dist/, which is committed and embedded in
// the Go binary (explorer.go): the Go build never needs npm. CI rebuilds
// with `npm ci && npm run build` and fails if dist/ differs from the
// commit, so dist/ is always what these sources produce.
import { defineConfig } from 'vite';

export default defineConfig({
  // The page is served at "/", its files under "/explorer/".
  base: '/explorer/',
  // The layout's Web Worker (src/layout.worker.js) is an ES module, as the
  // page's script is; every browser that runs ES2022 runs module workers.
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    // No inline data: URLs, so the page's Content-Security-Policy can stay
    // at 'self' for images and fonts.
    assetsInlineLimit: 0,
    // Every browser that runs ES2022 has <link rel=modulepreload>; the
    // polyfill would only add bytes.
    modulePreload: { polyfill: false },
    sourcemap: false,
    // Cytoscape.js alone is ~430 kB minified; say so only above that.
    chunkSizeWarningLimit: 700,
  },
});
