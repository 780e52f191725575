// Update delivery latency on one board shared by two instances through Redis (issue 3):
// Archboard's cluster mode against Hocuspocus 3.4 with its Redis extension, in alternating
// rounds of the same run, with Archboard on one instance (on the same kind of Redis) as
// a third set-up.
//
// Set-ups, each round with a fresh redis-server (append-only file, fsync every second, no
// snapshots, no eviction, as `npm run cluster` runs it) and fresh servers:
//   ours-cluster  two Archboard instances (server/dist/main.js, REDIS_URL, one AUTH_SECRET);
//                 every update is appended to the board's Redis stream by a script that also
//                 PUBLISHes it, and no one, its sender included, sees it before that
//   ours-single   one Archboard instance with REDIS_URL, all the clients on it
//   hocuspocus    two Hocuspocus instances (lib/hocuspocus-server.mjs: @hocuspocus/server with
//                 @hocuspocus/extension-redis, documents in memory), @hocuspocus/provider clients
//   floor         one relay that only copies bytes (lib/relay-server.mjs), y-websocket clients:
//                 what any server costs above it is its own work
// Each set-up also reports its server CPU (every process of it) per delivered update.
//
// Per round: CLIENTS clients in this process (WORKERS worker threads; unmodified y-websocket
// providers for ours, unmodified Hocuspocus providers for Hocuspocus), connected directly to
// the instances (no load balancer): client i to instance i mod 2, so writers (the first
// WRITERS clients) are spread too. Each writer sets one new key of a Y.Map RATE times a
// second, stamped with the time of the local change; every other client records when it
// observes the key. Latency = observe time − change time, over every delivery of every
// write made in the measured window, for all deliveries and for the cross-instance ones
// alone (writer on one instance, receiver on the other). Afterwards each receiver must have
// observed every write: a missing delivery fails the run for ours and is reported as a
// finding for Hocuspocus.
//
// Redis work per update: INFO commandstats at the start and at the end of the measured
// window; the calls made meanwhile (the bench's own INFO excepted) divided by the updates
// written in the window. Redis counts the calls a script makes as commands too: `commands`
// includes them, `requests` counts what the instances sent (scripts as one).
//
// Clients join over BENCH_RAMP_SECONDS (see latency.mjs: their awareness renewals spread
// out); rounds wait for a quiet machine and are marked disturbed when the rest of the
// machine used more than half a core or stalled this process's idle thread over 50 ms.
//
// Run with `npm run bench:cluster` (builds the server first; needs redis-server on PATH).
// Settings, from the environment:
//   BENCH_SECONDS=10 BENCH_WARMUP_SECONDS=3 BENCH_ROUNDS=2 BENCH_CLIENTS=100 BENCH_WRITERS=5
//   BENCH_RATE=20 BENCH_WORKERS=2 BENCH_RAMP_SECONDS=5 BENCH_QUIET_WAIT_SECONDS=5
//   BENCH_SETUPS=floor,ours-cluster,ours-single,hocuspocus BENCH_OUT=.tmp/bench-cluster.json
//   BENCH_OURS_ENV=KEY=value,…  extra environment for Archboard's instances
//   BENCH_HOCUSPOCUS_ENV=…      the same for Hocuspocus's (e.g. NODE_OPTIONS=--import=<probe>)
//   BENCH_CPU_PROF=<dir>        write each server's CPU profile (.cpuprofile) into <dir>
//   BENCH_INSTRUMENT=1          preload lib/instrument.mjs into the servers and report their
//                               event-loop delay
import { randomBytes } from 'node:crypto';
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
import { machineBusyMs, packageVersion, processCpuMs, ROOT, startBenchServer, startRedis } from './lib/servers.mjs';
import { round, summarize, table, timeline } from './lib/stats.mjs';

/** @typedef {'floor' | 'ours-cluster' | 'ours-single' | 'hocuspocus'} Setup */
/** @type {Setup[]} */
const SETUPS = ['floor', 'ours-cluster', 'ours-single', 'hocuspocus'];

