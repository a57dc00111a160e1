import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web front end: built into dist/web and served by the open12345 server.
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: { outDir: '../../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { proxy: { '/api': 'http://localhost:12345' } },
});
