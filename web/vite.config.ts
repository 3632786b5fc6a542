import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Development: Vite on :5173 proxies the API to the server on :3000 (npm run dev).
// Production: `vite build` writes dist/, which the server serves.
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000', '/healthz': 'http://localhost:3000', '/readyz': 'http://localhost:3000' },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 600 },
});
