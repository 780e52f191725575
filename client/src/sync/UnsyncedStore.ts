import type { WebsocketProvider } from 'y-websocket';
import { followServerSync, UnsyncedEdits } from './UnsyncedEdits';

/** What the connection indicator shows about edits still on their way to the server. */
export interface UnsyncedSnapshot {
  /** Edits made in this tab that the server has not shown it stores (`data-unsynced`). */
  count: number;
  /** The oldest of them has waited longer than a round trip should take (STALL_MS). */
  stalled: boolean;
}

/**
 * How long an edit may wait for the server before a connected indicator says so: every
 * edit is unsynced for one round trip, and a drag would otherwise flicker the label.
 */
const STALL_MS = 1500;

/**
 * Follows this tab's unsynced edits for React, and makes the browser ask before a tab
 * with any of them closes.
 */
export class UnsyncedStore {
  private snapshot: UnsyncedSnapshot = { count: 0, stalled: false };
  private readonly listeners = new Set<() => void>();
  private readonly edits: UnsyncedEdits;
  private stallTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly cleanups: (() => void)[] = [];

  constructor(provider: WebsocketProvider) {
    this.edits = new UnsyncedEdits(provider.doc, () => this.changed());
    this.cleanups.push(followServerSync(provider, this.edits), () => this.edits.destroy());
    // Closing the tab loses nothing (the edits stay in IndexedDB and go out on the next
    // visit), but until then no one else sees them, so the browser asks first.
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (this.snapshot.count > 0) event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    this.cleanups.push(() => window.removeEventListener('beforeunload', onBeforeUnload));
  }

  /** Recomputed on every change, and once more when the oldest waiting edit comes due. */
  private changed(): void {
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    const oldest = this.edits.oldestAt;
    const due = oldest === undefined ? Infinity : oldest + STALL_MS - performance.now();
    if (due > 0 && due !== Infinity) this.stallTimer = setTimeout(() => this.changed(), due);
    const next = { count: this.edits.count, stalled: due <= 0 };
    if (next.count === this.snapshot.count && next.stalled === this.snapshot.stalled) return;
    this.snapshot = next;
    for (const listener of [...this.listeners]) listener();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): UnsyncedSnapshot => this.snapshot;

  destroy(): void {
    clearTimeout(this.stallTimer);
    this.cleanups.forEach((cleanup) => cleanup());
    this.listeners.clear();
  }
}
