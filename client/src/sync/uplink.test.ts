import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import { addNode, MESSAGE, setNodeNotes, SYNC, type NodeId } from '@archboard/shared';
import { sendWithinLimits, type Clock } from './uplink';

const KiB = 1024;
const limits = { maxUpdateBytes: 32 * KiB, maxBytesPerSecond: 128 * KiB };

/** Timers that run when the test moves time on. */
function fakeClock() {
  let now = 0;
  let timers: { at: number; run: () => void; id: number }[] = [];
  let ids = 0;
  const clock: Clock = {
    now: () => now,
    setTimeout: (run, ms) => {
      timers.push({ at: now + ms, run, id: ++ids });
      return ids;
    },
    clearTimeout: (id) => (timers = timers.filter((timer) => timer.id !== id)),
  };
  /** Runs every timer due up to `until`, in order. */
  const runUntil = (until: number) => {
    for (;;) {
      const due = timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((timer) => timer !== due);
      now = due.at;
      due.run();
    }
    now = until;
  };
  return { clock, runUntil, now: () => now, pending: () => timers.length };
}

/** A socket that records what is sent on it, and when. */
class RecordingSocket {
  readyState = 1;
  readonly sent: { at: number; frame: Uint8Array }[] = [];
  constructor(private readonly now: () => number) {}
  send(frame: Uint8Array) {
    this.sent.push({ at: this.now(), frame });
  }
  close() {
    this.readyState = 3;
  }
}

/** The update a sync frame carries (step 2 or update). */
function updateOf(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame);
  expect(decoding.readVarUint(decoder)).toBe(MESSAGE.sync);
  expect([SYNC.step2, SYNC.update]).toContain(decoding.readVarUint(decoder));
  return decoding.readVarUint8Array(decoder);
}

/** A tab with about 750 KB of edits the (empty) server lacks. */
function offlineTab(): Y.Doc {
  const doc = new Y.Doc();
  for (let i = 0; i < 25; i++) {
    const id = `n${i}` as NodeId;
    addNode(doc, { id, kind: 'generic.service', x: i * 10, y: 0 });
    setNodeNotes(doc, id, `${i}:`.padEnd(30_000, 'n'));
  }
  return doc;
}