const config = {
  seconds: int('BENCH_SECONDS', 10),
  warmupSeconds: int('BENCH_WARMUP_SECONDS', 3),
  rounds: int('BENCH_ROUNDS', 2),
  clients: int('BENCH_CLIENTS', 100, 2),
  writers: int('BENCH_WRITERS', 5),
  ratePerSecond: int('BENCH_RATE', 20),
  workers: int('BENCH_WORKERS', 2),
  rampMs: int('BENCH_RAMP_SECONDS', 5, 0) * 1000,
  setups: /** @type {Setup[]} */ ((process.env.BENCH_SETUPS || SETUPS.join(',')).split(',')),
  oursEnv: envPairs(process.env.BENCH_OURS_ENV),
  hocuspocusEnv: envPairs(process.env.BENCH_HOCUSPOCUS_ENV),
  instrument: process.env.BENCH_INSTRUMENT === '1',
  cpuProfDir: process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : undefined,
  out: resolve(ROOT, process.env.BENCH_OUT || '.tmp/bench-cluster.json'),
  drainMs: 10_000,
  quietWaitMs: int('BENCH_QUIET_WAIT_SECONDS', 5, 0) * 1000,
  connectTimeoutMs: 30_000,
};
for (const setup of config.setups) {
  if (!SETUPS.includes(setup)) throw new Error(`BENCH_SETUPS: unknown set-up ${setup} (${SETUPS.join(', ')})`);
}
if (config.writers > config.clients) throw new Error('BENCH_WRITERS must not exceed BENCH_CLIENTS');

/**
 * The commands Redis ran, by name, from INFO commandstats.
 * @param {string} text
 * @returns {Record<string, number>}
 */
function commandCalls(text) {
  /** @type {Record<string, number>} */
  const calls = {};
  for (const line of text.split('\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
    if (match) calls[/** @type {string} */ (match[1])] = Number(match[2]);
  }
  return calls;
}

/** A numeric field of an INFO section. */
const infoField = (text, name) => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(text)?.[1] ?? NaN);

/**
 * The calls Redis ran between two INFO commandstats, the bench's own INFO excepted, and how
 * many of them were requests from the instances rather than calls made inside a script.
 * ours: the scripts of the measured window are appends (GET, XADD, SET, PUBLISH inside), and
 * now and then a read of the log for a catch-up (about as many calls inside; one XRANGE
 * each, counted in `logReads`). Hocuspocus: its
 * only scripts are Redlock's (SELECT, EXISTS, SET; SELECT, GET, DEL inside), and it sends
 * none of those commands itself.
 * @param {Setup} setup
 * @param {Record<string, number>} before
 * @param {Record<string, number>} after
 */
function redisWork(setup, before, after) {
  /** @type {Record<string, number>} */
  const calls = {};
  for (const [name, count] of Object.entries(after)) {
    const delta = count - (before[name] ?? 0);
    if (delta > 0 && name !== 'info') calls[name] = delta;
  }
  const n = (name) => calls[name] ?? 0;
  const commands = Object.values(calls).reduce((a, b) => a + b, 0);
  const scripts = n('evalsha') + n('eval');
  const insideScripts =
    setup === 'hocuspocus' ? n('select') + n('exists') + n('set') + n('get') + n('del') : 4 * scripts;
  return {
    calls,
    commands,
    requests: commands - insideScripts,
    logReads: setup === 'hocuspocus' ? 0 : n('xrange'),
  };
}

/**
 * A server's warnings, at most ten. Hocuspocus's Redis extension makes an instance's periodic
 * store fail (silently, by its design) while the other instance holds the document's lock,
 * and Hocuspocus prints that failure with its stack: those lines become one count.
 * @param {Setup} setup
 * @param {string[]} lines
 */
function warningsOf(setup, lines) {
  if (setup !== 'hocuspocus') return lines.slice(0, 10);
  const lockMessages = lines.filter((l) => l.startsWith('Caught error during storeDocumentHooks')).length;
  const rest = lines.filter((l) => !l.startsWith('Caught error during storeDocumentHooks') && !/^\s+at /.test(l));
  if (lockMessages > 0) rest.push(`${lockMessages} × store skipped: the other instance held the lock (expected)`);
  return rest.slice(0, 10);
}

