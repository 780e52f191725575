import { afterEach, describe, expect, it, vi } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CLOSE, type BoardId, type Role } from '@archboard/shared';
import { FLOOD_FACTOR, FOREIGN_ENTRIES_ALLOWED, PresenceGuard } from './PresenceGuard';
import { ORIGIN } from './origins';
import { recordingConnection } from './testConnections';

const presence = { maxStateBytes: 200, maxIdsPerMessage: 4, maxMessagesPerSecond: 20 };

type Item = { id: number; clock: number; state: unknown };

/** An awareness update with chosen ids and clocks, as a hostile client would build it. */
function update(...items: Item[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, items.length);
  for (const { id, clock, state } of items) {
    encoding.writeVarUint(encoder, id);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, JSON.stringify(state));
  }
  return encoding.toUint8Array(encoder);
}

const opened: awarenessProtocol.Awareness[] = [];
afterEach(() => {
  opened.splice(0).forEach((a) => a.destroy());
  vi.useRealTimers();
});

function setup() {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalState(null);
  opened.push(awareness);
  const guard = new PresenceGuard(awareness, presence);
  const connect = (role: Role = 'edit') => {
    const { conn, closes } = recordingConnection('presence-test' as BoardId, role);
    conn.onClose = () => {
      const owned = guard.forget(conn);
      if (owned.length > 0) awarenessProtocol.removeAwarenessStates(awareness, owned, null);
    };
    return { conn, closes, send: (...items: Item[]) => guard.receive(conn, update(...items)) };
  };
  const stateOf = (id: number) => awareness.getStates().get(id);
  return { awareness, guard, connect, stateOf };
}

