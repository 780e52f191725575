import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addNode, readBoard, setNodeNotes } from '@archboard/shared';
import { createBoard, health, startServer, type RunningServer } from '../helpers/server';
import { eventually, providerClient, synced, type ProviderClient } from '../helpers/clients';
import { startRedis, type RunningRedis } from '../helpers/redis';

/**
 * Join storm (issue 11): many clients with nothing of a multi-MB board join it at once. The
 * board loads from the store once, and every client converges to the whole board. Two ways
 * the board can be stored: compacted into one snapshot (its room unloaded), or as a log of
 * many updates (the instance was killed before it could compact), where the doc thread
 * encodes the whole state once for every empty joiner (DocTable.diff). Timing belongs to
 * the bench (tests/bench/joinstorm.mjs), not here.
 */
const JOINERS = 100;
/** 24 nodes of 100,000 characters of notes each: about 2.4 MB, mostly text, so 100 clients in one process apply it quickly. */
const NODES = 24;
const NOTES_CHARS = 100_000;

const env = {
  ROOM_IDLE_MS: '200',
  // every client comes from 127.0.0.1
  MAX_CONNECTIONS_PER_IP: '0',
  // the writer sends 2.4 MB at once; joins are what is tested
  MAX_BYTES_PER_SECOND: String(64 * 1024 * 1024),
};

/** Writes the board (one update per node, each under MAX_UPDATE_BYTES) and waits until a fresh client sees all of it. */
async function writeBigBoard(server: RunningServer, board: { id: string; editToken: string }) {
  const writer = providerClient(server.wsUrl, board.id, board.editToken);
  await synced(writer);
  for (let i = 0; i < NODES; i++) {
    const id = addNode(writer.doc, { kind: 'generic.service', x: i * 200, y: 0, label: `service ${i}` });
    if (!id.ok) throw new Error(`addNode: ${id.error}`);
    setNodeNotes(writer.doc, id.value, `${i}:`.padEnd(NOTES_CHARS, String.fromCharCode(97 + (i % 26))));
  }
  const bytes = Y.encodeStateAsUpdate(writer.doc).byteLength;
  expect(bytes).toBeGreaterThan(2 * 1024 * 1024);
  const probe = providerClient(server.wsUrl, board.id, board.editToken);
  await synced(probe, 30_000);
  await eventually(() => expect(Y.encodeStateVector(probe.doc)).toEqual(Y.encodeStateVector(writer.doc)), 30_000);
  const stateVector = Y.encodeStateVector(writer.doc);
  const notes = notesById(writer.doc);
  probe.destroy();
  writer.destroy();
  return { stateVector, notes };
}

/** JOINERS clients with empty docs, created at once; resolves when every one synced. */
async function storm(server: RunningServer, board: { id: string; editToken: string }): Promise<ProviderClient[]> {
  const joiners = Array.from({ length: JOINERS }, () => providerClient(server.wsUrl, board.id, board.editToken));
  await Promise.all(joiners.map((c) => synced(c, 60_000)));
  return joiners;
}

/** Every node's notes, by node id. */
function notesById(doc: Y.Doc): Record<string, string | undefined> {
  const nodes = readBoard(doc).nodes;
  expect(nodes).toHaveLength(NODES);
  return Object.fromEntries(nodes.map((n) => [n.id, n.notes]));
}

function expectConverged(
  joiners: ProviderClient[],
  written: { stateVector: Uint8Array; notes: Record<string, string | undefined> },
) {
  for (const joiner of joiners) {
    expect(Y.encodeStateVector(joiner.doc)).toEqual(written.stateVector);
    expect(notesById(joiner.doc)).toEqual(written.notes);
  }
}

describe.each(['embedded', 'redis'] as const)('join storm, %s', (mode) => {
  let redis: RunningRedis | undefined;
  let server: RunningServer;
  const dataDirs: string[] = [];
  const start = async (dataDir?: string) => {
    const s = await startServer({
      env: { ...env, ...(redis ? { REDIS_URL: redis.url } : {}) },
      ...(dataDir ? { dataDir } : {}),
    });
    dataDirs.push(s.dataDir);
    return s;
  };

  beforeAll(async () => {
    if (mode === 'redis') redis = await startRedis();
    server = await start();
  }, 30_000);
  afterAll(async () => {
    await server.stop();
    await redis?.stop();
    for (const dir of new Set(dataDirs)) rmSync(dir, { recursive: true, force: true });
    if (redis) rmSync(redis.dir, { recursive: true, force: true });
  });

  it(`loads a compacted multi-MB board once for ${JOINERS} clients joining at once, and all converge`, async () => {
    const board = await createBoard(server, 'Join storm');
    const written = await writeBigBoard(server, board);
    // The room unloads (storing one compacted snapshot): the storm's first join loads it.
    await eventually(async () => expect((await health(server)).rooms).toBe(0), 15_000);
    const before = await health(server);
    const joiners = await storm(server, board);
    const after = await health(server);
    expect(after.loads - before.loads).toBe(1);
    expect(after.connections).toBe(JOINERS);
    expectConverged(joiners, written);
  }, 120_000);

  it(`loads a board stored as a log of updates once (the instance was killed before compacting) for ${JOINERS} clients, and all converge`, async () => {
    const board = await createBoard(server, 'Join storm, log');
    const written = await writeBigBoard(server, board);
    // A crash: no compaction on the way out, the store keeps the log as written.
    await server.kill();
    server = await start(server.dataDir);
    expect((await health(server)).loads).toBe(0);
    const joiners = await storm(server, board);
    const after = await health(server);
    expect(after.loads).toBe(1);
    expect(after.rooms).toBe(1);
    expectConverged(joiners, written);
  }, 120_000);
});
