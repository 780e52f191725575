// Starts the servers the benches compare, each in a child process of its own on a free
// loopback port: Archboard (server/dist/main.js, fresh data directory; with REDIS_URL in
// its environment, on Redis), the reference y-websocket server (@y/websocket-server,
// documents in memory), Hocuspocus (lib/hocuspocus-server.mjs, with its Redis extension),
// and redis-server. Plain Node: no vitest, so the benches run as ordinary scripts.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Archboard's server; `BENCH_OURS_MAIN` runs another build (e.g. server/dist-before/main.js for an A/B). */
export const OURS_MAIN = process.env.BENCH_OURS_MAIN
  ? join(ROOT, process.env.BENCH_OURS_MAIN)
  : join(ROOT, 'server/dist/main.js');
export const HOCUSPOCUS_MAIN = join(ROOT, 'tests/bench/lib/hocuspocus-server.mjs');
export const RELAY_MAIN = join(ROOT, 'tests/bench/lib/relay-server.mjs');
const HOST = '127.0.0.1';

/** The reference server's entry point, read from the package's own "bin". */
export function referenceEntry() {
  const require = createRequire(join(ROOT, 'tests/package.json'));
  const pkgFile = require.resolve('@y/websocket-server/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin['y-websocket-server'];
  return { file: join(dirname(pkgFile), bin), version: pkg.version };
}

/** The installed version of a package of the tests workspace (pnpm links each one there). */
export function packageVersion(name) {
  return JSON.parse(readFileSync(join(ROOT, 'tests/node_modules', name, 'package.json'), 'utf8')).version;
}

/** A port that was free a moment ago (the server binds it right after). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (probe.address());
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Every child server still running, so that a crashing bench does not leave them behind.
 * @type {Set<import('node:child_process').ChildProcess>}
 */
const running = new Set();
process.once('exit', () => {
  for (const child of running) {
    try {
      process.kill(/** @type {number} */ (child.pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

/** CPU time (user + system) the process has used so far, in ms, from /proc (Linux only). */
export function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[11] and [12] are utime and stime (fields 14 and 15 of proc(5)), in clock ticks (USER_HZ = 100).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** CPU time the whole machine spent busy so far (all cores, in ms), from /proc/stat (Linux only). */
export function machineBusyMs() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [user, nice, system, _idle, _iowait, irq, softirq, steal] = line.split(/\s+/).slice(1).map(Number);
    return (((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/**
 * @typedef {object} BenchServer
 * @property {'ours' | 'reference' | 'hocuspocus'} kind
 * @property {number} pid
 * @property {number} port
 * @property {string} serverUrl y-websocket `serverUrl`
 * @property {string} room y-websocket `roomname`
 * @property {Record<string, string>} params y-websocket `params`
 * @property {{ id: string, editToken: string } | undefined} board Archboard: the board the clients open
 * @property {string[]} warnings log lines at warn level or above (Archboard) or on stderr
 * @property {() => void} markWindow with `instrument`: SIGUSR2, at the start and at the end of the measured window
 * @property {() => Promise<Record<string, any> | undefined>} instrumentation with `instrument`: what it measured
 * @property {() => Promise<void>} stop
 */

/**
 * @param {'ours' | 'reference' | 'hocuspocus'} kind
 * @param {{ cpuProfDir?: string, instrument?: boolean, env?: Record<string, string>,
 *   board?: { id: string, editToken: string } }} [options] `board`: Archboard opens this board
 *   (created on another instance of the same cluster) instead of creating one
 * @returns {Promise<BenchServer>}
 */
export async function startBenchServer(kind, options = {}) {
  const port = await freePort();
  const nodeArgs = [];
  if (options.cpuProfDir) {
    nodeArgs.push(
      '--cpu-prof',
      `--cpu-prof-dir=${options.cpuProfDir}`,
      `--cpu-prof-name=${kind}-${Date.now()}.cpuprofile`,
    );
    // The reference server has no SIGTERM handler; exit cleanly so that the profile is written.
    if (kind === 'reference') nodeArgs.push(`--import=data:text/javascript,process.on('SIGTERM',()=>process.exit(0))`);
  }
  /** @type {string | undefined} */
  let instrumentOut;
  if (options.instrument) {
    instrumentOut = join(tmpdir(), `archboard-bench-instrument-${process.pid}-${port}.json`);
    nodeArgs.push(`--import=${pathToFileURL(join(ROOT, 'tests/bench/lib/instrument.mjs')).href}`);
  }
  let dataDir;
  let args;
  /** @type {Record<string, string>} */
  let env = { PATH: process.env.PATH ?? '', HOST, PORT: String(port) };
  if (instrumentOut) env.BENCH_INSTRUMENT_OUT = instrumentOut;
  if (kind === 'ours') {
    if (!existsSync(OURS_MAIN)) throw new Error(`${OURS_MAIN} is missing: build the server (node server/build.mjs)`);
    dataDir = mkdtempSync(join(tmpdir(), 'archboard-bench-'));
    args = [...nodeArgs, OURS_MAIN];
    // every bench client comes from 127.0.0.1: no per-address connection cap
    env = {
      ...env,
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      CREATE_RATE_LIMIT: '1000000',
      MAX_CONNECTIONS_PER_IP: '0',
      ...options.env,
    };
  } else if (kind === 'hocuspocus') {
    args = [...nodeArgs, HOCUSPOCUS_MAIN];
    env = { ...env, ...options.env };
  } else if (kind === 'relay') {
    args = [...nodeArgs, RELAY_MAIN];
  } else {
    args = [...nodeArgs, referenceEntry().file];
    env = { ...env, ...options.env }; // no YPERSISTENCE: documents stay in memory
  }
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  /** @type {string[]} */
  const warnings = [];
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal);
    }),
  );
  createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stdout) }).on('line', (line) => {
    if (kind !== 'ours') return;
    try {
      const entry = JSON.parse(line);
      // The bench needs no built client; that start-up warning is expected.
      if (entry.level >= 40 && !String(entry.msg).startsWith('no built client')) warnings.push(line);
    } catch {
      warnings.push(line);
    }
  });
  createInterface({ input: /** @type {import('node:stream').Readable} */ (child.stderr) }).on('line', (line) =>
    warnings.push(line),
  );

  // Ready once it answers HTTP (Archboard: /healthz; the others answer any path).
  const base = `http://${HOST}:${port}`;
  const deadline = Date.now() + 15_000;
  let exitCode;
  void exited.then((code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined)
      throw new Error(`${kind} server exited (${exitCode}) before listening: ${warnings.join('\n')}`);
    try {
      const response = await fetch(kind === 'ours' ? `${base}/healthz` : base);
      if (response.ok || kind === 'relay') break; // the relay answers any HTTP request 426
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${kind} server did not start in 15 s: ${warnings.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  let serverUrl;
  let room;
  /** @type {Record<string, string>} */
  let params = {};
  /** @type {{ id: string, editToken: string } | undefined} */
  let board;
  if (kind === 'ours') {
    board = options.board;
    if (!board) {
      const response = await fetch(`${base}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'latency bench' }),
      });
      if (response.status !== 201) throw new Error(`POST /api/boards answered ${response.status}`);
      board = /** @type {{ id: string, editToken: string }} */ (await response.json());
    }
    serverUrl = `ws://${HOST}:${port}/ws`;
    room = board.id;
    params = { token: board.editToken };
  } else {
    serverUrl = `ws://${HOST}:${port}`;
    room = 'latency-bench';
  }

  return {
    kind,
    pid: /** @type {number} */ (child.pid),
    port,
    serverUrl,
    room,
    params,
    board,
    warnings,
    markWindow() {
      if (instrumentOut) process.kill(/** @type {number} */ (child.pid), 'SIGUSR2');
    },
    async instrumentation() {
      if (!instrumentOut) return undefined;
      for (let i = 0; i < 50 && !existsSync(instrumentOut); i++) await new Promise((r) => setTimeout(r, 20));
      try {
        return JSON.parse(readFileSync(instrumentOut, 'utf8'));
      } catch {
        return undefined;
      } finally {
        rmSync(instrumentOut, { force: true });
      }
    },
    /** SIGTERM by PID, SIGKILL after 5 s, then removes the data directory. */
    async stop() {
      await stopChild(child, exited);
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * @typedef {object} BenchRedis
 * @property {number} pid
 * @property {number} port
 * @property {string} url
 * @property {(section: string) => Promise<string>} info INFO of a section, over the bench's own connection
 * @property {() => Promise<void>} stop
 */

/**
 * Resolves once a redis-server child says it is ready; rejects when it exits first or takes
 * longer than `timeoutMs`. Both output streams are read to the end, so that a full pipe
 * never blocks redis-server.
 * @param {import('node:child_process').ChildProcess} child
 * @param {Promise<unknown>} exited resolves with its exit code or signal
 * @param {number} timeoutMs
 */
export function redisReady(child, exited, timeoutMs) {
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start in ${timeoutMs / 1000} s: ${out}`)),
      timeoutMs,
    );
    const read = (/** @type {Buffer} */ chunk) => {
      if (out.length < 64 * 1024) out += chunk.toString();
      if (out.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(undefined);
      }
    };
    /** @type {import('node:stream').Readable} */ (child.stdout).on('data', read);
    /** @type {import('node:stream').Readable} */ (child.stderr).on('data', read);
    child.once('error', (e) => reject(new Error(`redis-server: ${e.message} (is it on PATH?)`)));
    void exited.then((code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
  });
}

/**
 * redis-server from PATH on a free loopback port, configured as the cluster launcher runs
 * it (append-only file, fsync every second, no snapshots, no eviction), in a fresh
 * directory that stop() removes.
 * @returns {Promise<BenchRedis>}
 */
export async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'archboard-bench-redis-'));
  const args = ['--port', String(port), '--bind', HOST, '--dir', dir, '--save', ''];
  args.push('--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction');
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal);
    }),
  );
  try {
    await redisReady(child, exited, 10_000);
  } catch (e) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const { Redis } = await import('ioredis');
  const connection = new Redis(port, HOST, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await connection.connect();
  return {
    pid: /** @type {number} */ (child.pid),
    port,
    url: `redis://${HOST}:${port}`,
    info: (section) => connection.info(section),
    async stop() {
      connection.disconnect();
      await stopChild(child, exited);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Stops a child we started, by its PID: SIGTERM, then SIGKILL if it is still there after 5 s.
 * @param {import('node:child_process').ChildProcess} child
 * @param {Promise<unknown>} exited resolves when the child has exited
 */
async function stopChild(child, exited) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  process.kill(/** @type {number} */ (child.pid), 'SIGTERM');
  const timer = setTimeout(() => {
    try {
      process.kill(/** @type {number} */ (child.pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5_000);
  await exited;
  clearTimeout(timer);
}
