/** How many seconds of a connection's byte rate it may send at once (its first sync, a paste). */
export const BYTE_RATE_WINDOW_SECONDS = 2;

/**
 * The bytes a connection may send: `perSecond` on average. A token bucket that holds at
 * most `windowSeconds` worth, so a burst passes as long as the average over the last few
 * seconds stays under the rate, and a steady stream above it is stopped within seconds.
 * The server holds each connection to one (4429); the page paces what it sends with one
 * at half the server's rate (client/src/sync/uplink.ts).
 */
export class ByteRate {
  private allowance: number;
  private last: number | undefined;

  constructor(
    readonly perSecond: number,
    private readonly windowSeconds = BYTE_RATE_WINDOW_SECONDS,
  ) {
    this.allowance = this.capacity;
  }

  private get capacity(): number {
    return this.perSecond * this.windowSeconds;
  }

  /** The bytes that may be sent at `now` (ms); below zero once more was taken. */
  available(now: number): number {
    if (this.last !== undefined) {
      const refill = (Math.max(0, now - this.last) / 1000) * this.perSecond;
      this.allowance = Math.min(this.capacity, this.allowance + refill);
    }
    this.last = now;
    return this.allowance;
  }

  /** Counts `bytes` received at `now` (ms); false when they take the connection past its rate. */
  take(bytes: number, now: number): boolean {
    this.allowance = this.available(now) - bytes;
    return this.allowance >= 0;
  }

  /** Ms from `now` until `bytes` may be taken (more than the bucket holds: once it is full). */
  waitMs(bytes: number, now: number): number {
    return Math.max(0, ((Math.min(bytes, this.capacity) - this.available(now)) / this.perSecond) * 1000);
  }
}
