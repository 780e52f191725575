// `npm run export -- <board link | export.json> --format png --scale 2 --out diagram.png`:
// builds the server bundle when it is stale, then runs its command-line exporter
// (server/src/cli/exportCli.ts). Paths are taken from where npm was started.
import { spawnSync } from 'node:child_process';
import { buildServerIfStale, checkNode, ensureInstalled, ROOT } from './lib.mjs';

checkNode();
ensureInstalled();
buildServerIfStale();
const result = spawnSync(process.execPath, ['server/dist/export-cli.js', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, INIT_CWD: process.env.INIT_CWD ?? process.cwd() },
});
process.exit(result.status ?? 1);
