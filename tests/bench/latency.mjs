// Update delivery latency on one board (issue 2): Archboard's server against the reference
// y-websocket server (@y/websocket-server), in alternating rounds of the same run.
//
// Per round: a fresh server in its own child process on 127.0.0.1; CLIENTS unmodified
// y-websocket providers in this process (spread over WORKERS worker threads), of which
// WRITERS each set one new key of a Y.Map RATE times a second, stamped with the time of
// the local change. Every other client records when it observes the key. Latency = observe
// time − change time, over every delivery of every write made in the measured window
// (after the warm-up). Afterwards each receiver must have observed every write of every
// writer: any missing delivery is reported and fails the run.
//
// Clients join over BENCH_RAMP_SECONDS, as users open a board at different moments: an
// unmodified y-websocket client renews its awareness 15 s after it last set it, and every
// client re-sends each awareness update it receives, so 100 clients created in the same
// instant renew together and flood the server with 100 × 100 awareness frames at once.
//
// Each round also reports the CPU used by the clients (this process), the server and the
// rest of the machine, and the longest stall of this process's idle main thread: when other
// jobs run on the machine, the tails are theirs as much as the servers'.
//
// Run with `npm run bench` (builds the server first). Settings, from the environment:
//   BENCH_SECONDS=15 BENCH_WARMUP_SECONDS=3 BENCH_ROUNDS=3 BENCH_CLIENTS=100 BENCH_WRITERS=5
//   BENCH_RATE=20 BENCH_WORKERS=2 BENCH_RAMP_SECONDS=5 BENCH_QUIET_WAIT_SECONDS=5
//   BENCH_SERVERS=ours,reference BENCH_OUT=.tmp/bench-latency.json
//   BENCH_OURS_ENV=SQLITE_SYNCHRONOUS=normal,…  extra environment for Archboard's server
//   BENCH_INSTRUMENT=1                         preload tests/bench/lib/instrument.mjs into the
//                                              servers: their event-loop delay, the time an
//                                              update spends in them before its broadcast, the
//                                              frames they send, and (ours) each SQLite statement
//   BENCH_CPU_PROF=<dir>                       run the servers under node --cpu-prof
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  envPairs,
  int,
  log,
  machineFacts,
  now,
  reportDisturbed,
  sleep,
  startWorker,
  waitForQuiet,
  warnIfClientsSaturated,
} from './lib/harness.mjs';
import { machineBusyMs, processCpuMs, referenceEntry, ROOT, startBenchServer } from './lib/servers.mjs';
import { round, sortedLatencies, summarize, table, timeline } from './lib/stats.mjs';

const config = {
  seconds: int('BENCH_SECONDS', 15),
  warmupSeconds: int('BENCH_WARMUP_SECONDS', 3),
  rounds: int('BENCH_ROUNDS', 3),
  clients: int('BENCH_CLIENTS', 100),
  writers: int('BENCH_WRITERS', 5),
  ratePerSecond: int('BENCH_RATE', 20),
  workers: int('BENCH_WORKERS', 2),
  rampMs: int('BENCH_RAMP_SECONDS', 5, 0) * 1000,
  servers: /** @type {('ours' | 'reference')[]} */ ((process.env.BENCH_SERVERS || 'ours,reference').split(',')),
  oursEnv: envPairs(process.env.BENCH_OURS_ENV),
  cpuProfDir: process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : undefined,
  instrument: process.env.BENCH_INSTRUMENT === '1',
  out: resolve(ROOT, process.env.BENCH_OUT || '.tmp/bench-latency.json'),
  drainMs: 10_000,
  quietWaitMs: int('BENCH_QUIET_WAIT_SECONDS', 5, 0) * 1000,
  connectTimeoutMs: 30_000,
};
for (const kind of config.servers) {
  if (kind !== 'ours' && kind !== 'reference') throw new Error(`BENCH_SERVERS: unknown server ${kind}`);
}
if (config.writers > config.clients) throw new Error('BENCH_WRITERS must not exceed BENCH_CLIENTS');

/** One worker thread with its share of the clients (see lib/clients-worker.mjs). */
function startClients(server, specs) {
  return startWorker({
    servers: [{ serverUrl: server.serverUrl, room: server.room, params: server.params }],
    provider: 'y-websocket',
    clients: specs,
    writers: config.writers,
    ratePerSecond: config.ratePerSecond,
    connectTimeoutMs: config.connectTimeoutMs,
    rampMs: config.rampMs,
    totalClients: config.clients,
  });
}

