// `npm test`: install what is missing (workspace and system programs), build, then
// typecheck, lint, check formatting and run every test. Ends with a summary line
// "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { build, checkNode, ensureInstalled, ensureSystemPackage, log, PNPM, ROOT, run } from './lib.mjs';

checkNode();
ensureInstalled();
const chromium = process.env.CHROMIUM_PATH ?? ensureSystemPackage('chromium', 'chromium');
ensureSystemPackage('redis-server', 'redis-server');
ensureSystemPackage('nginx', 'nginx');
build();

log('typecheck…');
run(PNPM[0], [...PNPM.slice(1), '-r', '--workspace-concurrency=1', 'run', 'typecheck']);
log('lint…');
run(process.execPath, ['node_modules/eslint/bin/eslint.js', '.', '--max-warnings', '0']);
log('format…');
run(process.execPath, ['node_modules/prettier/bin/prettier.cjs', '--check', '.', '--log-level', 'warn']);

log('tests…');
mkdirSync(`${ROOT}/.tmp`, { recursive: true });
const report = `${ROOT}/.tmp/vitest-report.json`;
const result = spawnSync(
  process.execPath,
  [
    'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, CHROMIUM_PATH: chromium },
  },
);
try {
  const { numPassedTests, numFailedTests, numPendingTests, numTodoTests, testResults } = JSON.parse(
    readFileSync(report, 'utf8'),
  );
  // a file that fails before its tests run (an import error) counts as one failure
  const brokenFiles = testResults.filter(
    (file) => file.status === 'failed' && !file.assertionResults.some((a) => a.status === 'failed'),
  ).length;
  process.stdout.write(`tests: ${numPassedTests} passed, ${numFailedTests + brokenFiles} failed\n`);
  if (numPendingTests + numTodoTests > 0) {
    log(`${numPendingTests + numTodoTests} tests were skipped: CI runs every test`);
    process.exit(1);
  }
} catch (e) {
  log(`no test report (${e.message})`);
}
process.exit(result.status ?? 1);
