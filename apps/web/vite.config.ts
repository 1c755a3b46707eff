import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development Vite serves the dashboard and proxies the API; in production the API
// serves the built files from dist/ on the same origin. A production build has no source
// maps: they would hand anyone the dashboard's whole source (2.4 MB of it). `vite build
// --mode development` keeps them for debugging a build locally.
export default defineConfig(({ mode }) => ({
  plugins: [react()],
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000', '/healthz': 'http://localhost:3000' } },
  build: { outDir: 'dist', sourcemap: mode !== 'production', chunkSizeWarningLimit: 500 },
}));
