import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * The built server and client the tests run. `ARCHBOARD_TEST_SERVER_DIST` and
 * `ARCHBOARD_TEST_CLIENT_DIR` point at other builds (e.g. a developer's private build while
 * someone else rebuilds the shared one).
 */
export const MAIN = join(process.env.ARCHBOARD_TEST_SERVER_DIST ?? join(ROOT, 'server/dist'), 'main.js');
const CLIENT_DIR = process.env.ARCHBOARD_TEST_CLIENT_DIR;

export interface RunningServer {
  url: string;
  wsUrl: string;
  port: number;
  dataDir: string;
  pid: number;
  /** Every log line the server printed, parsed. */
  logs: Record<string, unknown>[];
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL and wait for exit. */
  kill(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  dataDir?: string;
  port?: number;
}

const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * Starts the built server (`node server/dist/main.js`, as `npm run serve` does) on a free
 * port with its own data directory, and resolves once it listens. Servers still running
 * when the test file ends are killed.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run the build first (npm test does)`);
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'archboard-test-'));
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(options.port ?? 0),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      // Tests create many boards from one address; the abuse suite sets its own limit.
      CREATE_RATE_LIMIT: '100000',
      ...(CLIENT_DIR ? { CLIENT_DIR } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 15 s: ${stderr}`)), 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening: ${stderr}`));
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'listening') {
          clearTimeout(timer);
          resolve(entry.port as number);
        }
      } catch {
        logs.push({ msg: line }); // not JSON: keep it for the assertion messages
      }
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    port,
    dataDir,
    pid: child.pid!,
    logs,
    async stop() {
      child.kill('SIGTERM');
      return exited(child);
    },
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
  };
}

/** What `/healthz` reports: the boards open, the loads from the store so far, the sockets. */
export interface Health {
  rooms: number;
  loads: number;
  connections: number;
}

export async function health(server: Pick<RunningServer, 'url'>): Promise<Health> {
  return (await (await fetch(`${server.url}/healthz`)).json()) as Health;
}

/** How many boards the server has open (`/healthz`). */
export const openRooms = async (server: Pick<RunningServer, 'url'>): Promise<number> => (await health(server)).rooms;

/** Creates a board through the API, as the landing page does: its id and its owner, edit and view tokens. */
export async function createBoard(
  server: Pick<RunningServer, 'url'>,
  title?: string,
): Promise<{ id: string; ownerToken: string; editToken: string; viewToken: string }> {
  const response = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(title ? { title } : {}),
  });
  if (response.status !== 201) throw new Error(`POST /api/boards answered ${response.status}`);
  return (await response.json()) as { id: string; ownerToken: string; editToken: string; viewToken: string };
}

/** Creates an interview board as "Start an interview" does: its creator's (the host's) link and the others. */
export async function createInterviewBoard(
  server: Pick<RunningServer, 'url'>,
  options: { title: string; phases?: { name: string; minutes: number }[] },
): Promise<{ id: string; hostToken: string; editToken: string; viewToken: string }> {
  const response = await fetch(`${server.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ interview: true, ...options }),
  });
  if (response.status !== 201) throw new Error(`POST /api/boards answered ${response.status}`);
  return (await response.json()) as { id: string; hostToken: string; editToken: string; viewToken: string };
}
