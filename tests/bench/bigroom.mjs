// The big room (issue 11): one board shared by many people across several Archboard
// instances on one Redis. Defaults: 500 clients over 3 instances (client i on instance
// i mod 3), 10 of them writing 10 updates/s each, every client moving its cursor (presence)
// once a second. The goals: delivery p99 at most 100 ms, nothing undelivered, and every
// instance's event-loop delay p99 at most 20 ms.
//
// One process cannot drive 500 providers (it saturates before the servers do), so the
// clients run in BENCH_PROCS child processes (lib/worker-proc.mjs, each with one
// lib/clients-worker.mjs thread of unmodified y-websocket providers that send only their
// own presence, as Archboard's page does). Each process holds clients of every instance.
// When a client thread's event loop was over 90 % busy, or the clients' processes used most
// of the machine, the bench says the load generator may have been the limit: on a 2-core
// machine the 500 clients and the 3 instances share two cores.
//
// Latency is from a writer's change to each other client observing it (CLOCK_MONOTONIC,
// one clock for every process); every receiver must observe every write. The instances
// run with lib/instrument.mjs preloaded for their event-loop delay over the measured window.
//
// Run with `npm run bench:bigroom` (builds the server first; needs redis-server on PATH).
// Settings, from the environment:
//   BENCH_CLIENTS=500 BENCH_INSTANCES=3 BENCH_WRITERS=10 BENCH_RATE=10 BENCH_PRESENCE_HZ=1
//   BENCH_PROCS=4 BENCH_SECONDS=20 BENCH_WARMUP_SECONDS=5 BENCH_RAMP_SECONDS=10
//   BENCH_OUT=.tmp/bench-bigroom.json
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { int, log, machineFacts, now, sleep } from './lib/harness.mjs';
import { machineBusyMs, processCpuMs, ROOT, startBenchServer, startRedis } from './lib/servers.mjs';
import { round, sortedLatencies, summarize, table } from './lib/stats.mjs';
import { startWorkerProcess } from './lib/worker-proc.mjs';

const config = {
  clients: int('BENCH_CLIENTS', 500, 2),
  instances: int('BENCH_INSTANCES', 3),
  writers: int('BENCH_WRITERS', 10),
  ratePerSecond: int('BENCH_RATE', 10),
  presenceHz: int('BENCH_PRESENCE_HZ', 1, 0),
  procs: int('BENCH_PROCS', 4),
  seconds: int('BENCH_SECONDS', 20),
  warmupSeconds: int('BENCH_WARMUP_SECONDS', 5),
  rampMs: int('BENCH_RAMP_SECONDS', 10, 0) * 1000,
  out: resolve(ROOT, process.env.BENCH_OUT || '.tmp/bench-bigroom.json'),
  drainMs: 20_000,
  connectTimeoutMs: 60_000,
};
const GOALS = { p99Ms: 100, lagP99Ms: 20 };

const machine = machineFacts();
log(
  `big room: ${config.clients} clients on one board over ${config.instances} instances (one Redis), ` +
    `${config.writers} writers × ${config.ratePerSecond}/s, presence ${config.presenceHz}/s per client, ` +
    `clients in ${config.procs} processes; ${config.seconds} s measured after ${config.warmupSeconds} s warm-up`,
);
log(`machine: ${machine.nproc} CPUs (${machine.cpuModel}), node ${machine.node}, ${machine.platform}`);

