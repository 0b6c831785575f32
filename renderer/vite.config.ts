// Builds the React renderer into out/renderer (used by the browser host and `npm run build:renderer`).
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const DEV_NONCE = 'arbion-dev';

// The dev server injects inline scripts and <style> tags (React refresh, CSS HMR); rather than loosening the
// CSP with 'unsafe-inline', dev pages get a nonce that Vite also stamps on what it injects. Builds are untouched.
function devCspNonce(): Plugin {
  return {
      name: 'arbion:dev-csp-nonce',
      apply: 'serve',
      transformIndexHtml: {
        order: 'pre',
        handler: (html) =>
          html.replace(/(script-src|style-src) 'self'/g, `$1 'self' 'nonce-${DEV_NONCE}'`),
      },
    };
  }

  export default defineConfig(({ command }) => {
    // A build is always a production build, even when launched from a test runner that set NODE_ENV=test
    // (React's and lightweight-charts' development builds are several times slower and larger).
    if (command === 'build') process.env.NODE_ENV = 'production';
    return {
    // import.meta.dirname keeps node: imports (banned under renderer/ by lint) out of this file.
    root: import.meta.dirname,
    base: './',
    plugins: [react(), devCspNonce()],
    html: command === 'serve' ? { cspNonce: DEV_NONCE } : undefined,
    build: {
      outDir: '../out/renderer', // relative to root
      emptyOutDir: true,
      target: 'es2022',
      // The polyfill would be an inline-capable helper; every host we ship to supports modulepreload.
      modulePreload: { polyfill: false },
      chunkSizeWarningLimit: 400,
    },
  };
});
