import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { withScripts } from '../../server/src/redis/commands';
import { RedisStore } from '../../server/src/redis/RedisStore';

export interface RunningRedis {
  port: number;
  url: string;
  dir: string;
  /** Stops redis-server (SIGTERM: it writes its append-only file) and waits. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** SIGKILL, as a crash. */
  kill(): Promise<void>;
  /** SIGSTOP: it stops answering, its connections stay open (a stall). */
  pause(): void;
  /** SIGCONT after pause(). */
  resume(): void;
}

const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * A real redis-server (from PATH) on a free loopback port with append-only persistence
 * in its own directory, as the cluster launcher runs it. Killed when the test file ends.
 */
export async function startRedis(
  options: { appendonly?: boolean; evictionPolicy?: string } = {},
): Promise<RunningRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'archboard-redis-'));
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn(
      'redis-server',
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''],
        ...['--appendonly', options.appendonly === false ? 'no' : 'yes', '--appendfsync', 'always'],
        ...['--maxmemory-policy', options.evictionPolicy ?? 'noeviction'],
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    running.add(child);
    const started = child;
    started.once('exit', () => running.delete(started));
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${out}`)), 10_000);
      started.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      started.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
    });
  };
  const exit = (signal: NodeJS.Signals) => async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const done = new Promise((resolve) => c.once('exit', resolve));
    c.kill(signal);
    await done;
  };
  await launch();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    stop: exit('SIGTERM'),
    kill: exit('SIGKILL'),
    start: launch,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
  };
}

/**
 * One redis-server for a test file, started before its tests, with RedisStores and plain
 * clients on it; all are closed when the file ends.
 */
export function redisForFile() {
  let redis: RunningRedis | undefined;
  const clients: Redis[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    clients.forEach((c) => c.disconnect());
    await redis?.stop();
  });
  const running = () => {
    if (!redis) throw new Error('redis-server is not started yet (use it inside a test)');
    return redis;
  };
  const connect = () => {
    const client = new Redis(running().url);
    clients.push(client);
    return client;
  };
  return {
    get url() {
      return running().url;
    },
    client: connect,
    store: (instance: string, leaseMs = 5000) =>
      new RedisStore(withScripts(connect()), { instance, leaseMs, log: pino({ level: 'silent' }) }),
  };
}
