import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import { addNode, MESSAGE, setNodeNotes, SYNC, type NodeId } from '@archboard/shared';
import { answerSyncInPieces, type Clock } from './answerInPieces';

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

describe('answerSyncInPieces', () => {
  const providers: WebsocketProvider[] = [];
  afterEach(() => providers.splice(0).forEach((provider) => provider.destroy()));

  function setup(doc: Y.Doc) {
    const time = fakeClock();
    const provider = new WebsocketProvider('ws://127.0.0.1:9/ws', 'board', doc, {
      connect: false,
      disableBc: true,
      WebSocketPolyfill: class {} as unknown as typeof WebSocket,
    });
    providers.push(provider);
    const socket = new RecordingSocket(time.now);
    provider.ws = socket as unknown as WebSocket;
    const stop = answerSyncInPieces(provider, limits, time.clock);
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

  it('ANSWER-1 a step 2 over the limit goes as pieces under it, paced under the byte rate, and rebuilds the tab', () => {
    const doc = offlineTab();
    const server = new Y.Doc();
    const { socket, stepOne, runUntil } = setup(doc);
    const whole = Y.encodeStateAsUpdate(doc).byteLength;
    expect(whole).toBeGreaterThan(20 * limits.maxUpdateBytes);

    const frames = [{ at: 0, frame: stepOne(server) }];
    expect(socket.sent).toEqual([]); // the rest waits until the answer is out
    runUntil(60_000);
    frames.push(...socket.sent);
    expect(frames.length).toBeGreaterThan(20);
    for (const { frame } of frames) {
      const update = updateOf(frame);
      expect(update.byteLength).toBeLessThanOrEqual(limits.maxUpdateBytes);
      Y.applyUpdate(server, update);
    }
    expect(Y.encodeStateAsUpdate(server)).toEqual(Y.encodeStateAsUpdate(doc));

    // The server's byte rate (server/src/rooms/inboundLimits.ts): a bucket of two seconds'
    // worth, refilled at the rate. The pieces never empty it, and they did not dawdle.
    const rate = limits.maxBytesPerSecond;
    let allowance = 2 * rate;
    let last = 0;
    for (const { at, frame } of frames) {
      allowance = Math.min(2 * rate, allowance + ((at - last) / 1000) * rate) - frame.byteLength;
      last = at;
      expect(allowance).toBeGreaterThanOrEqual(0);
    }
    const seconds = frames.at(-1)!.at / 1000;
    expect(seconds).toBeLessThan((whole / rate) * 2);
    expect(seconds).toBeGreaterThan(whole / rate / 2 - 1);
  });

  it('ANSWER-2 a step 2 that fits is y-websocket’s own answer, and other tabs get the whole', () => {
    const doc = new Y.Doc();
    addNode(doc, { id: 'a' as NodeId, kind: 'aws.lambda', x: 0, y: 0 });
    const server = new Y.Doc();
    const { socket, stepOne, runUntil } = setup(doc);
    const expected = encoding.createEncoder();
    encoding.writeVarUint(expected, MESSAGE.sync);
    syncProtocol.writeSyncStep2(expected, doc, Y.encodeStateVector(server));
    expect(stepOne(server)).toEqual(encoding.toUint8Array(expected));

    const big = offlineTab();
    const other = setup(big);
    const answer = other.stepOne(server, false); // from another tab over BroadcastChannel
    expect(updateOf(answer)).toEqual(Y.encodeStateAsUpdate(big, Y.encodeStateVector(server)));
    runUntil(60_000);
    other.runUntil(60_000);
    expect([...socket.sent, ...other.socket.sent]).toEqual([]);
  });

  it('ANSWER-3 pieces left for a socket that closed are dropped; the next step 1 is answered afresh', () => {
    const doc = offlineTab();
    const server = new Y.Doc();
    const { provider, socket, stepOne, runUntil } = setup(doc);
    Y.applyUpdate(server, updateOf(stepOne(server)));
    runUntil(1500);
    socket.sent.forEach(({ frame }) => Y.applyUpdate(server, updateOf(frame)));
    const before = socket.sent.length;
    expect(before).toBeGreaterThan(0);

    socket.readyState = 3; // closed; y-websocket opens another
    const next = new RecordingSocket(() => 0);
    provider.ws = next as unknown as WebSocket;
    runUntil(60_000);
    expect(socket.sent.length).toBe(before);
    expect(next.sent).toEqual([]);

    // The new connection's step 1 holds what the server got; the answer is only the rest.
    const left = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(server)).byteLength;
    const frames = [stepOne(server)];
    runUntil(120_000);
    frames.push(...next.sent.map(({ frame }) => frame));
    frames.forEach((frame) => Y.applyUpdate(server, updateOf(frame)));
    expect(frames.reduce((sum, frame) => sum + frame.byteLength, 0)).toBeLessThan(left + frames.length * 64 + 64);
    expect(Y.encodeStateAsUpdate(server)).toEqual(Y.encodeStateAsUpdate(doc));
  });
});
