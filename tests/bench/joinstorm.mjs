// Join storm (issue 11): 100 clients joining a 4 MB board at once. The goal: every one
// synced within 3 s, with one load of the board from the store.
//
// Per mode (embedded: SQLite; redis: REDIS_URL on a fresh redis-server), one Archboard
// instance (server/dist/main.js via lib/servers.mjs, ROOM_IDLE_MS=1000 so an empty room
// unloads within a second; MAX_BYTES_PER_SECOND raised so the board is written quickly,
// which only the writer uses). The board is written through a y-websocket provider with
// shared's operations (addNode, setNodeNotes, connect) until its encoded state reaches
// BENCH_BOARD_MB: nodes with a label and ~BENCH_NOTES_CHARS of notes, each joined to the
// one before by an edge. A fresh client checks that the server holds all of it; then every
// client leaves and the room unloads (storing a compacted snapshot), so the storm's first
// join must load the board from the store.
//
// Each round, two storms, each on a freshly unloaded room (so each loads the board from
// the store once), BENCH_CLIENTS clients spread over BENCH_CLIENT_PROCS child processes
// (lib/storm-clients.mjs), all created at one instant:
//   raw       bare WebSockets speaking the y-websocket protocol: sync step 1 with an empty
//             state vector, then the time the whole board (sync step 2) is in. They apply
//             nothing, so this is the server's part: load, encode, deliver to everyone.
//             Every one must get the same bytes.
//   provider  unmodified y-websocket providers with empty docs: the time of the 'sync'
//             event with every node in the doc; every doc's state vector must equal the
//             writer's.
// Loads from the store: the `loads` count of /healthz (RoomRegistry.loads, one per room
// opened, each room loading once) before and after; each storm must make exactly one.
//
// On one machine the providers' own Yjs work is part of `synced`: applying the board takes
// one client `applyMs` (printed, measured alone), and 100 of them share the machine's
// cores, so `synced` then measures the clients. The bench prints the client processes'
// CPU and the machine's other load before each storm (it waits up to
// BENCH_QUIET_WAIT_SECONDS for a quiet machine). With one client per machine, a client
// syncs at about its raw arrival time plus its own apply.
//
// Run with `npm run bench:joinstorm` (builds the server first; the redis mode needs
// redis-server on PATH). Settings, from the environment:
//   BENCH_CLIENTS=100 BENCH_CLIENT_PROCS=4 BENCH_BOARD_MB=4 BENCH_NOTES_CHARS=300
//   BENCH_ROUNDS=2 BENCH_QUIET_WAIT_SECONDS=20 BENCH_MODES=embedded,redis
//   BENCH_OUT=.tmp/bench-joinstorm.json
import { join, resolve } from 'node:path';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { startClientProcs } from './lib/client-procs.mjs';
import { finishBench, int, log, now, sleep, waitForQuiet } from './lib/harness.mjs';
import { processCpuMs, ROOT, startBenchServer, startRedis } from './lib/servers.mjs';
import { importSharedSource } from './lib/sharedSource.mjs';
import { round, table } from './lib/stats.mjs';

const config = {
  clients: int('BENCH_CLIENTS', 100),
  clientProcs: int('BENCH_CLIENT_PROCS', 4),
  boardMB: int('BENCH_BOARD_MB', 4),
  notesChars: int('BENCH_NOTES_CHARS', 300, 0),
  rounds: int('BENCH_ROUNDS', 2),
  quietWaitSeconds: int('BENCH_QUIET_WAIT_SECONDS', 20, 0),
  modes: (process.env.BENCH_MODES || 'embedded,redis').split(',').filter(Boolean),
  out: resolve(ROOT, process.env.BENCH_OUT || '.tmp/bench-joinstorm.json'),
};
for (const mode of config.modes)
  if (mode !== 'embedded' && mode !== 'redis') throw new Error(`BENCH_MODES: unknown mode ${mode}`);
const MiB = 1024 * 1024;

const { addNode, boardMaps, connect, setNodeNotes } = await importSharedSource(
  "export { addNode, boardMaps, connect, setNodeNotes } from '@archboard/shared';",
);