const redis = await startRedis();
/** @type {Awaited<ReturnType<typeof startBenchServer>>[]} */
const servers = [];
/** @type {Awaited<ReturnType<typeof startWorkerProcess>>[]} */
const procs = [];
try {
  const secret = randomBytes(24).toString('hex');
  const env = (/** @type {number} */ i) => ({ REDIS_URL: redis.url, AUTH_SECRET: secret, INSTANCE_ID: `big-${i}` });
  servers.push(await startBenchServer('ours', { instrument: true, env: env(0) }));
  for (let i = 1; i < config.instances; i++) {
    servers.push(await startBenchServer('ours', { instrument: true, env: env(i), board: servers[0]?.board }));
  }
  log(`redis pid ${redis.pid}; instances ${servers.map((s) => `pid ${s.pid} port ${s.port}`).join(', ')}`);

  // Client i on instance i mod N; the writers are the first clients, so they are spread too.
  const shares = Array.from({ length: config.procs }, () => /** @type {any[]} */ ([]));
  for (let i = 0; i < config.clients; i++) {
    shares[i % config.procs]?.push({ index: i, writer: i < config.writers ? i : null, server: i % config.instances });
  }
  const writerServers = Array.from({ length: config.writers }, (_, w) => w % config.instances);
  for (const share of shares.filter((s) => s.length > 0)) {
    procs.push(
      await startWorkerProcess({
        servers: servers.map((s) => ({ serverUrl: s.serverUrl, room: s.room, params: s.params })),
        provider: 'y-websocket',
        writerServers,
        clients: share,
        writers: config.writers,
        ratePerSecond: config.ratePerSecond,
        connectTimeoutMs: config.connectTimeoutMs,
        rampMs: config.rampMs,
        totalClients: config.clients,
        presenceHz: config.presenceHz,
        ownPresenceOnly: true,
      }),
    );
  }
  const connectStart = now();
  await Promise.all(procs.map((p) => p.request({ type: 'connect' }, 'synced')));
  log(`${config.clients} clients synced in ${round((now() - connectStart) / 1000, 1)} s`);
  await sleep(1000);

  const start = now() + 200;
  const warmupEnd = start + config.warmupSeconds * 1000;
  const end = warmupEnd + config.seconds * 1000;
  const sample = () => ({
    servers: servers.map((s) => processCpuMs(s.pid)),
    clients: procs.map((p) => processCpuMs(p.pid)),
    redis: processCpuMs(redis.pid),
    machine: machineBusyMs(),
    at: now(),
  });
  const startSample = new Promise((r) =>
    setTimeout(() => {
      servers.forEach((s) => s.markWindow());
      r(sample());
    }, warmupEnd - now()),
  );
  const written = await Promise.all(procs.map((p) => p.request({ type: 'run', start, warmupEnd, end }, 'written')));
  const before = /** @type {ReturnType<typeof sample>} */ (await startSample);
  const after = sample();
  servers.forEach((s) => s.markWindow());
  const instrumentation = await Promise.all(servers.map((s) => s.instrumentation()));

  const sent = Array.from({ length: config.writers }, () => 0);
  for (const w of written) for (const [writer, count] of Object.entries(w.sent)) sent[Number(writer)] = count;
  const results = await Promise.all(
    procs.map((p) => p.request({ type: 'expect', sent, drainMs: config.drainMs }, 'result')),
  );
  await Promise.all(procs.map((p) => p.request({ type: 'close' }, 'closed')));

  const windowMs = after.at - before.at;
  const percent = (/** @type {number} */ ms) => round((ms / windowMs) * 100, 1);
  const pairs = new Float64Array(results.reduce((n, r) => n + r.samples.length, 0));
  let offset = 0;
  for (const r of results) {
    pairs.set(r.samples, offset);
    offset += r.samples.length;
  }
  const latency = summarize(sortedLatencies(pairs));
  const gaps = results.flatMap((r) => r.gaps);
  const missing = gaps.reduce((n, g) => n + Math.max(0, g.sent - g.received), 0);
  const lag = instrumentation.map((i) => i?.eventLoopDelay);
  const clientLoops = results.map((r) => round(r.eventLoopUtilization, 3));
  const cpu = {
    serversPercent: after.servers.map((ms, i) => percent(ms - /** @type {number} */ (before.servers[i]))),
    clientProcsPercent: after.clients.map((ms, i) => percent(ms - /** @type {number} */ (before.clients[i]))),
    redisPercent: percent(after.redis - before.redis),
    machinePercent: percent(after.machine - before.machine),
  };
  const clientsTotal = cpu.clientProcsPercent.reduce((a, b) => a + b, 0);
  const generatorLimited =
    clientLoops.some((u) => u > 0.9) ||
    clientsTotal > 0.5 * machine.nproc * 100 ||
    cpu.machinePercent > 95 * machine.nproc;
  const goals = {
    p99: latency.p99 <= GOALS.p99Ms,
    undelivered: missing === 0,
    lag: lag.every((l) => l !== undefined && l.p99 <= GOALS.lagP99Ms),
  };
  const report = {
    machine,
    config,
    latency: Object.fromEntries(Object.entries(latency).map(([k, v]) => [k, round(v, 2)])),
    deliveries: results.reduce((n, r) => n + r.deliveries, 0),
    missing,
    gaps: gaps.slice(0, 20),
    disconnects: results.reduce((n, r) => n + r.disconnects, 0),
    closeEvents: results.flatMap((r) => r.closeEvents).slice(0, 20),
    eventLoopDelay: lag.map((l) => l && Object.fromEntries(Object.entries(l).map(([k, v]) => [k, round(v, 2)]))),
    cpu,
    clientThreadEventLoopUtilization: clientLoops,
    generatorLimited,
    goals,
  };
  mkdirSync(dirname(config.out), { recursive: true });
  writeFileSync(config.out, JSON.stringify(report, null, 2));

  log('\nlatency (ms), every delivery of every write made in the measured window');
  log(
    table([
      ['deliveries', 'missing', 'p50', 'p90', 'p99', 'p99.9', 'max', 'disconnects'],
      [
        report.deliveries,
        missing,
        ...['p50', 'p90', 'p99', 'p999', 'max'].map((k) => round(/** @type {any} */ (latency)[k], 1)),
        report.disconnects,
      ],
    ]),
  );
  log('\ninstances (event-loop delay in ms over the measured window; CPU in % of one core)');
  log(
    table([
      ['instance', 'loop delay p50', 'p99', 'max', 'CPU'],
      ...servers.map((_, i) => [
        i,
        round(lag[i]?.p50 ?? NaN, 1),
        round(lag[i]?.p99 ?? NaN, 1),
        round(lag[i]?.max ?? NaN, 1),
        `${cpu.serversPercent[i]}%`,
      ]),
    ]),
  );
  log(
    `clients: ${procs.length} processes at ${cpu.clientProcsPercent.join('+')}% CPU, client threads' event loops ` +
      `${clientLoops.map((u) => `${Math.round(u * 100)}%`).join('/')} busy; redis ${cpu.redisPercent}%; ` +
      `machine ${cpu.machinePercent}% of ${machine.nproc * 100}%`,
  );
  if (generatorLimited)
    log('the load generator was (near) the limit: the clients used most of the machine, so the figures are its too');
  log(
    `goals: p99 ≤ ${GOALS.p99Ms} ms ${goals.p99 ? 'met' : 'NOT met'} (${round(latency.p99, 1)} ms); ` +
      `undelivered 0 ${goals.undelivered ? 'met' : `NOT met (${missing})`}; ` +
      `every instance's loop delay p99 ≤ ${GOALS.lagP99Ms} ms ${goals.lag ? 'met' : 'NOT met'}`,
  );
  log(`figures written to ${config.out}`);
  if (missing > 0) process.exitCode = 1;
} finally {
  procs.forEach((p) => p.stop());
  await Promise.all(servers.map((s) => s.stop()));
  await redis.stop();
}
