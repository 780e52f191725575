// Client bench ("A canvas that stays live on big boards"): Archboard's board page against a
// bare React Flow app (tests/bench/client/bare: nodes and edges in useState, applyNodeChanges),
// both production builds with the same react, react-dom and @xyflow/react, in one headless
// Chromium (/usr/bin/chromium or CHROMIUM_PATH; nothing is ever downloaded), 1440 × 900 CSS px,
// device scale factor 1, each page in a fresh browser context (fresh storage and caches).
// A new context opens a browser window, and Chromium starts that window's own WebUI (its
// omnibox popup, in a renderer of its own: about 0.7 s of CPU in its first second here),
// which a person's browser did long before they opened a link. So each page is opened on
// about:blank and navigated only once the bench's process tree (browser, server, bench) is
// quiet: under QUIET_CPU (10 %) of a core over 200 ms, at most QUIET_WAIT_MS (5 s) later.
//
// The board: N nodes on a grid (150 px apart, 130 px between rows, about as wide as high),
// ~1.2 N edges (each node to its right-hand neighbour, then enough downward ones), no edge
// labels. Archboard gets it as an export (POST /api/boards, a fresh board per page load: aws.*
// service nodes, 112 × ~84 px, `sync` edges), the bare app as /board.json (default nodes sized
// 112 × 84 px by its CSS, default smoothstep edges). Identical positions in both.
//
// The viewport: the same zoom in both apps, set explicitly through React Flow's own store
// (client/page.mjs setViewport; no fitView): the zoom that fits the whole grid, with 20 px to
// spare, into the smaller of the two panes (Archboard's canvas, between its palette and its
// design-questions panel, measured on a small board at the start), the grid centred in each
// app's pane. Every node must then lie inside its pane, or the bench stops.
//
// Per page load ("rep"):
//   canvas ms from navigation start (performance.timeOrigin) to the first animation frame at
//          which the DOM holds React Flow's pane (`.react-flow__pane`): the first board paint.
//   load   ms from navigation start to the first animation frame at which the DOM holds N
//          `.react-flow__node` elements (both checked once per frame).
//   heap   JSHeapUsedSize (CDP Performance.getMetrics) once the page went quiet, the viewport
//          was set (and the page quiet again) and HeapProfiler.collectGarbage ran.
//   quiet  ms from navigation start until the main thread first goes quiet after the load
//          (the start of the first 250 ms with it under 10% busy): the work left after `load`.
//   drag   CDP mouse input (Input.dispatchMouseEvent, as a person's mouse): press on a node a
//          quarter of the way along the middle row, 3 moves to start the drag, then one move per
//          animation frame: as each frame starts, the page tells the bench (a CDP binding called
//          from the bench's rAF loop, with the frame's number), which sends the next move at
//          once, so that the page handles exactly one move at the start of each frame, however
//          slow it is. 8 CSS px right and 2 down, 30 moves one way and 30 back; MOVES (60)
//          moves, or fewer once 2 s passed and MIN_FRAMES (12) frames were drawn (a slow page),
//          at most 10 s; then release. Over that span:
//            busy ms/frame = Δ(TaskDuration − DevToolsCommandDuration) / frames
//          TaskDuration: the renderer main thread's time in tasks (wall clock: script, style,
//          layout, paint, GC…; Performance.getMetrics with timeDomain timeTicks), read just
//          before the first move and just after the frame that drew the last;
//          DevToolsCommandDuration: its part answering the bench's own CDP commands; frames:
//          the frames from the one that handled the first move to the one that handled the last
//          (the frame numbers the page reported; = moves unless the bench missed a frame).
//          Also per frame: script, style and layout ms (ScriptDuration, RecalcStyleDuration,
//          LayoutDuration), the main thread's CPU ms (ThreadTime; wall minus CPU is time the
//          thread waited for a core), frames per second, the median and longest frame.
// Sizes: 500, 1,000 and 2,000 nodes; one warm-up pair before the first size, then REPS pairs
// per size, the two apps alternately first. Each pair gives the ratio Archboard / bare of each
// figure; the tables show each app's median and the median of the per-pair ratios (and range).
//
// Other jobs: the CPU the machine spends outside this process tree (the bench, its server,
// its browser) is measured over every drag (/proc/stat against /proc/<pid>/stat). A pair with
// more than DISTURBED_LOAD (0.3) of a core of it is marked disturbed; the medians leave the
// disturbed pairs out when at least 3 undisturbed ones remain (the tables say which).
//
// Remote edits (not in --quick): with a 1,000-node board on screen (the viewport as above),
// 50 nodes (every 20th) move at 20 Hz for 10 s. In Archboard an unmodified y-websocket
// WebsocketProvider in this process moves them, each tick one moveNodes(doc, moves, origin) of
// @archboard/shared, through Archboard's server. The anchor: the bare app gets the same ticks
// from this process over a plain WebSocket (a JSON list of [id, x, y] each) and applies each
// with setNodes, the canonical way; no server, no document. Tick k puts each of them at (its grid x + k + 1, its grid y), and the
// bench notes when it sent each tick (performance.timeOrigin + performance.now(), aligned to
// Date.now()). In the page a MutationObserver on the nodes' style attributes records each new
// x a watched node's transform shows, stamped the same way (aligned to the page's Date.now()).
// A write is on screen when its node first shows its x or a later one (the page may skip
// ticks). Reported: frames per second during the 10 s and the longest gap between frames;
// write-to-screen delay p50 / p95 / max over all 10,000 (tick, node) writes; the trend (p95 of
// the writes sent in the first 2 s against the last 2 s); the time from the last write until
// all 50 nodes show their final x; and the main thread's busy share during the 10 s. The bench
// waits at most CATCH_UP seconds after the last write; a page that has not caught up by then
// gets lower bounds (≥) for the delays. REMOTE_REPS pairs (one run of each app, alternately
// first), after the drag sizes; the ratios are medians of the per-pair ratios.
//
// Quick mode (`--quick`, for CI): 500 nodes, load and drag only, 3 pairs after the warm-up,
// about a minute. Exit code 1 when the median drag ratio (busy ms/frame, Archboard / bare) of a
// size exceeds BENCH_CLIENT_MAX_DRAG_RATIO (3), or, when BENCH_CLIENT_MAX_LOAD_RATIO is set, the
// median load ratio exceeds it. The full run prints the same checks without failing.
//
// Profiles: BENCH_CLIENT_PROFILE=<dir> saves CPU profiles (CDP Profiler, 100 µs sampling) of
// extra runs after the measured ones (not measured themselves), at 1,000 nodes:
// archboard-drag-1000.cpuprofile and bare-drag-1000.cpuprofile (the span of one drag each) and
// archboard-load-1000.cpuprofile and bare-load-1000.cpuprofile (navigation start to all nodes in
// the DOM), archboard-remote-1000.cpuprofile and bare-remote-1000.cpuprofile (one remote-edit run
// of each: the 10 s of writes and the catch-up).
// Open them in Chrome DevTools (Performance panel → Load profile) or https://www.speedscope.app.
// BENCH_CLIENT_TRACE=<dir> writes a Chrome trace of each remote-edit run (<dir>/archboard-remote-1000.json,
// <dir>/bare-remote-1000.json; each app's last run stays): every thread of the browser, so the raster
// workers' and the compositor's time show beside the main thread's (Performance panel → Load
// profile); after each traced run it prints the run's ms per frame by thread, as for a drag trace.
// BENCH_CLIENT_DRAG_TRACE=<dir> adds, after the measured runs, one drag of each app at 1,000 nodes
// traced the same way (<dir>/archboard-drag-1000.json, <dir>/bare-drag-1000.json, the span of the
// measured moves; not measured themselves) and prints each one's ms per frame by thread
// (lib/traceSummary.mjs): the main thread's script, style, layout, hit testing, paint, layerize
// and commit; the compositor thread's tasks and commit; the workers' raster, image decoding and
// V8's concurrent GC. On a 2-core machine the last two compete with the main thread for a core.
// BENCH_CLIENT_LOAD_TRACE=<dir> adds one load of each app at 1,000 nodes, traced the same way and
// with V8's compiles (<dir>/archboard-load-1000.json, bare-load-1000.json; not measured), and
// prints the main thread's time from navigation start to every node in the DOM, by 100 ms and by
// kind (script, compile, style, layout, paint, GC…), its long tasks with their CPU ms (a task
// whose CPU falls short of its time waited for a core) and Archboard's server's CPU meanwhile.
// The client build is minified: for readable names, build it with `--minify false` into a
// directory of your own and point ARCHBOARD_TEST_CLIENT_DIR at it:
//   (cd client && node node_modules/vite/bin/vite.js build --minify false --outDir /tmp/ab-client)
//   ARCHBOARD_TEST_CLIENT_DIR=/tmp/ab-client BENCH_CLIENT_PROFILE=/tmp/ab-prof BENCH_CLIENT_SIZES=none \
//     BENCH_CLIENT_REMOTE_REPS=0 node tests/bench/client.mjs        (the profiles alone, under a minute)
//
// Run with `npm run bench:client [-- --quick]` (builds what is missing or stale first), about
// 6 minutes. Settings, from the environment:
//   BENCH_CLIENT_SIZES=500,1000,2000 (or none) BENCH_CLIENT_REPS=5 BENCH_CLIENT_MOVES=60
//   BENCH_CLIENT_REMOTE_REPS=3 BENCH_CLIENT_REMOTE_SECONDS=10 BENCH_CLIENT_REMOTE_HZ=20 (the ticks a second)
//   BENCH_CLIENT_CATCH_UP_SECONDS=30
//   BENCH_CLIENT_QUIET_WAIT_SECONDS=20 (5 with --quick) BENCH_CLIENT_OUT=.tmp/bench-client.json
//   BENCH_CLIENT_RTT_MS=0   a round trip for both apps' pages (a loopback proxy that holds every chunk half of
//                           it each way; see throughLatency): loads as over a real network instead of loopback
//   BENCH_CLIENT_MAX_DRAG_RATIO=3 BENCH_CLIENT_MAX_LOAD_RATIO BENCH_CLIENT_PROFILE=<dir> BENCH_CLIENT_TRACE=<dir>
//   BENCH_CLIENT_DRAG_TRACE=<dir>
//   ARCHBOARD_TEST_SERVER_DIST, ARCHBOARD_TEST_CLIENT_DIR   another server / client build (as the tests)
//   BENCH_CLIENT_BARE_DIR (tests/bench/client/bare/dist)     the built bare app
//   CHROMIUM_PATH (/usr/bin/chromium)   BENCH_CLIENT_DEBUG=1   the bench's own steps, timed
//   BENCH_CLIENT_SCREENSHOTS=<dir>   what each app shows before its drags (<app>-<nodes>.png, the last pair's)
//   BENCH_CLIENT_HEAP_SNAPSHOTS=<dir>  a heap snapshot of each app after the GC that the heap figure follows
//                                      (<app>-<nodes>.heapsnapshot, the last pair's)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { connect, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { chromium } from 'playwright-core';
import WebSocket, { WebSocketServer } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import * as pageSide from './client/page.mjs';
import { importSharedSource } from './lib/sharedSource.mjs';
import { int, log, machineFacts, sleep, waitForQuiet } from './lib/harness.mjs';
import { freePort, machineBusyMs, processCpuMs, ROOT } from './lib/servers.mjs';
import { round, table } from './lib/stats.mjs';
import { formatLoadTimeline, formatTraceSummary, loadTimeline, summariseTrace } from './lib/traceSummary.mjs';

