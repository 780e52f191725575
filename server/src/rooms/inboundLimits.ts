import * as decoding from 'lib0/decoding';
import { MESSAGE, SYNC } from '@archboard/shared';

/**
 * The length of the document update a frame carries (sync step 2 or update), read from its
 * header without decoding the update; undefined for any other frame, or one too short to
 * tell (the room's full decode then refuses it).
 */
export function updatePayloadBytes(data: Uint8Array): number | undefined {
  try {
    const decoder = decoding.createDecoder(data);
    if (decoding.readVarUint(decoder) !== MESSAGE.sync) return undefined;
    const sub = decoding.readVarUint(decoder);
    if (sub !== SYNC.step2 && sub !== SYNC.update) return undefined;
    return decoding.readVarUint(decoder);
  } catch {
    return undefined; // malformed: decodeClientMessage refuses it with 4400
  }
}