/**
 * The instances of a set-up, started on a fresh Redis: two for the clusters, one for ours-single.
 * @param {Setup} setup
 * @param {import('./lib/servers.mjs').BenchRedis} redis
 */
async function startInstances(setup, redis) {
  const options = { instrument: config.instrument, cpuProfDir: config.cpuProfDir };
  if (setup === 'floor') return [await startBenchServer('relay', options)];
  if (setup === 'hocuspocus') {
    const env = (id) => ({
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: String(redis.port),
      INSTANCE_ID: id,
      ...config.hocuspocusEnv,
    });
    return Promise.all(
      ['hocuspocus-a', 'hocuspocus-b'].map((id) => startBenchServer('hocuspocus', { ...options, env: env(id) })),
    );
  }
  const secret = randomBytes(24).toString('hex');
  const env = (id) => ({ REDIS_URL: redis.url, AUTH_SECRET: secret, INSTANCE_ID: id, ...config.oursEnv });
  const first = await startBenchServer('ours', { ...options, env: env('bench-a') });
  if (setup === 'ours-single') return [first];
  try {
    return [first, await startBenchServer('ours', { ...options, env: env('bench-b'), board: first.board })];
  } catch (e) {
    await first.stop();
    throw e;
  }
}

/**
 * One round of one set-up.
 * @param {Setup} setup
 * @param {number} roundNo
 */