const QUICK = process.argv.includes('--quick');
const config = {
  quick: QUICK,
  sizes: (process.env.BENCH_CLIENT_SIZES || (QUICK ? '500' : '500,1000,2000'))
    .split(',')
    .filter((size) => size !== 'none')
    .map(Number),
  reps: int('BENCH_CLIENT_REPS', QUICK ? 3 : 5),
  moves: int('BENCH_CLIENT_MOVES', 60),
  remoteReps: QUICK ? 0 : int('BENCH_CLIENT_REMOTE_REPS', 3, 0),
  catchUpMs: int('BENCH_CLIENT_CATCH_UP_SECONDS', 30) * 1000,
  remote: {
    nodes: 1000,
    moved: 50,
    rateHz: int('BENCH_CLIENT_REMOTE_HZ', 20),
    seconds: int('BENCH_CLIENT_REMOTE_SECONDS', 10),
  },
  maxDragRatio: int('BENCH_CLIENT_MAX_DRAG_RATIO', 3, 0),
  maxLoadRatio: int('BENCH_CLIENT_MAX_LOAD_RATIO', Infinity, 0),
  quietWaitMs: int('BENCH_CLIENT_QUIET_WAIT_SECONDS', QUICK ? 5 : 20, 0) * 1000,
  rttMs: int('BENCH_CLIENT_RTT_MS', 0, 0),
  profileDir: process.env.BENCH_CLIENT_PROFILE ? resolve(process.env.BENCH_CLIENT_PROFILE) : undefined,
  trace: process.env.BENCH_CLIENT_TRACE ? resolve(process.env.BENCH_CLIENT_TRACE) : undefined,
  dragTraceDir: process.env.BENCH_CLIENT_DRAG_TRACE ? resolve(process.env.BENCH_CLIENT_DRAG_TRACE) : undefined,
  loadTraceDir: process.env.BENCH_CLIENT_LOAD_TRACE ? resolve(process.env.BENCH_CLIENT_LOAD_TRACE) : undefined,
  out: resolve(ROOT, process.env.BENCH_CLIENT_OUT || '.tmp/bench-client.json'),
  screenshotDir: process.env.BENCH_CLIENT_SCREENSHOTS ? resolve(process.env.BENCH_CLIENT_SCREENSHOTS) : undefined,
  heapSnapshotDir: process.env.BENCH_CLIENT_HEAP_SNAPSHOTS
    ? resolve(process.env.BENCH_CLIENT_HEAP_SNAPSHOTS)
    : undefined,
  serverMain: join(process.env.ARCHBOARD_TEST_SERVER_DIST || join(ROOT, 'server/dist'), 'main.js'),
  clientDir: resolve(process.env.ARCHBOARD_TEST_CLIENT_DIR || join(ROOT, 'client/dist')),
  bareDir: resolve(process.env.BENCH_CLIENT_BARE_DIR || join(ROOT, 'tests/bench/client/bare/dist')),
  chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
};
for (const n of config.sizes) if (!Number.isInteger(n) || n < 10) throw new Error(`BENCH_CLIENT_SIZES: ${n}?`);
for (const [what, file] of [
  ['server build', config.serverMain],
  ['client build', join(config.clientDir, 'index.html')],
  ['bare app build', join(config.bareDir, 'index.html')],
  ['Chromium', config.chromium],
]) {
  if (!existsSync(file)) throw new Error(`${what} missing: ${file} (npm run bench:client builds the apps)`);
}

const VIEWPORT = { width: 1440, height: 900 };
const NODE = { width: 112, height: 84, dx: 150, dy: 130 };
/** Frames a drag is measured over at least (see drag). */
const MIN_FRAMES = 12;
/** The page function (a CDP binding) that tells the bench a frame started. */
const FRAME_BINDING = '__benchFrame';
/** Space left around the grid in the smaller pane, CSS px. */
const MARGIN = 20;
/** CPU use of other jobs (share of one core) above which a pair counts as disturbed. */
const DISTURBED_LOAD = 0.3;
/** The bench's process tree counts as quiet under this share of one core (see quietTree). */
const QUIET_CPU = 0.1;
/** How long openPage waits at most for a quiet tree before it navigates anyway. */
const QUIET_WAIT_MS = 5000;
const KINDS = ['aws.lambda', 'aws.ecs', 'aws.dynamodb', 'aws.sqs', 'aws.s3', 'aws.api-gateway', 'aws.elasticache'];
const HOST = '127.0.0.1';
/** What a trace of a remote-edit run or a drag records: the renderer's frames, paint and raster, the compositor. */
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'cc', 'viz'];
/** A load's trace adds the navigation's start (blink.user_timing) and the scripts' compiles. */
const LOAD_TRACE_CATEGORIES = [...TRACE_CATEGORIES, 'blink.user_timing', 'v8', 'disabled-by-default-v8.compile'];
/** Chromium flags: those of the browser tests, and no throttling of timers or frames. */
const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
];
/** BENCH_CLIENT_DEBUG=1: the bench's own steps, with the time. */
const debug = process.env.BENCH_CLIENT_DEBUG
  ? (line) => log(`  [${round(performance.now() / 1000, 1)} s] ${line}`)
  : () => {};
