// Loads parts of the shared package into a bench process straight from its TypeScript: a
// bundle made with esbuild in memory, with this process's yjs (one Yjs instance, so docs
// made here and there mix).
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './servers.mjs';

/**
 * Bundles `source` (ES module text, resolved from tests/, e.g. "export { moveNodes } from
 * '@archboard/shared';") and imports it.
 * @param {string} source
 * @returns {Promise<Record<string, any>>}
 */
export async function importSharedSource(source) {
  const yjsUrl = import.meta.resolve('yjs');
  const result = await build({
    stdin: { contents: source, resolveDir: join(ROOT, 'tests'), loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'warning',
    plugins: [
      {
        name: 'one-yjs',
        setup(b) {
          b.onResolve({ filter: /^yjs$/ }, () => ({ path: yjsUrl, external: true }));
        },
      },
    ],
  });
  const code = /** @type {{ text: string }} */ (result.outputFiles[0]).text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}