describe('sendWithinLimits', () => {
  const providers: WebsocketProvider[] = [];
  afterEach(() => providers.splice(0).forEach((provider) => provider.destroy()));

  function setup(doc: Y.Doc, current: () => typeof limits = () => limits) {
    const time = fakeClock();
    const provider = new WebsocketProvider('ws://127.0.0.1:9/ws', 'board', doc, {
      connect: false,
      disableBc: true,
      WebSocketPolyfill: class {} as unknown as typeof WebSocket,
    });
    providers.push(provider);
    const socket = new RecordingSocket(time.now);
    provider.ws = socket as unknown as WebSocket;
    const stop = sendWithinLimits(provider, current, time.clock);
    /** The server's sync step 1 arrives; returns what y-websocket would send as the answer. */
    const stepOne = (server: Y.Doc, fromSocket = true): Uint8Array => {
      const frame = encoding.createEncoder();
      encoding.writeVarUint(frame, MESSAGE.sync);
      syncProtocol.writeSyncStep1(frame, server);
      const decoder = decoding.createDecoder(encoding.toUint8Array(frame));
      const type = decoding.readVarUint(decoder);
      const answer = encoding.createEncoder();
      provider.messageHandlers[type]!(answer, decoder, provider, fromSocket, type);
      return encoding.toUint8Array(answer);
    };
    return { provider, socket, stepOne, stop, ...time };
  }

  /** The server's byte rate (server/src/rooms/inboundLimits.ts): a bucket of two seconds' worth, refilled at the rate. */
  function expectWithinByteRate(frames: { at: number; frame: Uint8Array }[]) {
    const rate = limits.maxBytesPerSecond;
    let allowance = 2 * rate;
    let last = 0;
    for (const { at, frame } of frames) {
      allowance = Math.min(2 * rate, allowance + ((at - last) / 1000) * rate) - frame.byteLength;
      last = at;
      expect(allowance).toBeGreaterThanOrEqual(0);
    }
  }

  /** Applies the frames' updates to `server`, each checked to be under the limit. */
  function deliver(frames: { frame: Uint8Array }[], server: Y.Doc) {
    for (const { frame } of frames) {
      const update = updateOf(frame);
      expect(update.byteLength).toBeLessThanOrEqual(limits.maxUpdateBytes);
      Y.applyUpdate(server, update);
    }
  }

  it('UPLINK-1 a step 2 over the limit goes as pieces under it, paced under the byte rate, and rebuilds the tab', () => {
    const doc = offlineTab();
    const server = new Y.Doc();
    const { socket, stepOne, runUntil } = setup(doc);
    const whole = Y.encodeStateAsUpdate(doc).byteLength;
    expect(whole).toBeGreaterThan(20 * limits.maxUpdateBytes);

    expect(stepOne(server)).toEqual(new Uint8Array()); // nothing left for y-websocket to send
    expect(socket.sent.length).toBeGreaterThan(0); // the first burst, at once
    runUntil(60_000);
    expect(socket.sent.length).toBeGreaterThan(20);
    deliver(socket.sent, server);
    expect(Y.encodeStateAsUpdate(server)).toEqual(Y.encodeStateAsUpdate(doc));
    expectWithinByteRate(socket.sent);
    // Paced, not stalled: at about half the server's rate.
    const seconds = socket.sent.at(-1)!.at / 1000;
    expect(seconds).toBeLessThan((whole / limits.maxBytesPerSecond) * 2);
    expect(seconds).toBeGreaterThan(whole / limits.maxBytesPerSecond / 2 - 1);
  });

  it('UPLINK-2 a step 2 that fits is y-websocket’s own answer, and other tabs get the whole', () => {
    const doc = new Y.Doc();
    addNode(doc, { id: 'a' as NodeId, kind: 'aws.lambda', x: 0, y: 0 });
    const server = new Y.Doc();
    const { socket, stepOne } = setup(doc);
    const expected = encoding.createEncoder();
    encoding.writeVarUint(expected, MESSAGE.sync);
    syncProtocol.writeSyncStep2(expected, doc, Y.encodeStateVector(server));
    stepOne(server);
    expect(socket.sent.map(({ frame }) => frame)).toEqual([encoding.toUint8Array(expected)]);

    const big = offlineTab();
    const other = setup(big);
    const answer = other.stepOne(server, false); // from another tab over BroadcastChannel
    expect(updateOf(answer)).toEqual(Y.encodeStateAsUpdate(big, Y.encodeStateVector(server)));
    other.runUntil(60_000);
    expect(other.socket.sent).toEqual([]);
  });

  it('UPLINK-3 frames left for a socket that closed are dropped; the next step 1 is answered afresh', () => {
    const doc = offlineTab();
    const server = new Y.Doc();
    const time = setup(doc);
    const { provider, socket, stepOne, runUntil } = time;
    stepOne(server);
    runUntil(1500);
    deliver(socket.sent, server);
    const before = socket.sent.length;
    expect(before).toBeGreaterThan(0);

    socket.readyState = 3; // closed; y-websocket opens another
    const next = new RecordingSocket(time.now);
    provider.ws = next as unknown as WebSocket;
    runUntil(60_000);
    expect(socket.sent.length).toBe(before);
    expect(next.sent).toEqual([]);

    // The new connection's step 1 holds what the server got; the answer is only the rest.
    const left = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(server)).byteLength;
    stepOne(server);
    runUntil(120_000);
    deliver(next.sent, server);
    expect(next.sent.reduce((sum, { frame }) => sum + frame.byteLength, 0)).toBeLessThan(left + next.sent.length * 64);
    expect(Y.encodeStateAsUpdate(server)).toEqual(Y.encodeStateAsUpdate(doc));
  });

  it('UPLINK-4 live edits past the byte rate wait their turn, an update over the limit goes in pieces', () => {
    const doc = new Y.Doc();
    const server = new Y.Doc();
    const { socket, stepOne, runUntil } = setup(doc);
    stepOne(server);
    socket.sent.splice(0).forEach(({ frame }) => Y.applyUpdate(server, updateOf(frame)));
    // An import written in transactions under the limit, back to back: 750 KB at once.
    for (let i = 0; i < 25; i++) {
      const id = `n${i}` as NodeId;
      doc.transact(() => {
        addNode(doc, { id, kind: 'generic.service', x: i * 10, y: 0 });
        setNodeNotes(doc, id, `${i}:`.padEnd(30_000, 'n'));
      });
    }
    // One transaction over the limit: a note of 200,000 characters pasted at once.
    setNodeNotes(doc, 'n0' as NodeId, 'p'.repeat(200_000));
    const queuedAt = socket.sent.length;
    expect(queuedAt).toBeLessThan(26); // not all at once
    runUntil(60_000);
    deliver(socket.sent, server);
    expectWithinByteRate(socket.sent);
    expect(Y.encodeStateAsUpdate(server)).toEqual(Y.encodeStateAsUpdate(doc));
  });

  it('UPLINK-5 the limits are read at each use: the server’s, once the page learns them', () => {
    const doc = offlineTab();
    const server = new Y.Doc();
    let known = limits;
    const { socket, stepOne, runUntil } = setup(doc, () => known);
    known = { maxUpdateBytes: 8 * KiB, maxBytesPerSecond: 64 * KiB }; // the server answered
    stepOne(server);
    runUntil(120_000);
    for (const { frame } of socket.sent) expect(updateOf(frame).byteLength).toBeLessThanOrEqual(8 * KiB);
    socket.sent.forEach(({ frame }) => Y.applyUpdate(server, updateOf(frame)));
    expect(Y.encodeStateAsUpdate(server)).toEqual(Y.encodeStateAsUpdate(doc));
    // At the rate it set: half of 64 KiB/s after a first 64 KiB.
    const bytes = socket.sent.reduce((sum, { frame }) => sum + frame.byteLength, 0);
    expect(socket.sent.at(-1)!.at / 1000).toBeGreaterThan((bytes - 64 * KiB) / (32 * KiB) - 1);
  });

  it('UPLINK-6 nothing goes out live before the server’s step 1 is answered: the answer carries it', () => {
    const doc = new Y.Doc();
    const server = new Y.Doc();
    const { socket, stepOne, runUntil } = setup(doc);
    // The socket is open, the room still loading: an edit, and the local copy from IndexedDB.
    addNode(doc, { id: 'early' as NodeId, kind: 'aws.lambda', x: 0, y: 0 });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(offlineTab()), 'indexeddb');
    runUntil(10_000);
    expect(socket.sent).toEqual([]);
    stepOne(server);
    runUntil(60_000);
    deliver(socket.sent, server);
    expect(Y.encodeStateAsUpdate(server)).toEqual(Y.encodeStateAsUpdate(doc));
    // Once answered, an edit goes at once.
    const before = socket.sent.length;
    addNode(doc, { id: 'late' as NodeId, kind: 'aws.sqs', x: 0, y: 0 });
    expect(socket.sent.length).toBe(before + 1);
  });
});