async function runRound(setup, roundNo) {
  const idleLoad = await waitForQuiet(config.quietWaitMs);
  const redis = await startRedis();
  /** @type {import('./lib/servers.mjs').BenchServer[]} */
  let servers = [];
  /** @type {ReturnType<typeof startWorker>[]} */
  const workers = [];
  try {
    servers = await startInstances(setup, redis);
    process.stderr.write(
      `round ${roundNo} ${setup}: redis pid ${redis.pid} port ${redis.port}; ` +
        `servers ${servers.map((s) => `pid ${s.pid} port ${s.port}`).join(', ')}\n`,
    );
    const instances = servers.length;
    /** Client i on instance i mod instances; clients spread over the workers so each has some of every instance. */
    const shares = Array.from(
      { length: config.workers },
      () => /** @type {{ index: number, writer: number | null, server: number }[]} */ ([]),
    );
    for (let i = 0; i < config.clients; i++) {
      /** @type {(typeof shares)[number]} */ (shares[Math.floor(i / instances) % config.workers]).push({
        index: i,
        writer: i < config.writers ? i : null,
        server: i % instances,
      });
    }
    const writerServers = Array.from({ length: config.writers }, (_, w) => w % instances);
    for (const share of shares) {
      if (share.length === 0) continue;
      workers.push(
        startWorker({
          servers: servers.map((s) => ({ serverUrl: s.serverUrl, room: s.room, params: s.params })),
          provider: setup === 'hocuspocus' ? 'hocuspocus' : 'y-websocket',
          writerServers,
          clients: share,
          writers: config.writers,
          ratePerSecond: config.ratePerSecond,
          connectTimeoutMs: config.connectTimeoutMs,
          rampMs: config.rampMs,
          totalClients: config.clients,
        }),
      );
    }

    const connectStart = now();
    await Promise.all(workers.map((w) => w.request({ type: 'connect' }, 'synced')));
    const connectMs = now() - connectStart;
    await sleep(1000); // let the join-time awareness exchange settle

    const start = now() + 200;
    const warmupEnd = start + config.warmupSeconds * 1000;
    const end = warmupEnd + config.seconds * 1000;
    const sample = async () => ({
      clients: process.cpuUsage(),
      servers: servers.map((s) => processCpuMs(s.pid)),
      redis: processCpuMs(redis.pid),
      machine: machineBusyMs(),
      at: now(),
      commands: commandCalls(await redis.info('commandstats')),
      stats: await redis.info('stats'),
    });
    // This thread idles through the window: its event-loop delay shows stalls of the whole machine.
    const stalls = monitorEventLoopDelay({ resolution: 5 });
    const startSample = new Promise((r) =>
      setTimeout(() => {
        stalls.enable();
        servers.forEach((s) => s.markWindow());
        r(sample());
      }, warmupEnd - now()),
    );
    const written = await Promise.all(workers.map((w) => w.request({ type: 'run', start, warmupEnd, end }, 'written')));
    const before = await startSample;
    const after = await sample();
    stalls.disable();
    servers.forEach((s) => s.markWindow());
    const instrumentation = await Promise.all(servers.map((s) => s.instrumentation()));

    const windowMs = after.at - before.at;
    const percent = (ms) => round((ms / windowMs) * 100, 1);
    const clientCpu = process.cpuUsage(before.clients);
    const cpu = {
      clientsPercent: percent((clientCpu.user + clientCpu.system) / 1000),
      serversPercent: after.servers.map((ms, i) => percent(ms - /** @type {number} */ (before.servers[i]))),
      serverUsPerDelivery: 0,
      redisPercent: percent(after.redis - before.redis),
      otherPercent: 0,
      otherBeforeRoundPercent: idleLoad,
      benchThreadMaxStallMs: round(stalls.max / 1e6 - 5, 1),
      clientWorkerEventLoopUtilization: /** @type {number[]} */ ([]),
    };
    cpu.otherPercent = round(
      percent(after.machine - before.machine) -
        cpu.clientsPercent -
        cpu.serversPercent.reduce((a, b) => a + b, 0) -
        cpu.redisPercent,
      1,
    );

    /** @type {number[]} */
    const sent = Array.from({ length: config.writers }, () => 0);
    let measuredWrites = 0;
    for (const w of written) {
      for (const [writer, count] of Object.entries(w.sent)) sent[Number(writer)] = count;
      for (const count of Object.values(w.sentMeasured)) measuredWrites += count;
    }
    const results = await Promise.all(
      workers.map((w) => w.request({ type: 'expect', sent, drainMs: config.drainMs }, 'result')),
    );
    await Promise.all(workers.map((w) => w.request({ type: 'close' }, 'closed')));
    cpu.clientWorkerEventLoopUtilization = results.map((r) => round(r.eventLoopUtilization, 3));

    const concat = (key) => {
      const out = new Float64Array(results.reduce((n, r) => n + r[key].length, 0));
      let offset = 0;
      for (const r of results) {
        out.set(r[key], offset);
        offset += r[key].length;
      }
      return out;
    };
    const writes = sent.reduce((a, b) => a + b, 0);
    // The servers' CPU in the window over what they delivered in it: every write to every other client.
    const serverMs = after.servers.reduce((n, ms, i) => n + ms - /** @type {number} */ (before.servers[i]), 0);
    cpu.serverUsPerDelivery = round((serverMs * 1000) / (measuredWrites * (config.clients - 1)), 2);
    const gaps = results.flatMap((r) => r.gaps);
    const work = redisWork(setup, before.commands, after.commands);
    const netIn = infoField(after.stats, 'total_net_input_bytes') - infoField(before.stats, 'total_net_input_bytes');
    const netOut = infoField(after.stats, 'total_net_output_bytes') - infoField(before.stats, 'total_net_output_bytes');
    return {
      setup,
      round: roundNo,
      pairs: concat('samples'),
      crossPairs: concat('crossSamples'),
      warmupEnd,
      writes,
      measuredWrites,
      expectedDeliveries: writes * (config.clients - 1),
      deliveries: results.reduce((n, r) => n + r.deliveries, 0),
      missing: gaps.reduce((n, g) => n + Math.max(0, g.sent - g.received), 0),
      gaps: gaps.slice(0, 20),
      connectMs: round(connectMs, 0),
      disconnects: results.reduce((n, r) => n + r.disconnects, 0),
      closeEvents: results.flatMap((r) => r.closeEvents).slice(0, 20),
      cpu,
      redis: {
        commandsPerUpdate: round(work.commands / measuredWrites),
        requestsPerUpdate: round(work.requests / measuredWrites),
        callsPerUpdate: Object.fromEntries(
          Object.entries(work.calls)
            .sort((a, b) => b[1] - a[1])
            .map(([name, count]) => [name, round(count / measuredWrites, 3)]),
        ),
        bytesInPerUpdate: round(netIn / measuredWrites, 0),
        bytesOutPerUpdate: round(netOut / measuredWrites, 0),
        logReads: work.logReads,
      },
      serverWarnings: servers.flatMap((s, i) => warningsOf(setup, s.warnings).map((w) => `instance ${i}: ${w}`)),
      serverInstrumentation: instrumentation,
    };
  } finally {
    for (const w of workers) await w.terminate();
    await Promise.all(servers.map((s) => s.stop()));
    await redis.stop();
  }
}

