import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In development Vite serves the dashboard and proxies the API; in production the API
// serves the built files from dist/ on the same origin.
export default defineConfig({
  plugins: [react()],
  server: { port: 5173, proxy: { '/api': 'http://localhost:3000', '/healthz': 'http://localhost:3000' } },
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 500 },
});
