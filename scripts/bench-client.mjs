// `npm run bench:client [-- --quick]`: the canvas bench (tests/bench/client.mjs), Archboard's
// board page against a bare React Flow app in a headless Chromium. Builds first what is
// missing or stale: the server bundles, the client (client/dist, when older than client/ or
// shared/; precompressed as `npm run build` does), and always the bare app
// (tests/bench/client/bare → bare/dist, about a second). About 6 minutes; `--quick` (500
// nodes, load and drag only; for CI) about a minute.
// Settings: BENCH_CLIENT_* variables in the bench's header; figures go to .tmp/bench-client.json.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildServerIfStale, checkNode, ensureInstalled, log, newest, ROOT, run } from './lib.mjs';
import { precompress } from './precompress.mjs';

const VITE = join(ROOT, 'client/node_modules/vite/bin/vite.js');

checkNode();
ensureInstalled();
buildServerIfStale();
const clientIndex = join(ROOT, 'client/dist/index.html');
const clientSources = Math.max(newest(join(ROOT, 'client')), newest(join(ROOT, 'shared')));
if (!existsSync(clientIndex) || statSync(clientIndex).mtimeMs < clientSources) {
  log('building the client…');
  run(process.execPath, [VITE, 'build', '--logLevel', 'warn'], { cwd: join(ROOT, 'client') });
  precompress(join(ROOT, 'client/dist')); // as `npm run build` does: the server sends the .br files
}
log('building the bare React Flow app…');
run(process.execPath, [
  VITE,
  'build',
  '--config',
  'tests/bench/client/vite.config.mjs',
  '--outDir',
  join(ROOT, 'tests/bench/client/bare/dist'),
  '--logLevel',
  'warn',
]);
const quick = process.argv.includes('--quick');
log(quick ? 'client bench, quick (about a minute)…' : 'client bench (about 6 minutes)…');
const result = spawnSync(process.execPath, ['tests/bench/client.mjs', ...(quick ? ['--quick'] : [])], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