/** Percentiles of the latencies of (sentAt, latency) pairs of several rounds. */
function latencyOf(pairLists) {
  const all = new Float64Array(pairLists.reduce((n, p) => n + p.length / 2, 0));
  let i = 0;
  for (const pairs of pairLists) for (let j = 1; j < pairs.length; j += 2) all[i++] = /** @type {number} */ (pairs[j]);
  all.sort();
  const s = summarize(all);
  return {
    deliveries: s.count,
    p50: round(s.p50),
    p90: round(s.p90),
    p99: round(s.p99),
    p999: round(s.p999),
    max: round(s.max),
    mean: round(s.mean),
  };
}

const mean = (values) => round(values.reduce((a, b) => a + b, 0) / values.length);

/** Every measured delivery of the given rounds of each set-up, summarized. */
function aggregateOf(selected) {
  /** @type {Record<string, any>} */
  const out = {};
  for (const setup of config.setups) {
    const mine = selected.filter((r) => r.setup === setup);
    if (mine.length === 0) continue;
    out[setup] = {
      rounds: mine.map((r) => r.round),
      missing: mine.reduce((n, r) => n + r.missing, 0),
      disconnects: mine.reduce((n, r) => n + r.disconnects, 0),
      all: latencyOf(mine.map((r) => r.pairs)),
      cross: mine[0].crossPairs.length > 0 ? latencyOf(mine.map((r) => r.crossPairs)) : undefined,
      redisCommandsPerUpdate: mean(mine.map((r) => r.redis.commandsPerUpdate)),
      redisRequestsPerUpdate: mean(mine.map((r) => r.redis.requestsPerUpdate)),
      clientCpuPercent: mine.map((r) => r.cpu.clientsPercent),
      serverCpuPercent: mine.map((r) =>
        round(
          r.cpu.serversPercent.reduce((a, b) => a + b, 0),
          1,
        ),
      ),
      redisCpuPercent: mine.map((r) => r.cpu.redisPercent),
      serverUsPerDelivery: mean(mine.map((r) => r.cpu.serverUsPerDelivery)),
    };
  }
  return out;
}

/** The ratios the issue asks for, where both sides were measured. */
function ratiosOf(agg) {
  const ratio = (a, b) => (a !== undefined && b !== undefined ? round(a / b) : undefined);
  const cluster = agg['ours-cluster'];
  const single = agg['ours-single'];
  const hocus = agg.hocuspocus;
  return {
    crossP99VsHocuspocusCrossP99: ratio(cluster?.cross?.p99, hocus?.cross?.p99),
    cpuPerDeliveryVsHocuspocus: ratio(cluster?.serverUsPerDelivery, hocus?.serverUsPerDelivery),
    allP99VsFloorP99: ratio(cluster?.all.p99, agg.floor?.all.p99),
    allP99VsHocuspocusAllP99: ratio(cluster?.all.p99, hocus?.all.p99),
    crossP50VsHocuspocusCrossP50: ratio(cluster?.cross?.p50, hocus?.cross?.p50),
    allP99VsOursSingleP99: ratio(cluster?.all.p99, single?.all.p99),
    crossP99VsOursSingleP99: ratio(cluster?.cross?.p99, single?.all.p99),
    allP50VsOursSingleP50: ratio(cluster?.all.p50, single?.all.p50),
  };
}

