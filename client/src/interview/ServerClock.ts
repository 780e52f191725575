import { estimateOffset, type ClockSample } from './clockOffset';

export interface ServerClockOptions {
  /** Asks the server for its time (ms since the epoch). */
  fetchTime(): Promise<number>;
  /**
   * A monotonic local clock in ms. In the browser, `performance.timeOrigin +
   * performance.now()`: never `Date.now()`, which the user (or a test) may set to anything
   * and which jumps when the system clock is corrected.
   */
  local(): number;
  /** Calls `listener` whenever the connection comes back (the network may have changed); returns an unsubscribe. */
  onReconnect?(listener: () => void): () => void;
  /** Samples per synchronisation (the best is kept). */
  samples?: number;
  /** How often to synchronise again while someone listens. */
  resyncMs?: number;
}

const SAMPLES = 5;
const RESYNC_MS = 60_000;

/**
 * The server's clock as seen from this page: the local monotonic clock plus an offset
 * measured against `GET /api/time`. It synchronises when the first listener subscribes,
 * again every minute and on each reconnection, and stops when the last listener leaves.
 * Until the first answer it does not know the time (`now()` is undefined).
 */
export class ServerClock {
  private offset: number | undefined;
  private readonly listeners = new Set<() => void>();
  private running: (() => void) | undefined;
  private syncing: Promise<void> | undefined;

  constructor(private readonly options: ServerClockOptions) {}

  /** The server's time now (ms since the epoch), or undefined before the first synchronisation. */
  now(): number | undefined {
    return this.offset === undefined ? undefined : this.options.local() + this.offset;
  }

  /** Calls `listener` after each synchronisation that changed the estimate. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    if (!this.running) this.running = this.run();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.running?.();
        this.running = undefined;
      }
    };
  }

  /** Takes a round of samples one after another; a round already under way is shared. */
  sync(): Promise<void> {
    this.syncing ??= this.sampleRound().finally(() => (this.syncing = undefined));
    return this.syncing;
  }

  private run(): () => void {
    void this.sync();
    const timer = setInterval(() => void this.sync(), this.options.resyncMs ?? RESYNC_MS);
    const stopReconnect = this.options.onReconnect?.(() => void this.sync());
    return () => {
      clearInterval(timer);
      stopReconnect?.();
    };
  }

  private async sampleRound(): Promise<void> {
    const { fetchTime, local } = this.options;
    const samples: ClockSample[] = [];
    for (let i = 0; i < (this.options.samples ?? SAMPLES); i++) {
      const sentAt = local();
      try {
        const serverNow = await fetchTime();
        samples.push({ sentAt, receivedAt: local(), serverNow });
      } catch (error) {
        // Offline or a server without the route: keep the estimate we have and try again later.
        console.warn('archboard: could not read the server clock', error);
        break;
      }
    }
    const offset = estimateOffset(samples);
    if (offset === undefined || offset === this.offset) return;
    this.offset = offset;
    this.listeners.forEach((listener) => listener());
  }
}
