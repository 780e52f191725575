// What a soak runs: in cluster mode redis-server and two Archboard instances sharing it
// (REDIS_URL, one AUTH_SECRET); in embedded mode one instance on its SQLite store (two
// processes cannot share one SQLite file, so there is nothing for a second one to do).
// Clients reach the instances through frontends.mjs, the board is created through the
// API, and restart(i) brings an instance back the way a load balancer would: start it,
// read its greeting with a raw probe, and only then send clients to it.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startFrontends } from './frontends.mjs';
import { archboardInstance, freePort, killAll, redisServer, tempDir } from './processes.mjs';
import { probe } from './probe.mjs';

export const PROBE_TIMEOUT_MS = 30_000;

/**
 * @param {{ mode: 'cluster' | 'embedded' }} options
 */
export async function startRig({ mode }) {
  /** @type {string[]} */
  const dirs = [];
  try {
    return await start(mode, dirs);
  } catch (e) {
    killAll(); // nothing else runs yet: whatever was started is this rig's
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * @param {'cluster' | 'embedded'} mode
 * @param {string[]} dirs the directories it makes, for the caller to remove
 */
async function start(mode, dirs) {
  const secret = `soak-${'s'.repeat(40)}`;
  /** @type {ReturnType<typeof redisServer> | undefined} */
  let redis;
  if (mode === 'cluster') {
    const dir = tempDir('redis');
    dirs.push(dir);
    redis = redisServer(await freePort(), dir);
    await redis.start();
  }
  const count = mode === 'cluster' ? 2 : 1;
  const instances = [];
  for (let i = 0; i < count; i++) {
    const dataDir = tempDir(`instance${i}`);
    dirs.push(dataDir);
    /** @type {Record<string, string>} */
    const env = {
      DATA_DIR: dataDir,
      AUTH_SECRET: secret,
      INSTANCE_ID: `soak${i}`,
      // every soak client comes from 127.0.0.1 (the frontends)
      MAX_CONNECTIONS_PER_IP: '0',
      CREATE_RATE_LIMIT: '100000',
    };
    if (redis) env.REDIS_URL = redis.url;
    instances.push(
      Object.assign(archboardInstance({ name: `instance${i}`, port: await freePort(), env }), { dataDir }),
    );
  }
  await Promise.all(instances.map((instance) => instance.start()));
  const frontends = await startFrontends(instances);

  const response = await fetch(`${instances[0]?.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'soak' }),
  });
  if (response.status !== 201) throw new Error(`POST /api/boards answered ${response.status}`);
  const board = /** @type {{ id: string, editToken: string, viewToken: string }} */ (await response.json());

  return {
    mode,
    redis,
    instances,
    frontends,
    board,
    /** Marks instance i down at its frontend (before a fault stops it). */
    down(i) {
      frontends.down(i);
    },
    /**
     * Starts instance i again on its port and data directory, reads its greeting, then lets
     * clients reach it again.
     * @returns {Promise<{ spawnedAt: number, probed: import('./probe.mjs').ProbeResult }>}
     */
    async restart(i) {
      const instance = /** @type {(typeof instances)[number]} */ (instances[i]);
      const spawnedAt = await instance.start();
      const probed = await probe(instance.wsUrl, board.id, board.viewToken, PROBE_TIMEOUT_MS);
      frontends.up(i);
      frontends.drain(i);
      return { spawnedAt, probed };
    },
    /** Deletes the store under the soak (the negative control): every stored board is gone. */
    async deleteStore() {
      if (redis) await redis.command('FLUSHALL');
      else {
        const dataDir = /** @type {string} */ (instances[0]?.dataDir);
        for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, `archboard.sqlite${suffix}`), { force: true });
      }
    },
    /** Readiness of every instance (/readyz 200). */
    async ready() {
      const answers = await Promise.all(
        instances.map((instance) =>
          fetch(`${instance.url}/readyz`, { signal: AbortSignal.timeout(5000) }).then(
            (r) => r.ok,
            () => false,
          ),
        ),
      );
      return answers.every(Boolean);
    },
    /** Stops everything it started (SIGTERM, then SIGKILL) and removes its directories. */
    async close() {
      await frontends.close();
      await Promise.all(instances.map((instance) => instance.signal('SIGTERM', 10_000)));
      await redis?.signal('SIGTERM');
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}