function printAggregate(title, agg) {
  log('');
  log(title);
  const cell = (x) => x ?? '–';
  log(
    table([
      [
        'set-up',
        'rounds',
        'missing',
        'deliveries',
        'p50',
        'p90',
        'p99',
        'p99.9',
        'max',
        'cross deliveries',
        'cross p50',
        'cross p90',
        'cross p99',
        'cross max',
        'Redis cmds/update',
        'requests/update',
        'server µs/delivery',
      ],
      ...Object.entries(agg).map(([setup, a]) => [
        setup,
        a.rounds.join(','),
        a.missing,
        a.all.deliveries,
        a.all.p50,
        a.all.p90,
        a.all.p99,
        a.all.p999,
        a.all.max,
        cell(a.cross?.deliveries),
        cell(a.cross?.p50),
        cell(a.cross?.p90),
        cell(a.cross?.p99),
        cell(a.cross?.max),
        a.redisCommandsPerUpdate,
        a.redisRequestsPerUpdate,
        a.serverUsPerDelivery,
      ]),
    ]),
  );
  const r = ratiosOf(agg);
  if (r.crossP99VsHocuspocusCrossP99 !== undefined) {
    log(
      `ours-cluster / hocuspocus: cross-instance p99 ×${r.crossP99VsHocuspocusCrossP99} (goal ≤ 0.5: ` +
        `${r.crossP99VsHocuspocusCrossP99 <= 0.5 ? 'met' : 'NOT met'}), cross p50 ×${r.crossP50VsHocuspocusCrossP50}, ` +
        `all-deliveries p99 ×${r.allP99VsHocuspocusAllP99}`,
    );
  }
  if (r.cpuPerDeliveryVsHocuspocus !== undefined) {
    log(
      `ours-cluster / hocuspocus: server CPU per delivered update ×${r.cpuPerDeliveryVsHocuspocus} (goal ≤ 0.5: ` +
        `${r.cpuPerDeliveryVsHocuspocus <= 0.5 ? 'met' : 'NOT met'})`,
    );
  }
  if (r.allP99VsFloorP99 !== undefined) {
    log(
      `ours-cluster / floor: end-to-end p99 ×${r.allP99VsFloorP99} (goal ≤ 1.25: ${r.allP99VsFloorP99 <= 1.25 ? 'met' : 'NOT met'})`,
    );
  }
  if (r.allP99VsOursSingleP99 !== undefined) {
    log(
      `ours-cluster / ours-single: all-deliveries p99 ×${r.allP99VsOursSingleP99}, cross p99 vs single p99 ×${r.crossP99VsOursSingleP99}, ` +
        `p50 ×${r.allP50VsOursSingleP50}`,
    );
  }
  return r;
}

const machine = machineFacts();
const versions = {
  hocuspocusServer: packageVersion('@hocuspocus/server'),
  hocuspocusRedis: packageVersion('@hocuspocus/extension-redis'),
  hocuspocusProvider: packageVersion('@hocuspocus/provider'),
  yWebsocket: packageVersion('y-websocket'),
};
log(
  `cluster bench: ${config.clients} clients on one board, ${config.writers} writers × ${config.ratePerSecond} updates/s, ` +
    `${config.seconds} s measured after ${config.warmupSeconds} s warm-up, ${config.rounds} round(s) per set-up (alternating), ` +
    `clients in ${config.workers} worker thread(s) of this process, split 50/50 over two instances (ours-single: one)`,
);
log(`machine: ${machine.nproc} CPUs (${machine.cpuModel}), node ${machine.node}, ${machine.platform}`);
log(
  `set-ups: ${config.setups.join(', ')}; ours = server/dist/main.js on Redis${Object.keys(config.oursEnv).length ? ` ${JSON.stringify(config.oursEnv)}` : ''} ` +
    `(y-websocket ${versions.yWebsocket} clients); hocuspocus = @hocuspocus/server ${versions.hocuspocusServer} + ` +
    `extension-redis ${versions.hocuspocusRedis}${Object.keys(config.hocuspocusEnv).length ? ` ${JSON.stringify(config.hocuspocusEnv)}` : ''} ` +
    `(provider ${versions.hocuspocusProvider}); redis-server from PATH, appendfsync everysec`,
);
log('');

