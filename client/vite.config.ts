/// <reference types="node" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';

// In development the API, the WebSocket endpoint and the icons (the official AWS set and
// our generic ones, which live in shared/) come from a running server (see the root
// README); Vite serves the client itself. ARCHBOARD_SERVER points the proxy at a server on
// another address.
const SERVER = process.env.ARCHBOARD_SERVER ?? 'http://127.0.0.1:8080';

/** The line of sw/sw.js the build replaces; the build fails if it is not found. */
const MANIFEST_LINE = "const MANIFEST = { version: 'unbuilt', files: [] };";
const SW_SOURCE = new URL('./sw/sw.js', import.meta.url);

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Emits /sw.js (sw/sw.js, hand-written) with the list of this build's files to precache:
 * every emitted file but source maps, and the public folder's. Its version is a hash of
 * those files' contents, so every change to the app makes a new worker and a new cache.
 * Build only: the dev server has no worker, and main.tsx registers it in production only.
 */
function serviceWorkerPlugin(): Plugin {
  let publicDir = '';
  return {
    name: 'archboard:service-worker',
    apply: 'build',
    // After Vite's own plugins, so that index.html is among the emitted files.
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    generateBundle(_options, bundle) {
      const hash = createHash('sha256');
      const files: string[] = [];
      for (const output of Object.values(bundle).sort((a, b) => a.fileName.localeCompare(b.fileName))) {
        if (output.fileName.endsWith('.map')) continue;
        files.push(`/${output.fileName}`);
        hash.update(output.fileName).update(output.type === 'chunk' ? output.code : output.source);
      }
      const publicFiles = publicDir ? filesUnder(publicDir).sort() : [];
      for (const file of publicFiles) {
        const name = relative(publicDir, file).split(sep).join('/');
        files.push(`/${name}`);
        hash.update(name).update(readFileSync(file));
      }
      if (!files.includes('/index.html')) this.error('index.html is not among the emitted files');
      const template = readFileSync(SW_SOURCE, 'utf8');
      hash.update(template);
      if (!template.includes(MANIFEST_LINE)) this.error(`sw/sw.js no longer contains: ${MANIFEST_LINE}`);
      const manifest = { version: hash.digest('hex').slice(0, 16), files };
      const source = template.replace(MANIFEST_LINE, `const MANIFEST = ${JSON.stringify(manifest)};`);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

/**
 * Preloads the board page's chunk and its CSS from index.html. A board link is most of
 * the traffic, and without this the chunk's download waits until the main chunk has run
 * and React has rendered the route (about 0.3 s on a slow machine). On the landing page
 * the chunk costs one download that the service worker would make anyway; its CSS is
 * preloaded on a board's address only (a small inline script, allowed by its hash like the
 * others): a stylesheet preloaded and never used makes Chromium warn on the console.
 */
function preloadBoardPagePlugin(): Plugin {
  return {
    name: 'archboard:preload-board-page',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        if (!bundle) return [];
        const chunk = Object.values(bundle).find(
          (output) =>
            output.type === 'chunk' && output.isDynamicEntry && output.facadeModuleId?.endsWith('/src/BoardPage.tsx'),
        );
        if (chunk?.type !== 'chunk') throw new Error('preload: no chunk for src/BoardPage.tsx');
        const css = [...(chunk.viteMetadata?.importedCss ?? [])].map((file) => `/${file}`);
        const preloadCss = [
          // The board route, as index.html's socket script and src/router.ts read it.
          'if (/^\\/b\\/[^/]+\\/?$/.test(location.pathname))',
          `  ${JSON.stringify(css)}.forEach(function (href) {`,
          "    var link = document.createElement('link');",
          "    link.rel = 'preload';",
          "    link.as = 'style';",
          "    link.crossOrigin = '';",
          '    link.href = href;',
          '    document.head.appendChild(link);',
          '  });',
        ].join('\n');
        return [
          {
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: '', href: `/${chunk.fileName}` },
            injectTo: 'head',
          },
          ...(css.length > 0 ? [{ tag: 'script', children: preloadCss, injectTo: 'head' as const }] : []),
        ];
      },
    },
  };
}

export default defineConfig({
  // serviceWorkerPlugin emits /sw.js, which keeps the app shell for offline use (sw/sw.js).
  plugins: [react(), preloadBoardPagePlugin(), serviceWorkerPlugin()],
  server: {
    proxy: {
      '/api': { target: SERVER, changeOrigin: true },
      '/ws': { target: SERVER, ws: true, changeOrigin: true },
      '/icons': { target: SERVER, changeOrigin: true },
    },
  },
  // No source maps in the build: the server serves everything under dist/ to anyone, and
  // 'hidden' maps would need it to refuse them by name. Nothing reads them in production
  // (no error reporting service); `vite` in development still has them.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
});
