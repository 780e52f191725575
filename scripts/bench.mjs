// `npm run bench`: builds the server bundle when it is missing or older than its sources,
// then runs the latency bench (tests/bench/latency.mjs; settings in its header, from
// BENCH_* environment variables). Figures go to .tmp/bench-latency.json.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkNode, ensureInstalled, log, ROOT, run } from './lib.mjs';

/** The newest modification time of the files under `dir`, node_modules and dist excepted. */
function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

checkNode();
ensureInstalled();
const bundle = join(ROOT, 'server/dist/main.js');
const sources = Math.max(newest(join(ROOT, 'server')), newest(join(ROOT, 'shared')));
if (!existsSync(bundle) || statSync(bundle).mtimeMs < sources) {
  log('building the server…');
  run(process.execPath, ['server/build.mjs']);
}
log('latency bench (about 2.5 minutes with the default settings)…');
const result = spawnSync(process.execPath, ['tests/bench/latency.mjs', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
