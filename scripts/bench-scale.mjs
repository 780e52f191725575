// `npm run bench:density`, `bench:joinstorm` and `bench:bigroom`: builds the server bundle
// when it is missing or older than its sources, then runs one of the scale benches
// (settings in each script's header, from BENCH_* environment variables):
//   density    tests/bench/density.mjs: 10,000 boards with one idle client each on one
//              instance, memory per board and per connection (about 9 minutes)
//   joinstorm  tests/bench/joinstorm.mjs: 100 clients joining a 4 MB board at once (about
//              8 minutes)
//   bigroom    tests/bench/bigroom.mjs: 500 clients on one board over 3 instances on Redis,
//              10 writers at 10 Hz, presence at 1 Hz (about 2 minutes)
// density and joinstorm run in embedded and in Redis mode.
// Needs redis-server on PATH for the Redis mode. Figures go to .tmp/bench-<name>.json.
import { spawnSync } from 'node:child_process';
import { buildServerIfStale, checkNode, ensureInstalled, ensureSystemPackage, log, ROOT } from './lib.mjs';

const benches = {
  density: 'density bench (about 9 minutes with the default settings)…',
  bigroom: 'big-room bench (about 2 minutes with the default settings)…',
  joinstorm: 'join-storm bench (about 8 minutes with the default settings)…',
};
const name = process.argv[2];
if (!name || !(name in benches)) {
  log(`usage: node scripts/bench-scale.mjs ${Object.keys(benches).join('|')}`);
  process.exit(2);
}
checkNode();
ensureInstalled();
ensureSystemPackage('redis-server', 'redis-server');
buildServerIfStale();
log(benches[/** @type {keyof typeof benches} */ (name)]);
const result = spawnSync(process.execPath, [`tests/bench/${name}.mjs`, ...process.argv.slice(3)], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