const rounds = [];
let failed = false;
for (let r = 1; r <= config.rounds; r++) {
  for (const setup of config.setups) {
    const result = await runRound(setup, r);
    result.latency = latencyOf([result.pairs]);
    result.crossLatency = result.crossPairs.length > 0 ? latencyOf([result.crossPairs]) : undefined;
    result.timeline = timeline(result.pairs, result.warmupEnd);
    rounds.push(result);
    const cross = result.crossLatency ? `  cross p50 ${result.crossLatency.p50} p99 ${result.crossLatency.p99}` : '';
    log(
      `round ${r} ${setup.padEnd(12)} p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  max ${result.latency.max} ms${cross}  ` +
        `(${result.latency.deliveries} measured deliveries, missing ${result.missing}, ` +
        `Redis ${result.redis.commandsPerUpdate} cmds/update, client CPU ${result.cpu.clientsPercent}%, ` +
        `server CPU ${result.cpu.serversPercent.join('+')}% (${result.cpu.serverUsPerDelivery} µs a delivery), redis CPU ${result.cpu.redisPercent}%)`,
    );
    if (result.missing > 0) {
      if (setup !== 'hocuspocus') failed = true;
      log(
        `  MISSING DELIVERIES: ${result.missing} of ${result.expectedDeliveries}; first gaps: ${JSON.stringify(result.gaps)}`,
      );
    }
    if (result.redis.logReads > 0) {
      log(`  note: ${result.redis.logReads} read(s) of the log (catch-up or compaction) in the measured window`);
    }
    result.serverInstrumentation.forEach((inst, i) => {
      if (!inst) return;
      const d = inst.eventLoopDelay;
      log(
        `  instance ${i}: event-loop delay p50 ${round(d.p50)} ms, p99 ${round(d.p99)} ms, max ${round(d.max)} ms; ` +
          `frames sent ${JSON.stringify(inst.framesSent.count)} ` +
          `(by first byte: ${setup === 'hocuspocus' ? "the document name's length" : '0 sync, 1 awareness'}), ${inst.framesSent.bytes} bytes`,
      );
    });
    if (result.disconnects > 0) log(`  ${result.disconnects} client disconnects: ${result.closeEvents.join('; ')}`);
    if (result.serverWarnings.length > 0) log(`  server warnings:\n    ${result.serverWarnings.join('\n    ')}`);
  }
}

for (const r of rounds) r.disturbed = r.cpu.otherPercent > 50 || r.cpu.benchThreadMaxStallMs > 50;

log('');
log(
  'per round (latency in ms; CPU in % of one core over the measured window; stall: longest stall of an idle thread, ms)',
);
log(
  table([
    [
      'round',
      'set-up',
      'deliveries',
      'missing',
      'p50',
      'p90',
      'p99',
      'max',
      'cross p50',
      'cross p99',
      'cross max',
      'cmds/update',
      'client CPU',
      'client loops',
      'server CPU',
      'redis CPU',
      'other CPU',
      'stall',
      'disconnects',
      'disturbed',
    ],
    ...rounds.map((r) => [
      r.round,
      r.setup,
      r.latency.deliveries,
      r.missing,
      r.latency.p50,
      r.latency.p90,
      r.latency.p99,
      r.latency.max,
      r.crossLatency?.p50 ?? '–',
      r.crossLatency?.p99 ?? '–',
      r.crossLatency?.max ?? '–',
      r.redis.commandsPerUpdate,
      `${r.cpu.clientsPercent}%`,
      r.cpu.clientWorkerEventLoopUtilization.map((u) => `${Math.round(u * 100)}%`).join('/'),
      `${r.cpu.serversPercent.join('+')}%`,
      `${r.cpu.redisPercent}%`,
      `${r.cpu.otherPercent}%`,
      r.cpu.benchThreadMaxStallMs,
      r.disconnects,
      r.disturbed ? 'yes' : '',
    ]),
  ]),
);

