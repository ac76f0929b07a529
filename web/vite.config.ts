import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app (issue 13). `npm run build:web` writes web/dist, which the API server serves at `/`
// (src/http/web-app.ts); `npm run dev` serves it from source, with the API of a server on :8080.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
  server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:8080', '/log': 'http://127.0.0.1:8080' } },
});