/** Wall clock in ms, sub-millisecond (performance.timeOrigin + performance.now(); see offsetOf). */
const wallNow = () => performance.timeOrigin + performance.now();

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
/** Nearest-rank percentile of an ascending array. */
const percentile = (sorted, p) =>
  sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

// ---------------------------------------------------------------------------------------
// The board

/** The bench grid: N nodes about as wide as high, ~1.2 N edges. */
function grid(count) {
  const cols = Math.max(2, Math.round(Math.sqrt((count * NODE.dy) / NODE.dx)));
  const rows = Math.ceil(count / cols);
  const nodes = Array.from({ length: count }, (_, i) => ({
    id: `n${i}`,
    x: (i % cols) * NODE.dx,
    y: Math.floor(i / cols) * NODE.dy,
    label: `Service ${i}`,
  }));
  /** @type {{ id: string, source: string, target: string }[]} */
  const edges = [];
  const add = (s, t) => edges.push({ id: `e${edges.length}`, source: `n${s}`, target: `n${t}` });
  for (let i = 0; i + 1 < count; i++) if (i % cols !== cols - 1) add(i, i + 1);
  const wanted = Math.round(count * 1.2);
  const step = Math.max(1, Math.floor((count - cols) / Math.max(1, wanted - edges.length)));
  for (let i = 0; edges.length < wanted && i + cols < count; i += step) add(i, i + cols);
  return {
    cols,
    rows,
    nodes,
    edges,
    width: (cols - 1) * NODE.dx + NODE.width,
    height: (rows - 1) * NODE.dy + NODE.height,
  };
}

/** The grid as an Archboard export (README, "The JSON format"). */
function archboardExport(g, title) {
  return {
    format: 'archboard',
    formatVersion: 1,
    title,
    nodes: g.nodes.map((n, i) => ({
      id: n.id,
      kind: KINDS[i % KINDS.length],
      x: n.x,
      y: n.y,
      label: n.label,
      notes: '',
      z: 1,
    })),
    edges: g.edges.map((e) => ({ ...e, style: 'sync', label: '' })),
    answers: {},
  };
}

/**
 * What every run at `n` nodes shares: the grid, each app's viewport and the node dragged
 * (a quarter of the way along the middle row).
 */
function sizeSetup(n, panes) {
  const g = grid(n);
  const dragId = `n${Math.floor(g.rows / 2) * g.cols + Math.floor(g.cols / 4)}`;
  return { g, viewports: viewportsFor(g, panes), dragId };
}

/** The same zoom for both apps, the grid centred in each app's pane. */
function viewportsFor(g, panes) {
  const w = Math.min(panes.archboard.width, panes.bare.width);
  const h = Math.min(panes.archboard.height, panes.bare.height);
  const zoom = Math.floor(Math.min((w - 2 * MARGIN) / g.width, (h - 2 * MARGIN) / g.height) * 1e4) / 1e4;
  const centred = (pane) => ({
    x: round((pane.width - g.width * zoom) / 2, 1),
    y: round((pane.height - g.height * zoom) / 2, 1),
    zoom,
  });
  return { zoom, archboard: centred(panes.archboard), bare: centred(panes.bare) };
}

// ---------------------------------------------------------------------------------------
// Servers