log('');
log(
  'Redis calls per update written (mean of the rounds; scripts count once as evalsha and again for each call inside)',
);
for (const setup of config.setups) {
  const mine = rounds.filter((r) => r.setup === setup);
  /** @type {Record<string, number>} */
  const sum = {};
  for (const r of mine)
    for (const [name, x] of Object.entries(r.redis.callsPerUpdate)) sum[name] = (sum[name] ?? 0) + x;
  const calls = Object.entries(sum)
    .sort((a, b) => b[1] - a[1])
    .map(([name, x]) => `${name} ${round(x / mine.length, 2)}`)
    .join(', ');
  log(
    `  ${setup.padEnd(12)} ${mean(mine.map((r) => r.redis.commandsPerUpdate))} commands, ` +
      `${mean(mine.map((r) => r.redis.requestsPerUpdate))} requests; ${calls}; ` +
      `${mean(mine.map((r) => r.redis.bytesInPerUpdate))} bytes in, ${mean(mine.map((r) => r.redis.bytesOutPerUpdate))} bytes out`,
  );
}

const aggregate = aggregateOf(rounds);
const ratios = printAggregate('all rounds (latency in ms)', aggregate);
const perRound = Array.from({ length: config.rounds }, (_, i) => {
  const find = (setup) => rounds.find((r) => r.setup === setup && r.round === i + 1);
  const cluster = find('ours-cluster');
  const hocus = find('hocuspocus');
  const single = find('ours-single');
  return {
    round: i + 1,
    crossP99VsHocuspocus:
      cluster?.crossLatency && hocus?.crossLatency
        ? round(cluster.crossLatency.p99 / hocus.crossLatency.p99)
        : undefined,
    allP99VsOursSingle: cluster && single ? round(cluster.latency.p99 / single.latency.p99) : undefined,
    disturbed: [cluster, hocus, single].some((r) => r?.disturbed),
  };
});
if (perRound.some((x) => x.crossP99VsHocuspocus !== undefined)) {
  log(`per round, ours-cluster / hocuspocus cross p99: ${perRound.map((x) => `×${x.crossP99VsHocuspocus}`).join(' ')}`);
}
if (perRound.some((x) => x.allP99VsOursSingle !== undefined)) {
  log(`per round, ours-cluster / ours-single p99: ${perRound.map((x) => `×${x.allP99VsOursSingle}`).join(' ')}`);
}
const { quietAggregate, quietRatios } = reportDisturbed(rounds, (r) => r.setup, aggregateOf, printAggregate);

log('');
for (const setup of config.setups) {
  const missing = rounds.filter((r) => r.setup === setup).reduce((n, r) => n + r.missing, 0);
  log(
    missing === 0
      ? `${setup}: deliveries complete (every receiver observed every write of every writer, in every round)`
      : `${setup}: ${missing} deliveries MISSING${setup === 'hocuspocus' ? ' (a finding about Hocuspocus, not a failure of the run)' : ''}`,
  );
}
warnIfClientsSaturated(rounds);

mkdirSync(dirname(config.out), { recursive: true });
writeFileSync(
  config.out,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine,
      config: { ...config, out: undefined },
      versions,
      aggregate,
      ratios: { ...ratios, perRound },
      undisturbed: quietAggregate && { aggregate: quietAggregate, ratios: quietRatios },
      rounds: rounds.map(({ pairs: _pairs, crossPairs: _crossPairs, warmupEnd: _warmupEnd, ...rest }) => rest),
    },
    null,
    2,
  )}\n`,
);
log(`figures written to ${config.out}`);
process.exit(failed ? 1 : 0);
