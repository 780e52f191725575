import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { pino, type Logger } from 'pino';
import { randomId } from '@archboard/shared';
import { loadSecret } from './auth/secret';
import { BoardTokens } from './auth/BoardTokens';
import type { Bus } from './bus/Bus';
import { LocalBus } from './bus/LocalBus';
import { ConfigError, loadConfig, type Config } from './config';
import { ExportRenderer } from './export/ExportRenderer';
import { iconFiles } from './export/iconFiles';
import { HistoryService } from './history/HistoryService';
import { OidcVerifier } from './auth/oidc';
import { BoardSignIn } from './auth/BoardSignIn';
import { createApp, createMetricsApp } from './http/createApp';
import { createMetrics } from './http/metrics';
import { withScripts } from './redis/commands';
import { RedisBus } from './redis/RedisBus';
import { RedisStore } from './redis/RedisStore';
import { warnAboutRedisPersistence } from './redis/checkRedis';
import { RoomRegistry } from './rooms/RoomRegistry';
import type { Store } from './store/Store';
import { SqliteStore } from './store/SqliteStore';
import { startUnopenedSweep } from './store/unopenedSweep';
import { BoardThread } from './threads/BoardThread';
import { DocThread } from './threads/DocThread';
import { parseTrustedProxies } from './transport/clientAddress';
import { limitHeaderTime } from './transport/headerTimeout';
import { parseOrigins, UpgradeGate } from './transport/UpgradeGate';
import { createUpgradeHandler } from './transport/wsUpgrade';

interface Backend {
  store: Store;
  bus: Bus;
  redisUp?: () => number;
  setBusLag?: (observe: (ms: number) => void) => void;
  close(): Promise<void>;
}

