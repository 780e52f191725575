import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { pino } from 'pino';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import {
  addNode,
  CLOSE,
  MESSAGE,
  newSession,
  readBoard,
  readSession,
  start,
  writeSession,
  type BoardId,
  type Role,
} from '@archboard/shared';
import * as awarenessProtocol from 'y-protocols/awareness';
import { LocalBus, LocalBusHub } from '../bus/LocalBus';
import type { ArchiveEntry, SnapshotInfo, Store } from '../store/Store';
import type { SocketLike } from '../transport/SocketLike';
import { Connection } from './Connection';
import { PRESENCE_FLUSH_MS, Room } from './Room';
import { LocalDocs } from './RoomDocs';
import { TEST_LIMITS } from './testConnections';

const log = pino({ level: 'silent' });
const BOARD = 'room-test' as BoardId;

/** An in-memory Store whose appends can be held back or made to fail, to observe ordering. */
class GatedStore implements Store {
  readonly log: Uint8Array[] = [];
  appends = 0;
  failing = false;
  private gate: Promise<void> | undefined;
  private openGate: (() => void) | undefined;
  hold() {
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }
  release() {
    this.openGate?.();
    this.gate = undefined;
  }
  async load() {
    return { updates: [...this.log] };
  }
  async append(_board: BoardId, update: Uint8Array) {
    await this.gate;
    if (this.failing) throw new Error('store down');
    this.appends++;
    this.log.push(update);
  }
  async compact(): Promise<number | undefined> {
    return undefined;
  }
  /** Versions, one board's worth: these tests open a single board. */
  readonly snapshots = new Map<string, { info: SnapshotInfo; state: Uint8Array }>();
  async saveSnapshot(_board: BoardId, info: SnapshotInfo, state: Uint8Array) {
    this.snapshots.set(info.id, { info, state });
  }
  async listSnapshots() {
    return [...this.snapshots.values()]
      .map((s) => s.info)
      .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1));
  }
  async readSnapshot(_board: BoardId, id: string) {
    return this.snapshots.get(id)?.state;
  }
  async deleteSnapshots(_board: BoardId, ids: string[]) {
    for (const id of ids) this.snapshots.delete(id);
  }
  /** Links (see RoomLinks.test.ts): never reset here. */
  async linkGeneration() {
    return 0;
  }
  async resetLinks() {
    return 1;
  }
  async deleteBoard() {}
  /** Board records: none here (a board from before records existed). */
  async recordBoard() {}
  async boardMeta() {
    return undefined;
  }
  async markOpened() {}
  async unopenedBefore() {
    return [];
  }
  /** An interview board's archive, kept in memory. */
  readonly archive: ArchiveEntry[] = [];
  async appendArchive(_board: BoardId, entries: ArchiveEntry[]) {
    this.archive.push(...entries);
  }
  async readArchive() {
    return this.archive;
  }
  async archiveLength() {
    return this.archive.length;
  }
  async ping() {}
  async close() {}
}

/** A client on an in-memory socket: a Y.Doc that answers the server the way y-websocket does. */
function client(room: Room, role: Role = 'edit') {
  const doc = new Y.Doc();
  const received: number[] = [];
  const closes: number[] = [];
  const socket: SocketLike = {
    send: (data) => {
      const decoder = decoding.createDecoder(data);
      const type = decoding.readVarUint(decoder);
      received.push(type);
      if (type !== MESSAGE.sync) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE.sync);
      syncProtocol.readSyncMessage(decoder, encoder, doc, 'server');
      if (encoding.length(encoder) > 1) queueMicrotask(() => room.receive(conn, encoding.toUint8Array(encoder)));
    },
    close: (code) => void closes.push(code),
    bufferedAmount: 0,
    isOpen: true,
  };
  const conn = new Connection(socket, BOARD, role, TEST_LIMITS, log);
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === 'server') return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE.sync);
    syncProtocol.writeUpdate(encoder, update);
    room.receive(conn, encoding.toUint8Array(encoder));
  });
  room.add(conn);
  // like the provider on open: send our state vector, answered once the room has loaded
  const hello = encoding.createEncoder();
  encoding.writeVarUint(hello, MESSAGE.sync);
  syncProtocol.writeSyncStep1(hello, doc);
  room.receive(conn, encoding.toUint8Array(hello));
  return { doc, conn, received, closes };
}