/** Every child process still running, killed by PID if the bench crashes. */
const children = new Set();
process.once('exit', () => {
  for (const child of children) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** Archboard's built server on a free loopback port, with a fresh data directory, serving the built client. */
/** The latency proxy (BENCH_CLIENT_RTT_MS) in front of each server, by the server's port. */
const latencyProxies = new Map();

/**
 * `url` through a loopback TCP proxy that holds every chunk half the round trip in each
 * direction (BENCH_CLIENT_RTT_MS; no bandwidth limit, connection set-up not delayed): the
 * page's requests and its socket then pay the round trips a real network costs. Both apps go
 * through the same kind of proxy. Unchanged when the setting is 0.
 */
async function throughLatency(url) {
  if (config.rttMs === 0) return url;
  const target = new URL(url);
  const port = Number(target.port);
  if (!latencyProxies.has(port)) {
    const oneWay = config.rttMs / 2;
    const proxy = createNetServer((inbound) => {
      const outbound = connect(port, HOST);
      const relay = (from, to) => {
        from.on('data', (chunk) => setTimeout(() => to.write(chunk), oneWay));
        from.on('end', () => setTimeout(() => to.end(), oneWay));
        from.on('close', () => setTimeout(() => to.destroy(), oneWay));
        from.on('error', () => to.destroy());
      };
      relay(inbound, outbound);
      relay(outbound, inbound);
    });
    const proxyPort = await freePort();
    await new Promise((done) => proxy.listen(proxyPort, HOST, () => done(undefined)));
    proxy.unref();
    latencyProxies.set(port, proxyPort);
  }
  target.port = String(latencyProxies.get(port));
  return target.href;
}

async function startArchboard() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'archboard-bench-client-'));
  const env = { PATH: process.env.PATH ?? '', HOST, PORT: String(port), DATA_DIR: dataDir };
  const child = spawn(process.execPath, [config.serverMain], {
    cwd: ROOT,
    env: { ...env, CLIENT_DIR: config.clientDir, LOG_LEVEL: 'warn', CREATE_RATE_LIMIT: '1000000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  /** @type {string[]} */
  const warnings = [];
  const exited = new Promise((done) => child.once('exit', (code, signal) => done(code ?? signal)));
  void exited.then(() => children.delete(child));
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: /** @type {import('node:stream').Readable} */ (stream) }).on('line', (line) =>
      warnings.push(line),
    );
  }
  const base = `http://${HOST}:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Archboard exited before listening: ${warnings.join('\n')}`);
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`Archboard did not start in 15 s: ${warnings.join('\n')}`);
    await sleep(50);
  }
  return {
    pid: /** @type {number} */ (child.pid),
    base,
    wsUrl: `ws://${HOST}:${port}/ws`,
    warnings,
    /** Creates a board from an export; its edit link. */
    async createBoard(doc) {
      const response = await fetch(`${base}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(doc),
      });
      if (response.status !== 201) throw new Error(`POST /api/boards: ${response.status} ${await response.text()}`);
      const board = /** @type {{ id: string, editToken: string }} */ (await response.json());
      return {
        ...board,
        url: `${base}/b/${encodeURIComponent(board.id)}#token=${encodeURIComponent(board.editToken)}`,
      };
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(/** @type {number} */ (child.pid), 'SIGTERM');
        const timer = setTimeout(() => process.kill(/** @type {number} */ (child.pid), 'SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

/** The built bare app and `/board.json?n=N` (the bench grid), from a tiny loopback HTTP server. */
async function startBare() {
  const port = await freePort();
  /** @type {Map<number, string>} */
  const boards = new Map();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    if (url.pathname === '/board.json') {
      const n = Number(url.searchParams.get('n'));
      if (!boards.has(n)) {
        const g = grid(n);
        boards.set(n, JSON.stringify({ nodes: g.nodes, edges: g.edges }));
      }
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return res.end(boards.get(n));
    }
    const file = join(config.bareDir, url.pathname === '/' ? 'index.html' : url.pathname);
    if (!file.startsWith(config.bareDir) || !existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  // The remote-edit anchor: pages opened with `&moves=<run>` listen here for moves (see main.tsx).
  const movesSocket = new WebSocketServer({ server, path: '/moves' });
  /** The runs whose page is listening. */
  const runs = new Set();
  movesSocket.on('connection', (socket, req) => {
    const run = new URL(req.url ?? '/', `http://${HOST}`).searchParams.get('moves');
    runs.add(run);
    socket.on('close', () => runs.delete(run));
  });
  await new Promise((done) => server.listen(port, HOST, () => done(undefined)));
  return {
    url: (n) => `http://${HOST}:${port}/?n=${n}`,
    /** Sends one tick's moves to every page listening. */
    send: (moves) => {
      const frame = JSON.stringify(moves.map((m) => [m.id, m.x, m.y]));
      for (const socket of movesSocket.clients) socket.send(frame);
    },
    /** Resolves once the page of `run` listens (at most 15 s). */
    listening: async (run) => {
      for (const until = Date.now() + 15_000; !runs.has(run); await sleep(20))
        if (Date.now() > until) throw new Error(`the bare page of ${run} did not open its moves socket`);
    },
    stop: async () => {
      for (const socket of movesSocket.clients) socket.terminate();
      await new Promise((done) => movesSocket.close(() => done(undefined)));
      await new Promise((done) => server.close(() => done(undefined)));
    },
  };
}

// ---------------------------------------------------------------------------------------
// The machine: CPU used by other jobs

/** CPU time (ms) used so far by this process and its descendants (server, browser and its children). */
function ownTreeCpuMs() {
  /** @type {Map<number, number[]>} */
  const childrenOf = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = childrenOf.get(ppid) ?? [];
      list.push(Number(entry));
      childrenOf.set(ppid, list);
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const stack = [process.pid];
  while (stack.length > 0) {
    const pid = /** @type {number} */ (stack.pop());
    const cpu = processCpuMs(pid);
    if (Number.isFinite(cpu)) total += cpu;
    stack.push(...(childrenOf.get(pid) ?? []));
  }
  return total;
}

/**
 * Waits until this process tree (the browser, the server, the bench) used less than
 * QUIET_CPU of one core over 200 ms, or QUIET_WAIT_MS passed.
 */
async function quietTree() {
  const start = performance.now();
  let before = ownTreeCpuMs();
  for (;;) {
    await sleep(200);
    const now = ownTreeCpuMs();
    if (now - before < 200 * QUIET_CPU || performance.now() - start > QUIET_WAIT_MS) break;
    before = now;
  }
}

/** Starts measuring the CPU other jobs use; the returned function gives their share of one core since. */
function otherLoad() {
  const start = { busy: machineBusyMs(), own: ownTreeCpuMs(), at: performance.now() };
  return () => {
    const elapsed = performance.now() - start.at;
    const others = (machineBusyMs() - start.busy - (ownTreeCpuMs() - start.own)) / Math.max(elapsed, 1);
    return round(Math.max(0, others), 2) ?? NaN; // ≥ 0: /proc counts in 10 ms ticks
  };
}

// ---------------------------------------------------------------------------------------
// The browser

const METRICS = [
  'TaskDuration',
  'DevToolsCommandDuration',
  'ScriptDuration',
  'RecalcStyleDuration',
  'LayoutDuration',
  'ThreadTime',
];

/** Performance.getMetrics, the durations in ms. */
async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const byName = Object.fromEntries(list.map((m) => [m.name, m.value]));
  return {
    ...Object.fromEntries(METRICS.map((name) => [name, byName[name] * 1000])),
    JSHeapUsedSize: byName.JSHeapUsedSize,
  };
}

/**
 * Waits until the main thread is under 10% busy over 250 ms (at most 15 s); returns when that
 * quiet span began (this process's performance.now()), NaN if it never came.
 */
async function settle(cdp) {
  const started = performance.now();
  debug('settle…');
  let before = await metrics(cdp);
  let beforeAt = performance.now();
  for (let i = 0; i < 60; i++) {
    await sleep(250);
    const after = await metrics(cdp);
    if (after.TaskDuration - before.TaskDuration < 25) {
      debug(`settled in ${round(performance.now() - started, 0)} ms`);
      return beforeAt;
    }
    before = after;
    beforeAt = performance.now();
  }
  debug('did not settle in 15 s');
  return NaN;
}

/**
 * A fresh context and page, loaded until every node is in the DOM.
 * @param {import('playwright-core').Browser} browser
 */
async function openPage(browser, url, nodeCount, { profile = false, trace = undefined } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const page = await context.newPage();
  // The new window's own WebUI starts now, unrelated to either app (see the header).
  await quietTree();
  if (trace) await browser.startTracing(page, { path: trace, categories: LOAD_TRACE_CATEGORIES });
  await page.addInitScript(pageSide.installProbes, { nodeCount, binding: FRAME_BINDING });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  await page.goto(await throughLatency(url), { waitUntil: 'commit' });
  await page.waitForFunction(() => /** @type {any} */ (globalThis).__bench.loadedAt !== null, null, {
    polling: 100,
    timeout: 60_000,
  });
  const { loadMs, canvasMs } = await page.evaluate(() => {
    const bench = /** @type {any} */ (globalThis).__bench;
    return { loadMs: bench.loadedAt, canvasMs: bench.canvasAt };
  });
  const loadProfile = profile ? (await cdp.send('Profiler.stop')).profile : undefined;
  if (trace) await browser.stopTracing();
  // The page's frames, told to the bench as they start (see installProbes and drag). Added to
  // the loaded document: a binding added before the first navigation does not reach it.
  await cdp.send('Runtime.addBinding', { name: FRAME_BINDING });
  /** @type {{ onFrame: ((frame: number) => void) | null }} */
  const notices = { onFrame: null };
  cdp.on('Runtime.bindingCalled', (event) => {
    if (event.name === FRAME_BINDING) notices.onFrame?.(Number(event.payload));
  });
  return { context, page, cdp, notices, loadMs, canvasMs, loadProfile };
}

/** Writes a heap snapshot of the page (after prepare's GC) to `file`: DevTools' Memory panel opens it. */
async function heapSnapshot(cdp, file) {
  /** @type {string[]} */
  const chunks = [];
  const onChunk = (/** @type {{ chunk: string }} */ event) => chunks.push(event.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  try {
    await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  } finally {
    cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  }
  writeFileSync(file, chunks.join(''));
}

/**
 * Sets the viewport, checks that every node is on screen, lets the page settle, forces a GC
 * and reads the heap.
 */
async function prepare({ page, cdp }, viewport, nodeCount, dragId) {
  const quietSince = await settle(cdp);
  // When the page went quiet after loading, in ms since its navigation start.
  const quietMs = (await page.evaluate(() => performance.now())) - (performance.now() - quietSince);
  const set = await page.evaluate(pageSide.setViewport, viewport);
  if (Math.abs(set.zoom - viewport.zoom) > 1e-6) throw new Error(`zoom ${set.zoom}, not ${viewport.zoom}`);
  await page.evaluate(pageSide.nextFrame);
  await page.evaluate(pageSide.nextFrame);
  const screen = await page.evaluate(pageSide.nodesOnScreen, { id: dragId });
  if (screen.total !== nodeCount || screen.inside !== nodeCount) {
    throw new Error(`${screen.inside} of ${screen.total} nodes on screen, ${nodeCount} expected`);
  }
  await settle(cdp);
  await cdp.send('HeapProfiler.collectGarbage');
  const heapMB = (await metrics(cdp)).JSHeapUsedSize / 1e6;
  return {
    heapMB,
    quietMs,
    target: /** @type {{ x: number, y: number, width: number, height: number }} */ (screen.target),
  };
}

/**
 * Drags one node with the mouse: see the header. With `profile`, returns the CPU profile of the
 * measured moves; with `trace` (a file), writes a Chrome trace of them there.
 */
async function drag({ page, cdp, notices }, id, target, { profile = false, trace = undefined } = {}) {
  const before = await page.evaluate(pageSide.nodeTransform, { id });
  let x = target.x + target.width / 2;
  let y = target.y + target.height * 0.35;
  const mouse = (type, extra = {}) => cdp.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', ...extra });
  await page.mouse.move(x, y);
  await mouse('mousePressed', { buttons: 1, clickCount: 1 });
  for (let i = 0; i < 3; i++) {
    x += 8;
    y += 2;
    await mouse('mouseMoved', { buttons: 1 });
    await page.evaluate(pageSide.nextFrame);
  }
  await page.evaluate(pageSide.nextFrame);
  await page.evaluate(pageSide.notifyFrames, true);
  if (profile) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
  }
  const browser = page.context().browser();
  if (trace && browser) await browser.startTracing(page, { path: trace, categories: TRACE_CATEGORIES });
  const others = otherLoad();
  const m0 = await metrics(cdp);
  const t0 = performance.now();
  // One move per animation frame: as each frame starts, the page tells the bench (a CDP
  // binding, with the frame's number), which sends the next move at once; it reaches the page
  // during that frame and is handled at the start of the next one. 30 moves right and down,
  // 30 back, and so on: MOVES moves, or fewer once MIN_FRAMES were made (a slow
  // page, after 2 s), at most 10 s. Frames: from the one after the first move was sent to the one that
  // handled the last (drawn once the next frame starts).
  /** @type {Promise<unknown>[]} */
  const sent = [];
  let moves = 0;
  const span = { first: NaN, last: NaN, firstAt: NaN, lastAt: NaN };
  /** @type {number[]} when each frame of the span started (bench clock) */
  const starts = [];
  await new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error('no frame notices from the page for 30 s')), 30_000);
    notices.onFrame = (frame) => {
      if (!Number.isNaN(span.last)) {
        if (frame > span.last) {
          clearTimeout(timer);
          notices.onFrame = null;
          done(undefined);
        }
        return;
      }
      if (!Number.isNaN(span.first)) starts.push(performance.now());
      const elapsed = performance.now() - t0;
      if (moves >= config.moves || (elapsed >= 2000 && moves >= MIN_FRAMES) || elapsed >= 10_000) {
        span.last = frame;
        span.lastAt = performance.now();
        return;
      }
      if (moves === 0) {
        span.first = frame;
        span.firstAt = performance.now();
      }
      const sign = moves % 60 < 30 ? 1 : -1;
      x += 8 * sign;
      y += 2 * sign;
      moves++;
      sent.push(mouse('mouseMoved', { buttons: 1 }));
    };
  });
  await Promise.all(sent);
  const m1 = await metrics(cdp);
  const otherCores = others();
  const cpuProfile = profile ? (await cdp.send('Profiler.stop')).profile : undefined;
  if (trace && browser) await browser.stopTracing();
  await page.evaluate(pageSide.notifyFrames, false);
  await mouse('mouseReleased', { buttons: 0, clickCount: 1 });
  await page.evaluate(pageSide.nextFrame);
  const after = await page.evaluate(pageSide.nodeTransform, { id });
  if (after === before) throw new Error(`the drag did not move node ${id} (${before})`);
  const frames = span.last - span.first;
  const elapsed = span.lastAt - span.firstAt;
  const intervals = starts
    .slice(1)
    .map((t, i) => t - /** @type {number} */ (starts[i]))
    .sort((a, b) => a - b);
  const d = (name) => m1[name] - m0[name];
  const busy = d('TaskDuration') - d('DevToolsCommandDuration');
  return {
    figures: {
      busyMsPerFrame: busy / frames,
      scriptMsPerFrame: d('ScriptDuration') / frames,
      styleMsPerFrame: d('RecalcStyleDuration') / frames,
      layoutMsPerFrame: d('LayoutDuration') / frames,
      cpuMsPerFrame: d('ThreadTime') / frames,
      fps: (frames / elapsed) * 1000,
      medianFrameMs: median(intervals),
      longestFrameMs: intervals.at(-1) ?? NaN,
      framesPerMove: frames / moves,
      moves,
      frames,
    },
    otherCores,
    cpuProfile,
  };
}

