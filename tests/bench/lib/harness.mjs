// The pieces every bench script shares: settings from the environment, the clock, the
// client worker threads, the wait for a quiet machine, and the machine's facts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, arch, release, availableParallelism } from 'node:os';
import { dirname } from 'node:path';
import { Worker } from 'node:worker_threads';
import { machineBusyMs } from './servers.mjs';
import { round } from './stats.mjs';

/** CLOCK_MONOTONIC in ms: the clock of every thread and process of the machine (see clients-worker.mjs). */
export const now = () => Number(process.hrtime.bigint()) / 1e6;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const log = (line) => process.stdout.write(`${line}\n`);

/**
 * A numeric setting from the environment; `fallback` when unset or empty.
 * @param {string} name
 * @param {number} fallback
 * @param {number} [min]
 */
export const int = (name, fallback, min = 1) => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new Error(`${name}=${value}: must be a number ≥ ${min}`);
  return n;
};

/** `KEY=value,KEY=value` (an environment variable's text) as an object. */
export function envPairs(text) {
  return Object.fromEntries(
    (text || '')
      .split(',')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
}

/**
 * One worker thread (lib/clients-worker.mjs) with its share of the clients, driven by
 * request/answer messages.
 * @param {Record<string, any>} workerData see the header of clients-worker.mjs
 */
export function startWorker(workerData) {
  const worker = new Worker(new URL('./clients-worker.mjs', import.meta.url), { workerData });
  /** @type {{ expect: string, resolve: (m: any) => void, reject: (e: Error) => void }[]} */
  const waiting = [];
  let failure;
  const fail = (e) => {
    failure ??= e;
    for (const w of waiting.splice(0)) w.reject(e);
  };
  worker.on('message', (message) => {
    if (message.type === 'error') return fail(new Error(`client worker: ${message.message}`));
    const w = waiting.shift();
    if (!w) return;
    if (message.type !== w.expect)
      return w.reject(new Error(`client worker answered ${message.type}, not ${w.expect}`));
    w.resolve(message);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`client worker exited (${code})`)));
  return {
    /** Sends a command and resolves with the answer of the given type. */
    request(message, expect) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        waiting.push({ expect, resolve, reject });
        worker.postMessage(message);
      });
    },
    async terminate() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}

/**
 * Waits (up to quietWaitMs) until the rest of the machine uses less than a quarter of a
 * core, so that a round does not start while another job runs; returns that load (% of a core).
 * @param {number} quietWaitMs
 */
export async function waitForQuiet(quietWaitMs) {
  const deadline = now() + quietWaitMs;
  for (;;) {
    const before = { busy: machineBusyMs(), self: process.cpuUsage(), at: now() };
    await sleep(1000);
    const self = process.cpuUsage(before.self);
    const load = ((machineBusyMs() - before.busy - (self.user + self.system) / 1000) / (now() - before.at)) * 100;
    if (!(load >= 25) || now() > deadline) return round(load, 1);
  }
}

/** What the figures were measured on. */
export function machineFacts() {
  return {
    nproc: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${platform()} ${release()} ${arch()}`,
  };
}

/**
 * Prints which rounds another job disturbed and, when there were any, the figures without
 * them. Returns those figures (undefined when every round was quiet).
 * @template R, A, Q
 * @param {(R & { disturbed: boolean })[]} rounds
 * @param {(r: R) => string} name what a round is called (its server or set-up)
 * @param {(selected: R[]) => A} aggregateOf
 * @param {(title: string, agg: A) => Q} printAggregate
 */
export function reportDisturbed(rounds, name, aggregateOf, printAggregate) {
  const quiet = rounds.filter((r) => !r.disturbed);
  if (quiet.length === rounds.length) return { quietAggregate: undefined, quietRatios: undefined };
  const quietAggregate = aggregateOf(quiet);
  const quietRatios = printAggregate('undisturbed rounds only (latency in ms)', quietAggregate);
  const disturbed = rounds.filter((r) => r.disturbed).map((r) => `${name(r)} ${/** @type {any} */ (r).round}`);
  log(
    `disturbed rounds (other CPU > 50% of a core or a stall > 50 ms): ${disturbed.join(', ')} — another job was using the machine`,
  );
  return { quietAggregate, quietRatios };
}

/**
 * Warns when a client worker was so busy that the clients, not the servers, may set the figures.
 * @param {{ cpu: { clientWorkerEventLoopUtilization: number[] } }[]} rounds
 */
export function warnIfClientsSaturated(rounds) {
  const saturated = rounds.filter((r) => r.cpu.clientWorkerEventLoopUtilization.some((u) => u > 0.9));
  if (saturated.length === 0) return;
  log(
    `warning: a client worker's event loop was over 90% busy in ${saturated.length} round(s): the clients may distort the figures`,
  );
}

/**
 * Ends a bench that checks what it measured: writes `report` (with the machine and the
 * failures) as JSON to `out`, prints the failures, and exits 1 when there are any, else 0.
 * @param {string} out
 * @param {Record<string, unknown>} report
 * @param {string[]} failures
 * @returns {never}
 */
export function finishBench(out, report, failures) {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ ...report, machine: machineFacts(), failures }, null, 2)}\n`);
  log(`figures written to ${out}`);
  if (failures.length > 0) {
    log(`FAILED: ${failures.join('; ')}`);
    process.exit(1);
  }
  process.exit(0);
}
