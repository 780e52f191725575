import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import { pino } from 'pino';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { addNode, CLOSE, MESSAGE, type BoardId } from '@archboard/shared';
import { LocalBus, LocalBusHub } from '../bus/LocalBus';
import { HistoryService } from '../history/HistoryService';
import { SqliteStore } from '../store/SqliteStore';
import { Room } from './Room';
import { recordingConnection } from './testConnections';

/**
 * A room and its board's links: a reset closes the connections of older links (4410) and
 * refuses their late joins; a deletion closes every connection (4404) and stores nothing
 * more. Against a real SqliteStore; two rooms on one LocalBus hub stand for two instances.
 */

const log = pino({ level: 'silent' });
const BOARD = 'links-room' as BoardId;

let dir: string;
let store: SqliteStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'archboard-links-'));
  store = new SqliteStore(join(dir, 'test.sqlite'), { synchronous: 'normal' });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A connection opened with a link of `generation`; `closes` collects its close codes. */
function connect(room: Room, generation: number) {
  const { conn, closes } = recordingConnection(BOARD);
  conn.linkGeneration = generation;
  conn.onClose = () => room.remove(conn);
  room.add(conn);
  return { conn, closes };
}

const openRoom = async (bus = new LocalBus(), history?: HistoryService) => {
  const room = new Room(BOARD, {
    store,
    bus,
    log,
    compactEvery: 1000,
    ...(history ? { history: { service: history, intervalMs: 60_000 } } : {}),
  });
  await room.load();
  return room;
};

const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe('a room and its board’s links', () => {
  it('LINK-R1 a reset closes the connections of older links with 4410 and keeps the new ones', async () => {
    const room = await openRoom();
    const [old, older, fresh] = [connect(room, 1), connect(room, 0), connect(room, 2)];
    room.applyLinks({ type: 'reset', generation: 2 });
    expect(old.closes).toEqual([CLOSE.linkRevoked.code]);
    expect(older.closes).toEqual([CLOSE.linkRevoked.code]);
    expect(fresh.closes).toEqual([]);
    expect([...room.connections]).toEqual([fresh.conn]);
    await room.close();
  });

  it('LINK-R2 a late joiner whose upgrade read the generation before the reset is refused as it joins', async () => {
    const room = await openRoom();
    room.applyLinks({ type: 'reset', generation: 1 });
    const late = connect(room, 0);
    expect(late.closes).toEqual([CLOSE.linkRevoked.code]);
    expect(room.connections.size).toBe(0);
    expect(connect(room, 1).closes).toEqual([]);
    await room.close();
  });

  it('LINK-R3 a room that loads after a reset it did not hear reads it from the store', async () => {
    await store.resetLinks(BOARD);
    await store.resetLinks(BOARD);
    const room = new Room(BOARD, { store, bus: new LocalBus(), log, compactEvery: 1000 });
    const early = connect(room, 1); // joined while loading, with a link of the generation before
    const current = connect(room, 2);
    await room.load();
    expect(early.closes).toEqual([CLOSE.linkRevoked.code]);
    expect(current.closes).toEqual([]);
    await room.close();
  });

  it('LINK-R4 a reset announced on the bus closes the old links of the other instance’s room', async () => {
    const hub = new LocalBusHub();
    const [busA, busB] = [new LocalBus(hub), new LocalBus(hub)];
    const [roomA, roomB] = [await openRoom(busA), await openRoom(busB)];
    const [a, b] = [connect(roomA, 0), connect(roomB, 0)];
    const change = { type: 'reset', generation: 1 } as const;
    roomA.applyLinks(change); // what the reset route does: its own room, then the bus
    busA.publishLinks(BOARD, change);
    expect(a.closes).toEqual([CLOSE.linkRevoked.code]);
    expect(b.closes).toEqual([CLOSE.linkRevoked.code]);
    await Promise.all([roomA.close(), roomB.close()]);
  });

  it('LINK-R5 a deletion closes everyone with 4404, drops pending edits and keeps no version', async () => {
    const history = new HistoryService(store, { retention: { keepAllForMs: 1e9, hourlyForMs: 1e9 }, log });
    const room = await openRoom(new LocalBus(), history);
    const writer = connect(room, 0);
    const doc = new Y.Doc();
    addNode(doc, { kind: 'aws.lambda', x: 0, y: 0 });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE.sync);
    syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc));
    room.receive(writer.conn, encoding.toUint8Array(encoder)); // queued for this tick's append
    await store.deleteBoard(BOARD);
    room.applyLinks({ type: 'deleted' });
    expect(writer.closes).toEqual([CLOSE.boardDeleted.code]);
    expect(connect(room, 5).closes).toEqual([CLOSE.boardDeleted.code]);
    await settle();
    await room.close();
    expect((await store.load(BOARD)).updates).toEqual([]);
    expect(await store.listSnapshots(BOARD)).toEqual([]);
    expect(await store.linkGeneration(BOARD)).toBe('deleted');
  });
});
