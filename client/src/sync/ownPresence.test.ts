import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as decoding from 'lib0/decoding';
import { MESSAGE } from '@archboard/shared';
import { sendOwnPresenceOnly } from './ownPresence';

/** A provider that never connects, with an open socket that records what it is sent. */
function provider() {
  const sent: Uint8Array[] = [];
  const p = new WebsocketProvider('ws://127.0.0.1:9', 'board', new Y.Doc(), {
    connect: false,
    disableBc: true,
    WebSocketPolyfill: class {} as unknown as typeof WebSocket, // never used: it does not connect
  });
  p.ws = {
    readyState: 1,
    OPEN: 1,
    send: (frame: Uint8Array) => sent.push(frame),
    close: () => {},
  } as unknown as WebSocket;
  p.wsconnected = true;
  return { p, sent };
}

/** The client ids an awareness frame carries. */
function idsIn(frame: Uint8Array): number[] {
  const outer = decoding.createDecoder(frame);
  expect(decoding.readVarUint(outer)).toBe(MESSAGE.awareness);
  const inner = decoding.createDecoder(decoding.readVarUint8Array(outer));
  const ids: number[] = [];
  for (let n = decoding.readVarUint(inner); n > 0; n--) {
    ids.push(decoding.readVarUint(inner));
    decoding.readVarUint(inner); // clock
    decoding.readVarString(inner); // state
  }
  return ids;
}

/** Someone else's presence, as the server relays it. */
function othersPresence(): Uint8Array {
  const other = new awarenessProtocol.Awareness(new Y.Doc());
  other.setLocalState({ user: { name: 'Ada' }, cursor: { x: 1, y: 2 } });
  return awarenessProtocol.encodeAwarenessUpdate(other, [other.clientID]);
}

describe('own presence only (PRESENCE-ECHO)', () => {
  it('PRESENCE-ECHO-1 unmodified, y-websocket sends back what it receives; with it, only its own changes go out', () => {
    const plain = provider();
    awarenessProtocol.applyAwarenessUpdate(plain.p.awareness, othersPresence(), plain.p);
    expect(plain.sent).toHaveLength(1); // the echo this removes

    const mine = provider();
    const stop = sendOwnPresenceOnly(mine.p);
    awarenessProtocol.applyAwarenessUpdate(mine.p.awareness, othersPresence(), mine.p);
    expect(mine.sent).toHaveLength(0);
    mine.p.awareness.setLocalStateField('cursor', { x: 5, y: 6 });
    expect(mine.sent.map(idsIn)).toEqual([[mine.p.awareness.clientID]]);
    // leaving (a null state) goes out too
    mine.p.awareness.setLocalState(null);
    expect(mine.sent.map(idsIn)).toEqual([[mine.p.awareness.clientID], [mine.p.awareness.clientID]]);
    stop();
    mine.p.awareness.setLocalState({ user: { name: 'again' } });
    expect(mine.sent).toHaveLength(2);
    plain.p.destroy();
    mine.p.destroy();
  });
});
