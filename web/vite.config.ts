import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The console's build: a static single-page app. It reads /config.json at start (the API's URL
 * and the user pool's ids, written by CDK in AWS and by the local cloud on a laptop), so one
 * build serves every deployment and holds no secret.
 */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022' },
  logLevel: 'warn',
});
