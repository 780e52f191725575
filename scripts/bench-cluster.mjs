// `npm run bench:cluster`: builds the server bundle when it is missing or older than its
// sources, then runs the cluster bench (tests/bench/cluster.mjs; settings in its header,
// from BENCH_* environment variables): two Archboard instances on one Redis against two
// Hocuspocus instances on one Redis. Needs redis-server on PATH. Figures go to
// .tmp/bench-cluster.json.
import { spawnSync } from 'node:child_process';
import { buildServerIfStale, checkNode, ensureInstalled, ensureSystemPackage, log, ROOT } from './lib.mjs';

checkNode();
ensureInstalled();
ensureSystemPackage('redis-server', 'redis-server');
buildServerIfStale();
log('cluster bench (about 3 minutes with the default settings)…');
const result = spawnSync(process.execPath, ['tests/bench/cluster.mjs', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
