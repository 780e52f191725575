// The fault soak (`npm run soak -- --minutes N --seed S --mode cluster|embedded`): real
// processes (redis-server and two Archboard instances, or one on SQLite), y-websocket
// clients writing through edit links and reading through view links, and seeded faults
// (lib/faults.mjs) until the time is up; then the oracles (lib/oracles.mjs, lib/final.mjs).
// Exit 0: nothing lost, everything converged. Exit 1: loss or an oracle failed (the
// negative control, --negative-control, must end so). Exit 2: the soak itself broke.
// Report: .tmp/soak-<mode>-<seed>[-negative].json and a summary on stdout.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { soakArgs } from './lib/args.mjs';
import { startClients } from './lib/clients.mjs';
import { runCycles } from './lib/cycles.mjs';
import { finalChecks } from './lib/final.mjs';
import { killAll, ROOT } from './lib/processes.mjs';
import { buildReport, summary } from './lib/report.mjs';
import { startRig } from './lib/rig.mjs';
import { sleep, waitFor } from './lib/wait.mjs';

const log = (line) => process.stdout.write(`[soak] ${line}\n`);
const args = (() => {
  try {
    return soakArgs();
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    return process.exit(2);
  }
})();
const startedAt = Date.now();
const out =
  args.out ?? join(ROOT, '.tmp', `soak-${args.mode}-${args.seed}${args.negativeControl ? '-negative' : ''}.json`);
log(`${args.mode}, seed ${args.seed}, ${args.minutes} min${args.negativeControl ? ', negative control' : ''}`);

/** @type {Awaited<ReturnType<typeof startRig>> | undefined} */
let rig;
let stopping = false;
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.once(signal, () => {
    stopping = true;
    log(`${signal}: stopping what the soak started`);
    void rig?.close().finally(() => process.exit(130));
    setTimeout(() => process.exit(130), 15_000).unref();
  });
}

let code;
try {
  rig = await startRig({ mode: args.mode });
  const clients = startClients({
    wsUrls: rig.frontends.wsUrls,
    board: rig.board.id,
    editToken: rig.board.editToken,
    viewToken: rig.board.viewToken,
    writersPerFrontend: args.mode === 'cluster' ? 2 : 3,
    readersPerFrontend: args.mode === 'cluster' ? 2 : 3,
    writeEveryMs: args.writeEveryMs,
  });
  if (!(await waitFor(() => clients.allSynced(), 30_000)).ok) throw new Error('clients did not sync in 30 s');
  clients.startWriting();
  await sleep(1000);
  // The negative control need not wait long for what cannot come back.
  const patience = args.negativeControl ? 15_000 : 60_000;
  const run = await runCycles({
    rig,
    clients,
    seed: args.seed,
    deadline: startedAt + args.minutes * 60_000,
    negativeControl: args.negativeControl,
    recoveryTimeoutMs: patience,
    log,
  });
  const final = await finalChecks({ rig, clients, lastFaultEnd: run.lastFaultEnd, convergeTimeoutMs: patience, log });
  const report = buildReport({ args, startedAt, run, final, rig, clients });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${summary(report, out)}\n`);
  code = report.verdict === 'ok' ? 0 : 1;
} catch (e) {
  if (!stopping) log(`the soak itself failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  code = 2;
} finally {
  await rig?.close().catch((e) => log(`cleanup: ${e instanceof Error ? e.message : String(e)}`));
  killAll();
}
process.exit(code);