/** What the room's doc holds, read into a doc of the test's own. */
async function docOf(room: Room): Promise<Y.Doc> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, await room.wholeState());
  return doc;
}

const tick = () => new Promise((r) => setImmediate(r));
const settle = async () => {
  for (let i = 0; i < 5; i++) await tick();
};

async function openRoom(store = new GatedStore(), bus = new LocalBus()) {
  const room = new Room(BOARD, { store, bus, log, compactEvery: 1000 });
  await room.load();
  return { room, store };
}

describe('Room update path', () => {
  it('R1 nobody sees an edit, and the sender gets no echo, before the store holds it', async () => {
    const { room, store } = await openRoom();
    const a = client(room);
    const b = client(room);
    await settle();
    store.hold();
    addNode(a.doc, { kind: 'aws.lambda', x: 0, y: 0 });
    await settle();
    expect(readBoard(b.doc).nodes).toHaveLength(0);
    expect(readBoard(await docOf(room)).nodes).toHaveLength(0);
    const late = client(room); // a joiner meanwhile is answered from stored state only
    await settle();
    expect(readBoard(late.doc).nodes).toHaveLength(0);
    store.release();
    await settle();
    expect(readBoard(b.doc).nodes).toHaveLength(1);
    expect(readBoard(late.doc).nodes).toHaveLength(1);
    expect(store.log).toHaveLength(1);
  });

  it('R2 merges the updates of one tick into one append', async () => {
    const { room, store } = await openRoom();
    const a = client(room);
    await settle();
    const before = store.appends;
    for (let i = 0; i < 10; i++) addNode(a.doc, { kind: 'aws.sqs', x: i, y: 0 });
    await settle();
    expect(store.appends - before).toBe(1);
    expect(readBoard(await docOf(room)).nodes).toHaveLength(10);
  });

  it('R3 holds updates while the store fails and delivers them, stored, once it recovers', async () => {
    const { room, store } = await openRoom();
    const a = client(room);
    const b = client(room);
    await settle();
    store.failing = true;
    addNode(a.doc, { kind: 'aws.s3', x: 0, y: 0 });
    await new Promise((r) => setTimeout(r, 120));
    expect(readBoard(b.doc).nodes).toHaveLength(0);
    store.failing = false;
    await new Promise((r) => setTimeout(r, 400));
    expect(readBoard(b.doc).nodes).toHaveLength(1);
    expect(store.log.length).toBeGreaterThan(0);
  });

  it('R4 a view connection’s update is answered with permission-denied and not stored', async () => {
    const { room, store } = await openRoom();
    const viewer = client(room, 'view');
    await settle();
    const appended = store.appends;
    addNode(viewer.doc, { kind: 'aws.ec2', x: 0, y: 0 });
    await settle();
    expect(viewer.received).toContain(MESSAGE.auth);
    expect(store.appends).toBe(appended);
    expect(readBoard(await docOf(room)).nodes).toHaveLength(0);
  });

  it('R5 frames that arrive while loading are answered after the load, in order', async () => {
    const store = new GatedStore();
    const seed = new Y.Doc();
    seed.on('update', (u: Uint8Array) => store.log.push(u));
    addNode(seed, { kind: 'aws.rds', x: 0, y: 0 });
    const room = new Room(BOARD, { store, bus: new LocalBus(), log, compactEvery: 1000 });
    const early = client(room);
    expect(room.state).toBe('loading');
    await room.load();
    await settle();
    expect(readBoard(early.doc).nodes.map((n) => n.kind)).toEqual(['aws.rds']);
  });

  it('R7 presence goes out at once after a quiet spell, then at most every PRESENCE_FLUSH_MS, the latest state winning', async () => {
    const { room } = await openRoom();
    const watcher = client(room);
    const mover = client(room);
    await settle();
    const awareness = new awarenessProtocol.Awareness(mover.doc);
    const move = (x: number) => {
      awareness.setLocalState({ user: { name: 'Ada' }, cursor: { x, y: 0 } });
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE.awareness);
      encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [mover.doc.clientID]));
      room.receive(mover.conn, encoding.toUint8Array(encoder));
    };
    const presenceFrames = () => watcher.received.filter((type) => type === MESSAGE.awareness).length;
    const before = presenceFrames();
    move(0);
    await tick();
    expect(presenceFrames()).toBe(before + 1); // the first at once
    const started = performance.now();
    for (let x = 1; x <= 20; x++) {
      move(x);
      await new Promise((r) => setTimeout(r, 5));
    }
    const elapsed = performance.now() - started;
    await new Promise((r) => setTimeout(r, PRESENCE_FLUSH_MS + 20));
    const sent = presenceFrames() - before - 1;
    // 20 moves over `elapsed` ms: at most one frame per PRESENCE_FLUSH_MS of it (plus the trailing one), never 20
    expect(sent).toBeGreaterThanOrEqual(1);
    expect(sent).toBeLessThanOrEqual(Math.ceil(elapsed / PRESENCE_FLUSH_MS) + 1);
    expect(sent).toBeLessThan(20);
    expect(room.awareness.getStates().get(mover.doc.clientID)).toEqual({
      user: { name: 'Ada' },
      cursor: { x: 20, y: 0 },
    });
  });

  it('R8 joiners that have nothing share one encoding of the whole board until it changes', async () => {
    const docs = new LocalDocs(() => {});
    const diffs: number[] = [];
    const diff = docs.diff.bind(docs);
    docs.diff = (board, stateVector) => (diffs.push(stateVector.length), diff(board, stateVector));
    const store = new GatedStore();
    const room = new Room(BOARD, { store, bus: new LocalBus(), log, compactEvery: 1000, docs });
    await room.load();
    const writer = client(room);
    await settle();
    writer.doc.getMap('nodes').set('a', 1);
    writer.doc.getMap('nodes').set('b', 2); // two updates stored: no single stored state to answer from
    await settle();
    const before = diffs.filter((n) => n === 1).length; // whole-board reads so far
    const joiners = Array.from({ length: 5 }, () => client(room));
    await settle();
    expect(diffs.filter((n) => n === 1).length - before).toBe(1);
    for (const j of joiners) expect(j.doc.getMap('nodes').toJSON()).toEqual({ a: 1, b: 2 });
    writer.doc.getMap('nodes').set('c', 3);
    await settle();
    const late = client(room);
    await settle();
    expect(diffs.filter((n) => n === 1).length - before).toBe(2); // the board changed: encoded again
    expect(late.doc.getMap('nodes').toJSON()).toEqual({ a: 1, b: 2, c: 3 });
  });

  it('R9 a joiner is never sent an update its handshake’s state vector misses, so it echoes nothing back', async () => {
    // The room's state vector is read on the doc thread; an edit relayed while that read is
    // under way used to reach the joiner before its sync step 1, and the joiner answered that
    // step 1 with the edit: stored twice and relayed to everyone again — in a join storm on a
    // busy board, hundreds of KB per joiner, past MAX_UPDATE_BYTES (4413).
    const docs = new LocalDocs(() => {});
    const store = new GatedStore();
    const room = new Room(BOARD, { store, bus: new LocalBus(), log, compactEvery: 1000, docs });
    await room.load();
    const writer = client(room);
    writer.doc.getMap('nodes').set('a', 1);
    await settle();
    expect(store.appends).toBe(1);

    let release = () => {};
    const stateVector = docs.stateVector.bind(docs);
    docs.stateVector = (board) => {
      const read = stateVector(board); // as the doc is now
      return new Promise((resolve) => (release = () => resolve(read)));
    };
    const joiner = client(room);
    await settle();
    writer.doc.getMap('nodes').set('b', 'x'.repeat(10_000)); // stored and relayed while the read is held
    await settle();
    expect(store.appends).toBe(2);
    release();
    await settle();

    expect(joiner.doc.getMap('nodes').toJSON()).toEqual(writer.doc.getMap('nodes').toJSON());
    expect(store.appends).toBe(2); // the joiner's answer held nothing new
    expect(joiner.closes).toEqual([]);
  });

  it('R6 two rooms of one board on a shared bus hear each other’s stored updates', async () => {
    const hub = new LocalBusHub();
    const store = new GatedStore();
    const one = await openRoom(store, new LocalBus(hub));
    const two = await openRoom(store, new LocalBus(hub));
    const a = client(one.room);
    const b = client(two.room);
    await settle();
    addNode(a.doc, { kind: 'aws.sns', x: 0, y: 0 });
    await settle();
    expect(readBoard(b.doc).nodes.map((n) => n.kind)).toEqual(['aws.sns']);
    expect(store.log.length).toBe(1); // stored once, by the instance that received it
  });
});