// ---------------------------------------------------------------------------------------
// The remote writer

/** shared's moveNodes, bundled for Node from its TypeScript with this process's yjs (one Yjs instance). */
async function loadMoveNodes() {
  const mod = await importSharedSource("export { moveNodes } from '@archboard/shared';");
  return /** @type {(doc: Y.Doc, moves: { id: string, x: number, y: number }[], origin?: unknown) => unknown} */ (
    mod.moveNodes
  );
}

/** A y-websocket provider on the board, synced. */
async function writer(archboard, board) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(archboard.wsUrl, board.id, doc, {
    params: { token: board.editToken },
    WebSocketPolyfill: /** @type {any} */ (WebSocket),
    disableBc: true,
  });
  await new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error('the writer did not sync in 15 s')), 15_000);
    provider.on('sync', (synced) => {
      if (synced) {
        clearTimeout(timer);
        done(undefined);
      }
    });
  });
  return {
    doc,
    close() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Offset of a clock from Date.now() (ms): the median of 21 readings. */
function offsetOf(readings) {
  return median(readings.map((r) => r.hiRes - r.date));
}

/**
 * One remote-edit run: see the header.
 * @param {import('playwright-core').Browser} browser
 */
async function remoteRun(browser, app, g, viewport, { profile = false } = {}) {
  const { nodes, moved, rateHz, seconds } = config.remote;
  const source = sources[app];
  const trace = config.trace ? join(config.trace, `${app}-remote-${nodes}.json`) : undefined;
  const w = await source.open(g);
  const opened = await openPage(browser, w.url, nodes);
  try {
    const stride = Math.floor(nodes / moved);
    const ids = Array.from({ length: moved }, (_, i) => /** @type {(typeof g.nodes)[number]} */ (g.nodes[i * stride]));
    await prepare(opened, viewport, nodes, /** @type {(typeof ids)[number]} */ (ids[0]).id);
    const { page, cdp } = opened;
    await w.ready();
    // Both clocks against Date.now(): performance.timeOrigin can drift from the wall clock.
    const pageReadings = [];
    const nodeReadings = [];
    for (let i = 0; i < 21; i++) {
      pageReadings.push(await page.evaluate(pageSide.clocks));
      nodeReadings.push({ hiRes: wallNow(), date: Date.now() });
    }
    const pageOffset = offsetOf(pageReadings);
    const nodeOffset = offsetOf(nodeReadings);

    const ticks = rateHz * seconds;
    const period = 1000 / rateHz;
    const finals = ids.map((n) => /** @type {[string, number]} */ ([n.id, n.x + ticks]));
    await page.evaluate(pageSide.startWatching, { finals });
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    if (trace) {
      mkdirSync(dirname(trace), { recursive: true });
      await browser.startTracing(page, { path: trace, categories: TRACE_CATEGORIES });
    }
    /** @type {number[]} */
    const sentAt = [];
    const start = wallNow() + 100;
    await sleep(50);
    const m0 = await metrics(cdp);
    const m0At = performance.now();
    const others = otherLoad();
    for (let k = 0; k < ticks; k++) {
      const due = start + k * period;
      while (wallNow() < due - 2) await sleep(Math.max(0, due - wallNow() - 2));
      while (wallNow() < due) {
        // the last 2 ms: spin, so that ticks go out on time
      }
      sentAt.push(wallNow() - nodeOffset);
      w.move(ids.map((n) => ({ id: n.id, x: n.x + k + 1, y: n.y })));
    }
    await sleep(period);
    const m1 = await metrics(cdp);
    const m1At = performance.now();
    const otherCores = others();
    const lastSent = /** @type {number} */ (sentAt.at(-1));
    // The page may be far behind: wait for it (without a CDP call every few ms, which would cost it time).
    let caughtUp = true;
    try {
      await page.waitForFunction(pageSide.finalShownAt, null, { polling: 250, timeout: config.catchUpMs });
    } catch {
      caughtUp = false;
    }
    const finalAt = (await page.evaluate(pageSide.finalShownAt)) ?? NaN;
    const cpuProfile = profile ? (await cdp.send('Profiler.stop')).profile : undefined;
    if (trace) {
      await browser.stopTracing();
      const summary = formatTraceSummary(summariseTrace(JSON.parse(readFileSync(trace, 'utf8'))));
      log(`  ${app} trace: ${trace}\n    ${summary.split('\n').join('\n    ')}`);
    }
    const recorded = await page.evaluate(pageSide.stopWatching);
    const stoppedAt = wallNow() - nodeOffset;
    const shown = recorded.shown.map((s) => ({ ...s, t: s.t - pageOffset }));
    const frames = recorded.frames.map((t) => t - pageOffset);

    // Write-to-screen delay of each (tick, node): the first time the node shows that tick's x or a later one.
    /** @type {Map<string, { x: number, t: number }[]>} */
    const byNode = new Map(ids.map((n) => [n.id, []]));
    for (const s of shown) byNode.get(s.id)?.push(s);
    /** @type {{ sent: number, delay: number }[]} */
    const delays = [];
    let missing = 0;
    for (const n of ids) {
      const seen = /** @type {{ x: number, t: number }[]} */ (byNode.get(n.id));
      let j = 0;
      for (let k = 0; k < ticks; k++) {
        const x = n.x + k + 1;
        while (j < seen.length && /** @type {{ x: number }} */ (seen[j]).x < x) j++;
        const at = seen[j];
        // Never shown (the page had not caught up when the bench stopped waiting): at least until then.
        if (!at) missing++;
        const sent = /** @type {number} */ (sentAt[k]);
        delays.push({ sent, delay: (at ? at.t : stoppedAt) - sent });
      }
    }
    const sorted = (list) => list.map((d) => d.delay).sort((a, b) => a - b);
    const all = sorted(delays);
    const firstSent = /** @type {number} */ (sentAt[0]);
    const head = sorted(delays.filter((d) => d.sent < firstSent + 2000));
    const tail = sorted(delays.filter((d) => d.sent >= lastSent - 2000));
    const windowFrames = frames.filter((t) => t >= firstSent && t <= lastSent + period);
    let longestGap = 0;
    for (let i = 1; i < windowFrames.length; i++)
      longestGap = Math.max(
        longestGap,
        /** @type {number} */ (windowFrames[i]) - /** @type {number} */ (windowFrames[i - 1]),
      );
    const spanMs = lastSent + period - firstSent;
    return {
      figures: {
        fps: (windowFrames.length / spanMs) * 1000,
        longestFrameGapMs: longestGap,
        delayP50: percentile(all, 50),
        delayP95: percentile(all, 95),
        delayMax: all.at(-1) ?? NaN,
        p95First2s: percentile(head, 95),
        p95Last2s: percentile(tail, 95),
        lastWriteToFinalMs: caughtUp ? finalAt - pageOffset - lastSent : stoppedAt - lastSent,
        mainThreadBusy: (m1.TaskDuration - m0.TaskDuration) / (m1At - m0At),
      },
      caughtUp,
      writes: ticks,
      samples: delays.length,
      missing,
      positionsShown: shown.length,
      clockSkewMs: pageOffset - nodeOffset,
      otherCores,
      cpuProfile,
    };
  } finally {
    w.close();
    await opened.context.close();
  }
}

/**
 * What was measured: the commit, and the files of the apps' sources that differ from it
 * (the tree is shared: a build may hold someone's work in progress). Read-only git.
 */
function sourceState() {
  const git = (...args) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' }).stdout ?? '';
  return {
    commit: git('rev-parse', 'HEAD').trim(),
    changed: git('status', '--porcelain', '--', 'client', 'shared', 'server').split('\n').filter(Boolean),
  };
}

// ---------------------------------------------------------------------------------------
// The run

const started = performance.now();
const load = await waitForQuiet(config.quietWaitMs);
if (load >= 25) log(`warning: the machine was ${load}% busy with other work when the bench started`);
const archboard = await startArchboard();
const bare = await startBare();
const browser = await chromium.launch({ executablePath: config.chromium, args: BROWSER_ARGS, headless: true });
/** Where remote-edit runs get their moves, by app (set up before the first run; see remoteRun). */
/** @type {Record<string, { open(g: any): Promise<{ url: string, ready(): Promise<void>, move(moves: any[]): void, close(): void }> }>} */
const sources = {};
let bareRuns = 0;
/** @type {Record<string, any>} */
const report = {
  config: {
    ...config,
    profileDir: config.profileDir ?? null,
    screenshotDir: config.screenshotDir ?? null,
    heapSnapshotDir: config.heapSnapshotDir ?? null,
  },
  machine: machineFacts(),
  source: sourceState(),
};
try {
  if (report.source.changed.length > 0)
    log(
      `commit ${report.source.commit.slice(0, 10)}; ${report.source.changed.length} file(s) under client/, shared/ or server/ differ from it (the builds may hold work in progress)`,
    );
  log(
    `client bench${QUICK ? ' (quick)' : ''}: ${config.sizes.length > 0 ? `${config.sizes.join(', ')} nodes, ${config.reps} pairs after a warm-up, up to ${config.moves} moves per drag` : 'no drag sizes'}; chromium ${browser.version()}, server pid ${archboard.pid}`,
  );
  // The panes, on an empty board and an empty bare page.
  const empty = await archboard.createBoard(archboardExport(grid(10), 'Pane'));
  const panes = {};
  for (const [app, url] of [
    ['archboard', empty.url],
    ['bare', bare.url(10)],
  ]) {
    const opened = await openPage(browser, url, 10);
    panes[app] = await opened.page.evaluate(pageSide.paneRect);
    await opened.context.close();
  }
  log(
    `panes: Archboard ${panes.archboard.width}×${panes.archboard.height}, bare ${panes.bare.width}×${panes.bare.height} CSS px`,
  );
  report.panes = panes;
  report.sizes = [];

  /** The address of one app's board of grid `g`: for Archboard a fresh board, for the bare app its JSON. */
  const boardUrl = async (app, g) =>
    app === 'archboard'
      ? (await archboard.createBoard(archboardExport(g, `Bench ${g.nodes.length}`))).url
      : bare.url(g.nodes.length);

  /** One page load of one app and a drag on it. */
  const rep = async (app, n, g, viewports, dragId, options = {}) => {
    const t = [performance.now()];
    const url = await boardUrl(app, g);
    const opened = await openPage(browser, url, n);
    try {
      t.push(performance.now());
      const prepared = await prepare(opened, viewports[app], n, dragId);
      if (config.screenshotDir && !options.profile && !options.trace) {
        mkdirSync(config.screenshotDir, { recursive: true });
        await opened.page.screenshot({ path: join(config.screenshotDir, `${app}-${n}.png`) });
      }
      if (config.heapSnapshotDir && !options.profile && !options.trace) {
        mkdirSync(config.heapSnapshotDir, { recursive: true });
        await heapSnapshot(opened.cdp, join(config.heapSnapshotDir, `${app}-${n}.heapsnapshot`));
      }
      t.push(performance.now());
      const dragged = await drag(opened, dragId, prepared.target, options);
      t.push(performance.now());
      return {
        loadMs: opened.loadMs,
        canvasMs: opened.canvasMs,
        quietMs: prepared.quietMs,
        heapMB: prepared.heapMB,
        ...dragged.figures,
        otherCores: dragged.otherCores,
        cpuProfile: dragged.cpuProfile,
        // where the bench's own time went: open and load, settle and prepare, drag (s)
        benchSeconds: t.slice(1).map((at, i) => round((at - /** @type {number} */ (t[i])) / 1000, 1)),
      };
    } finally {
      await opened.context.close();
    }
  };

  for (const n of config.sizes) {
    const { g, viewports, dragId } = sizeSetup(n, panes);
    log(
      `\n${n} nodes, ${g.edges.length} edges (${g.cols} × ${g.rows} grid), zoom ${viewports.zoom}, dragging ${dragId}`,
    );
    const quiet = await waitForQuiet(Math.min(config.quietWaitMs, 5000));
    /** @type {any[]} */
    const pairs = [];
    // One warm-up pair before the first size (the server's and the browser's code warm), then REPS pairs.
    for (let p = n === config.sizes[0] ? 0 : 1; p <= config.reps; p++) {
      const order = p % 2 === 0 ? ['archboard', 'bare'] : ['bare', 'archboard'];
      /** @type {Record<string, any>} */
      const pair = { pair: p, first: order[0] };
      for (const app of order) pair[app] = await rep(app, n, g, viewports, dragId);
      const a = pair.archboard;
      const b = pair.bare;
      pair.ratio = {
        busyMsPerFrame: a.busyMsPerFrame / b.busyMsPerFrame,
        cpuMsPerFrame: a.cpuMsPerFrame / b.cpuMsPerFrame,
        canvasMs: a.canvasMs / b.canvasMs,
        loadMs: a.loadMs / b.loadMs,
        quietMs: a.quietMs / b.quietMs,
        heapMB: a.heapMB / b.heapMB,
      };
      pair.disturbed = Math.max(a.otherCores, b.otherCores) > DISTURBED_LOAD;
      const line = (r) =>
        `busy ${round(r.busyMsPerFrame, 2)} ms/frame (cpu ${round(r.cpuMsPerFrame, 2)}), ${round(r.fps, 0)} fps, canvas ${round(r.canvasMs, 0)} ms, load ${round(r.loadMs, 0)} ms, heap ${round(r.heapMB, 1)} MB, other jobs ${r.otherCores} core`;
      if (p === 0) {
        log(`  warm-up   Archboard ${line(a)}\n            bare      ${line(b)}`);
        continue;
      }
      pairs.push(pair);
      log(
        `  pair ${p}${pair.disturbed ? ' (disturbed by other jobs)' : ''}  ratio ${round(pair.ratio.busyMsPerFrame, 2)}\n    Archboard ${line(a)}\n    bare      ${line(b)}`,
      );
    }
    // Undisturbed pairs only, when there are at least 3 of them.
    const undisturbed = pairs.filter((x) => !x.disturbed);
    const used = undisturbed.length >= Math.min(3, config.reps) ? undisturbed : pairs;
    if (used === pairs && undisturbed.length < pairs.length)
      log(
        `  warning: other jobs used the machine during ${pairs.length - undisturbed.length} of ${pairs.length} pairs; the figures include them`,
      );
    else if (used.length < pairs.length)
      log(`  ${pairs.length - used.length} pair(s) disturbed by other jobs: the figures leave them out`);
    const summary = {};
    for (const key of [
      'busyMsPerFrame',
      'cpuMsPerFrame',
      'scriptMsPerFrame',
      'styleMsPerFrame',
      'layoutMsPerFrame',
      'fps',
      'framesPerMove',
      'medianFrameMs',
      'longestFrameMs',
      'canvasMs',
      'loadMs',
      'quietMs',
      'heapMB',
    ]) {
      summary[key] = {
        archboard: median(used.map((x) => x.archboard[key])),
        bare: median(used.map((x) => x.bare[key])),
      };
    }
    for (const key of ['busyMsPerFrame', 'cpuMsPerFrame', 'canvasMs', 'loadMs', 'quietMs', 'heapMB']) {
      const ratios = used.map((x) => x.ratio[key]);
      summary[key].ratio = median(ratios);
      summary[key].ratioMin = Math.min(...ratios);
      summary[key].ratioMax = Math.max(...ratios);
    }
    report.sizes.push({
      nodes: n,
      edges: g.edges.length,
      grid: { cols: g.cols, rows: g.rows, width: g.width, height: g.height },
      viewports,
      dragId,
      quietLoadBefore: quiet,
      pairsUsed: used.map((x) => x.pair),
      pairs: pairs.map(({ archboard: a, bare: b, ...rest }) => ({
        ...rest,
        archboard: { ...a, cpuProfile: undefined },
        bare: { ...b, cpuProfile: undefined },
      })),
      summary,
    });
  }

  if (config.remoteReps > 0 || config.profileDir) {
    const moveNodes = await loadMoveNodes();
    // Where a run's moves come from: Archboard's server, through an unmodified y-websocket
    // writer, or the bare app's socket (the anchor: React Flow alone, the same moves).
    sources.archboard = {
      open: async (g) => {
        const board = await archboard.createBoard(archboardExport(g, `Remote edits (${g.nodes.length} nodes)`));
        const w = await writer(archboard, board);
        return {
          url: board.url,
          ready: async () => {},
          move: (moves) => moveNodes(w.doc, moves, 'bench'),
          close: () => w.close(),
        };
      },
    };
    sources.bare = {
      open: async (g) => {
        const run = `r${++bareRuns}`;
        return {
          url: `${bare.url(g.nodes.length)}&moves=${run}`,
          ready: () => bare.listening(run),
          move: bare.send,
          close: () => {},
        };
      },
    };
    const g = grid(config.remote.nodes);
    const viewports = viewportsFor(g, panes);
    report.remote = [];
    if (config.remoteReps > 0)
      log(`\nremote edits (${config.remote.nodes} nodes), ${config.remoteReps} pairs (Archboard, bare React Flow):`);
    for (let r = 1; r <= config.remoteReps; r++) {
      const order = r % 2 === 1 ? ['archboard', 'bare'] : ['bare', 'archboard'];
      /** @type {Record<string, any>} */
      const pair = { run: r, first: order[0] };
      for (const app of order) {
        const run = await remoteRun(browser, app, g, viewports[app]);
        const f = run.figures;
        const atLeast = run.caughtUp ? '' : '≥ ';
        log(
          `  run ${r} ${app.padEnd(9)}: ${round(f.fps, 1)} fps (longest frame gap ${round(f.longestFrameGapMs, 0)} ms), delay p50 ${atLeast}${round(f.delayP50, 1)} / p95 ${atLeast}${round(f.delayP95, 1)} / max ${atLeast}${round(f.delayMax, 1)} ms, p95 first 2 s ${round(f.p95First2s, 1)} → last 2 s ${atLeast}${round(f.p95Last2s, 1)} ms, last write → final ${atLeast}${round(f.lastWriteToFinalMs, 0)} ms${run.caughtUp ? '' : ` (not caught up after ${config.catchUpMs / 1000} s: ${run.missing} writes never shown)`}, main thread ${round(f.mainThreadBusy * 100, 0)}% busy, other jobs ${run.otherCores} core`,
        );
        pair[app] = { ...run, cpuProfile: undefined };
      }
      report.remote.push(pair);
    }
  }

  if (config.profileDir) {
    mkdirSync(config.profileDir, { recursive: true });
    const n = 1000;
    const { g, viewports, dragId } = sizeSetup(n, panes);
    const saved = [];
    for (const app of ['archboard', 'bare']) {
      const r = await rep(app, n, g, viewports, dragId, { profile: true });
      const file = join(config.profileDir, `${app}-drag-${n}.cpuprofile`);
      writeFileSync(file, JSON.stringify(r.cpuProfile));
      saved.push(`${file} (${round(r.busyMsPerFrame, 2)} ms/frame under the profiler)`);
    }
    for (const app of ['archboard', 'bare']) {
      const url = await boardUrl(app, g);
      const opened = await openPage(browser, url, n, { profile: true });
      await opened.context.close();
      const file = join(config.profileDir, `${app}-load-${n}.cpuprofile`);
      writeFileSync(file, JSON.stringify(opened.loadProfile));
      saved.push(`${file} (load ${round(opened.loadMs, 0)} ms under the profiler)`);
    }
    for (const app of /** @type {const} */ (['archboard', 'bare'])) {
      const run = await remoteRun(browser, app, g, viewports[app], { profile: true });
      const file = join(config.profileDir, `${app}-remote-${n}.cpuprofile`);
      writeFileSync(file, JSON.stringify(run.cpuProfile));
      saved.push(`${file} (${round(run.figures.fps, 1)} fps under the profiler)`);
    }
    log(`\nCPU profiles:\n  ${saved.join('\n  ')}`);
  }

  if (config.dragTraceDir) {
    mkdirSync(config.dragTraceDir, { recursive: true });
    const n = 1000;
    const { g, viewports, dragId } = sizeSetup(n, panes);
    log('\nDrag traces (1,000 nodes):');
    for (const app of ['archboard', 'bare']) {
      const file = join(config.dragTraceDir, `${app}-drag-${n}.json`);
      const r = await rep(app, n, g, viewports, dragId, { trace: file });
      log(`${app}: ${file} (${round(r.busyMsPerFrame, 2)} ms/frame while traced)`);
      log(
        `  ${formatTraceSummary(summariseTrace(JSON.parse(readFileSync(file, 'utf8'))))
          .split('\n')
          .join('\n  ')}`,
      );
    }
  }

  if (config.loadTraceDir) {
    mkdirSync(config.loadTraceDir, { recursive: true });
    const n = 1000;
    const g = grid(n);
    log('\nLoad traces (1,000 nodes; ms since navigation start):');
    for (const app of ['archboard', 'bare']) {
      const file = join(config.loadTraceDir, `${app}-load-${n}.json`);
      const url = await boardUrl(app, g);
      // Archboard's server shares the machine's cores with the page (the bare app's JSON comes from this process)
      const serverCpuBefore = processCpuMs(archboard.pid);
      const opened = await openPage(browser, url, n, { trace: file });
      const serverCpu = processCpuMs(archboard.pid) - serverCpuBefore;
      await opened.context.close();
      log(
        `${app}: ${file} (load ${round(opened.loadMs, 0)} ms while traced${app === 'archboard' ? `; the server's CPU meanwhile ${round(serverCpu, 0)} ms` : ''})`,
      );
      const timeline = loadTimeline(JSON.parse(readFileSync(file, 'utf8')), { untilMs: opened.loadMs });
      log(`  ${formatLoadTimeline(timeline).split('\n').join('\n  ')}`);
    }
  }
} finally {
  await browser.close();
  await bare.stop();
  await archboard.stop();
  report.serverLog = archboard.warnings.slice(0, 100);
  if (archboard.warnings.length > 0)
    log(
      `\nArchboard's server logged ${archboard.warnings.length} line(s) at warn or above, the first: ${archboard.warnings[0]}`,
    );
}

// ---------------------------------------------------------------------------------------
// The report

const r2 = (x) => round(x, 2) ?? '-';
const r1 = (x) => round(x, 1) ?? '-';
const r0 = (x) => round(x, 0) ?? '-';
const range = (s) => `${r2(s.ratioMin)}–${r2(s.ratioMax)}`;
if (report.sizes.length > 0) {
  log(
    `\nDrag (main-thread ms per frame, one mouse move per frame, up to ${config.moves} moves; median of the pairs; ratio = Archboard / bare, median of the per-pair ratios):`,
  );
  log(
    table([
      [
        'nodes',
        'Archboard busy ms',
        'bare busy ms',
        'ratio',
        'ratio range',
        'Archboard cpu ms',
        'bare cpu ms',
        'cpu ratio',
        'Archboard fps',
        'bare fps',
      ],
      ...report.sizes.map(({ nodes, summary: s }) => [
        nodes,
        r2(s.busyMsPerFrame.archboard),
        r2(s.busyMsPerFrame.bare),
        r2(s.busyMsPerFrame.ratio),
        range(s.busyMsPerFrame),
        r2(s.cpuMsPerFrame.archboard),
        r2(s.cpuMsPerFrame.bare),
        r2(s.cpuMsPerFrame.ratio),
        r0(s.fps.archboard),
        r0(s.fps.bare),
      ]),
    ]),
  );
  log('\nDrag, where the time goes (main-thread ms per frame, Archboard / bare; then the time between frames):');
  log(
    table([
      ['nodes', 'script', 'style', 'layout', 'other (paint, GC…)', 'median frame', 'longest frame'],
      ...report.sizes.map(({ nodes, summary: s }) => {
        const other = (app) =>
          s.busyMsPerFrame[app] - s.scriptMsPerFrame[app] - s.styleMsPerFrame[app] - s.layoutMsPerFrame[app];
        const both = (key) => `${r2(s[key].archboard)} / ${r2(s[key].bare)}`;
        return [
          nodes,
          both('scriptMsPerFrame'),
          both('styleMsPerFrame'),
          both('layoutMsPerFrame'),
          `${r2(other('archboard'))} / ${r2(other('bare'))}`,
          both('medianFrameMs'),
          both('longestFrameMs'),
        ];
      }),
    ]),
  );
  log(
    "\nLoad: navigation start → React Flow's pane in the DOM (canvas), → every node in the DOM (load), and → the main thread quiet afterwards (quiet: under 10% busy for 250 ms); JS heap after a forced GC:",
  );
  log(
    table([
      [
        'nodes',
        'Archboard canvas ms',
        'bare canvas ms',
        'Archboard load ms',
        'bare load ms',
        'ratio',
        'ratio range',
        'Archboard quiet ms',
        'bare quiet ms',
        'quiet ratio',
        'Archboard heap MB',
        'bare heap MB',
        'heap ratio',
      ],
      ...report.sizes.map(({ nodes, summary: s }) => [
        nodes,
        r0(s.canvasMs.archboard),
        r0(s.canvasMs.bare),
        r0(s.loadMs.archboard),
        r0(s.loadMs.bare),
        r2(s.loadMs.ratio),
        range(s.loadMs),
        r0(s.quietMs.archboard),
        r0(s.quietMs.bare),
        r2(s.quietMs.ratio),
        r1(s.heapMB.archboard),
        r1(s.heapMB.bare),
        r2(s.heapMB.ratio),
      ]),
    ]),
  );
  log('\nPer pair (busy ms/frame, load ms, heap MB; * = disturbed by other jobs, not used):');
  log(
    table([
      [
        'nodes',
        'pair',
        'first',
        'Archboard busy',
        'bare busy',
        'ratio',
        'Archboard load',
        'bare load',
        'Archboard heap',
        'bare heap',
        'other jobs, cores',
      ],
      ...report.sizes.flatMap(({ nodes, pairs, pairsUsed }) =>
        pairs.map((p) => [
          nodes,
          `${p.pair}${pairsUsed.includes(p.pair) ? '' : '*'}`,
          p.first,
          r2(p.archboard.busyMsPerFrame),
          r2(p.bare.busyMsPerFrame),
          r2(p.ratio.busyMsPerFrame),
          r0(p.archboard.loadMs),
          r0(p.bare.loadMs),
          r1(p.archboard.heapMB),
          r1(p.bare.heapMB),
          `${p.archboard.otherCores} / ${p.bare.otherCores}`,
        ]),
      ),
    ]),
  );
}
if (report.remote?.length) {
  const pairs = report.remote;
  const keys = [
    'fps',
    'longestFrameGapMs',
    'delayP50',
    'delayP95',
    'delayMax',
    'p95First2s',
    'p95Last2s',
    'lastWriteToFinalMs',
  ];
  // ≥: the page had not caught up when the bench stopped waiting; those figures are lower bounds.
  const censored = new Set(['delayP50', 'delayP95', 'delayMax', 'p95Last2s', 'lastWriteToFinalMs']);
  const row = (name, f, caughtUp) => [
    name,
    ...keys.map((k) => (caughtUp || !censored.has(k) ? r1(f[k]) : `≥ ${r1(f[k])}`)),
    r0(f.mainThreadBusy * 100),
  ];
  const mediansOf = (app) =>
    Object.fromEntries([...keys, 'mainThreadBusy'].map((k) => [k, median(pairs.map((p) => p[app].figures[k]))]));
  const summary = { archboard: mediansOf('archboard'), bare: mediansOf('bare') };
  // Per-pair ratios, Archboard / bare, and their medians (fps: higher is better; delays: lower).
  summary.ratio = Object.fromEntries(
    ['fps', 'delayP50', 'delayP95', 'lastWriteToFinalMs'].map((k) => [
      k,
      median(pairs.map((p) => p.archboard.figures[k] / p.bare.figures[k])),
    ]),
  );
  report.remoteSummary = summary;
  const { nodes, moved, rateHz, seconds } = config.remote;
  log(
    `\nRemote edits (${nodes} nodes; ${moved} nodes moved at ${rateHz} Hz for ${seconds} s: in Archboard by a y-websocket client through the server, in the bare app over a plain socket; delays in ms, write → on screen):`,
  );
  const caughtUp = (app) => pairs.every((p) => p[app].caughtUp);
  log(
    table([
      [
        'run',
        'fps',
        'longest frame gap',
        'delay p50',
        'p95',
        'max',
        'p95 first 2 s',
        'p95 last 2 s',
        'last write → final',
        'main thread busy %',
      ],
      ...pairs.flatMap((p) => [
        row(`${p.run} Archboard`, p.archboard.figures, p.archboard.caughtUp),
        row(`${p.run} bare`, p.bare.figures, p.bare.caughtUp),
      ]),
      row('median Archboard', summary.archboard, caughtUp('archboard')),
      row('median bare', summary.bare, caughtUp('bare')),
    ]),
  );
  log(
    `ratios (median of per-pair Archboard / bare): fps ×${r2(summary.ratio.fps)}, delay p50 ×${r2(summary.ratio.delayP50)}, p95 ×${r2(summary.ratio.delayP95)}, last write → final ×${r2(summary.ratio.lastWriteToFinalMs)}`,
  );
}

const gates = [];
for (const { nodes, summary: s } of report.sizes) {
  gates.push({ what: `drag ratio at ${nodes} nodes`, value: s.busyMsPerFrame.ratio, max: config.maxDragRatio });
  if (process.env.BENCH_CLIENT_MAX_LOAD_RATIO)
    gates.push({ what: `load ratio at ${nodes} nodes`, value: s.loadMs.ratio, max: config.maxLoadRatio });
}
const failures = gates.filter((gate) => !(gate.value <= gate.max));
report.gates = gates;
if (gates.length > 0) {
  log(
    `\nthresholds${QUICK ? '' : ' (enforced with --quick only)'}: ${gates.map((gate) => `${gate.what} ${r2(gate.value)} ≤ ${gate.max} ${gate.value <= gate.max ? 'ok' : 'FAILED'}`).join('; ')}`,
  );
  const disturbedSizes = report.sizes.filter((size) => size.pairsUsed.some((p) => size.pairs[p - 1]?.disturbed));
  if (disturbedSizes.length > 0)
    log(
      `note: the figures at ${disturbedSizes.map((size) => size.nodes).join(', ')} nodes include pairs during which other jobs used the CPU: run again on a quiet machine before trusting them`,
    );
  log(
    `(BENCH_CLIENT_MAX_DRAG_RATIO=${config.maxDragRatio}${process.env.BENCH_CLIENT_MAX_LOAD_RATIO ? `, BENCH_CLIENT_MAX_LOAD_RATIO=${config.maxLoadRatio}` : '; set BENCH_CLIENT_MAX_LOAD_RATIO to check the load ratio too'})`,
  );
}
report.seconds = round((performance.now() - started) / 1000, 0);
mkdirSync(dirname(config.out), { recursive: true });
writeFileSync(config.out, `${JSON.stringify(report, null, 2)}\n`);
log(`\nfigures: ${config.out} (${report.seconds} s)`);
if (QUICK && failures.length > 0) process.exit(1);
