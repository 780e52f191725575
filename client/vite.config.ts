/// <reference types="node" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In development the API, the WebSocket endpoint and the official AWS icons come from a
// running server (see the root README); the client's own static files, including the
// generic icons under public/icons/generic, are served by Vite itself. ARCHBOARD_SERVER
// points the proxy at a server on another address.
const SERVER = process.env.ARCHBOARD_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: SERVER, changeOrigin: true },
      '/ws': { target: SERVER, ws: true, changeOrigin: true },
      '/icons/aws': { target: SERVER, changeOrigin: true },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
