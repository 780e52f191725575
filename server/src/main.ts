import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { loadSecret } from './auth/secret';
import { BoardTokens } from './auth/BoardTokens';
import { LocalBus } from './bus/LocalBus';
import { ConfigError, loadConfig } from './config';
import { createApp } from './http/createApp';
import { RoomRegistry } from './rooms/RoomRegistry';
import { SqliteStore } from './store/SqliteStore';
import { createUpgradeHandler } from './transport/wsUpgrade';

/**
 * The composition root: the only place that reads the environment, builds the real
 * adapters and starts listening.
 */
async function main(): Promise<void> {
  let config;
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
  const store = new SqliteStore(join(dataDir, 'archboard.sqlite'), { synchronous: config.SQLITE_SYNCHRONOUS });
  const bus = new LocalBus();
  const tokens = new BoardTokens(loadSecret(config.AUTH_SECRET, dataDir));
  const registry = new RoomRegistry(
    { store, bus, log, compactEvery: config.COMPACT_EVERY },
    { idleMs: config.ROOM_IDLE_MS, shutdownGraceMs: 10_000 },
    log,
  );
  const limits = {
    maxMessageBytes: config.MAX_MESSAGE_BYTES,
    maxMessagesPerSecond: config.MAX_MESSAGES_PER_SECOND,
    maxQueuedBeforeLoad: config.MAX_QUEUED_BEFORE_LOAD,
    sendHighWaterBytes: config.SEND_HIGH_WATER_BYTES,
  };
  const awsIconsDir = join(dirname(createRequire(import.meta.url).resolve('aws-icons/package.json')), 'icons');
  const app = createApp({
    store,
    bus,
    tokens,
    log,
    clientDir: config.CLIENT_DIR ? resolve(config.CLIENT_DIR) : resolve(here, '../../client/dist'),
    awsIconsDir,
    stats: () => ({ rooms: registry.size, connections: registry.connections, loads: registry.loads }),
  });
  const upgrades = createUpgradeHandler({ tokens, registry, limits, log });
  app.server.on('upgrade', upgrades.onUpgrade);

  await app.listen({ port: config.PORT, host: config.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  log.info({ port, dataDir }, 'listening');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    app.server.close(); // stop accepting; open sockets are closed below with 1001
    upgrades.close();
    await registry.shutdown();
    await app.close();
    await bus.close();
    await store.close();
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
