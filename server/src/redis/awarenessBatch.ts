import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

interface Entry {
  clock: number;
  state: string;
}

function readEntries(update: Uint8Array, into: Map<number, Entry>): void {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i++) {
    const client = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarString(decoder);
    const known = into.get(client);
    if (!known || known.clock <= clock) into.set(client, { clock, state });
  }
}

/**
 * Merges awareness updates (y-protocols encoding) into one, keeping the newest entry per
 * client, so a tick's worth of cursor moves crosses instances as one frame.
 */
export function mergeAwarenessUpdates(updates: Uint8Array[]): Uint8Array {
  if (updates.length === 1) return updates[0]!;
  const entries = new Map<number, Entry>();
  for (const update of updates) readEntries(update, entries);
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.size);
  for (const [client, { clock, state }] of entries) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}

/** The client ids an awareness update announces, split into present and removed (state null). */
export function awarenessClients(update: Uint8Array): { present: number[]; removed: number[] } {
  const entries = new Map<number, Entry>();
  readEntries(update, entries);
  const present: number[] = [];
  const removed: number[] = [];
  for (const [client, { state }] of entries) (state === 'null' ? removed : present).push(client);
  return { present, removed };
}
