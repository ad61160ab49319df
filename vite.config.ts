import { defineConfig } from 'vite';

// The renderer: one build served by Electron (file://) and by the headless server (http).
export default defineConfig({
  root: 'src-renderer',
  base: './',
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  oxc: { jsx: { runtime: 'automatic' } },
});
