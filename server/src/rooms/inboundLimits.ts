import * as decoding from 'lib0/decoding';
import { MESSAGE, SYNC } from '@archboard/shared';

/** How many seconds of a connection's byte rate it may send at once (its first sync, a paste). */
export const BYTE_RATE_WINDOW_SECONDS = 2;

/**
 * The bytes a connection may send: `perSecond` on average. A token bucket that holds at
 * most `windowSeconds` worth, so a burst passes as long as the average over the last few
 * seconds stays under the rate, and a steady stream above it is stopped within seconds.
 */
export class ByteRate {
  private allowance: number;
  private last: number | undefined;

  constructor(
    private readonly perSecond: number,
    private readonly windowSeconds = BYTE_RATE_WINDOW_SECONDS,
  ) {
    this.allowance = perSecond * windowSeconds;
  }

  /** Counts `bytes` received at `now` (ms); false when they take the connection past its rate. */
  take(bytes: number, now: number): boolean {
    if (this.last !== undefined) {
      const refill = (Math.max(0, now - this.last) / 1000) * this.perSecond;
      this.allowance = Math.min(this.perSecond * this.windowSeconds, this.allowance + refill);
    }
    this.last = now;
    this.allowance -= bytes;
    return this.allowance >= 0;
  }
}

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
