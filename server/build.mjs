// Bundles the server and the shared package into dist/ (main.js, exportProcess.js, pngWorker.js, sqliteWorker.js, boardWorker.js, docWorker.js, export-cli.js); npm dependencies stay
// external and are loaded from node_modules at run time.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

function outdirArg() {
  const at = process.argv.indexOf('--outdir');
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@archboard/'));

await build({
  // the server; the process (and its threads) that draws exports; the command-line exporter
  entryPoints: {
    main: new URL('./src/main.ts', import.meta.url).pathname,
    exportProcess: new URL('./src/export/exportProcess.ts', import.meta.url).pathname,
    pngWorker: new URL('./src/export/pngWorker.ts', import.meta.url).pathname,
    sqliteWorker: new URL('./src/store/sqliteWorker.ts', import.meta.url).pathname,
    boardWorker: new URL('./src/threads/boardWorker.ts', import.meta.url).pathname,
    docWorker: new URL('./src/threads/docWorker.ts', import.meta.url).pathname,
    'export-cli': new URL('./src/cli/exportCli.ts', import.meta.url).pathname,
  },
  // `--outdir server/dist-<name>`: a private build beside the shared one (it must stay
  // under server/ to find node_modules)
  outdir: outdirArg() ?? new URL('./dist', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: external.flatMap((name) => [name, `${name}/*`]),
  logLevel: 'warning',
});
