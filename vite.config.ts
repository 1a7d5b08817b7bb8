import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app is built into dist/web and served by the Pulih process itself (no second server).
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    // Two pages: the staff app, and the public reporting portal (/lapor, survey links) with its own small bundle.
    rollupOptions: { input: { main: 'src/web/index.html', portal: 'src/web/portal.html' } },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
