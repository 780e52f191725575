// The real processes a soak runs: Archboard instances (the built server/dist/main.js, or the
// build ARCHBOARD_TEST_SERVER_DIST names) and redis-server, all on 127.0.0.1. Each can be
// killed (-9), stopped (SIGTERM), restarted on the same port and data directory, and
// redis-server paused (SIGSTOP) and resumed. Only processes started here are ever
// signalled, by their PID; whatever is still running when the soak exits is killed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { freePort, redisReady } from '../../bench/lib/servers.mjs';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const MAIN = join(process.env.ARCHBOARD_TEST_SERVER_DIST ?? join(ROOT, 'server/dist'), 'main.js');
export const HOST = '127.0.0.1';
const PRESENCE_DROPPED = 'instance stopped; dropped its clients’ presence';

/** @type {Set<import('node:child_process').ChildProcess>} every child still running */
const running = new Set();
export function killAll() {
  for (const child of running) {
    try {
      process.kill(/** @type {number} */ (child.pid), 'SIGKILL');
    } catch {
      // it exited meanwhile
    }
  }
  running.clear();
}
process.once('exit', killAll);

export { freePort };

export const tempDir = (name) => mkdtempSync(join(tmpdir(), `archboard-soak-${name}-`));

/** @param {import('node:child_process').ChildProcess} child */
function track(child) {
  running.add(child);
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? signal);
    }),
  );
  return exited;
}

/**
 * One Archboard instance on a fixed port; start() may be called again after it exited.
 * @param {{ name: string, port: number, env: Record<string, string> }} spec
 */
export function archboardInstance({ name, port, env }) {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the server (node server/build.mjs)`);
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  /** @type {Promise<unknown> | undefined} */
  let exited;
  const tally = {
    starts: 0,
    warnings: 0,
    errors: 0,
    presenceDropped: 0,
    /** @type {Record<string, number>} log messages at warn level or above, counted */
    messages: {},
    /** @type {string[]} */
    lastErrors: [],
  };
  const self = {
    name,
    port,
    tally,
    url: `http://${HOST}:${port}`,
    wsUrl: `ws://${HOST}:${port}/ws`,
    get alive() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    get pid() {
      return child?.pid;
    },
    /** Spawns it and resolves once it listens, with the time it was spawned (ms, Date.now). */
    async start() {
      const spawnedAt = Date.now();
      const started = spawn(process.execPath, [MAIN], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOST, PORT: String(port), LOG_LEVEL: 'info', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      exited = track(started);
      tally.starts++;
      let stderr = '';
      /** @type {import('node:stream').Readable} */ (started.stderr).on('data', (c) => {
        if (stderr.length < 16_384) stderr += c.toString();
      });
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} did not listen in 30 s: ${stderr}`)), 30_000);
        void exited?.then((code) => reject(new Error(`${name} exited (${code}) before listening: ${stderr}`)));
        const lines = createInterface({ input: /** @type {import('node:stream').Readable} */ (started.stdout) });
        lines.on('line', (line) => {
          let entry;
          try {
            entry = JSON.parse(line);
          } catch {
            return;
          }
          if (entry.msg === 'listening') {
            clearTimeout(timer);
            resolve(undefined);
          }
          if (entry.msg === PRESENCE_DROPPED) tally.presenceDropped++;
          if (entry.level >= 40 && !String(entry.msg).startsWith('no built client')) {
            const msg = String(entry.msg).slice(0, 120);
            tally.messages[msg] = (tally.messages[msg] ?? 0) + 1;
          }
          if (entry.level >= 50) {
            tally.errors++;
            if (tally.lastErrors.length < 20) tally.lastErrors.push(line.slice(0, 500));
          } else if (entry.level >= 40 && !String(entry.msg).startsWith('no built client')) tally.warnings++;
        });
      });
      return spawnedAt;
    },
    /** Sends a signal and waits until it exited (SIGTERM: SIGKILL after `graceMs`). */
    async signal(signal, graceMs = 15_000) {
      const c = child;
      if (!c || !self.alive) return;
      process.kill(/** @type {number} */ (c.pid), signal);
      const force = setTimeout(() => self.alive && process.kill(/** @type {number} */ (c.pid), 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(force);
    },
  };
  return self;
}

/**
 * redis-server as the cluster launcher runs it (append-only file, no snapshots, no eviction),
 * with `appendfsync always` as the fault tests run it, in its own directory.
 * @param {number} port
 * @param {string} dir
 */
export function redisServer(port, dir) {
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  /** @type {Promise<unknown> | undefined} */
  let exited;
  let paused = false;
  const self = {
    port,
    dir,
    url: `redis://${HOST}:${port}`,
    get alive() {
      return child !== undefined && child.exitCode === null && child.signalCode === null;
    },
    async start() {
      const args = ['--port', String(port), '--bind', HOST, '--dir', dir, '--save', ''];
      args.push('--appendonly', 'yes', '--appendfsync', 'always', '--maxmemory-policy', 'noeviction');
      const started = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      child = started;
      paused = false;
      exited = track(started);
      await redisReady(started, /** @type {Promise<unknown>} */ (exited), 15_000);
    },
    async signal(signal) {
      const c = child;
      if (!c || !self.alive) return;
      if (paused) self.resume();
      process.kill(/** @type {number} */ (c.pid), signal);
      await exited;
    },
    pause() {
      if (child?.pid && self.alive) process.kill(child.pid, 'SIGSTOP');
      paused = true;
    },
    resume() {
      if (child?.pid && self.alive) process.kill(child.pid, 'SIGCONT');
      paused = false;
    },
    /** One command over a connection of its own (Redis may have restarted since the last one). */
    async command(...args) {
      const connection = new Redis(port, HOST, {
        lazyConnect: true,
        maxRetriesPerRequest: 1,
        connectTimeout: 5000,
        commandTimeout: 10_000,
        retryStrategy: () => null,
      });
      try {
        await connection.connect();
        return await connection.call(/** @type {string} */ (args[0]), ...args.slice(1));
      } finally {
        connection.disconnect();
      }
    },
  };
  return self;
}