async function runRound(kind, roundNo) {
  const idleLoad = await waitForQuiet(config.quietWaitMs);
  const server = await startBenchServer(kind, {
    cpuProfDir: config.cpuProfDir,
    instrument: config.instrument,
    env: kind === 'ours' ? config.oursEnv : {},
  });
  process.stderr.write(`round ${roundNo} ${kind}: server pid ${server.pid}, port ${server.port}\n`);
  /** @type {ReturnType<typeof startClients>[]} */
  const workers = [];
  try {
    const shares = Array.from(
      { length: config.workers },
      () => /** @type {{ index: number, writer: number | null }[]} */ ([]),
    );
    for (let i = 0; i < config.clients; i++) {
      /** @type {(typeof shares)[number]} */ (shares[i % config.workers]).push({
        index: i,
        writer: i < config.writers ? i : null,
      });
    }
    for (const share of shares) if (share.length > 0) workers.push(startClients(server, share));

    const connectStart = now();
    await Promise.all(workers.map((w) => w.request({ type: 'connect' }, 'synced')));
    const connectMs = now() - connectStart;
    await sleep(1000); // let the join-time awareness exchange settle

    const start = now() + 200;
    const warmupEnd = start + config.warmupSeconds * 1000;
    const end = warmupEnd + config.seconds * 1000;
    /** CPU used by this (client) process and by the server during the measured window. */
    const cpu = {};
    const sampleCpu = () => ({
      clients: process.cpuUsage(),
      server: processCpuMs(server.pid),
      machine: machineBusyMs(),
      at: now(),
    });
    // This thread idles through the window: its event-loop delay shows stalls of the whole
    // machine (another job, the VM descheduled), which the server and the clients suffer too.
    const stalls = monitorEventLoopDelay({ resolution: 5 });
    const cpuStart = new Promise((r) =>
      setTimeout(() => {
        stalls.enable();
        server.markWindow();
        r(sampleCpu());
      }, warmupEnd - now()),
    );
    const written = await Promise.all(workers.map((w) => w.request({ type: 'run', start, warmupEnd, end }, 'written')));
    const before = /** @type {ReturnType<typeof sampleCpu>} */ (await cpuStart);
    const after = sampleCpu();
    stalls.disable();
    cpu.benchThreadMaxStallMs = round(stalls.max / 1e6 - 5, 1);
    server.markWindow();
    const instrumentation = await server.instrumentation();
    const windowMs = after.at - before.at;
    const clientCpu = process.cpuUsage(before.clients);
    cpu.clientsPercent = round(((clientCpu.user + clientCpu.system) / 1000 / windowMs) * 100, 1);
    cpu.serverPercent = round(((after.server - before.server) / windowMs) * 100, 1);
    // Whatever else kept the machine busy meanwhile (other processes, the kernel's network work).
    cpu.otherPercent = round(
      ((after.machine - before.machine) / windowMs) * 100 - cpu.clientsPercent - cpu.serverPercent,
      1,
    );

    /** @type {number[]} */
    const sent = Array.from({ length: config.writers }, () => 0);
    for (const w of written) for (const [writer, count] of Object.entries(w.sent)) sent[Number(writer)] = count;
    const results = await Promise.all(
      workers.map((w) => w.request({ type: 'expect', sent, drainMs: config.drainMs }, 'result')),
    );
    await Promise.all(workers.map((w) => w.request({ type: 'close' }, 'closed')));

    const total = results.reduce((n, r) => n + r.samples.length, 0);
    const pairs = new Float64Array(total);
    let offset = 0;
    for (const r of results) {
      pairs.set(r.samples, offset);
      offset += r.samples.length;
    }
    const writes = sent.reduce((a, b) => a + b, 0);
    const expectedDeliveries = writes * (config.clients - 1);
    const deliveries = results.reduce((n, r) => n + r.deliveries, 0);
    const gaps = results.flatMap((r) => r.gaps);
    const missing = gaps.reduce((n, g) => n + Math.max(0, g.sent - g.received), 0);
    return {
      server: kind,
      round: roundNo,
      pairs,
      warmupEnd,
      writes,
      expectedDeliveries,
      deliveries,
      missing,
      gaps: gaps.slice(0, 20),
      measuredDeliveries: pairs.length / 2,
      connectMs: round(connectMs, 0),
      disconnects: results.reduce((n, r) => n + r.disconnects, 0),
      closeEvents: results.flatMap((r) => r.closeEvents).slice(0, 20),
      cpu: {
        ...cpu,
        otherBeforeRoundPercent: idleLoad,
        clientWorkerEventLoopUtilization: results.map((r) => round(r.eventLoopUtilization, 3)),
      },
      serverWarnings: server.warnings.slice(0, 20),
      serverInstrumentation: instrumentation,
    };
  } finally {
    for (const w of workers) await w.terminate();
    await server.stop();
  }
}

