import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { withScripts } from '../../server/src/redis/commands';
import { RedisStore } from '../../server/src/redis/RedisStore';
import { storeContract } from '../../server/src/store/storeContract';
import { startRedis, type RunningRedis } from '../helpers/redis';

let redis: RunningRedis;
const clients: Redis[] = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  clients.forEach((c) => c.disconnect());
  await redis.stop();
});

// The same contract SqliteStore passes, against a real redis-server.
storeContract('RedisStore', async () => {
  const open = () => {
    const client = withScripts(new Redis(redis.url));
    clients.push(client);
    return new RedisStore(client, { instance: 'contract', leaseMs: 5000, log: pino({ level: 'silent' }) });
  };
  return { store: open(), reopen: async () => open() };
});
