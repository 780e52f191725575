// Density (issue 11): how many open boards, each with one idle client, one instance
// carries, and what an idle board and an idle connection cost in memory. The goal: 10,000
// boards with one idle client each in at most 2 GiB RSS, and in Redis mode one subscriber
// connection serving all 10,000 board channels.
//
// Per mode (embedded: SQLite and the in-process bus; redis: REDIS_URL on a fresh
// redis-server), one Archboard instance (server/dist/main.js, started by lib/servers.mjs
// with MAX_LOADED_BOARDS above BOARDS, ROOM_IDLE_MS of a day so no room unloads, no
// per-address cap, a high creation rate limit, and lib/gc-on-signal.mjs preloaded):
//   1. baseline   the instance started, nothing open
//   2. created    BOARDS boards made with POST /api/boards (as the landing page does)
//   3. loaded     each board opened by a client that syncs and leaves: every room stays
//                 loaded (its doc on the doc thread, its awareness, in Redis mode its
//                 channel), with no connection
//   4. connected  one idle client per board again, kept open: the goal's state
//   5. doubled    a second idle client on BENCH_EXTRA_CLIENTS of the boards (half by default,
//                 so the server needs 1.5 × BOARDS sockets, not 2 ×), closed again before the
//                 idle window
// Each reading is taken after BENCH_SETTLE_SECONDS and a full GC of the server's main
// thread (SIGURG, lib/gc-on-signal.mjs): VmRSS and VmHWM from /proc/<pid>/status, the main
// heap and external memory from /metrics. Idle memory per board = (loaded − created) /
// BOARDS; per connection = (doubled − connected) / BENCH_EXTRA_CLIENTS. (The first set's
// delta, connected − loaded, is in the JSON too; it is noisier, since the pages the load
// phase freed are reused by it.) Then, with one idle client per board, the server's CPU
// over BENCH_IDLE_SECONDS (the clients renew their presence every 15 s, as tabs do) and in
// Redis mode the commands per second Redis served meanwhile (INFO commandstats).
//
// The clients: unmodified y-websocket providers (lib/idle-clients.mjs), BENCH_CLIENT_PROCS
// child processes, never in the server's process. Checks: every client synced and none was
// closed while idle; an update written on BENCH_SAMPLES random boards (a node added by a
// fresh provider) reaches that board's idle client; in Redis mode, CLIENT LIST shows ONE
// connection of the instance in pub/sub with BOARDS channels, and PUBSUB CHANNELS counts
// BOARDS board channels.
//
// File descriptors: the server needs one per socket (BOARDS + BENCH_EXTRA_CLIENTS + a few
// hundred). When its soft RLIMIT_NOFILE is lower, it is raised with `prlimit --pid` up to
// the hard limit (the same for the client processes); a hard limit too low stops the
// bench with what to change. Loopback ports: the three sets of clients use about 2.5 ×
// BOARDS ephemeral ports of the 28,000 Linux has by default, the first set's in TIME_WAIT.
//
// Run with `npm run bench:density` (builds the server first; the redis mode needs
// redis-server on PATH). Settings, from the environment:
//   BENCH_BOARDS=10000 BENCH_MODES=embedded,redis BENCH_CLIENT_PROCS=4 BENCH_SAMPLES=5
//   BENCH_SETTLE_SECONDS=5 BENCH_IDLE_SECONDS=30 BENCH_CREATE_CONCURRENCY=16
//   BENCH_JOIN_CONCURRENCY=32 (handshakes in flight per client process)
//   BENCH_EXTRA_CLIENTS=BOARDS/2
//   BENCH_OUT=.tmp/bench-density.json
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { startClientProcs } from './lib/client-procs.mjs';
import { finishBench, int, log, now, sleep } from './lib/harness.mjs';
import { processCpuMs, ROOT, startBenchServer, startRedis } from './lib/servers.mjs';
import { importSharedSource } from './lib/sharedSource.mjs';
import { round, table } from './lib/stats.mjs';

