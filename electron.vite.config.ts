// Builds the three Electron bundles. Our folders are not electron-vite's default src/{main,preload,renderer},
// so every process names its input explicitly (vite 8 = rolldown, hence build.rolldownOptions).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import rendererViteConfig from './renderer/vite.config';

const root = path.dirname(fileURLToPath(import.meta.url));
const at = (...parts: string[]): string => path.resolve(root, ...parts);

export default defineConfig((env) => {
  // One renderer build definition, shared with the browser host (`npm run build:renderer`).
  const renderer = rendererViteConfig(env);
  return {
    main: {
      build: {
        outDir: at('out/main'),
        // electron-store 12 and conf are ESM-only: bundle them. better-sqlite3 stays external (a .node
        // binary unpacked from the asar); other runtime deps are required from node_modules.
        externalizeDeps: { exclude: ['electron-store', 'conf'] },
        rolldownOptions: {
          input: { index: at('main/electron/index.ts') },
          output: { format: 'es', entryFileNames: '[name].js' },
        },
      },
    },
    preload: {
      build: {
        outDir: at('out/preload'),
        // A sandboxed preload can require only `electron` and a few builtins: bundle everything, one CJS file.
        externalizeDeps: false,
        rolldownOptions: {
          input: { index: at('preload/index.ts') },
          output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
        },
      },
    },
    renderer: {
      ...renderer,
      root: at('renderer'),
      build: {
        ...renderer.build,
        outDir: at('out/renderer'),
        rolldownOptions: { input: { index: at('renderer/index.html') } },
      },
    },
  };
});
