import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { staticRoutes } from './scripts/static-routes.ts';

// KEYFOB_BASE deploys under a sub-path (e.g. "/keyfob/"); the app reads the base at run time from
// import.meta.env.BASE_URL, so routes, config.json and the redirect URI all follow it.
export default defineConfig({
  base: process.env.KEYFOB_BASE ?? '/',
  plugins: [react(), staticRoutes()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  build: { sourcemap: false, target: 'es2022' },
});