describe('Room on an interview board', () => {
  /** A room whose stored board holds an interview session, as POST /api/boards makes it. */
  async function interviewRoom() {
    const store = new GatedStore();
    const seed = new Y.Doc();
    seed.on('update', (u: Uint8Array) => store.log.push(u));
    writeSession(seed, newSession());
    return openRoom(store);
  }

  /** Announces a presence for the client's doc, as the board page does. */
  function present(room: Room, c: ReturnType<typeof client>, name: string, color: string) {
    const awareness = new awarenessProtocol.Awareness(c.doc);
    awareness.setLocalState({ user: { name, color } });
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE.awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [c.doc.clientID]));
    room.receive(c.conn, encoding.toUint8Array(encoder));
  }

  it('INT-R1 a candidate’s change to the interview clock is refused (permission-denied, 4403) and never stored; the host’s is', async () => {
    const { room, store } = await interviewRoom();
    const host = client(room, 'host');
    const candidate = client(room, 'edit');
    await settle();
    const stored = store.log.length;
    writeSession(candidate.doc, start(readSession(candidate.doc)!, 1000));
    await settle();
    expect(candidate.received).toContain(MESSAGE.auth);
    expect(candidate.closes).toEqual([CLOSE.forbidden.code]);
    expect(store.log).toHaveLength(stored);
    expect(readSession(await docOf(room))!.status).toBe('ready');
    expect(readSession(host.doc)!.status).toBe('ready'); // nobody saw it
    // the candidate's drawing is not the clock: a second candidate draws freely
    const other = client(room, 'edit');
    await settle();
    addNode(other.doc, { kind: 'aws.sqs', x: 0, y: 0 });
    writeSession(host.doc, start(readSession(host.doc)!, 2000));
    await settle();
    expect(other.closes).toEqual([]);
    const board = await docOf(room);
    expect(readSession(board)!.status).toBe('running');
    expect(readBoard(board).nodes).toHaveLength(1);
  });

  it('INT-R2 every stored update is archived one by one with its author’s presence, never merged', async () => {
    const { room, store } = await interviewRoom();
    const host = client(room, 'host');
    const candidate = client(room, 'edit');
    await settle();
    present(room, host, 'Ines', '#e64980');
    present(room, candidate, 'Carl', '#1c7ed6');
    await settle();
    writeSession(host.doc, start(readSession(host.doc)!, 1000));
    for (let i = 0; i < 3; i++) addNode(candidate.doc, { kind: 'aws.sqs', x: i, y: 0 });
    await settle();
    expect(store.archive.map((e) => e.by?.name)).toEqual(['Ines', 'Carl', 'Carl', 'Carl']);
    expect(store.archive.map((e) => e.by?.color)).toEqual(['#e64980', '#1c7ed6', '#1c7ed6', '#1c7ed6']);
    // replaying the archive from empty gives the board as the room holds it (less what was there before)
    const replayed = new Y.Doc();
    for (const { update } of store.archive) Y.applyUpdate(replayed, update);
    expect(readBoard(replayed).nodes).toHaveLength(3);
    expect(readSession(replayed)).toBeUndefined(); // the session itself was written at creation, before the archive
  });

  it('INT-R3 a plain board archives nothing and never checks updates against the clock', async () => {
    const { room, store } = await openRoom();
    const a = client(room, 'edit');
    await settle();
    writeSession(a.doc, newSession());
    addNode(a.doc, { kind: 'aws.sqs', x: 0, y: 0 });
    await settle();
    expect(a.closes).toEqual([]);
    expect(store.archive).toHaveLength(0);
  });
});
