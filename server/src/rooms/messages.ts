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
  | { type: 'update'; update: Uint8Array } // sync step 2 and sync update carry the same payload
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'query-awareness' };

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

/**
 * Decodes one frame fully, checking that each payload parses (a Yjs update, a state
 * vector), so that nothing malformed reaches the doc or the store. Throws ProtocolError.
 */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
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
          Y.decodeUpdate(payload);
          return { type: 'update', update: payload };
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

export const encodeSyncStep1 = (doc: Y.Doc) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE.sync);
    syncProtocol.writeSyncStep1(e, doc);
  });

export const encodeSyncStep2 = (doc: Y.Doc, stateVector: Uint8Array) =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE.sync);
    syncProtocol.writeSyncStep2(e, doc, stateVector);
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