const config = {
  boards: int('BENCH_BOARDS', 10_000),
  modes: (process.env.BENCH_MODES || 'embedded,redis').split(',').filter(Boolean),
  clientProcs: int('BENCH_CLIENT_PROCS', 4),
  samples: int('BENCH_SAMPLES', 5),
  settleSeconds: int('BENCH_SETTLE_SECONDS', 5, 0),
  idleSeconds: int('BENCH_IDLE_SECONDS', 30, 0),
  createConcurrency: int('BENCH_CREATE_CONCURRENCY', 16),
  joinConcurrency: int('BENCH_JOIN_CONCURRENCY', 32),
  extraClients: 0,
  out: resolve(ROOT, process.env.BENCH_OUT || '.tmp/bench-density.json'),
};
config.extraClients = Math.min(config.boards, int('BENCH_EXTRA_CLIENTS', Math.ceil(config.boards / 2)));
for (const mode of config.modes)
  if (mode !== 'embedded' && mode !== 'redis') throw new Error(`BENCH_MODES: unknown mode ${mode}`);
const GOAL_RSS = 2 * 1024 ** 3;
const METRICS_TOKEN = 'density-bench-metrics-token';
const MiB = 1024 * 1024;

const { addNode } = await importSharedSource("export { addNode } from '@archboard/shared';");

/** A value of /proc/<pid>/status in bytes (VmRSS, VmHWM: given in kB). */
function procStatus(pid, field) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Number(line?.split(/\s+/)[1]) * 1024;
}

/** The soft and hard RLIMIT_NOFILE of a process, from /proc/<pid>/limits. */
function fileLimits(pid) {
  const line = readFileSync(`/proc/${pid}/limits`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const [soft, hard] = (line ?? '').split(/\s{2,}/).slice(1, 3);
  const parse = (v) => (v === 'unlimited' ? Infinity : Number(v));
  return { soft: parse(soft), hard: parse(hard) };
}

/** Makes sure the process may open `need` files: raises its soft limit with prlimit when it must. */
function ensureFiles(pid, need, what) {
  const { soft, hard } = fileLimits(pid);
  if (soft >= need) return { soft, hard, raised: false };
  if (hard < need)
    throw new Error(
      `${what} may open ${hard} files at most (hard RLIMIT_NOFILE) and needs ${need}: raise it (ulimit -Hn, or LimitNOFILE for a service) and run again`,
    );
  execFileSync('prlimit', ['--pid', String(pid), `--nofile=${hard}:${hard}`]);
  return { soft: fileLimits(pid).soft, hard, raised: true };
}

/** The server's Prometheus text as name → value (unlabelled samples only). */
async function scrape(server) {
  const response = await fetch(`http://127.0.0.1:${server.port}/metrics`, {
    headers: { authorization: `Bearer ${METRICS_TOKEN}` },
  });
  const text = await response.text();
  /** @type {Record<string, number>} */
  const values = {};
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+) ([-0-9.e+]+)$/.exec(line);
    if (match) values[/** @type {string} */ (match[1])] = Number(match[2]);
  }
  return values;
}

/** Calls by command, from INFO commandstats (`cmdstat_get:calls=12,...`). */
function commandCalls(info) {
  /** @type {Record<string, number>} */
  const calls = {};
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[match[1]] = Number(match[2]);
  return calls;
}

/** Commands per second between two readings, busiest first (the bench's own INFO left out). */
function perSecond(before, after, ms) {
  return Object.fromEntries(
    Object.entries(after)
      .filter(([name]) => name !== 'info')
      .map(([name, calls]) => [name, round(((calls - (before[name] ?? 0)) * 1000) / ms, 0)])
      .filter(([, rate]) => Number(rate) > 0)
      .sort((a, b) => Number(b[1]) - Number(a[1])),
  );
}

/** One memory reading, after the settle time and a full GC of the server's main thread. */
async function reading(server, label) {
  await sleep(config.settleSeconds * 1000);
  process.kill(server.pid, 'SIGURG');
  await sleep(1000);
  const metrics = await scrape(server);
  const r = {
    label,
    rss: procStatus(server.pid, 'VmRSS'),
    hwm: procStatus(server.pid, 'VmHWM'),
    heapUsed: metrics.archboard_process_nodejs_heap_size_used_bytes ?? NaN,
    external: metrics.archboard_process_nodejs_external_memory_bytes ?? NaN,
    rooms: metrics.archboard_rooms ?? NaN,
    connections: metrics.archboard_connections ?? NaN,
  };
  log(
    `  ${label.padEnd(9)} RSS ${mib(r.rss)} MiB (peak ${mib(r.hwm)}), main heap ${mib(r.heapUsed)} MiB, external ${mib(r.external)} MiB, ${r.rooms} rooms, ${r.connections} connections`,
  );
  return r;
}

