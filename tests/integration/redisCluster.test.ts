import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode, readBoard, renameNode } from '@archboard/shared';
import { eventually, providerClient, synced } from '../helpers/clients';
import { startRedis, type RunningRedis } from '../helpers/redis';
import { createBoard, startServer, type RunningServer } from '../helpers/server';

const SECRET = 's'.repeat(40);
let redis: RunningRedis;
let one: RunningServer;
let two: RunningServer;
const env = () => ({ REDIS_URL: redis.url, AUTH_SECRET: SECRET, COMPACT_EVERY: '50' });

beforeAll(async () => {
  redis = await startRedis();
  [one, two] = await Promise.all([startServer({ env: env() }), startServer({ env: env() })]);
});
afterAll(async () => {
  await Promise.all([one.stop(), two.stop()]);
  await redis.stop();
});

describe('two instances sharing Redis', () => {
  it('carries edits and presence both ways, and a late third instance serves the board whole', async () => {
    const board = await createBoard(one, 'Shared');
    const a = providerClient(one.wsUrl, board.id, board.editToken);
    const b = providerClient(two.wsUrl, board.id, board.editToken);
    await Promise.all([synced(a), synced(b)]);
    expect(readBoard(b.doc).title).toBe('Shared');

    const lb = addNode(a.doc, { kind: 'aws.elb', x: 0, y: 0 });
    const fn = addNode(b.doc, { kind: 'aws.lambda', x: 100, y: 0 });
    if (!lb.ok || !fn.ok) throw new Error('addNode');
    await eventually(() => {
      expect(readBoard(a.doc).nodes).toHaveLength(2);
      expect(readBoard(b.doc).nodes).toHaveLength(2);
    });
    renameNode(a.doc, fn.value, 'worker');
    await eventually(() => expect(readBoard(b.doc).nodes.find((n) => n.id === fn.value)?.label).toBe('worker'));

    a.provider.awareness.setLocalStateField('user', { name: 'Ada' });
    b.provider.awareness.setLocalStateField('user', { name: 'Bob' });
    const names = (c: typeof a) =>
      [...c.provider.awareness.getStates().values()].map((s) => (s as { user?: { name: string } }).user?.name);
    await eventually(() => {
      expect(names(a)).toContain('Bob');
      expect(names(b)).toContain('Ada');
    });

    const three = await startServer({ env: env() });
    const c = providerClient(three.wsUrl, board.id, board.editToken);
    await synced(c);
    expect(Y.encodeStateVector(c.doc)).toEqual(Y.encodeStateVector(a.doc));
    expect(
      readBoard(c.doc)
        .nodes.map((n) => n.label)
        .sort(),
    ).toEqual(['Elastic Load Balancer', 'worker']);
    await three.stop();
  });

  it('uses hash-tagged keys and compacts the log as it grows', async () => {
    const board = await createBoard(one);
    const a = providerClient(one.wsUrl, board.id, board.editToken);
    const b = providerClient(two.wsUrl, board.id, board.editToken);
    await Promise.all([synced(a), synced(b)]);
    for (let i = 0; i < 120; i++) {
      addNode(i % 2 ? a.doc : b.doc, { kind: 'aws.sqs', x: i, y: 0, label: `q${i}` });
      await new Promise((r) => setTimeout(r, 2));
    }
    await eventually(() => {
      expect(readBoard(a.doc).nodes).toHaveLength(120);
      expect(readBoard(b.doc).nodes).toHaveLength(120);
    });
    const client = new Redis(redis.url);
    try {
      await eventually(async () => {
        const keys = await client.keys(`archboard:{${board.id}}:*`);
        expect(keys.sort()).toEqual(
          ['last', 'log', 'meta', 'snapshot'].map((k) => `archboard:{${board.id}}:${k}`).sort(),
        );
        expect(await client.xlen(`archboard:{${board.id}}:log`)).toBeLessThan(60);
      });
    } finally {
      client.disconnect();
    }
    const fresh = providerClient(two.wsUrl, board.id, board.editToken);
    await synced(fresh);
    expect(readBoard(fresh.doc).nodes).toHaveLength(120);
  });
});
