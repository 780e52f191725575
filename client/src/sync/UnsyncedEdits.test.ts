import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import { addNode, MESSAGE, moveNodes, removeNodes, type NodeId } from '@archboard/shared';
import { followServerSync, UnsyncedEdits } from './UnsyncedEdits';

const local = { source: 'local' };

/** A tab's doc and its tracker, and a server doc that stores what the tab sends when told to. */
function setup(options: { captureMs?: number } = {}) {
  let now = 0;
  const doc = new Y.Doc();
  const server = new Y.Doc();
  const edits = new UnsyncedEdits(doc, () => undefined, { captureMs: options.captureMs ?? 0, now: () => now });
  const outbox: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'server') outbox.push(update);
  });
  /** The server stores what was sent and echoes it, as Room.flush does; returns the echo. */
  const store = (): Uint8Array[] => {
    const echoes: Uint8Array[] = [];
    const onEcho = (update: Uint8Array) => echoes.push(update);
    server.on('update', onEcho);
    outbox.splice(0).forEach((update) => Y.applyUpdate(server, update));
    server.off('update', onEcho);
    return echoes;
  };
  return { doc, server, edits, store, tick: (ms: number) => (now += ms) };
}

describe('UnsyncedEdits', () => {
  it('UNSYNCED-1 counts an edit until the server echoes it', () => {
    const { doc, edits, store } = setup();
    addNode(doc, { id: 'a' as NodeId, kind: 'aws.lambda', x: 0, y: 0 }, local);
    addNode(doc, { id: 'b' as NodeId, kind: 'aws.sqs', x: 0, y: 0 }, local);
    expect(edits.count).toBe(2);
    const echoes = store();
    expect(echoes.length).toBeGreaterThan(0);
    echoes.forEach((echo) => {
      Y.applyUpdate(doc, echo, 'server'); // holds nothing new: raises no update event in the tab
      edits.serverSent(echo);
    });
    expect(edits.count).toBe(0);
  });

  it("UNSYNCED-2 someone else's edit from the server settles nothing of ours", () => {
    const { doc, edits } = setup();
    addNode(doc, { id: 'a' as NodeId, kind: 'aws.lambda', x: 0, y: 0 }, local);
    const other = new Y.Doc();
    const updates: Uint8Array[] = [];
    other.on('update', (u: Uint8Array) => updates.push(u));
    addNode(other, { id: 'z' as NodeId, kind: 'aws.sqs', x: 0, y: 0 }, local);
    updates.forEach((u) => edits.serverSent(u));
    expect(edits.count).toBe(1);
  });

  it('UNSYNCED-3 a deletion waits for a delete set from the server, not a state vector', () => {
    const { doc, edits, store } = setup();
    addNode(doc, { id: 'a' as NodeId, kind: 'aws.lambda', x: 0, y: 0 }, local);
    store().forEach((echo) => edits.serverSent(echo));
    expect(edits.count).toBe(0);
    removeNodes(doc, ['a' as NodeId], local);
    expect(edits.count).toBe(1);
    edits.serverHolds(Y.decodeStateVector(Y.encodeStateVector(doc)));
    expect(edits.count).toBe(1);
    const echoes = store();
    expect(echoes.length).toBe(1);
    edits.serverSent(echoes[0]!);
    expect(edits.count).toBe(0);
  });

  it('UNSYNCED-4 on reconnect, the state vector and sync step 2 settle what was stored while the echo was lost', () => {
    const { doc, server, edits, store } = setup();
    addNode(doc, { id: 'a' as NodeId, kind: 'aws.lambda', x: 0, y: 0 }, local);
    store();
    removeNodes(doc, ['a' as NodeId], local);
    addNode(doc, { id: 'b' as NodeId, kind: 'aws.sqs', x: 0, y: 0 }, local);
    store(); // stored, but the socket closed before the echoes arrived
    expect(edits.count).toBe(3);
    edits.serverHolds(Y.decodeStateVector(Y.encodeStateVector(server)));
    expect(edits.count).toBe(1); // the deletion is still unconfirmed
    edits.serverSent(Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)));
    expect(edits.count).toBe(0);
  });

  it('UNSYNCED-5 transactions close together are one edit, and settle as one', () => {
    const { doc, edits, store, tick } = setup({ captureMs: 400 });
    addNode(doc, { id: 'a' as NodeId, kind: 'aws.lambda', x: 0, y: 0 }, local);
    for (let i = 1; i <= 5; i++) {
      tick(16);
      moveNodes(doc, [{ id: 'a' as NodeId, x: i, y: i }], local);
    }
    expect(edits.count).toBe(1);
    expect(edits.oldestAt).toBe(0);
    tick(1000);
    moveNodes(doc, [{ id: 'a' as NodeId, x: 99, y: 99 }], local);
    expect(edits.count).toBe(2);
    store().forEach((echo) => edits.serverSent(echo));
    expect(edits.count).toBe(0);
    expect(edits.oldestAt).toBeUndefined();
  });

  it('UNSYNCED-6 remote and IndexedDB updates are not edits of this tab', () => {
    const { doc, edits } = setup();
    const other = new Y.Doc();
    addNode(other, { id: 'z' as NodeId, kind: 'aws.sqs', x: 0, y: 0 }, local);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other), 'indexeddb');
    expect(edits.count).toBe(0);
  });
});

describe('followServerSync', () => {
  const providers: WebsocketProvider[] = [];
  afterEach(() => providers.splice(0).forEach((p) => p.destroy()));

  /** Runs one sync frame through the provider's handler, as y-websocket's readMessage does. */
  function receive(provider: WebsocketProvider, update: Uint8Array, fromSocket: boolean) {
    const frame = encoding.createEncoder();
    encoding.writeVarUint(frame, MESSAGE.sync);
    syncProtocol.writeUpdate(frame, update);
    const decoder = decoding.createDecoder(encoding.toUint8Array(frame));
    const type = decoding.readVarUint(decoder);
    provider.messageHandlers[type]!(encoding.createEncoder(), decoder, provider, fromSocket, type);
  }

  it('UNSYNCED-7 settles on socket frames only: another tab may hold our edits before the server does', () => {
    const { doc, edits, store } = setup();
    // Never connects: the frames are handed to its handler directly.
    const provider = new WebsocketProvider('ws://127.0.0.1:9/ws', 'board', doc, {
      connect: false,
      disableBc: true,
      WebSocketPolyfill: class {} as unknown as typeof WebSocket,
    });
    providers.push(provider);
    const unfollow = followServerSync(provider, edits);
    addNode(doc, { id: 'a' as NodeId, kind: 'aws.lambda', x: 0, y: 0 }, local);
    const [echo] = store();
    receive(provider, echo!, false);
    expect(edits.count).toBe(1);
    receive(provider, echo!, true);
    expect(edits.count).toBe(0);
    unfollow();
    addNode(doc, { id: 'b' as NodeId, kind: 'aws.sqs', x: 0, y: 0 }, local);
    receive(provider, store()[0]!, true);
    expect(edits.count).toBe(1);
  });
});
