// `npm test`: install what is missing (workspace and system programs), build, then
// typecheck, lint, check formatting and run every test; then, on a full run (no
// arguments), the quick client bench (`npm run bench:client -- --quick`), which fails only
// when a ratio to bare React Flow regresses past its generous margin, and the fault soak:
// 2 minutes of each mode (at least 15 fault cycles each, nothing lost) and its negative
// control in each mode (the store deleted under a kill -9: the soak must report the loss).
// Ends with a summary line "tests: N passed, N failed".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
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
let summary = 'tests: no report';
let failures = [];
let failed = result.status !== 0;
try {
  const { numPassedTests, numFailedTests, numPendingTests, numTodoTests, testResults } = JSON.parse(
    readFileSync(report, 'utf8'),
  );
  // a file that fails before its tests run counts as one failure
  const brokenFiles = testResults.filter(isBroken).length;
  summary = `tests: ${numPassedTests} passed, ${numFailedTests + brokenFiles} failed`;
  failures = failureLines(testResults);
  if (numPendingTests + numTodoTests > 0) {
    log(`${numPendingTests + numTodoTests} tests were skipped: CI runs every test`);
    failed = true;
  }
} catch (e) {
  log(`no test report (${e.message})`);
  failed = true;
}
if (process.argv.length === 2) {
  log('client bench, quick: a regression check against bare React Flow, not a timed test…');
  const bench = spawnSync(process.execPath, ['scripts/bench-client.mjs', '--quick'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, CHROMIUM_PATH: chromium },
  });
  if (bench.status !== 0) {
    log('the quick client bench failed (see above)');
    failed = true;
  }
  log('fault soak: 2 minutes of each mode, then the negative control of each (about 5 minutes)…');
  for (const mode of ['cluster', 'embedded']) {
    const { status, report } = soak(mode, mode === 'cluster' ? 101 : 102, ['--minutes', '2', '--min-cycles', '15']);
    if (status !== 0 || report?.verdict !== 'ok') {
      log(`the ${mode} soak failed (exit ${status}, verdict ${report?.verdict ?? 'none'}; see above)`);
      failed = true;
    }
  }
  for (const mode of ['cluster', 'embedded']) {
    const { status, report } = soak(mode, 103, ['--minutes', '0.3', '--negative-control']);
    if (status !== 1 || report?.verdict !== 'loss' || !(report.lost.total > 0)) {
      log(
        `the ${mode} soak's negative control did not report the loss it caused (exit ${status}): the oracle is blind`,
      );
      failed = true;
    }
  }
}
// The failures again at the very end, where a log cut to its tail still shows them.
for (const line of failures) process.stdout.write(`${line}\n`);
process.stdout.write(`${summary}\n`);
process.exit(failed ? 1 : 0);

/** Runs the fault soak (tests/soak/soak.mjs) with a fixed seed; its exit status and its report. */
function soak(mode, seed, extra) {
  const negative = extra.includes('--negative-control');
  const file = `${ROOT}/.tmp/soak-${mode}-${seed}${negative ? '-negative' : ''}.json`;
  rmSync(file, { force: true });
  const args = ['tests/soak/soak.mjs', '--mode', mode, '--seed', String(seed), ...extra];
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    report = undefined;
  }
  return { status: result.status, report };
}

/**
 * One line per failed test (file, name, the first line of its error), per test that passed
 * only on its retry, and per file that failed to run.
 */
function failureLines(testResults) {
  const lines = [];
  for (const file of testResults) {
    const path = file.name.slice(ROOT.length + 1);
    for (const test of file.assertionResults) {
      const first = (test.failureMessages[0] ?? '').split('\n')[0].slice(0, 300);
      if (test.status === 'failed') lines.push(`FAILED ${path} > ${test.fullName}: ${first}`);
      // a retried test keeps the errors of its failed attempts
      else if (test.status === 'passed' && test.failureMessages.length > 0)
        lines.push(`PASSED ON RETRY ${path} > ${test.fullName}: ${first}`);
    }
    if (isBroken(file)) lines.push(`FAILED ${path}: ${(file.message ?? '').split('\n')[0].slice(0, 300)}`);
  }
  return lines;
}

/** A test file that failed without a failed test: it failed before its tests ran (an import error). */
function isBroken(file) {
  return file.status === 'failed' && !file.assertionResults.some((a) => a.status === 'failed');
}