const mib = (bytes) => round(bytes / MiB, 1);

/** POST /api/boards `count` times, `concurrency` at a time. */
async function createBoards(server, count, concurrency) {
  /** @type {{ id: string, token: string }[]} */
  const boards = [];
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      const response = await fetch(`http://127.0.0.1:${server.port}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: `density ${i}` }),
      });
      if (response.status !== 201) throw new Error(`POST /api/boards answered ${response.status}`);
      const board = /** @type {{ id: string, editToken: string }} */ (await response.json());
      boards[i] = { id: board.id, token: board.editToken };
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return boards;
}

/** Opens a set of idle clients, one per board, the boards dealt round-robin to the client processes. */
async function openAll(procs, server, boards, set) {
  const start = now();
  const answers = await Promise.all(
    procs.map((proc, p) =>
      proc.request({
        type: 'open',
        set,
        serverUrl: server.serverUrl,
        boards: boards.filter((_, i) => i % procs.length === p),
        concurrency: config.joinConcurrency,
        timeoutMs: 60_000,
      }),
    ),
  );
  const synced = answers.reduce((n, a) => n + a.synced, 0);
  const failed = answers.reduce((n, a) => n + a.failed, 0);
  const errors = answers.flatMap((a) => a.errors);
  log(
    `  ${set}: ${synced} clients synced in ${round((now() - start) / 1000, 1)} s${failed ? `, ${failed} failed: ${errors.join('; ')}` : ''}`,
  );
  if (failed > 0) throw new Error(`${failed} clients did not sync`);
  return { synced, seconds: round((now() - start) / 1000, 1) };
}

/** Writes a node on `count` random boards through a fresh client and checks the board's idle client receives it. */
async function checkDelivery(procs, server, boards, count) {
  const results = [];
  for (let s = 0; s < count; s++) {
    const index = Math.floor(Math.random() * boards.length);
    const board = /** @type {{ id: string, token: string }} */ (boards[index]);
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(server.serverUrl, board.id, doc, {
      params: { token: board.token },
      WebSocketPolyfill: /** @type {any} */ (WebSocket),
      disableBc: true,
    });
    await new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`the writer on ${board.id} did not sync`)), 20_000);
      provider.once('sync', () => (clearTimeout(timer), res(undefined)));
    });
    const node = `density-check-${s}`;
    const checked = procs[index % procs.length].request({
      type: 'check',
      set: 'idle',
      board: board.id,
      node,
      timeoutMs: 10_000,
    });
    addNode(doc, { id: node, kind: 'generic.service', x: 0, y: 0, label: node });
    const answer = await checked;
    provider.destroy();
    doc.destroy();
    results.push({ board: board.id, delivered: answer.found, ms: round(answer.ms, 1) });
  }
  const missed = results.filter((r) => !r.delivered);
  log(
    `  delivery on ${count} random boards: ${count - missed.length}/${count} reached their idle client (${results.map((r) => `${r.ms} ms`).join(', ')})`,
  );
  return results;
}

/** Redis mode: the instance's pub/sub connections and the board channels they serve. */
async function redisSubscribers(redis, boards) {
  const { Redis } = await import('ioredis');
  const connection = new Redis(redis.port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1 });
  await connection.connect();
  try {
    const list = /** @type {string} */ (await connection.client('LIST'));
    const clients = list
      .trim()
      .split('\n')
      .map((line) =>
        Object.fromEntries(line.split(' ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])),
      );
    const self = String(await connection.client('ID'));
    const instanceClients = clients.filter((c) => c.id !== self && c.name);
    const subscribers = instanceClients.filter((c) => Number(c.sub) + Number(c.psub) + Number(c.ssub ?? 0) > 0);
    const channels = /** @type {string[]} */ (await connection.pubsub('CHANNELS', 'archboard:*'));
    const sample = boards.slice(0, 5).map((b) => `archboard:{${b.id}}:channel`);
    const numsub = /** @type {(string | number)[]} */ (await connection.pubsub('NUMSUB', ...sample));
    const result = {
      instanceConnections: instanceClients.length,
      subscriberConnections: subscribers.length,
      channelsOnSubscriber: subscribers.map((c) => Number(c.sub)),
      subscriberOutputBufferBytes: subscribers.map((c) => Number(c.omem)),
      boardChannels: channels.filter((c) => c.endsWith(':channel')).length,
      sampleNumsub: numsub.filter((_, i) => i % 2 === 1).map(Number),
      redisUsedMemory: Number(/used_memory:(\d+)/.exec(await connection.info('memory'))?.[1]),
    };
    log(
      `  Redis: ${result.instanceConnections} connections of the instance, ${result.subscriberConnections} in pub/sub (channels: ${result.channelsOnSubscriber.join(', ')}); PUBSUB CHANNELS: ${result.boardChannels} board channels; NUMSUB of 5 boards: ${result.sampleNumsub.join(', ')}`,
    );
    return result;
  } finally {
    connection.disconnect();
  }
}

async function runMode(mode) {
  log(`\n${mode}: ${config.boards} boards, one idle client each`);
  const redis = mode === 'redis' ? await startRedis() : undefined;
  const preload = pathToFileURL(join(ROOT, 'tests/bench/lib/gc-on-signal.mjs')).href;
  const server = await startBenchServer('ours', {
    env: {
      NODE_OPTIONS: `--expose-gc --import=${preload}`,
      MAX_LOADED_BOARDS: String(config.boards + 100),
      ROOM_IDLE_MS: String(24 * 3600_000),
      UNOPENED_BOARD_MAX_AGE_HOURS: '0',
      METRICS_TOKEN,
      ...(redis ? { REDIS_URL: redis.url } : {}),
    },
  });
  const perProc = Math.ceil(config.boards / config.clientProcs);
  /** @type {import('./lib/client-procs.mjs').ClientProc[]} */
  let procs = [];
  try {
    const files = ensureFiles(server.pid, config.boards + config.extraClients + 512, 'the server');
    log(
      `  server pid ${server.pid}: RLIMIT_NOFILE ${files.soft}${files.raised ? ' (raised with prlimit)' : ''}, hard ${files.hard}`,
    );
    const readings = [await reading(server, 'baseline')];
    const createStart = now();
    const boards = await createBoards(server, config.boards, config.createConcurrency);
    const createSeconds = round((now() - createStart) / 1000, 1);
    log(`  created ${boards.length} boards in ${createSeconds} s`);
    readings.push(await reading(server, 'created'));

    procs = await startClientProcs(join(ROOT, 'tests/bench/lib/idle-clients.mjs'), config.clientProcs);
    const clientFiles = procs.map((p) => ensureFiles(p.pid, 2 * perProc + 256, 'a client process'));
    const loadJoin = await openAll(procs, server, boards, 'load');
    await Promise.all(procs.map((p) => p.request({ type: 'close', set: 'load' })));
    readings.push(await reading(server, 'loaded'));

    const idleJoin = await openAll(procs, server, boards, 'idle');
    readings.push(await reading(server, 'connected'));
    // A second idle client on every board: the marginal cost of a connection, measured on
    // pages the first set's joins already touched (the first set's delta also carries what
    // the load phase left in the heap).
    const extra = boards.slice(0, config.extraClients);
    await openAll(procs, server, extra, 'extra');
    readings.push(await reading(server, 'doubled'));
    await Promise.all(procs.map((p) => p.request({ type: 'close', set: 'extra' })));

    const cpuBefore = processCpuMs(server.pid);
    const redisBefore = redis ? commandCalls(await redis.info('commandstats')) : undefined;
    const idleStart = now();
    await sleep(config.idleSeconds * 1000);
    const idleCpuPercent = round(((processCpuMs(server.pid) - cpuBefore) / (now() - idleStart)) * 100, 1);
    const idleRedisPerSecond =
      redisBefore && redis
        ? perSecond(redisBefore, commandCalls(await redis.info('commandstats')), now() - idleStart)
        : undefined;
    const clientStats = await Promise.all(procs.map((p) => p.request({ type: 'stats' })));
    const stillOpen = clientStats.reduce((n, s) => n + s.open, 0);
    const closes = clientStats.map((s) => s.closes).filter((c) => Object.keys(c).length > 0);
    log(
      `  idle ${config.idleSeconds} s: server CPU ${idleCpuPercent}% of a core; ${stillOpen}/${boards.length} clients connected${closes.length ? `; closes by the server: ${JSON.stringify(closes)}` : ''}`,
    );
    if (idleRedisPerSecond)
      log(
        `  Redis commands per second while idle: ${Object.entries(idleRedisPerSecond)
          .map(([name, rate]) => `${name} ${rate}`)
          .join(', ')}`,
      );

    const delivery = await checkDelivery(procs, server, boards, config.samples);
    const subscribers = redis ? await redisSubscribers(redis, boards) : undefined;
    const final = await reading(server, 'final');

    const [, created, loaded, connected, doubled] = /** @type {any[]} */ (readings);
    const perBoard = (loaded.rss - created.rss) / config.boards;
    const perConnection = (doubled.rss - connected.rss) / extra.length;
    const result = {
      mode,
      boards: config.boards,
      createSeconds,
      joinSeconds: { loading: loadJoin.seconds, loaded: idleJoin.seconds },
      readings: [...readings, final],
      rssAtGoalMiB: mib(connected.rss),
      goalMet: connected.rss <= GOAL_RSS,
      perBoardKB: round(perBoard / 1024, 1),
      perConnectionKB: round(perConnection / 1024, 1),
      perBoardHeapKB: round((loaded.heapUsed - created.heapUsed) / config.boards / 1024, 1),
      extraClients: extra.length,
      perConnectionHeapKB: round((doubled.heapUsed - connected.heapUsed) / extra.length / 1024, 1),
      firstConnectionKB: round((connected.rss - loaded.rss) / config.boards / 1024, 1),
      firstConnectionHeapKB: round((connected.heapUsed - loaded.heapUsed) / config.boards / 1024, 1),
      idleCpuPercent,
      idleRedisPerSecond,
      clientsConnectedAfterIdle: stillOpen,
      closesWhileIdle: closes,
      delivery,
      redis: subscribers,
      serverFiles: files,
      clientFiles,
      clientProcessRssMiB: clientStats.map((s) => mib(s.rss)),
      serverWarnings: server.warnings.slice(0, 20),
    };
    log(
      `  → ${mib(connected.rss)} MiB RSS with ${config.boards} boards and clients (goal ≤ 2048: ${result.goalMet ? 'met' : 'NOT met'}); idle board ${result.perBoardKB} KB, idle connection ${result.perConnectionKB} KB`,
    );
    return result;
  } finally {
    for (const proc of procs) proc.stop();
    await server.stop();
    await redis?.stop();
  }
}

log(
  `density bench: ${config.boards} boards per mode (${config.modes.join(', ')}), clients in ${config.clientProcs} processes`,
);
const results = [];
config.extraClients = Math.min(config.boards, int('BENCH_EXTRA_CLIENTS', Math.ceil(config.boards / 2)));
for (const mode of config.modes) results.push(await runMode(mode));

log('\nsummary');
log(
  table([
    [
      'mode',
      'RSS at goal (MiB)',
      'goal ≤ 2048',
      'idle board (KB)',
      'idle connection (KB)',
      'idle CPU (% core)',
      'delivered',
    ],
    ...results.map((r) => [
      r.mode,
      r.rssAtGoalMiB,
      r.goalMet ? 'met' : 'NOT met',
      r.perBoardKB,
      r.perConnectionKB,
      r.idleCpuPercent,
      `${r.delivery.filter((d) => d.delivered).length}/${r.delivery.length}`,
    ]),
  ]),
);
const failures = results.flatMap((r) => [
  ...(r.delivery.every((d) => d.delivered) ? [] : [`${r.mode}: an update did not reach its idle client`]),
  ...(r.clientsConnectedAfterIdle === r.boards ? [] : [`${r.mode}: clients were dropped while idle`]),
  ...(r.redis && (r.redis.subscriberConnections !== 1 || r.redis.boardChannels !== r.boards)
    ? [`${r.mode}: expected one subscriber connection with ${r.boards} channels`]
    : []),
]);
finishBench(config.out, { config, results }, failures);
