import { defineConfig } from 'vite';

// The server's Content-Security-Policy allows only same-origin scripts and styles, so the
// build must emit no inline script (modulePreload polyfill) and no data: fonts or scripts.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    cssCodeSplit: false,
    target: 'es2020',
  },
  // `npm run dev` against a running `safer serve --port 8080`.
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