const machine = machineFacts();
const reference = referenceEntry();
log(
  `latency bench: ${config.clients} clients on one board, ${config.writers} writers × ${config.ratePerSecond} updates/s, ` +
    `${config.seconds} s measured after ${config.warmupSeconds} s warm-up, ${config.rounds} round(s) per server (alternating), ` +
    `clients in ${config.workers} worker thread(s) of this process`,
);
log(`machine: ${machine.nproc} CPUs (${machine.cpuModel}), node ${machine.node}, ${machine.platform}`);
log(
  `servers: ours = server/dist/main.js${Object.keys(config.oursEnv).length ? ` ${JSON.stringify(config.oursEnv)}` : ''}; reference = @y/websocket-server ${reference.version} (in memory)`,
);
if (config.cpuProfDir) log(`CPU profiles of the servers go to ${config.cpuProfDir}`);
log('');

const rounds = [];
let failed = false;
for (let r = 1; r <= config.rounds; r++) {
  for (const kind of config.servers) {
    const result = await runRound(kind, r);
    const s = summarize(sortedLatencies(result.pairs));
    result.latency = {
      mean: round(s.mean),
      p50: round(s.p50),
      p90: round(s.p90),
      p99: round(s.p99),
      p999: round(s.p999),
      max: round(s.max),
    };
    result.timeline = timeline(result.pairs, result.warmupEnd);
    rounds.push(result);
    log(
      `round ${r} ${kind.padEnd(9)} p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  max ${result.latency.max} ms  ` +
        `(${result.measuredDeliveries} measured deliveries, missing ${result.missing}, client CPU ${result.cpu.clientsPercent}%, server CPU ${result.cpu.serverPercent}%)`,
    );
    if (result.missing > 0) {
      failed = true;
      log(
        `  MISSING DELIVERIES: ${result.missing} of ${result.expectedDeliveries}; first gaps: ${JSON.stringify(result.gaps)}`,
      );
    }
    const inst = result.serverInstrumentation;
    if (inst) {
      const d = inst.eventLoopDelay;
      log(
        `  server event-loop delay: p50 ${round(d.p50)} ms, p99 ${round(d.p99)} ms, max ${round(d.max)} ms; ` +
          `frames sent: ${JSON.stringify(inst.framesSent.count)} (type 0 sync, 1 awareness), ${inst.framesSent.bytes} bytes` +
          `\n  server, per update: arrival → first send p50 ${round(inst.updateInServer.inToFirstSend.p50, 3)} ms, ` +
          `p99 ${round(inst.updateInServer.inToFirstSend.p99, 3)} ms, max ${round(inst.updateInServer.inToFirstSend.max, 3)} ms; ` +
          `first → last send (fan-out) p50 ${round(inst.updateInServer.fanOut.p50, 3)} ms, ` +
          `p99 ${round(inst.updateInServer.fanOut.p99, 3)} ms, max ${round(inst.updateInServer.fanOut.max, 3)} ms` +
          Object.entries(inst.statements)
            .map(
              ([sql, t]) =>
                `\n  server SQL "${sql}": ${t.count} runs, ${round(t.totalMs, 0)} ms in all, ` +
                `p50 ${round(t.p50)} ms, p99 ${round(t.p99)} ms, max ${round(t.max)} ms`,
            )
            .join(''),
      );
    }
    if (result.disconnects > 0) log(`  ${result.disconnects} client disconnects: ${result.closeEvents.join('; ')}`);
    if (result.serverWarnings.length > 0) log(`  server warnings:\n    ${result.serverWarnings.join('\n    ')}`);
  }
}

// A round is disturbed when the rest of the machine kept more than half a core busy or
// stalled this process's idle thread: its tail is then not the server's alone.
for (const r of rounds) r.disturbed = r.cpu.otherPercent > 50 || r.cpu.benchThreadMaxStallMs > 50;

/** Every measured delivery of the given rounds of each server, summarized. */
function aggregateOf(selected) {
  /** @type {Record<string, any>} */
  const out = {};
  for (const kind of config.servers) {
    const mine = selected.filter((r) => r.server === kind);
    if (mine.length === 0) continue;
    const all = new Float64Array(mine.reduce((n, r) => n + r.pairs.length / 2, 0));
    let i = 0;
    for (const r of mine) for (let j = 1; j < r.pairs.length; j += 2) all[i++] = /** @type {number} */ (r.pairs[j]);
    all.sort();
    const s = summarize(all);
    out[kind] = {
      rounds: mine.map((r) => r.round),
      deliveries: s.count,
      missing: mine.reduce((n, r) => n + r.missing, 0),
      disconnects: mine.reduce((n, r) => n + r.disconnects, 0),
      mean: round(s.mean),
      p50: round(s.p50),
      p90: round(s.p90),
      p99: round(s.p99),
      p999: round(s.p999),
      max: round(s.max),
      clientCpuPercent: mine.map((r) => r.cpu.clientsPercent),
      serverCpuPercent: mine.map((r) => r.cpu.serverPercent),
    };
  }
  return out;
}

