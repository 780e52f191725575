// `npm run bench`: builds the server bundle when it is missing or older than its sources,
// then runs the latency bench (tests/bench/latency.mjs; settings in its header, from
// BENCH_* environment variables). Figures go to .tmp/bench-latency.json.
import { spawnSync } from 'node:child_process';
import { buildServerIfStale, checkNode, ensureInstalled, log, ROOT } from './lib.mjs';

checkNode();
ensureInstalled();
buildServerIfStale();
log('latency bench (about 2.5 minutes with the default settings)…');
const result = spawnSync(process.execPath, ['tests/bench/latency.mjs', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