/** A provider on the board, resolved once synced. */
async function provider(server) {
  const doc = new Y.Doc();
  const p = new WebsocketProvider(server.serverUrl, server.room, doc, {
    params: server.params,
    WebSocketPolyfill: /** @type {any} */ (WebSocket),
    disableBc: true,
  });
  await new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error('a setup client did not sync in 60 s')), 60_000);
    p.once('sync', () => (clearTimeout(timer), res(undefined)));
  });
  return {
    doc,
    provider: p,
    destroy: () => (p.destroy(), doc.destroy()),
  };
}

const health = async (server) =>
  /** @type {Promise<{ rooms: number, loads: number, connections: number }>} */ (
    (await fetch(`http://127.0.0.1:${server.port}/healthz`)).json()
  );

async function until(check, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Fills the board to `bytes` of encoded state, in batches the server's update cap accepts. */
async function fillBoard(server, bytes) {
  const writer = await provider(server);
  const notes = 'x'.repeat(config.notesChars);
  let count = 0;
  let previous;
  const start = now();
  while (Y.encodeStateAsUpdate(writer.doc).byteLength < bytes) {
    // One transaction per batch: one update of ~100 KB, under MAX_UPDATE_BYTES (512 KB).
    writer.doc.transact(() => {
      for (let i = 0; i < 200; i++) {
        const id = `n${String(count).padStart(6, '0')}`;
        const label = `service ${count}`;
        addNode(writer.doc, {
          id,
          kind: 'generic.service',
          x: (count % 100) * 200,
          y: Math.floor(count / 100) * 150,
          label,
        });
        setNodeNotes(writer.doc, id, `${label}: ${notes}`);
        if (previous) connect(writer.doc, { source: previous, target: id });
        previous = id;
        count++;
      }
    });
    await sleep(20);
  }
  const state = Y.encodeStateAsUpdate(writer.doc);
  const stateBytes = state.byteLength;
  // What one client's own Yjs work on the board costs (it has the machine to itself then):
  // the median of three applies of the whole state to an empty doc.
  const applies = [0, 1, 2].map(() => {
    const start = now();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    doc.destroy();
    return now() - start;
  });
  const applyMs = round(applies.sort((a, b) => a - b)[1], 0);
  const stateVector = Buffer.from(Y.encodeStateVector(writer.doc)).toString('base64');
  // The server holds it all once a fresh client sees every node.
  const probe = await provider(server);
  await until(async () => boardMaps(probe.doc).nodes.size === count, 'the board to be stored');
  probe.destroy();
  writer.destroy();
  log(
    `  board: ${count} nodes, ${count - 1} edges, ${round(stateBytes / MiB, 2)} MiB encoded, written in ${round((now() - start) / 1000, 1)} s; one client applies it in ${applyMs} ms`,
  );
  return { nodes: count, stateBytes, stateVector, applyMs };
}

async function runMode(mode) {
  log(`\n${mode}: ${config.clients} clients join a ${config.boardMB} MB board at once, ${config.rounds} rounds`);
  const redis = mode === 'redis' ? await startRedis() : undefined;
  const server = await startBenchServer('ours', {
    env: {
      ROOM_IDLE_MS: '1000',
      MAX_BYTES_PER_SECOND: String(256 * MiB),
      ...(redis ? { REDIS_URL: redis.url } : {}),
    },
  });
  /** @type {import('./lib/client-procs.mjs').ClientProc[]} */
  let procs = [];
  try {
    const board = await fillBoard(server, config.boardMB * 1_000_000);
    procs = await startClientProcs(join(ROOT, 'tests/bench/lib/storm-clients.mjs'), config.clientProcs);
    const rounds = [];
    for (let r = 1; r <= config.rounds; r++) {
      for (const kind of /** @type {const} */ (['raw', 'provider'])) {
        const result = await storm(server, procs, board, kind);
        rounds.push({ round: r, ...result });
      }
    }
    return { mode, board, rounds, serverWarnings: server.warnings.slice(0, 20) };
  } finally {
    for (const proc of procs) proc.stop();
    await server.stop();
    await redis?.stop();
  }
}

/**
 * One storm: the room unloaded, then every client joins at one instant.
 * @param {'raw' | 'provider'} kind
 */
async function storm(server, procs, board, kind) {
  await until(async () => (await health(server)).rooms === 0, 'the room to unload');
  const machineLoad = await waitForQuiet(config.quietWaitSeconds * 1000);
  const before = await health(server);
  const cpu = { server: processCpuMs(server.pid), clients: procs.map((p) => processCpuMs(p.pid)) };
  const startAt = now() + 300;
  const share = (p) => Math.floor(config.clients / procs.length) + (p < config.clients % procs.length ? 1 : 0);
  const answers = await Promise.all(
    procs.map((proc, p) =>
      proc.request({
        type: 'join',
        kind,
        serverUrl: server.serverUrl,
        board: server.room,
        token: server.params.token,
        count: share(p),
        startAt,
        expectNodes: board.nodes,
        // Providers on one machine queue behind each other's Yjs work (see the header).
        timeoutMs: 180_000,
      }),
    ),
  );
  const wallMs = now() - startAt;
  const serverCpuMs = processCpuMs(server.pid) - cpu.server;
  const clientCpuMs = procs.map((p, i) => processCpuMs(p.pid) - /** @type {number} */ (cpu.clients[i]));
  const after = await health(server);
  await Promise.all(procs.map((p) => p.request({ type: 'close' })));
  const clients = answers.flatMap((a) => a.clients);
  const failed = answers.reduce((n, a) => n + a.failed, 0);
  // Providers: the writer's state vector and every node. Raw clients: all got the same bytes.
  const differing =
    kind === 'provider'
      ? clients.filter((c) => c.stateVector !== board.stateVector || c.nodes !== board.nodes).length
      : clients.filter((c) => c.sha256 !== clients[0]?.sha256).length;
  const result = {
    kind,
    clients: clients.length,
    failed,
    errors: answers.flatMap((a) => a.errors),
    differing,
    loads: after.loads - before.loads,
    arrivedMs: percentiles(clients.map((c) => c.arrived)),
    ...(kind === 'provider' ? { syncedMs: percentiles(clients.map((c) => c.synced)) } : {}),
    serverCpuMs: round(serverCpuMs, 0),
    clientCpuBusy: clientCpuMs.map((ms) => round(ms / wallMs, 2)),
    machineLoadPercent: machineLoad,
  };
  const synced = result.syncedMs
    ? `synced p50 ${result.syncedMs.p50} ms, p95 ${result.syncedMs.p95}, max ${result.syncedMs.max}; `
    : '';
  log(
    `  ${kind.padEnd(8)} ${synced}step 2 in p50 ${result.arrivedMs.p50} ms, p95 ${result.arrivedMs.p95}, max ${result.arrivedMs.max}; ${result.loads} load(s); server CPU ${result.serverCpuMs} ms; client processes busy ${result.clientCpuBusy.map((b) => `${Math.round(/** @type {number} */ (b) * 100)}%`).join(' ')}; other load before ${machineLoad}% of a core${failed ? `; ${failed} FAILED: ${result.errors.join('; ')}` : ''}${differing ? `; ${differing} clients DIFFER` : ''}`,
  );
  return result;
}

/** p50, p95 and max (nearest rank), ms. */
function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { p50: round(at(50), 0), p95: round(at(95), 0), max: round(sorted.at(-1), 0) };
}