/** ours/reference for each figure, or undefined when one of them is missing. */
function ratiosOf(agg) {
  if (!agg.ours || !agg.reference) return undefined;
  const ratio = (key) => round(agg.ours[key] / agg.reference[key]);
  return { p50: ratio('p50'), p90: ratio('p90'), p99: ratio('p99'), max: ratio('max') };
}

function printAggregate(title, agg) {
  log('');
  log(title);
  log(
    table([
      ['server', 'rounds', 'deliveries', 'missing', 'p50', 'p90', 'p99', 'p99.9', 'max', 'mean'],
      ...Object.entries(agg).map(([kind, a]) => [
        kind,
        a.rounds.join(','),
        a.deliveries,
        a.missing,
        a.p50,
        a.p90,
        a.p99,
        a.p999,
        a.max,
        a.mean,
      ]),
    ]),
  );
  const ratios = ratiosOf(agg);
  if (ratios) log(`ours/reference: p50 ×${ratios.p50}, p90 ×${ratios.p90}, p99 ×${ratios.p99}, max ×${ratios.max}`);
  return ratios;
}

log('');
log(
  'per round (latency in ms; CPU in % of one core over the measured window; stall: longest stall of an idle thread, ms)',
);
log(
  table([
    [
      'round',
      'server',
      'deliveries',
      'missing',
      'p50',
      'p90',
      'p99',
      'max',
      'client CPU',
      'client loops',
      'server CPU',
      'other CPU',
      'stall',
      'disconnects',
      'disturbed',
    ],
    ...rounds.map((r) => [
      r.round,
      r.server,
      r.measuredDeliveries,
      r.missing,
      r.latency.p50,
      r.latency.p90,
      r.latency.p99,
      r.latency.max,
      `${r.cpu.clientsPercent}%`,
      r.cpu.clientWorkerEventLoopUtilization.map((u) => `${Math.round(u * 100)}%`).join('/'),
      `${r.cpu.serverPercent}%`,
      `${r.cpu.otherPercent}%`,
      r.cpu.benchThreadMaxStallMs,
      r.disconnects,
      r.disturbed ? 'yes' : '',
    ]),
  ]),
);

const aggregate = aggregateOf(rounds);
const ratios = printAggregate('all rounds (latency in ms)', aggregate);
/** @type {Record<string, any> | undefined} */
let perRound;
if (ratios) {
  perRound = Array.from({ length: config.rounds }, (_, i) => {
    const ours = rounds.find((r) => r.server === 'ours' && r.round === i + 1);
    const ref = rounds.find((r) => r.server === 'reference' && r.round === i + 1);
    return {
      round: i + 1,
      p50: round(ours.latency.p50 / ref.latency.p50),
      p99: round(ours.latency.p99 / ref.latency.p99),
      disturbed: ours.disturbed || ref.disturbed,
    };
  });
  log(
    `per round: p50 ${perRound.map((x) => `×${x.p50}`).join(' ')}; p99 ${perRound.map((x) => `×${x.p99}`).join(' ')}`,
  );
}
const { quietAggregate, quietRatios } = reportDisturbed(rounds, (r) => r.server, aggregateOf, printAggregate);

log('');
const missingTotal = rounds.reduce((n, r) => n + r.missing, 0);
log(
  missingTotal === 0
    ? `deliveries: complete (every receiver observed every write of every writer, in every round)`
    : `deliveries: ${missingTotal} MISSING — see the rounds above`,
);
warnIfClientsSaturated(rounds);

mkdirSync(dirname(config.out), { recursive: true });
writeFileSync(
  config.out,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine,
      config: { ...config, out: undefined },
      reference: { package: '@y/websocket-server', version: reference.version },
      aggregate,
      ratios: ratios && { ...ratios, perRound },
      undisturbed: quietAggregate && { aggregate: quietAggregate, ratios: quietRatios },
      rounds: rounds.map(({ pairs: _pairs, warmupEnd: _warmupEnd, ...rest }) => rest),
    },
    null,
    2,
  )}\n`,
);
log(`figures written to ${config.out}`);
process.exit(failed ? 1 : 0);
