// `npm run bench`: builds the server bundles when they are missing or older than their
// sources, then runs the single-machine benches: exports (tests/bench/export.mjs, about a
// minute), latency against the reference server (tests/bench/latency.mjs, about 2.5
// minutes), the design review on a big board (tests/bench/review.mjs, seconds) and the
// space an interview's replay takes (tests/bench/interview.mjs, about half a minute).
// `npm run bench:export` runs the first alone, `npm run bench -- review` the last.
// Settings: BENCH_* variables in each script's header; figures go to .tmp/bench-*.json.
import { spawnSync } from 'node:child_process';
import { buildServerIfStale, checkNode, ensureInstalled, log, ROOT } from './lib.mjs';

checkNode();
ensureInstalled();
buildServerIfStale();
const only = process.argv[2];
const benches = [
  ['export', 'export bench (about a minute)…'],
  ['latency', 'latency bench (about 2.5 minutes with the default settings)…'],
  ['review', 'design review bench (lint and load estimate, a few seconds)…'],
  ['interview', 'interview replay bench (the archive of a 45-minute session, about half a minute)…'],
].filter(([name]) => !only || name === only);
if (benches.length === 0) {
  log(`unknown bench ${only}: use export, latency, review or interview`);
  process.exit(2);
}
for (const [name, title] of benches) {
  log(title);
  const result = spawnSync(process.execPath, [`tests/bench/${name}.mjs`], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