/** Redis when REDIS_URL is set, otherwise the embedded default: SQLite and the in-process bus. */
async function createBackend(config: Config, dataDir: string, log: Logger, boardThread: BoardThread): Promise<Backend> {
  if (!config.REDIS_URL) {
    const store = new SqliteStore(join(dataDir, 'archboard.sqlite'), {
      synchronous: config.SQLITE_SYNCHRONOUS,
      offload: { workerFile: join(dirname(fileURLToPath(import.meta.url)), 'sqliteWorker.js'), log },
    });
    const bus = new LocalBus();
    return { store, bus, close: async () => (await bus.close(), await store.close()) };
  }
  const instance = config.INSTANCE_ID ?? `${hostname()}-${process.pid}-${randomId(4)}`;
  // Commands fail at once while Redis is away (no offline queue): rooms then hold their
  // updates and retry, and /readyz says not ready, instead of requests piling up.
  const options = { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: true, connectionName: instance };
  const redis = withScripts(new Redis(config.REDIS_URL, options));
  const subscriber = new Redis(config.REDIS_URL, options);
  for (const [name, client] of [
    ['commands', redis],
    ['subscriber', subscriber],
  ] as const) {
    client.on('error', (err: Error) => log.warn({ redis: name, err: err.message }, 'Redis connection error'));
    client.on('ready', () => log.info({ redis: name }, 'Redis connection ready'));
  }
  try {
    await Promise.all([redis.connect(), subscriber.connect()]);
  } catch (e) {
    throw new ConfigError(
      `REDIS_URL: cannot connect to ${config.REDIS_URL}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  await warnAboutRedisPersistence(redis, log);
  let lag: (ms: number) => void = () => {};
  const store = new RedisStore(redis, { instance, leaseMs: 30_000, log, merge: boardThread.merge });
  const bus = new RedisBus(redis, subscriber, store, {
    instance,
    log,
    heartbeatMs: 500,
    heartbeatTtlMs: 2000,
    pollMs: 5000,
    onRemoteUpdate: (ms) => lag(ms),
  });
  log.info({ instance }, 'using Redis for storage and the bus');
  return {
    store,
    bus,
    redisUp: () => (redis.status === 'ready' && subscriber.status === 'ready' ? 1 : 0),
    setBusLag: (observe) => (lag = observe),
    close: async () => {
      await bus.close();
      redis.disconnect();
      subscriber.disconnect();
    },
  };
}

/**
 * The composition root: the only place that reads the environment, builds the real
 * adapters and starts listening.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`archboard: ${e.message}\n`);
    process.exit(2);
  }
  const log = pino({ level: config.LOG_LEVEL, base: { pid: process.pid } });
  const here = dirname(fileURLToPath(import.meta.url));
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  // Work on a whole board (a version's hash, a Redis compaction's merge), off the event loop.
  const boardThread = new BoardThread(join(here, 'boardWorker.js'), log);
  // The open boards' docs, off the event loop (rooms/RoomDocs.ts).
  const docThread = new DocThread(join(here, 'docWorker.js'), log);

  let backend: Backend;
  try {
    backend = await createBackend(config, dataDir, log, boardThread);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`archboard: ${e.message}\n`);
    process.exit(2);
  }
  const { store, bus } = backend;
  // Sign-in with an OIDC provider, when configured: who creates boards, organisation-only boards, owners.
  const signIn =
    config.OIDC_ISSUER && config.OIDC_AUDIENCE
      ? new OidcVerifier({
          issuer: config.OIDC_ISSUER,
          audience: config.OIDC_AUDIENCE,
          ...(config.OIDC_JWKS_URL ? { jwksUrl: config.OIDC_JWKS_URL } : {}),
          jwksCooldownMs: config.OIDC_JWKS_COOLDOWN_MS,
        })
      : undefined;
  const tokens = new BoardTokens(loadSecret(config.AUTH_SECRET, dataDir), store, new BoardSignIn(store, signIn));
  const metrics = createMetrics({
    connections: () => rooms.connections, // read at scrape time, after `rooms` exists
    rooms: () => rooms.size,
    ...(backend.redisUp ? { redisUp: backend.redisUp } : {}),
  });
  backend.setBusLag?.(metrics.busLag);
  const history = new HistoryService(store, {
    retention: {
      keepAllForMs: config.HISTORY_KEEP_ALL_HOURS * 3600_000,
      hourlyForMs: config.HISTORY_KEEP_HOURLY_DAYS * 24 * 3600_000,
    },
    log,
    hashState: boardThread.hashState,
  });
  const rooms = new RoomRegistry(
    {
      store,
      bus,
      log,
      docs: docThread,
      compactEvery: config.COMPACT_EVERY,
      compactBytes: config.COMPACT_BYTES,
      maxPendingBytes: config.MAX_PENDING_BYTES,
      maxBoardBytes: config.MAX_BOARD_BYTES,
      metrics: metrics.room,
      history: { service: history, intervalMs: config.HISTORY_INTERVAL_MS },
      presence: {
        maxStateBytes: config.MAX_PRESENCE_BYTES,
        maxIdsPerMessage: config.MAX_PRESENCE_IDS,
        maxMessagesPerSecond: config.MAX_PRESENCE_PER_SECOND,
      },
    },
    { idleMs: config.ROOM_IDLE_MS, shutdownGraceMs: 10_000, maxLoadedBoards: config.MAX_LOADED_BOARDS },
    log,
  );
  docThread.onLost = () => rooms.docsLost();
  const limits = {
    maxMessageBytes: config.MAX_MESSAGE_BYTES,
    maxMessagesPerSecond: config.MAX_MESSAGES_PER_SECOND,
    maxQueuedBeforeLoad: config.MAX_QUEUED_BEFORE_LOAD,
    sendHighWaterBytes: config.SEND_HIGH_WATER_BYTES,
    maxUpdateBytes: config.MAX_UPDATE_BYTES,
    maxBytesPerSecond: config.MAX_BYTES_PER_SECOND,
  };
  // Whose X-Forwarded-For to believe: one function for HTTP (fastify) and the WebSocket upgrade.
  const trustProxy = parseTrustedProxies(config.TRUSTED_PROXIES);
  const awsIconsDir = join(dirname(createRequire(import.meta.url).resolve('aws-icons/package.json')), 'icons');
  const renderer = new ExportRenderer({
    processFile: join(here, 'exportProcess.js'),
    awsIconsDir,
    icons: iconFiles(awsIconsDir),
    maxExports: 4,
    log,
  });
  const app = await createApp({
    store,
    bus,
    tokens,
    rooms,
    history,
    renderer,
    uploadLimits: { maxUpdateBytes: limits.maxUpdateBytes, maxBytesPerSecond: limits.maxBytesPerSecond },
    exportMaxPixels: config.EXPORT_MAX_PIXELS,
    log,
    clientDir: config.CLIENT_DIR ? resolve(config.CLIENT_DIR) : resolve(here, '../../client/dist'),
    awsIconsDir,
    stats: () => ({ rooms: rooms.size, connections: rooms.connections, loads: rooms.loads }),
    metrics: metrics.registry,
    metricsToken: config.METRICS_TOKEN,
    createRate: { max: config.CREATE_RATE_LIMIT, windowMs: config.CREATE_RATE_WINDOW_MS },
    allowEmbed: config.ALLOW_EMBED === 'true',
    trustProxy,
    ...(signIn ? { signIn } : {}),
  });
  const metricsApp = config.METRICS_PORT === undefined ? undefined : createMetricsApp(metrics.registry, log);
  const gate = new UpgradeGate({
    allowedOrigins: parseOrigins(config.ALLOWED_ORIGINS),
    maxConnectionsPerIp: config.MAX_CONNECTIONS_PER_IP,
  });
  const upgrades = createUpgradeHandler({ tokens, registry: rooms, limits, log, gate, trustProxy });
  app.server.on('upgrade', upgrades.onUpgrade);
  limitHeaderTime(app.server, config.UPGRADE_TIMEOUT_MS);
  // Boards nobody ever opened, removed once old enough (0: never), closed everywhere as an owner's delete is.
  const sweep =
    config.UNOPENED_BOARD_MAX_AGE_HOURS > 0
      ? startUnopenedSweep({
          store,
          maxAgeMs: config.UNOPENED_BOARD_MAX_AGE_HOURS * 3600_000,
          intervalMs: config.UNOPENED_BOARD_SWEEP_MS,
          log,
          announceDeleted: (board) => {
            rooms.get(board)?.applyLinks({ type: 'deleted' });
            bus.publishLinks(board, { type: 'deleted' });
          },
        })
      : undefined;

  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  log.info({ port, dataDir, mode: config.REDIS_URL ? 'redis' : 'embedded' }, 'listening');
  if (metricsApp) {
    await metricsApp.listen({ port: config.METRICS_PORT, host: config.METRICS_HOST });
    const bound = metricsApp.server.address();
    log.info(
      { metricsPort: typeof bound === 'object' && bound ? bound.port : config.METRICS_PORT },
      'metrics listening',
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    app.server.close(); // stop accepting; open sockets are closed below with 1001
    upgrades.close();
    sweep?.stop();
    await rooms.shutdown();
    // Requests still running (a big export a client stopped reading) get 5 s, then their sockets are closed.
    const force = setTimeout(() => app.server.closeAllConnections(), 5000);
    await app.close();
    await metricsApp?.close();
    clearTimeout(force);
    await renderer.close();
    await boardThread.close();
    await docThread.stop();
    await backend.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e: unknown) => {
  process.stderr.write(`archboard: failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