describe('presence ownership (PRES)', () => {
  it('PRES-1 a connection owns the first id it announces; another connection cannot change or remove it', () => {
    const { connect, stateOf, guard } = setup();
    const victim = connect();
    const spoofer = connect();
    victim.send({ id: 1, clock: 1, state: { name: 'Ada' } });
    spoofer.send({ id: 2, clock: 1, state: { name: 'Eve' } });
    expect(guard.ownerOf(1)).toBe(victim.conn);
    spoofer.send({ id: 1, clock: 2, state: { name: 'Ada (fake)' } });
    spoofer.send({ id: 1, clock: 3, state: null });
    spoofer.send({ id: 1, clock: 1, state: null }); // the same clock with null would remove it in y-protocols
    expect(stateOf(1)).toEqual({ name: 'Ada' });
    expect(spoofer.closes).toEqual([]);
    for (let i = 0; i < FOREIGN_ENTRIES_ALLOWED; i++) spoofer.send({ id: 1, clock: 10 + i, state: {} });
    expect(spoofer.closes).toEqual([CLOSE.presenceSpoofing.code]);
    expect(stateOf(1)).toEqual({ name: 'Ada' });
    expect(stateOf(2)).toBeUndefined(); // the spoofer's own presence left with it
    victim.send({ id: 1, clock: 2, state: { name: 'Ada', cursor: { x: 1, y: 2 } } });
    expect(stateOf(1)).toEqual({ name: 'Ada', cursor: { x: 1, y: 2 } });
  });

  it('PRES-2 echoes (the provider sends back what it receives) change nothing and count for nothing', () => {
    const { connect, stateOf } = setup();
    const a = connect();
    const b = connect();
    a.send({ id: 1, clock: 5, state: { name: 'Ada' } });
    b.send({ id: 2, clock: 1, state: { name: 'Bo' } });
    for (let i = 0; i < 100; i++)
      b.send({ id: 1, clock: 5, state: { name: 'Ada' } }, { id: 2, clock: 1, state: { name: 'Bo' } });
    expect(b.closes).toEqual([]);
    expect(stateOf(1)).toEqual({ name: 'Ada' });
  });

  it('PRES-3 a view connection publishes its own presence, and only its own', () => {
    const { connect, stateOf } = setup();
    const editor = connect();
    const viewer = connect('view');
    editor.send({ id: 1, clock: 1, state: { name: 'Ada' } });
    viewer.send({ id: 7, clock: 1, state: { cursor: { x: 3, y: 4 } } });
    expect(stateOf(7)).toEqual({ cursor: { x: 3, y: 4 } });
    viewer.send({ id: 8, clock: 1, state: { name: 'made up' } });
    expect(stateOf(8)).toBeUndefined();
    for (let i = 0; i <= FOREIGN_ENTRIES_ALLOWED; i++) viewer.send({ id: 1, clock: 2 + i, state: null });
    expect(viewer.closes).toEqual([CLOSE.presenceSpoofing.code]);
    expect(stateOf(1)).toEqual({ name: 'Ada' });
  });

  it('PRES-4 a state over the byte cap is dropped and the previous one stays', () => {
    const { connect, stateOf } = setup();
    const a = connect();
    a.send({ id: 1, clock: 1, state: { name: 'Ada' } });
    a.send({ id: 1, clock: 2, state: { name: 'x'.repeat(500) } });
    expect(stateOf(1)).toEqual({ name: 'Ada' });
    a.send({ id: 1, clock: 3, state: { name: 'Ada 2' } });
    expect(stateOf(1)).toEqual({ name: 'Ada 2' });
    expect(a.closes).toEqual([]);
  });

  it('PRES-5 more changing ids in one message than allowed: nothing applied, closed 4406', () => {
    const { connect, awareness } = setup();
    const a = connect();
    a.send(...Array.from({ length: 5000 }, (_, i) => ({ id: 100 + i, clock: 1, state: { name: `bot ${i}` } })));
    expect(a.closes).toEqual([CLOSE.presenceSpoofing.code]);
    expect(awareness.getStates().size).toBe(0);
  });

  it('PRES-6 over the rate, messages are dropped and the last one lands when the second ends; a flood is 4429', () => {
    vi.useFakeTimers();
    const { connect, stateOf } = setup();
    const a = connect();
    for (let i = 1; i <= 50; i++) a.send({ id: 1, clock: i, state: { cursor: i } });
    expect(stateOf(1)).toEqual({ cursor: 20 });
    vi.advanceTimersByTime(1000);
    expect(stateOf(1)).toEqual({ cursor: 50 });
    expect(a.closes).toEqual([]);
    const b = connect();
    for (let i = 1; i <= 20 * FLOOD_FACTOR + 1; i++) b.send({ id: 2, clock: i, state: { cursor: i } });
    expect(b.closes).toEqual([CLOSE.tooMany.code]);
    vi.advanceTimersByTime(1000);
    expect(stateOf(2)).toBeUndefined();
  });

  it('PRES-7 a client reconnecting while its old socket lingers is not closed, and gets its id once the old state times out', () => {
    const { connect, stateOf, awareness, guard } = setup();
    const old = connect();
    old.send({ id: 1, clock: 1, state: { name: 'Ada' } });
    const again = connect(); // the same client: same id, newer clock; the old socket is dead and silent
    for (let i = 2; i < 16; i++) again.send({ id: 1, clock: i, state: { name: 'Ada', n: i } });
    expect(again.closes).toEqual([]);
    expect(stateOf(1)).toEqual({ name: 'Ada' });
    awarenessProtocol.removeAwarenessStates(awareness, [1], 'timeout'); // what the 30 s check does
    again.send({ id: 1, clock: 16, state: { name: 'Ada', n: 16 } });
    expect(guard.ownerOf(1)).toBe(again.conn);
    expect(stateOf(1)).toEqual({ name: 'Ada', n: 16 });
    old.conn.close('goingAway'); // when the old socket finally closes it takes nothing with it
    expect(stateOf(1)).toEqual({ name: 'Ada', n: 16 });
  });

  it('PRES-8 but when the holder is alive, contesting its id is spoofing', () => {
    const { connect, stateOf } = setup();
    const victim = connect();
    victim.send({ id: 1, clock: 1, state: { name: 'Ada' } });
    const spoofer = connect(); // announces the victim's id as its own
    spoofer.send({ id: 1, clock: 2, state: { name: 'Eve' } });
    victim.send({ id: 1, clock: 2, state: { name: 'Ada', cursor: 1 } });
    for (let i = 0; i <= FOREIGN_ENTRIES_ALLOWED; i++) spoofer.send({ id: 1, clock: 3 + i, state: { name: 'Eve' } });
    expect(spoofer.closes).toEqual([CLOSE.presenceSpoofing.code]);
    expect(stateOf(1)).toEqual({ name: 'Ada', cursor: 1 });
  });

  it('PRES-9 presence of other instances (the bus) is trusted and cannot be spoofed here', () => {
    const { connect, stateOf, awareness, guard } = setup();
    awarenessProtocol.applyAwarenessUpdate(awareness, update({ id: 9, clock: 3, state: { name: 'far' } }), ORIGIN.bus);
    expect(guard.ownerOf(9)).toBe('remote');
    const a = connect();
    a.send({ id: 1, clock: 1, state: {} });
    a.send({ id: 9, clock: 4, state: null });
    expect(stateOf(9)).toEqual({ name: 'far' });
    awarenessProtocol.applyAwarenessUpdate(awareness, update({ id: 9, clock: 4, state: null }), ORIGIN.bus);
    expect(guard.ownerOf(9)).toBeUndefined();
  });
});
