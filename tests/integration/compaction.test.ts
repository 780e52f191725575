import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode, boardMaps, readBoard, type BoardId } from '@archboard/shared';
import { boardKeys } from '../../server/src/redis/keys';
import { eventually, providerClient, synced } from '../helpers/clients';
import { redisForFile } from '../helpers/redis';
import { createBoard, startServer } from '../helpers/server';

const redis = redisForFile();
const store = (instance: string) => redis.store(instance, 800);
const replay = (updates: Uint8Array[]) => {
  const doc = new Y.Doc();
  updates.forEach((u) => Y.applyUpdate(doc, u));
  boardMaps(doc);
  return doc.toJSON();
};

describe('compaction on Redis', () => {
  it('C1 two instances appending while both try to compact: one compacts at a time, the board equals the board without compaction, the log shrinks', async () => {
    const board = `compact-${Date.now()}` as BoardId;
    const [a, b] = [store('a'), store('b')];
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 400; i++) addNode(doc, { kind: 'aws.kinesis', x: i, y: i, label: `k${i}` });
    const work: Promise<unknown>[] = [];
    updates.forEach((u, i) => {
      work.push((i % 2 ? a : b).append(board, u));
      if (i % 50 === 49) work.push(a.compact(board), b.compact(board));
    });
    await Promise.all(work);
    await a.compact(board);
    expect(replay((await b.load(board)).updates)).toEqual(replay(updates));
    expect(await a.logLength(board)).toBeLessThan(10);
  });

  it('C2 a compaction that died holding the lease leaves a loadable board, and compaction resumes once the lease expires', async () => {
    const board = `lease-${Date.now()}` as BoardId;
    const live = store('live');
    const doc = new Y.Doc();
    doc.on('update', (u: Uint8Array) => void live.append(board, u));
    for (let i = 0; i < 30; i++) addNode(doc, { kind: 'aws.sns', x: i, y: 0 });
    await new Promise((r) => setTimeout(r, 50));
    const admin = redis.client();
    await admin.set(boardKeys(board).lease, 'crashed-instance', 'PX', 500); // it took the lease, then died
    await live.compact(board);
    expect(await live.logLength(board)).toBe(30); // not while someone else holds the lease
    expect(replay((await live.load(board)).updates)).toEqual((boardMaps(doc), doc.toJSON()));
    await new Promise((r) => setTimeout(r, 600));
    await live.compact(board);
    expect(await live.logLength(board)).toBe(0);
    expect(replay((await live.load(board)).updates)).toEqual(doc.toJSON());
  });

  it('C3 an instance killed (SIGKILL) while compacting a large board: the board afterwards equals the board without compaction', async () => {
    const env = {
      REDIS_URL: redis.url,
      AUTH_SECRET: 'k'.repeat(40),
      COMPACT_EVERY: '100',
      COMPACT_BYTES: '4096',
      LOG_LEVEL: 'debug',
    };
    const victim = await startServer({ env });
    const board = await createBoard(victim);
    const writer = providerClient(victim.wsUrl, board.id, board.editToken);
    const watcher = providerClient(victim.wsUrl, board.id, board.editToken);
    await Promise.all([synced(writer), synced(watcher)]);
    for (let i = 0; i < 299; i++) {
      addNode(writer.doc, { kind: 'aws.s3', x: i, y: 0, label: `b${i}-${'x'.repeat(200)}` });
      await new Promise((r) => setImmediate(r));
    }
    // the watcher has seen all but the last: the server stored them (it echoes only what is stored)
    await eventually(() => expect(readBoard(watcher.doc).nodes).toHaveLength(299));
    addNode(writer.doc, { kind: 'aws.s3', x: -1, y: 0, label: 'last' }); // then a quiet second starts the compaction
    await eventually(() => expect(readBoard(watcher.doc).nodes).toHaveLength(300));
    // compaction waits for a quiet second after the threshold; kill it as soon as it starts
    await eventually(() => expect(victim.logs.some((l) => l.msg === 'compacting')).toBe(true));
    await victim.kill(); // somewhere in (or just after) the compaction
    const expected = readBoard(watcher.doc)
      .nodes.map((n) => n.label)
      .sort();
    writer.destroy();
    watcher.destroy();

    const survivor = await startServer({ env });
    const reader = providerClient(survivor.wsUrl, board.id, board.editToken);
    await synced(reader);
    expect(
      readBoard(reader.doc)
        .nodes.map((n) => n.label)
        .sort(),
    ).toEqual(expected);
    await survivor.stop();
  });
});
