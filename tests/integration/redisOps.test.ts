import { afterEach, describe, expect, it } from 'vitest';
import { startRedis, type RunningRedis } from '../helpers/redis';
import { createBoard, startServer, type RunningServer } from '../helpers/server';
import { providerClient, synced } from '../helpers/clients';
import { addNode } from '@archboard/shared';

const started: { stop(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const s of started.splice(0).reverse()) await s.stop();
});
const METRICS_TOKEN = 'metrics-token-for-the-test';

async function redisAnd(options?: Parameters<typeof startRedis>[0]): Promise<[RunningRedis, RunningServer]> {
  const redis = await startRedis(options);
  started.push(redis);
  const server = await startServer({ env: { REDIS_URL: redis.url, METRICS_TOKEN } });
  started.push(server);
  return [redis, server];
}

describe('running on Redis', () => {
  it('warns at start-up when Redis has no append-only persistence or may evict keys', async () => {
    const [, server] = await redisAnd({ appendonly: false, evictionPolicy: 'allkeys-lru' });
    const warnings = server.logs.filter((l) => l.level === 40).map((l) => String(l.msg));
    expect(warnings.some((m) => m.includes('append-only'))).toBe(true);
    expect(warnings.some((m) => m.includes('evict'))).toBe(true);
  });

  it('does not warn when Redis is configured for durability', async () => {
    const [, server] = await redisAnd();
    expect(server.logs.filter((l) => l.level === 40)).toEqual([]);
  });

  it('serves Prometheus metrics: connections, rooms, updates, store latency, bus lag, Redis state', async () => {
    const [, server] = await redisAnd();
    const board = await createBoard(server);
    const client = providerClient(server.wsUrl, board.id, board.editToken);
    await synced(client);
    addNode(client.doc, { kind: 'aws.lambda', x: 0, y: 0 });
    await new Promise((r) => setTimeout(r, 200));
    const text = await (
      await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
    ).text();
    expect(text).toMatch(/^archboard_connections 1$/m);
    expect(text).toMatch(/^archboard_rooms 1$/m);
    expect(text).toMatch(/^archboard_redis_up 1$/m);
    expect(text).toMatch(/^archboard_updates_in_total [1-9]/m);
    expect(text).toMatch(/^archboard_store_append_seconds_count [1-9]/m);
    expect(text).toContain('archboard_bus_lag_seconds');
  });

  it('refuses to start when REDIS_URL cannot be reached, naming the variable', async () => {
    const server = startServer({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    await expect(server).rejects.toThrow(/REDIS_URL/);
  });
});
