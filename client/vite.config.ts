/// <reference types="node" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// In development the API, the WebSocket endpoint and the icons (the official AWS set and
// our generic ones, which live in shared/) come from a running server (see the root
// README); Vite serves the client itself. ARCHBOARD_SERVER points the proxy at a server on
// another address.
const SERVER = process.env.ARCHBOARD_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/api': { target: SERVER, changeOrigin: true },
      '/ws': { target: SERVER, ws: true, changeOrigin: true },
      '/icons': { target: SERVER, changeOrigin: true },
    },
  },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
});
