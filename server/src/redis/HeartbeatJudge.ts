/**
 * Decides from heartbeat checks when another instance is dead (its clients' presence is
 * then dropped). A key that expired is not enough: when Redis stalls (SIGSTOP, a long
 * fork), every instance's heartbeat key expires while their renewals wait in line, and a
 * check answered after the stall reads them all as gone. So:
 * - an answer that took longer than a heartbeat is a stall, not evidence;
 * - after a stall, no miss counts until the heartbeats had a full lifetime to be renewed;
 * - otherwise two misses in a row (so a Redis restart, which empties the keys, is not a death).
 */
export class HeartbeatJudge {
  private readonly missed = new Map<string, number>();
  private lastStallAt = -Infinity;

  constructor(
    private readonly heartbeatMs: number,
    private readonly heartbeatTtlMs: number,
  ) {}

  /** One check of `instance`'s key, asked and answered at these times (ms, monotonic). Whether it is dead now. */
  observe(instance: string, alive: boolean, askedAt: number, answeredAt: number): boolean {
    if (answeredAt - askedAt > this.heartbeatMs) this.lastStallAt = answeredAt;
    if (answeredAt - this.lastStallAt < this.heartbeatTtlMs + this.heartbeatMs) {
      this.missed.clear();
      return false;
    }
    const missed = alive ? 0 : (this.missed.get(instance) ?? 0) + 1;
    if (missed < 2) {
      this.missed.set(instance, missed);
      return false;
    }
    this.missed.delete(instance);
    return true;
  }
}
