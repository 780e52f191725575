import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as authProtocol from 'y-protocols/auth';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { MESSAGE, SYNC } from '@archboard/shared';

/** A decoded frame from a client: the y-websocket protocol, typed. */
export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  // sync step 2 and sync update carry the same payload; `checked`: it was parsed here
  | { type: 'update'; update: Uint8Array; checked: boolean }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

/**
 * Decodes one frame, checking that each payload parses (a Yjs update, a state vector), so
 * that nothing malformed reaches the doc or the store. Throws ProtocolError. A Yjs update
 * longer than `checkUpdatesUpTo` bytes is returned unchecked: parsing one of a few hundred
 * KiB of small items takes tens of milliseconds, which the caller does off the event loop
 * (RoomDocs.check).
 */
export function decodeClientMessage(data: Uint8Array, checkUpdatesUpTo = Infinity): ClientMessage {
  try {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MESSAGE.sync: {
        const sub = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (sub === SYNC.step1) {
          Y.decodeStateVector(payload);
          return { type: 'sync-step1', stateVector: payload };
        }
        if (sub === SYNC.step2 || sub === SYNC.update) {
          if (payload.byteLength > checkUpdatesUpTo) return { type: 'update', update: payload, checked: false };
          Y.decodeUpdate(payload);
          return { type: 'update', update: payload, checked: true };
        }
        throw new ProtocolError(`unknown sync message type ${sub}`);
      }
      case MESSAGE.awareness: {
        const update = decoding.readVarUint8Array(decoder);
        readAwarenessEntries(update);
        return { type: 'awareness', update };
      }
      case MESSAGE.queryAwareness:
        return { type: 'query-awareness' };
      default:
        throw new ProtocolError(`unknown message type ${type}`);
    }
  } catch (e) {
    if (e instanceof ProtocolError) throw e;
    throw new ProtocolError(`malformed message: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Checks an awareness update's framing. The JSON of each state is parsed once, by
 * y-protocols when the room applies it (a failure there is a ProtocolError too): parsing
 * it here as well doubled the work of every presence renewal.
 */
function readAwarenessEntries(update: Uint8Array): void {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    decoding.readVarString(decoder);
  }
}

/** An update of nothing: no structs and an empty delete set. */
export const isEmptyUpdate = (update: Uint8Array): boolean => update.length === 2 && update[0] === 0 && update[1] === 0;

const frame = (write: (encoder: encoding.Encoder) => void): Uint8Array => {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
};

/** The room's sync step 1: its state vector, for the client to answer with what the room lacks. */
export const encodeSyncStep1 = (stateVector: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE.sync);
    encoding.writeVarUint(e, SYNC.step1);
    encoding.writeVarUint8Array(e, stateVector);
  });

/**
 * A sync step 2 that carries `update` as it is (an update the room knows to be all a client
 * lacks), copied once: it may be a whole board.
 */
export function encodeSyncStep2Update(update: Uint8Array): Uint8Array {
  const header = frame((e) => {
    encoding.writeVarUint(e, MESSAGE.sync);
    encoding.writeVarUint(e, SYNC.step2);
    encoding.writeVarUint(e, update.byteLength);
  });
  const out = new Uint8Array(header.byteLength + update.byteLength);
  out.set(header);
  out.set(update, header.byteLength);
  return out;
}

export const encodeUpdate = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE.sync);
    syncProtocol.writeUpdate(e, update);
  });

export const encodeAwareness = (update: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE.awareness);
    encoding.writeVarUint8Array(e, update);
  });

export const encodeAwarenessStates = (awareness: awarenessProtocol.Awareness, clients: number[]) =>
  encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, clients));

export const encodePermissionDenied = (reason: string) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE.auth);
    authProtocol.writePermissionDenied(e, reason);
  });