log(`join-storm bench: ${config.clients} clients, ${config.boardMB} MB board, modes ${config.modes.join(', ')}`);
const results = [];
for (const mode of config.modes) results.push(await runMode(mode));

log('\nsummary (every storm; times in ms from the instant every client was created)');
log(
  table([
    ['mode', 'round', 'clients', 'step 2 in p50', 'p95', 'max', 'synced p50', 'p95', 'max', 'loads', 'other load'],
    ...results.flatMap((m) =>
      m.rounds.map((r) => [
        m.mode,
        r.round,
        r.kind,
        r.arrivedMs.p50,
        r.arrivedMs.p95,
        r.arrivedMs.max,
        r.syncedMs?.p50 ?? '',
        r.syncedMs?.p95 ?? '',
        r.syncedMs?.max ?? '',
        r.loads,
        `${r.machineLoadPercent}%`,
      ]),
    ),
  ]),
);
const failures = results.flatMap((m) =>
  m.rounds.flatMap((r) => [
    ...(r.failed > 0 ? [`${m.mode} round ${r.round} ${r.kind}: ${r.failed} clients did not sync`] : []),
    ...(r.differing > 0 ? [`${m.mode} round ${r.round} ${r.kind}: ${r.differing} clients differ`] : []),
    ...(r.loads !== 1 ? [`${m.mode} round ${r.round} ${r.kind}: ${r.loads} loads from the store, not 1`] : []),
  ]),
);
finishBench(config.out, { config, results }, failures);
