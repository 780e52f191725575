// `npm run soak -- --minutes N --seed S --mode cluster|embedded [--negative-control]`:
// builds the server bundle when it is missing or older than its sources, then runs the
// fault soak (tests/soak/soak.mjs; its header and the README's "The fault soak" say what it
// does and checks). Needs redis-server on PATH in cluster mode. The report goes to
// .tmp/soak-<mode>-<seed>.json; the exit code is the soak's (0: nothing lost).
import { spawnSync } from 'node:child_process';
import { buildServerIfStale, checkNode, ensureInstalled, ensureSystemPackage, log, ROOT } from './lib.mjs';

checkNode();
ensureInstalled();
const args = process.argv.slice(2);
const embedded = args.some((arg, i) => arg === '--mode=embedded' || (arg === '--mode' && args[i + 1] === 'embedded'));
if (!embedded) ensureSystemPackage('redis-server', 'redis-server');
// A private build (ARCHBOARD_TEST_SERVER_DIST, as the tests honour it) is the caller's to keep fresh.
if (!process.env.ARCHBOARD_TEST_SERVER_DIST) buildServerIfStale();
log('fault soak…');
const result = spawnSync(process.execPath, ['tests/soak/soak.mjs', ...args], { cwd: ROOT, stdio: 'inherit' });
process.exit(result.status ?? 2);
